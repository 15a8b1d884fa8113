/*
 * The option schema every network declares its actions with.  Each action has one table of
 * struct ag_option rows; the same table drives argv parsing (cli/options.c), --help, env
 * fallback, --no-<flag> negation, validation and the machine-readable listing (shell
 * completion, man page).  Adding a flag is adding a row.  This layer knows no argv.
 *
 * Precedence (SPEC §1): flag > env > store > default.  The engine resolves flag, env and
 * default; an action that can fill a value from the store asks ag_args_source() and only
 * replaces values whose source is AG_SRC_DEFAULT or AG_SRC_UNSET.
 */
#ifndef AG_NET_OPTS_H
#define AG_NET_OPTS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/error.h"

enum ag_opt_type {
    AG_OPT_STRING,  /* free text */
    AG_OPT_BOOL,    /* --flag / --no-flag; env TRUE/1/YES/ON, FALSE/0/NO/OFF */
    AG_OPT_INT,     /* integer in [min, max] */
    AG_OPT_ENUM,    /* one of choices (exact match) */
    AG_OPT_FILE,    /* path to a local file (completion offers files) */
    AG_OPT_SECONDS, /* positive duration in seconds, in [min, max] */
    AG_OPT_LIST,    /* repeatable string, each occurrence appended */
};

enum {
    AG_OPT_REQUIRED = 1 << 0, /* usage error if missing after flag and env */
    AG_OPT_SECRET = 1 << 1,   /* value wiped from argv, redacted from logs, masked in --help defaults */
    AG_OPT_HIDDEN = 1 << 2,   /* parsed but not shown in --help (compatibility aliases) */
};

struct ag_option {
    const char *name; /* long name without dashes: "video-file" */
    char short_name;  /* 0 for none */
    enum ag_opt_type type;
    const char *env;            /* environment variable, or NULL */
    const char *def;            /* default as text, or NULL */
    const char *const *choices; /* AG_OPT_ENUM: NULL-terminated values */
    int64_t min, max;           /* AG_OPT_INT / AG_OPT_SECONDS bounds */
    unsigned flags;             /* AG_OPT_REQUIRED | AG_OPT_SECRET | AG_OPT_HIDDEN */
    const char *metavar;        /* shown in help: "PATH", "URL" … (NULL: derived from type) */
    const char *help;           /* one line */
};

/* Where a resolved value came from. */
enum ag_src { AG_SRC_UNSET, AG_SRC_DEFAULT, AG_SRC_STORE, AG_SRC_ENV, AG_SRC_FLAG };

struct ag_value {
    enum ag_src src;
    char *str;    /* textual value (owned, wiped on free if secret); NULL when unset */
    int64_t num;  /* AG_OPT_BOOL (0/1), AG_OPT_INT, AG_OPT_SECONDS */
    char **items; /* AG_OPT_LIST values (owned) */
    size_t n_items;
};

struct ag_action;

struct ag_args {
    const struct ag_action *action;
    struct ag_value *values; /* one per option row */
    size_t n_values;
};

/* An action's handler: returns 0 or a negative AG_E code with err filled. */
typedef int (*ag_action_fn)(struct ag_args *args, struct ag_error *err);

struct ag_action {
    const char *name;
    const char *summary;
    const struct ag_option *options; /* terminated by a row with name == NULL */
    ag_action_fn run;                /* NULL: the platform's API cannot do this (see unsupported) */
    const char *unsupported;         /* message for actions the API cannot do (exit 2) */
};

/* Empty values for every row of action (free with ag_args_free). */
int ag_args_init(struct ag_args *args, const struct ag_action *action, struct ag_error *err);

/* After the flags: env variables, then defaults, then the REQUIRED check. */
int ag_args_resolve(struct ag_args *args, struct ag_error *err);
void ag_args_free(struct ag_args *args);

/* Convert and validate text for row o into v (its textual form kept); secret values are registered
 * for redaction.  src names where it came from, for the message. */
int ag_value_assign(const struct ag_option *o, struct ag_value *v, const char *text, enum ag_src src,
                    struct ag_error *err);
/* Append one item to an AG_OPT_LIST value. */
int ag_value_append(struct ag_value *v, const char *text, struct ag_error *err);

size_t ag_options_count(const struct ag_option *opts);

/*
 * Check one table: unique long and short names and env variables, help on every row, enums with
 * choices, min <= max, no REQUIRED row with a default, no SECRET row without an env variable, and
 * defaults that parse.  Returns 0, or -1 with msg naming the row and the problem.  Run over every
 * action at start-up in debug builds and in a unit test.
 */
int ag_options_check(const struct ag_option *opts, char *msg, size_t size);
/* The placeholder shown in help: the row's metavar or one derived from its type. */
const char *ag_option_metavar(const struct ag_option *o);

/* Lookups by long name; a name not in the table is a programming error (abort). */
const char *ag_args_str(const struct ag_args *args, const char *name); /* NULL if unset */
int64_t ag_args_num(const struct ag_args *args, const char *name);     /* bool/int/seconds; 0 if unset */
int ag_args_is_set(const struct ag_args *args, const char *name);
enum ag_src ag_args_source(const struct ag_args *args, const char *name);
char *const *ag_args_list(const struct ag_args *args, const char *name, size_t *n);

/* Fill a value from the token store (only if its source is below AG_SRC_STORE). Returns 0 / -1 (no memory).
 */
int ag_args_set_from_store(struct ag_args *args, const char *name, const char *value);

#endif
