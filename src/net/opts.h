/*
 * The option schema every network declares its actions with.  Each action has a typed struct
 * of options and one table of struct ag_option rows, each bound to a field of that struct by
 * the AG_OPT_* macros below (as git's OPT_STRING binds to a variable).  The same table drives
 * argv parsing (cli/options.c), --help, env fallback, the store step, --no-<flag> negation,
 * validation and the machine-readable listing (shell completion, man page).  Adding a flag is
 * adding a row and a field.  This layer knows no argv.
 *
 * Precedence (SPEC §1): flag > env > store > default, all resolved by the engine; the handler
 * reads its struct (args->opts) and never looks a value up by name.
 */
#ifndef AG_NET_OPTS_H
#define AG_NET_OPTS_H

#include <stdbool.h>
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
    AG_OPT_NO_FLAG = 1 << 3,  /* env and store only (credentials outside authorize): no --name */
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
    const char *store_field;    /* filled from the network's account record when flag and env are unset */
    size_t offset;              /* where the value goes in the action's options struct (AG_OPT_* macros) */
};

/* An AG_OPT_LIST value in an options struct. */
struct ag_list {
    char *const *items;
    size_t n;
};

/*
 * Row macros: AG_OPT_STR(struct tg_post_opts, text, .name = "text", .help = "…", …) binds row
 * "text" to field text, whose type the compiler checks (a _Generic with no match does not
 * compile).  The value types: const char * (string, file, enum), bool, int64_t (int, seconds),
 * struct ag_list (list).  Strings and lists stay owned by the engine until ag_args_free.
 */
#define AG_OPT_BIND(T, f, ctype) .offset = offsetof(T, f) + 0 * sizeof(_Generic(((T *)0)->f, ctype : 1))
#define AG_OPT_STR(T, f, ...)                                                                                \
    {                                                                                                        \
        AG_OPT_BIND(T, f, const char *), .type = AG_OPT_STRING, __VA_ARGS__                                  \
    }
#define AG_OPT_FILEPATH(T, f, ...)                                                                           \
    {                                                                                                        \
        AG_OPT_BIND(T, f, const char *), .type = AG_OPT_FILE, __VA_ARGS__                                    \
    }
#define AG_OPT_CHOICE(T, f, ...)                                                                             \
    {                                                                                                        \
        AG_OPT_BIND(T, f, const char *), .type = AG_OPT_ENUM, __VA_ARGS__                                    \
    }
#define AG_OPT_FLAG(T, f, ...)                                                                               \
    {                                                                                                        \
        AG_OPT_BIND(T, f, bool), .type = AG_OPT_BOOL, __VA_ARGS__                                            \
    }
#define AG_OPT_NUM(T, f, ...)                                                                                \
    {                                                                                                        \
        AG_OPT_BIND(T, f, int64_t), .type = AG_OPT_INT, __VA_ARGS__                                          \
    }
#define AG_OPT_SECS(T, f, ...)                                                                               \
    {                                                                                                        \
        AG_OPT_BIND(T, f, int64_t), .type = AG_OPT_SECONDS, __VA_ARGS__                                      \
    }
#define AG_OPT_MANY(T, f, ...)                                                                               \
    {                                                                                                        \
        AG_OPT_BIND(T, f, struct ag_list), .type = AG_OPT_LIST, __VA_ARGS__                                  \
    }

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

struct ag_network;

struct ag_args {
    const struct ag_network *net; /* whose account record the store step reads */
    const struct ag_action *action;
    void *opts;              /* the action's options struct (opts_size bytes), filled by ag_args_resolve */
    struct ag_value *values; /* one per option row */
    size_t n_values;
};

/* An action's handler: returns 0 or a negative AG_E code with err filled. */
typedef int (*ag_action_fn)(struct ag_args *args, struct ag_error *err);

struct ag_action {
    const char *name;
    const char *summary;
    const struct ag_option *options; /* terminated by a row with name == NULL */
    size_t opts_size;                /* sizeof the struct the rows are bound to */
    ag_action_fn run;                /* NULL: the platform's API cannot do this (see unsupported) */
    const char *unsupported;         /* message for actions the API cannot do (exit 2) */
};

/* An action the network's API cannot do: listed in help, and running it exits 2 with message_. */
extern const struct ag_option ag_no_options[];
#define AG_UNSUPPORTED_ACTION(id, verb, summary_, message_)                                                  \
    static const struct ag_action id = {                                                                     \
        .name = verb, .summary = summary_, .options = ag_no_options, .unsupported = message_}

/* Empty values for every row of action, of network net (free with ag_args_free). */
int ag_args_init(struct ag_args *args, const struct ag_network *net, const struct ag_action *action,
                 struct ag_error *err);

/*
 * After the flags: env variables, then the account record for rows with a store_field (read only
 * if one of them is still unset), then defaults, then the REQUIRED check; finally every value is
 * written to its field of args->opts.
 */
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
 * Check one action's table: unique long and short names, env variables and fields, every field
 * inside opts_size, help on every row, enums with choices, min <= max, no REQUIRED row with a
 * default, no SECRET row without an env variable, NO_FLAG rows with an env variable, and defaults
 * that parse.  Returns 0, or -1 with msg naming the row and the problem.  Run over every action
 * at start-up in debug builds and in a unit test.
 */
int ag_options_check(const struct ag_action *action, char *msg, size_t size);
/* The placeholder shown in help: the row's metavar or one derived from its type. */
const char *ag_option_metavar(const struct ag_option *o);

/* Where the value of field (a pointer into args->opts) came from; a field no row binds aborts. */
enum ag_src ag_args_src(const struct ag_args *args, const void *field);

#endif
