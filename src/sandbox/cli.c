/*
 * agoras-sandbox's command line.  ONE table of options drives everything: the getopt_long array,
 * the defaults (set through the same parser as the flags), the exact-name check, the options part
 * of --help and --options-table, from which scripts/gen-sandbox-man writes agoras-sandbox(1).
 *
 * --options-table prints one line per option, six TAB-separated fields, "-" for an empty one:
 *
 *   long  short  metavar  default  flags  help
 *
 * metavar is "-" for an option without a value; flags is a comma-separated list of "repeatable"
 * (each use adds one more) and "hidden" (for the build and the tests: not in --help nor the page).
 */
#include "sandbox/sandbox.h"

#include <getopt.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/num.h"

enum sbx_opt_kind {
    SBX_OPT_TEXT,   /* a const char * field, or (repeatable) a json_t * array of strings */
    SBX_OPT_NUMBER, /* a long field, 0 to max */
    SBX_OPT_FLAG,   /* a bool field, set by the option's presence */
    SBX_OPT_PRINT,  /* print to stdout and exit 0 */
};

struct sbx_option {
    const char *name;    /* the long name, without "--" */
    char short_name;     /* 0: none */
    const char *metavar; /* the value's name; NULL: the option takes no value */
    const char *def;     /* the default, applied as if given first; NULL: none */
    bool repeatable;
    bool hidden;
    const char *help; /* one line, lower case, no full stop: --help adds the default */
    enum sbx_opt_kind kind;
    size_t field; /* offsetof(struct sbx_config, ...), for every kind but PRINT */
    long max;     /* SBX_OPT_NUMBER */
    void (*print)(FILE *out);
};

static void print_table(FILE *out);
static void print_version(FILE *out);

#define FIELD(f) .field = offsetof(struct sbx_config, f)
#define TIME_MAX 100000000000L /* any count of seconds or milliseconds */

