/*
 * agoras: top-level dispatch.  agoras [-l LEVEL] [-V] [-h] <platform> [<group>] <action> [options]
 * The general options are accepted before and after every word (SPEC §1); everything after the
 * action name belongs to the option engine (cli/options.c).
 */
#include <errno.h>
#include <malloc.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/options.h"
#include "cli/tables.h"
#include "core/error.h"
#include "core/escape.h"
#include "core/log.h"
#include "core/process.h"
#include "core/secret.h"
#include "core/text.h"
#include "platforms/registry.h"

#define USAGE_LINE "usage: agoras [-l LEVEL] [-V] [-h] <platform> <action> [options]"

static void print_top_help(FILE *out)
{
    fprintf(out, "%s\n\nPublish to social networks from the command line (TikTok first).\n\nPlatforms:\n",
            USAGE_LINE);
    for (const struct ag_network *const *p = ag_networks; *p; p++)
        fprintf(out, "  %-10s %s\n", (*p)->name, (*p)->summary);
    fputs("\nGeneral options:\n"
          "  -l, --loglevel LEVEL  DEBUG, INFO, WARNING, ERROR or CRITICAL (default INFO); anywhere on the "
          "line\n"
          "  -V, --version         print the version and exit\n"
          "  -h, --help            show this help and exit\n"
          "\nExit codes:\n",
          out);
    for (int code = AG_OK; code <= AG_EUNKNOWN; code++)
        fprintf(out, "  %d  %s\n", code, ag_exit_meaning(code));
    fputs("\nRun 'agoras <platform> --help' for the actions of a platform.\n", out);
}

/*
 * A level of the command tree: the top (p == NULL), a platform, or a group of actions sharing a
 * first word within a platform ("agoras utils tokens").  -h, -V and -l are understood at every level.
 */
struct level {
    const struct ag_network *p;
    const char *group; /* NULL, or the first word of the group's actions */
    char path[96];     /* "agoras utils tokens", for messages */
};

/* The action's name without the group's first word ("list" for "tokens list" in group "tokens"). */
static const char *in_group(const struct level *lv, const struct ag_action *a)
{
    if (!lv->group)
        return a->name;
    size_t n = strlen(lv->group);
    return strncmp(a->name, lv->group, n) == 0 && a->name[n] == ' ' ? a->name + n + 1 : NULL;
}

static void print_level_help(FILE *out, const struct level *lv)
{
    if (!lv->p) {
        print_top_help(out);
        return;
    }
    fprintf(out, "usage: %s <action> [options]\n\n%s\n\nActions:\n", lv->path, lv->p->summary);
    for (const struct ag_action *const *a = lv->p->actions; *a; a++)
        if (in_group(lv, *a))
            fprintf(out, "  %-26s %s\n", in_group(lv, *a), (*a)->summary);
    if (lv->p->credentials && !lv->group) {
        fputs("\nCredentials (flag > environment variable > token store):\n", out);
        for (const struct ag_credential *c = lv->p->credentials; c->env; c++)
            fprintf(out, "  %-26s %s%s\n", c->env, c->help, c->flags & AG_CRED_SECRET ? " (secret)" : "");
    }
    fprintf(out, "\nRun '%s <action> --help' for the options of an action.\n", lv->path);
}

