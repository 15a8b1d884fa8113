/*
 * The option engine: turns one declarative table (struct ag_option rows) into getopt_long
 * parsing, env fallback, defaults, validation and --help (cli/tables.c lists the tables).
 */
#include "cli/options.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/num.h"
#include "core/secret.h"
#include "core/text.h"

/* getopt_long return values for table rows: base + row index (negated flags use NEG_BASE). */
#define OPT_BASE     1000
#define NEG_BASE     3000
#define OPT_LOGLEVEL 999

static const struct ag_option loglevel_option = {
    .name = "loglevel",
    .short_name = 'l',
    .type = AG_OPT_ENUM,
    .def = "INFO",
    .choices = (const char *const[]){"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL", NULL},
    .metavar = "LEVEL",
    .help = "logger verbosity on stderr",
};

/* Every argv word that looks like a long option must name one exactly: no abbreviations. */
static int check_exact_long_names(const struct ag_action *action, int argc, char **argv, struct ag_error *err)
{
    const struct ag_option *opts = action->options;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0)
            break;
        if (strncmp(a, "--", 2) != 0)
            continue;
        size_t len = strcspn(a + 2, "=");
        const struct ag_option *hit = NULL;
        int negated = 0;
        if ((len == 4 && strncmp(a + 2, "help", 4) == 0) ||
            (len == 8 && strncmp(a + 2, "loglevel", 8) == 0)) {
            if (len == 8 && !a[2 + len])
                i++;
            continue;
        }
        for (size_t r = 0; opts[r].name && !hit; r++) {
            if (opts[r].flags & AG_OPT_NO_FLAG)
                continue;
            if (strlen(opts[r].name) == len && strncmp(a + 2, opts[r].name, len) == 0)
                hit = &opts[r];
            else if (opts[r].type == AG_OPT_BOOL && len == strlen(opts[r].name) + 3 &&
                     strncmp(a + 2, "no-", 3) == 0 && strncmp(a + 5, opts[r].name, len - 3) == 0) {
                hit = &opts[r];
                negated = 1;
            }
        }
        if (!hit)
            return ag_error_set(err, AG_EUSAGE, "unknown option '%.*s'", (int)(len + 2), a);
        if ((hit->type == AG_OPT_BOOL || negated) && a[2 + len] == '=')
            return ag_error_set(err, AG_EUSAGE, "option '--%s' takes no value", hit->name);
        /* Known before any error is reported, so no usage message can echo a secret flag's value. */
        if (hit->flags & AG_OPT_SECRET)
            ag_log_add_secret(a[2 + len] == '=' ? a + 3 + len : i + 1 < argc ? argv[i + 1] : NULL);
        if (hit->type != AG_OPT_BOOL && !a[2 + len])
            i++; /* the next word is this option's value, whatever it looks like */
    }
    for (size_t r = 0; opts[r].name; r++) /* likewise secrets from env */
        if ((opts[r].flags & AG_OPT_SECRET) && opts[r].env)
            ag_log_add_secret(getenv(opts[r].env));
    return 0;
}

static int build_getopt_tables(const struct ag_option *opts, size_t n, struct option **longs_out,
                               char *shorts, size_t shorts_size, char ***neg_names_out)
{
    struct option *longs = calloc(2 * n + 3, sizeof(*longs));
    char **neg = calloc(n + 1, sizeof(*neg));
    if (!longs || !neg) {
        free(longs);
        free(neg);
        return -1;
    }
    size_t k = 0, s = 0;
    shorts[s++] = ':'; /* report a missing value as ':' rather than '?' */
    for (size_t i = 0; i < n; i++) {
        if (opts[i].flags & AG_OPT_NO_FLAG)
            continue;
        int has_arg = opts[i].type == AG_OPT_BOOL ? no_argument : required_argument;
        longs[k++] = (struct option){opts[i].name, has_arg, NULL, OPT_BASE + (int)i};
        if (opts[i].type == AG_OPT_BOOL) {
            size_t len = strlen(opts[i].name) + 4;
            neg[i] = malloc(len);
            if (!neg[i])
                goto fail;
            snprintf(neg[i], len, "no-%s", opts[i].name);
            longs[k++] = (struct option){neg[i], no_argument, NULL, NEG_BASE + (int)i};
        }
        if (opts[i].short_name && s + 3 < shorts_size) {
            shorts[s++] = opts[i].short_name;
            if (has_arg == required_argument)
                shorts[s++] = ':';
        }
    }
    longs[k++] = (struct option){"help", no_argument, NULL, 'h'};
    longs[k++] = (struct option){"loglevel", required_argument, NULL, OPT_LOGLEVEL};
    strcpy(shorts + s, "hl:");
    *longs_out = longs;
    *neg_names_out = neg;
    return 0;
fail:
    for (size_t i = 0; i < n; i++)
        free(neg[i]);
    free(neg);
    free(longs);
    return -1;
}

static void free_neg_names(char **neg, size_t n)
{
    for (size_t i = 0; neg && i < n; i++)
        free(neg[i]);
    free(neg);
}

static int row_for_short(const struct ag_option *opts, size_t n, int c)
{
    for (size_t i = 0; i < n; i++)
        if (opts[i].short_name && opts[i].short_name == c)
            return (int)i;
    return -1;
}