static const struct sbx_option options[] = {
    {.name = "host", .metavar = "ADDR", .def = "127.0.0.1", FIELD(host), .help = "IPv4 address to bind"},
    {.name = "port",
     .metavar = "N",
     .def = "0",
     .kind = SBX_OPT_NUMBER,
     FIELD(port),
     .max = 65535,
     .help = "port to listen on; 0 picks a free one"},
    {.name = "port-file",
     .metavar = "FILE",
     FIELD(port_file),
     .help = "write the chosen port and a newline to FILE (atomically) once listening"},
    {.name = "auto-approve",
     .kind = SBX_OPT_FLAG,
     FIELD(auto_approve),
     .help = "the authorize page approves at once instead of showing Approve/Deny"},
    {.name = "state",
     .metavar = "FILE",
     FIELD(state_path),
     .help = "JSON state, one key per network (TikTok's apps, accounts, grants, posts; Telegram's bots, "
             "chats, messages): loaded at start, saved at exit; media kept in FILE.media/ (format: "
             "src/sandbox/README.md)"},
    {.name = "fault",
     .metavar = "KEY=CODES",
     .repeatable = true,
     FIELD(fault_specs),
     .help = "queue failures for KEY, consumed one per request: HTTP codes 400-599 (optionally "
             "CODE:error_code), 'drop' (close without answer) or 'stall' (wait --stall-ms, then answer); "
             "KEY is NET:ROUTE as /_sandbox/requests counts it (telegram:sendMessage), or a TikTok path; "
             "TikTok's 'upload' is any upload PUT, and 'processing' takes fail_reasons (internal, "
             "spam_risk_text, ...) that the next posts FAIL with after their media checks pass"},
    {.name = "latency",
     .metavar = "MS",
     .def = "0",
     .kind = SBX_OPT_NUMBER,
     FIELD(latency_ms),
     .max = TIME_MAX,
     .help = "delay every emulated request by MS milliseconds"},
    {.name = "stall-ms",
     .metavar = "MS",
     .def = "30000",
     .kind = SBX_OPT_NUMBER,
     FIELD(stall_ms),
     .max = TIME_MAX,
     .help = "how long a 'stall' fault waits, in milliseconds"},
    {.name = "retry-after",
     .metavar = "S",
     .def = "1",
     .kind = SBX_OPT_NUMBER,
     FIELD(retry_after_s),
     .max = TIME_MAX,
     .help = "the retry delay of an injected 429 (Retry-After, Telegram's retry_after), in seconds"},
    {.name = "access-ttl",
     .metavar = "S",
     .def = "7200",
     .kind = SBX_OPT_NUMBER,
     FIELD(access_ttl),
     .max = TIME_MAX,
     .help = "access token lifetime in seconds; 2 hours in the 2026 docs"},
    {.name = "refresh-ttl",
     .metavar = "S",
     .def = "15552000",
     .kind = SBX_OPT_NUMBER,
     FIELD(refresh_ttl),
     .max = TIME_MAX,
     .help = "refresh token lifetime in seconds; 180 days in the docs"},
    {.name = "code-ttl",
     .metavar = "S",
     .def = "300",
     .kind = SBX_OPT_NUMBER,
     FIELD(code_ttl),
     .max = TIME_MAX,
     .help = "authorization code lifetime in seconds"},
    {.name = "upload-ttl",
     .metavar = "S",
     .def = "3600",
     .kind = SBX_OPT_NUMBER,
     FIELD(upload_ttl),
     .max = TIME_MAX,
     .help = "upload_url lifetime in seconds"},
    {.name = "complete-after",
     .metavar = "MS",
     .def = "1500",
     .kind = SBX_OPT_NUMBER,
     FIELD(complete_after_ms),
     .max = TIME_MAX,
     .help = "processing time after the transfer before the final status, in milliseconds"},
    {.name = "media-dir",
     .metavar = "DIR",
     FIELD(media_dir),
     .help = "files served at /media/ (for PULL_FROM_URL tests)"},
    {.name = "verified-prefix",
     .metavar = "URL",
     .repeatable = true,
     FIELD(prefixes),
     .help = "treat URLs under this prefix as verified for pulls"},
    {.name = "verified-domain",
     .metavar = "DOMAIN",
     .repeatable = true,
     FIELD(domains),
     .help = "treat URLs on DOMAIN and its subdomains as verified"},
    {.name = "help",
     .short_name = 'h',
     .kind = SBX_OPT_PRINT,
     .print = sbx_help_print,
     .help = "show this help"},
    {.name = "version", .kind = SBX_OPT_PRINT, .print = print_version, .help = "print the version"},
    {.name = "options-table",
     .hidden = true,
     .kind = SBX_OPT_PRINT,
     .print = print_table,
     .help = "print this table, TAB-separated, for the man page"},
    {.name = "man-sections",
     .hidden = true,
     .kind = SBX_OPT_PRINT,
     .print = sbx_help_print_sections,
     .help = "print the prose of --help, for the man page"},
};

#define N_OPTIONS (sizeof(options) / sizeof(options[0]))
#define LONG_BASE 256 /* getopt_long returns LONG_BASE + row for a long option */

static void print_version(FILE *out)
{
    fprintf(out, "agoras-sandbox %s\n", AGORAS_VERSION);
}

static void print_table(FILE *out)
{
    for (const struct sbx_option *o = options; o < options + N_OPTIONS; o++) {
        char flags[32] = "";
        if (o->repeatable)
            strcat(flags, "repeatable,");
        if (o->hidden)
            strcat(flags, "hidden,");
        if (*flags)
            flags[strlen(flags) - 1] = '\0';
        fprintf(out, "%s\t%c\t%s\t%s\t%s\t%s\n", o->name, o->short_name ? o->short_name : '-',
                o->metavar ? o->metavar : "-", o->def ? o->def : "-", *flags ? flags : "-", o->help);
    }
}

/* Print text from column col on, wrapped at 100 columns; continuation lines start at column indent. */
static void print_wrapped(FILE *out, const char *text, int col, int indent)
{
    for (bool first = true; *text; first = false) {
        int len = (int)strcspn(text, " ");
        if (!first && col + 1 + len > 100)
            col = fprintf(out, "\n%*s", indent, "") - 1;
        else if (!first)
            col += fprintf(out, " ");
        col += fprintf(out, "%.*s", len, text);
        text += len + strspn(text + len, " ");
    }
    fputc('\n', out);
}