static int usage_error(const char *try_path, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The message names what the user typed: its control characters are escaped like any message's. */
static int usage_error(const char *try_path, const char *fmt, ...)
{
    char raw[AG_ERROR_MSG_MAX], shown[AG_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(raw, sizeof(raw), fmt, ap);
    va_end(ap);
    ag_escape_controls(shown, sizeof(shown), raw, NULL);
    fprintf(stderr, "error: %s\nTry '%s --help'.\n", shown, try_path);
    return AG_EUSAGE;
}

/* The actions of a level that can run, comma-separated. */
static void list_action_names(const struct level *lv, char *out, size_t size)
{
    out[0] = '\0';
    for (const struct ag_action *const *a = lv->p->actions; *a; a++) {
        if (!(*a)->run || !in_group(lv, *a))
            continue;
        ag_join_append(out, size, ", ", in_group(lv, *a));
    }
}

/* The value of -l/--loglevel at argv[*i], or NULL when argv[*i] is not that option (advances *i). */
static const char *loglevel_arg(int argc, char **argv, int *i, int *missing)
{
    const char *a = argv[*i];
    *missing = 0;
    if (strcmp(a, "-l") == 0 || strcmp(a, "--loglevel") == 0) {
        if (*i + 1 >= argc) {
            *missing = 1;
            return NULL;
        }
        return argv[++*i];
    }
    if (strncmp(a, "--loglevel=", 11) == 0)
        return a + 11;
    if (strncmp(a, "-l", 2) == 0)
        return a + 2;
    return NULL;
}

/* The hidden listings for the man page and completion (cli/tables.h): 1 if a is one of them. */
static int print_table(const char *a)
{
    static const struct {
        const char *flag;
        void (*print)(FILE *out, const struct ag_network *const *nets);
    } tables[] = {
        {"--commands-table", ag_tables_print_commands},
        {"--options-table", ag_tables_print_options},
        {"--credentials-table", ag_tables_print_credentials},
    };
    for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
        if (strcmp(a, tables[i].flag) == 0) {
            tables[i].print(stdout, ag_networks);
            return 1;
        }
    return 0;
}

/*
 * The general options at argv[*i...] up to the next word (SPEC §1: they may come before the platform,
 * after it, or after the action).  Returns -1 to go on with *i at the next word, or an exit code.
 */
static int parse_general(int argc, char **argv, int *i, const struct level *lv)
{
    for (; *i < argc && argv[*i][0] == '-'; ++*i) {
        const char *a = argv[*i];
        int missing;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            print_level_help(stdout, lv);
            return 0;
        }
        if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) {
            printf("agoras %s\n", AGORAS_VERSION);
            return 0;
        }
        if (!lv->p && print_table(a))
            return 0;
        const char *level = loglevel_arg(argc, argv, i, &missing);
        if (missing)
            return usage_error(lv->path, "option '%s' needs a value", a);
        if (!level)
            return usage_error(lv->path, "unknown option '%s'", a);
        enum ag_log_level parsed;
        if (ag_log_level_parse(level, &parsed) < 0)
            return usage_error(lv->path,
                               "invalid log level '%s': use DEBUG, INFO, WARNING, ERROR or CRITICAL", level);
        ag_log_set_level(parsed);
    }
    return -1;
}

/* "tiktok, utils": every platform of the registry. */
static const char *platform_names(void)
{
    static char names[256];
    names[0] = '\0';
    for (const struct ag_network *const *p = ag_networks; *p; p++)
        ag_join_append(names, sizeof(names), ", ", (*p)->name);
    return names;
}

/* Does some action of the platform start with "word "? */
static int is_group(const struct ag_network *p, const char *word)
{
    struct level lv = {p, word, ""};
    for (const struct ag_action *const *a = p->actions; *a; a++)
        if (in_group(&lv, *a))
            return 1;
    return 0;
}

static const struct ag_action *find_in_level(const struct level *lv, const char *word)
{
    for (const struct ag_action *const *a = lv->p->actions; *a; a++)
        if (in_group(lv, *a) && strcmp(in_group(lv, *a), word) == 0)
            return *a;
    return NULL;
}

static int run_action(const struct ag_network *p, const struct ag_action *action, int argc, char **argv)
{
    char path[160];
    snprintf(path, sizeof(path), "agoras %s %s", p->name, action->name);
    if (!action->run) {
        char names[256];
        list_action_names(&(struct level){p, NULL, ""}, names, sizeof(names));
        fprintf(stderr, "error: %s (available: %s)\n", action->unsupported, names);
        return AG_EUSAGE;
    }
    struct ag_args args;
    struct ag_error err = {0};
    int rc = ag_args_parse(p, action, argc, argv, &args, &err);
    if (rc == 1) {
        ag_options_print_help(stdout, path, action);
        return 0;
    }
    if (rc < 0 &&
        err.code != AG_EUSAGE) { /* the store step: credentials missing (3), a store unreadable (1) */
        ag_log_redact(err.msg);
        fprintf(stderr, "error: %s\n", err.msg);
        return ag_exit_code(rc);
    }
    if (rc < 0) {
        ag_log_redact(err.msg);
        return usage_error(path, "%s", err.msg);
    }
    rc = action->run(&args, &err);
    if (rc < 0 && err.exact) {
        ag_log_redact(err.msg);
        fprintf(stderr, "%s\n", err.msg);
    } else if (rc < 0) {
        ag_log(AG_LOG_ERROR, "%s", err.msg);
        if (err.code == AG_EUSAGE)
            fprintf(stderr, "Try '%s --help'.\n", path);
    }
    ag_args_free(&args);
    return ag_exit_code(rc);
}