static int apply_flag(const struct ag_option *o, struct ag_value *v, char *arg, struct ag_error *err)
{
    int rc;
    if (o->type == AG_OPT_LIST)
        return ag_value_append(v, arg, err);
    /* An empty value counts as absent (as in Agoras): the env variable is consulted instead. */
    if (o->type != AG_OPT_BOOL && *arg == '\0')
        return 0;
    rc = ag_value_assign(o, v, arg, AG_SRC_FLAG, err);
    /* Secrets given as flags are copied, then wiped from argv so ps and /proc/<pid>/cmdline never show them.
     */
    if (o->flags & AG_OPT_SECRET)
        ag_secret_wipe(arg, strlen(arg));
    return rc;
}

static int parse_argv(const struct ag_action *action, size_t n, int argc, char **argv, struct ag_args *args,
                      struct ag_error *err)
{
    const struct ag_option *opts = action->options;
    struct option *longs = NULL;
    char **neg = NULL;
    char shorts[128];
    if (build_getopt_tables(opts, n, &longs, shorts, sizeof(shorts), &neg) < 0)
        return ag_error_set(err, AG_EFAIL, "out of memory");
    int rc = 0;
    optind = 0; /* glibc: full re-initialisation, so the engine can run more than once */
    opterr = 0;
    int c;
    while (rc == 0 && (c = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
        if (c == 'h') {
            rc = 1;
        } else if (c == OPT_LOGLEVEL || c == 'l') {
            enum ag_log_level level;
            if (ag_log_level_parse(optarg, &level) < 0)
                rc = ag_value_assign(&loglevel_option, &(struct ag_value){0}, optarg, AG_SRC_FLAG, err);
            else
                ag_log_set_level(level);
        } else if (c >= NEG_BASE && c < NEG_BASE + (int)n) {
            rc = ag_value_assign(&opts[c - NEG_BASE], &args->values[c - NEG_BASE], "false", AG_SRC_FLAG, err);
        } else if (c >= OPT_BASE && c < OPT_BASE + (int)n) {
            const struct ag_option *o = &opts[c - OPT_BASE];
            rc = apply_flag(o, &args->values[c - OPT_BASE], o->type == AG_OPT_BOOL ? "true" : optarg, err);
        } else if (c == ':') {
            rc = ag_error_set(err, AG_EUSAGE, "option '%s' needs a value", argv[optind - 1]);
        } else if (c != '?' && row_for_short(opts, n, c) >= 0) {
            int r = row_for_short(opts, n, c);
            rc = apply_flag(&opts[r], &args->values[r], opts[r].type == AG_OPT_BOOL ? "true" : optarg, err);
        } else if (optopt) {
            rc = ag_error_set(err, AG_EUSAGE, "unknown option '-%c'", optopt);
        } else {
            rc = ag_error_set(err, AG_EUSAGE, "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (rc == 0 && optind < argc)
        rc = ag_error_set(err, AG_EUSAGE, "unexpected argument '%s'", argv[optind]);
    free(longs);
    free_neg_names(neg, n);
    return rc;
}

int ag_args_parse(const struct ag_network *net, const struct ag_action *action, int argc, char **argv,
                  struct ag_args *args, struct ag_error *err)
{
    int rc = ag_args_init(args, net, action, err);
    if (rc < 0)
        return rc;
    rc = check_exact_long_names(action, argc, argv, err);
    if (rc == 0)
        rc = parse_argv(action, args->n_values, argc, argv, args, err);
    if (rc == 0)
        rc = ag_args_resolve(args, err);
    if (rc != 0)
        ag_args_free(args);
    return rc;
}

/* ---- help and listing ---- */

void ag_option_choices(const struct ag_option *o, char *out, size_t size)
{
    out[0] = '\0';
    for (size_t i = 0; o->choices && o->choices[i]; i++)
        ag_join_append(out, size, ",", o->choices[i]);
}

static void print_option_help(FILE *out, const struct ag_option *o)
{
    char left[96];
    char choices[512];
    if (o->flags & AG_OPT_NO_FLAG) {
        fprintf(out, "  %-30s %s (env%s only)\n", o->env, o->help, o->store_field ? " or token store" : "");
        return;
    }
    if (o->type == AG_OPT_BOOL)
        snprintf(left, sizeof(left), "--[no-]%s", o->name);
    else if (o->short_name)
        snprintf(left, sizeof(left), "-%c, --%s %s", o->short_name, o->name, ag_option_metavar(o));
    else
        snprintf(left, sizeof(left), "--%s %s", o->name, ag_option_metavar(o));
    fprintf(out, "  %-30s %s", left, o->help);
    if (o->type == AG_OPT_LIST)
        fputs(" (repeatable)", out);
    if (o->flags & AG_OPT_REQUIRED)
        fputs(" (required)", out);
    fputc('\n', out);
    ag_option_choices(o, choices, sizeof(choices));
    if (o->type == AG_OPT_ENUM)
        fprintf(out, "  %-30s one of: %s\n", "", choices);
    if (o->def && o->env)
        fprintf(out, "  %-30s (default: %s; env: %s)\n", "", o->def, o->env);
    else if (o->def)
        fprintf(out, "  %-30s (default: %s)\n", "", o->def);
    else if (o->env)
        fprintf(out, "  %-30s (env: %s)\n", "", o->env);
}

void ag_options_print_help(FILE *out, const char *command_path, const struct ag_action *action)
{
    fprintf(out, "usage: %s [options]\n\n%s\n\nOptions:\n", command_path, action->summary);
    for (const struct ag_option *o = action->options; o && o->name; o++)
        if (!(o->flags & AG_OPT_HIDDEN))
            print_option_help(out, o);
    print_option_help(out, &loglevel_option);
    fprintf(out, "  %-30s %s\n", "-h, --help", "show this help and exit");
    fputs("\nPrecedence: flag > environment variable > token store > default.\n", out);
}