void sbx_cli_print_options(FILE *out)
{
    char head[64], body[1024];
    for (const struct sbx_option *o = options; o < options + N_OPTIONS; o++) {
        if (o->hidden)
            continue;
        snprintf(head, sizeof(head), "%s%.1s%s--%s%s%s", o->short_name ? "-" : "", &o->short_name,
                 o->short_name ? ", " : "", o->name, o->metavar ? " " : "", o->metavar ? o->metavar : "");
        snprintf(body, sizeof(body), "%s%s%s%s%s", o->help, o->repeatable ? "; repeatable" : "",
                 o->def ? " (default " : "", o->def ? o->def : "", o->def ? ")" : "");
        int col = fprintf(out, "  %-22s  ", head);
        print_wrapped(out, body, col, 26);
    }
}

/* Store one value of o in c; -1 when it is not valid. */
static int set_option(struct sbx_config *c, const struct sbx_option *o, const char *value)
{
    char *field = (char *)c + o->field;
    int64_t n;
    switch (o->kind) {
    case SBX_OPT_TEXT:
        if (o->repeatable)
            return json_array_append_new(*(json_t **)field, json_string(value));
        *(const char **)field = value;
        return 0;
    case SBX_OPT_NUMBER:
        if (ag_parse_i64(value, 0, o->max, &n) < 0)
            return -1;
        *(long *)field = (long)n;
        return 0;
    case SBX_OPT_FLAG:
        *(bool *)field = true;
        return 0;
    default:
        return -1;
    }
}

static const struct sbx_option *find_long(const char *name, size_t len, bool prefix)
{
    for (const struct sbx_option *o = options; o < options + N_OPTIONS; o++)
        if (strncmp(o->name, name, len) == 0 && (prefix || !o->name[len]))
            return o;
    return NULL;
}

/*
 * getopt_long takes any unique prefix of a long name; agoras refuses abbreviations (an option added
 * later must not change what an old command line means), and so does the sandbox.
 */
static int check_exact_long_names(int argc, char **argv)
{
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
        const char *a = argv[i];
        if (strncmp(a, "--", 2) != 0)
            continue;
        size_t len = strcspn(a + 2, "=");
        const struct sbx_option *o = find_long(a + 2, len, false), *longer = find_long(a + 2, len, len > 0);
        if (!o && longer)
            ag_err("unknown option '%.*s': long options cannot be abbreviated (--%s?)", (int)len + 2, a,
                   longer->name);
        else if (!o)
            ag_err("unknown option '%.*s'", (int)len + 2, a);
        else if (!o->metavar && a[2 + len])
            ag_err("option '--%s' takes no value", o->name);
        if (!o || (!o->metavar && a[2 + len]))
            return -1;
        if (o->metavar && !a[2 + len])
            i++; /* the next word is this option's value, whatever it looks like */
    }
    return 0;
}

int sbx_cli_parse(struct sbx_config *c, int argc, char **argv)
{
    struct option longs[N_OPTIONS + 1] = {{0}};
    char shorts[2 * N_OPTIONS + 1] = "";
    int opt;

    c->fault_specs = json_array();
    c->prefixes = json_array();
    c->domains = json_array();
    for (size_t i = 0; i < N_OPTIONS; i++) {
        const struct sbx_option *o = &options[i];
        longs[i] = (struct option){o->name, o->metavar ? required_argument : no_argument, NULL,
                                   (int)(LONG_BASE + i)};
        if (o->short_name)
            strcat(strncat(shorts, &o->short_name, 1), o->metavar ? ":" : "");
        if (o->def && set_option(c, o, o->def) < 0)
            abort(); /* a bad default is a bug in the table */
    }
    if (check_exact_long_names(argc, argv) < 0)
        goto usage;
    while ((opt = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
        const struct sbx_option *o = NULL;
        for (size_t i = 0; i < N_OPTIONS && !o; i++)
            if (opt == (int)(LONG_BASE + i) || (options[i].short_name && opt == options[i].short_name))
                o = &options[i];
        if (!o)
            goto usage; /* getopt_long said why */
        if (o->kind == SBX_OPT_PRINT) {
            o->print(stdout);
            return 0;
        }
        if (set_option(c, o, optarg) < 0) {
            ag_err("invalid value '%s' for --%s", optarg, o->name);
            goto usage;
        }
    }
    if (optind < argc) {
        ag_err("unexpected argument '%s'", argv[optind]);
        goto usage;
    }
    return -1;
usage:
    fputs("try 'agoras-sandbox --help'\n", stderr);
    return 2;
}
