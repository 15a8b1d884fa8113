/*
 * agoras: top-level dispatch.  agoras [-l LEVEL] [-V] [-h] <platform> <action> [options]
 * Everything below the action name belongs to the option engine (cli/options.c).
 */
#include <errno.h>
#include <malloc.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <openssl/crypto.h>

#include "cli/options.h"
#include "core/error.h"
#include "core/escape.h"
#include "core/log.h"
#include "core/process.h"
#include "platforms/platform.h"

#define USAGE_LINE "usage: agoras [-l LEVEL] [-V] [-h] <platform> <action> [options]"

static void print_top_help(FILE *out)
{
    fprintf(out, "%s\n\nPublish to social networks from the command line (TikTok first).\n\nPlatforms:\n",
            USAGE_LINE);
    for (const struct ag_platform *p = ag_platforms; p->name; p++)
        fprintf(out, "  %-10s %s\n", p->name, p->summary);
    fputs("\nGeneral options:\n"
          "  -l, --loglevel LEVEL  DEBUG, INFO, WARNING, ERROR or CRITICAL (default INFO); also after the "
          "action\n"
          "  -V, --version         print the version and exit\n"
          "  -h, --help            show this help and exit\n"
          "\nExit codes:\n",
          out);
    for (int code = AG_OK; code <= AG_EUNKNOWN; code++)
        fprintf(out, "  %d  %s\n", code, ag_exit_meaning(code));
    fputs("\nRun 'agoras <platform> --help' for the actions of a platform.\n", out);
}

static void print_platform_help(FILE *out, const struct ag_platform *p)
{
    fprintf(out, "usage: agoras %s <action> [options]\n\n%s\n\nActions:\n", p->name, p->summary);
    for (const struct ag_action *const *a = p->actions; *a; a++)
        fprintf(out, "  %-26s %s\n", (*a)->name, (*a)->summary);
    fprintf(out, "\nRun 'agoras %s <action> --help' for the options of an action.\n", p->name);
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

static void list_action_names(const struct ag_platform *p, char *out, size_t size)
{
    out[0] = '\0';
    for (const struct ag_action *const *a = p->actions; *a; a++) {
        if (!(*a)->run)
            continue;
        strncat(out, *out ? ", " : "", size - strlen(out) - 1);
        strncat(out, (*a)->name, size - strlen(out) - 1);
    }
}

/* Hidden: one TAB-separated line per option of every action, for completion and the man page. */
static int print_options_table(void)
{
    char path[128];
    for (const struct ag_platform *p = ag_platforms; p->name; p++)
        for (const struct ag_action *const *a = p->actions; *a; a++) {
            snprintf(path, sizeof(path), "agoras %s %s", p->name, (*a)->name);
            ag_options_print_table(stdout, path, *a);
        }
    return 0;
}

/* Hidden: platform, action, summary, and "unsupported" for actions the platform's API cannot do. */
static int print_commands_table(void)
{
    for (const struct ag_platform *p = ag_platforms; p->name; p++) {
        printf("%s\t-\t%s\t-\n", p->name, p->summary);
        for (const struct ag_action *const *a = p->actions; *a; a++)
            printf("%s\t%s\t%s\t%s\n", p->name, (*a)->name, (*a)->run ? (*a)->summary : (*a)->unsupported,
                   (*a)->run ? "-" : "unsupported");
    }
    return 0;
}

/* Global options before the platform; returns the index of the platform word or a negative exit. */
static int parse_global(int argc, char **argv, int *exit_now)
{
    *exit_now = -1;
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];
        const char *level = NULL;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            print_top_help(stdout);
            *exit_now = 0;
            return i;
        } else if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) {
            printf("agoras %s\n", AGORAS_VERSION);
            *exit_now = 0;
            return i;
        } else if (strcmp(a, "--options-table") == 0) {
            *exit_now = print_options_table();
            return i;
        } else if (strcmp(a, "--commands-table") == 0) {
            *exit_now = print_commands_table();
            return i;
        } else if (strcmp(a, "-l") == 0 || strcmp(a, "--loglevel") == 0) {
            if (i + 1 >= argc) {
                *exit_now = usage_error("agoras", "option '%s' needs a value", a);
                return i;
            }
            level = argv[++i];
        } else if (strncmp(a, "--loglevel=", 11) == 0) {
            level = a + 11;
        } else if (strncmp(a, "-l", 2) == 0) {
            level = a + 2;
        } else {
            *exit_now = usage_error("agoras", "unknown option '%s'", a);
            return i;
        }
        enum ag_log_level parsed;
        if (ag_log_level_parse(level, &parsed) < 0) {
            *exit_now = usage_error(
                "agoras", "invalid log level '%s': use DEBUG, INFO, WARNING, ERROR or CRITICAL", level);
            return i;
        }
        ag_log_set_level(parsed);
    }
    return i;
}