/*
 * jansson holds decrypted token records and API answers (access and refresh tokens): every
 * block it frees is wiped first, so no secret lingers in freed heap memory.
 */
static void wiping_free(void *p)
{
    ag_secret_wipe(p, malloc_usable_size(p)); /* 0 for NULL */
    free(p);
}

/*
 * Walk down the command tree: general options, platform, general options, [group, general options],
 * action.  Returns -1 with *action set and *i at the action's word, or an exit code.
 */
static int find_command(int argc, char **argv, int *i, const struct ag_network **p,
                        const struct ag_action **action)
{
    struct level lv = {NULL, NULL, "agoras"};
    int rc = parse_general(argc, argv, i, &lv);
    if (rc >= 0)
        return rc;
    if (*i >= argc) { /* bare "agoras": a mistake, not a request for help (as git does) */
        print_top_help(stderr);
        return AG_EUSAGE;
    }
    if (!(lv.p = *p = ag_network_find(argv[*i])))
        return usage_error("agoras", "unknown platform '%s' (available: %s)", argv[*i], platform_names());
    if (strcmp(lv.p->name, argv[*i]) != 0) /* an alias is an old name, kept for compatibility */
        fprintf(stderr, "Warning: 'agoras %s' is deprecated. Use 'agoras %s' instead.\n", argv[*i],
                lv.p->name);
    for (;;) {
        snprintf(lv.path, sizeof(lv.path), "agoras %s%s%s", lv.p->name, lv.group ? " " : "",
                 lv.group ? lv.group : "");
        const char *last = argv[(*i)++];
        if ((rc = parse_general(argc, argv, i, &lv)) >= 0)
            return rc;
        char names[256];
        list_action_names(&lv, names, sizeof(names));
        if (*i >= argc)
            return usage_error(lv.path, "missing action after '%s' (available: %s)", last, names);
        if ((*action = find_in_level(&lv, argv[*i])))
            return -1;
        if (lv.group || !is_group(lv.p, argv[*i]))
            return usage_error(lv.path, "unknown action '%s' for %s (available: %s)", argv[*i],
                               lv.path + strlen("agoras "), names);
        lv.group = argv[*i];
    }
}

#ifndef NDEBUG
/* Debug builds: every option table of the registry is checked before anything runs. */
static void check_tables(void)
{
    char msg[256];
    for (const struct ag_network *const *p = ag_networks; *p; p++)
        for (const struct ag_action *const *a = (*p)->actions; *a; a++)
            if (ag_options_check(*a, msg, sizeof(msg)) < 0) {
                fprintf(stderr, "BUG: agoras %s %s: %s\n", (*p)->name, (*a)->name, msg);
                abort();
            }
}
#endif

int main(int argc, char **argv)
{
#ifndef NDEBUG
    check_tables();
#endif
    /* Before any secret is read: a core dump of this process would hold decrypted tokens. */
    if (ag_process_no_core_dumps() < 0)
        ag_warn("cannot turn off core dumps: %s", strerror(errno));
    json_set_alloc_funcs(malloc, wiping_free);
    /* A file-size limit (ulimit -f) must fail a write with EFBIG, not kill us mid-way through it. */
    signal(SIGXFSZ, SIG_IGN);
    int i = 1;
    const struct ag_network *p = NULL;
    const struct ag_action *action = NULL;
    int rc = find_command(argc, argv, &i, &p, &action);
    if (rc >= 0)
        return rc;
    rc = run_action(p, action, argc - i, argv + i);
    ag_log_clear_secrets();
    return rc;
}