/* Find the action named by argv[i] (or argv[i] + " " + argv[i+1] for "tokens list"); sets *words used. */
static const struct ag_action *find_action(const struct ag_platform *p, int argc, char **argv, int i,
                                           int *words)
{
    const struct ag_action *a = ag_action_find(p, argv[i]);
    *words = 1;
    if (!a && i + 1 < argc) {
        char two[128];
        snprintf(two, sizeof(two), "%s %s", argv[i], argv[i + 1]);
        a = ag_action_find(p, two);
        *words = 2;
    }
    return a;
}

static int run_action(const struct ag_platform *p, const struct ag_action *action, int argc, char **argv)
{
    char path[160];
    snprintf(path, sizeof(path), "agoras %s %s", p->name, action->name);
    if (!action->run) {
        char names[256];
        list_action_names(p, names, sizeof(names));
        fprintf(stderr, "error: %s (available: %s)\n", action->unsupported, names);
        return AG_EUSAGE;
    }
    struct ag_args args;
    struct ag_error err = {0};
    int rc = ag_args_parse(action, path, argc, argv, &args, &err);
    if (rc == 1) {
        ag_options_print_help(stdout, path, action);
        return 0;
    }
    if (rc < 0) {
        ag_log_redact(err.msg);
        return usage_error(path, "%s", err.msg);
    }
    args.platform = p->name;
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
    if (p)
        OPENSSL_cleanse(p, malloc_usable_size(p));
    free(p);
}

int main(int argc, char **argv)
{
    /* Before any secret is read: a core dump of this process would hold decrypted tokens. */
    if (ag_process_no_core_dumps() < 0)
        ag_warn("cannot turn off core dumps: %s", strerror(errno));
    json_set_alloc_funcs(malloc, wiping_free);
    int exit_now;
    int i = parse_global(argc, argv, &exit_now);
    if (exit_now >= 0)
        return exit_now;
    if (i >= argc) {
        print_top_help(stdout);
        return 0;
    }
    const struct ag_platform *p = ag_platform_find(argv[i]);
    if (!p)
        return usage_error("agoras", "unknown platform '%s' (available: tiktok, utils)", argv[i]);
    if (i + 1 >= argc)
        return usage_error(p->name[0] == 't' ? "agoras tiktok" : "agoras utils", "missing action after '%s'",
                           p->name);
    if (strcmp(argv[i + 1], "-h") == 0 || strcmp(argv[i + 1], "--help") == 0) {
        print_platform_help(stdout, p);
        return 0;
    }
    int words;
    const struct ag_action *action = find_action(p, argc, argv, i + 1, &words);
    if (!action) {
        char names[256], try_path[64];
        list_action_names(p, names, sizeof(names));
        snprintf(try_path, sizeof(try_path), "agoras %s", p->name);
        return usage_error(try_path, "unknown action '%s' for %s (available: %s)", argv[i + 1], p->name,
                           names);
    }
    int rc = run_action(p, action, argc - (i + words), argv + i + words);
    ag_log_clear_secrets();
    return rc;
}
