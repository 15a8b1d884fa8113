#include "core/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/escape.h"
#include "core/secret.h"

#define MAX_SECRETS 32
#define REDACTED    "[REDACTED]"

static enum ag_log_level current_level = AG_LOG_INFO;
static char *secrets[MAX_SECRETS];
static size_t n_secrets;

static const struct {
    const char *name;
    enum ag_log_level level;
    const char *prefix;
} levels[] = {
    {"DEBUG", AG_LOG_DEBUG, "debug: "},       {"INFO", AG_LOG_INFO, ""},
    {"WARNING", AG_LOG_WARNING, "warning: "}, {"ERROR", AG_LOG_ERROR, "error: "},
    {"CRITICAL", AG_LOG_CRITICAL, "fatal: "},
};

int ag_log_level_parse(const char *name, enum ag_log_level *out)
{
    for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++) {
        if (strcasecmp(name, levels[i].name) == 0) {
            *out = levels[i].level;
            return 0;
        }
    }
    return -1;
}

void ag_log_set_level(enum ag_log_level level)
{
    current_level = level;
}

enum ag_log_level ag_log_get_level(void)
{
    return current_level;
}

void ag_log_add_secret(const char *value)
{
    if (!value || strlen(value) < 4)
        return;
    for (size_t i = 0; i < n_secrets; i++)
        if (strcmp(secrets[i], value) == 0)
            return;
    if (n_secrets == MAX_SECRETS) {
        /* Oldest secrets are the least likely to be printed again; keep the newest. */
        ag_secret_free(secrets[0]);
        memmove(secrets, secrets + 1, (MAX_SECRETS - 1) * sizeof(secrets[0]));
        n_secrets--;
    }
    char *copy = strdup(value);
    if (copy)
        secrets[n_secrets++] = copy;
}

void ag_log_clear_secrets(void)
{
    for (size_t i = 0; i < n_secrets; i++) {
        ag_secret_clear(&secrets[i]);
    }
    n_secrets = 0;
}

static int hexval(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/*
 * End of an occurrence of secret at s, or NULL.  encoded: each character may also be written as
 * %XX (either case), and a space as '+', as a server echoing a form or a query writes it.
 */
static const char *match_end(const char *s, const char *secret, int encoded)
{
    for (; *secret; secret++) {
        int want = (unsigned char)*secret;
        int hi = encoded && s[0] == '%' ? hexval(s[1]) : -1;
        int lo = hi >= 0 ? hexval(s[2]) : -1;
        if (lo >= 0 && hi * 16 + lo == want)
            s += 3;
        else if ((unsigned char)*s == want || (encoded && *s == '+' && want == ' '))
            s++;
        else
            return NULL;
    }
    return s;
}

/* One left-to-right pass; at each position the longest secret that matches wins. */
static void redact_pass(char *s, const size_t *order, int encoded)
{
    const size_t full = strlen(REDACTED);
    for (char *p = s; *p;) {
        const char *end = NULL;
        for (size_t i = 0; i < n_secrets && !end; i++)
            end = match_end(p, secrets[order[i]], encoded);
        if (!end) {
            p++;
            continue;
        }
        /* REDACTED is 10 bytes; a shorter match is replaced by as many '*' so s never grows. */
        size_t span = (size_t)(end - p), rlen = span >= full ? full : span;
        if (span >= full)
            memcpy(p, REDACTED, rlen);
        else
            memset(p, '*', rlen);
        memmove(p + rlen, end, strlen(end) + 1);
        p += rlen; /* on after the replacement: a secret equal to it must not loop */
    }
}

void ag_log_redact(char *s)
{
    /*
     * Longest secrets first: a short secret that is part of a longer one must not break the
     * longer match and leave most of it visible.
     */
    size_t order[MAX_SECRETS];
    for (size_t i = 0; i < n_secrets; i++) {
        size_t j = i;
        for (; j > 0 && strlen(secrets[order[j - 1]]) < strlen(secrets[i]); j--)
            order[j] = order[j - 1];
        order[j] = i;
    }
    /*
     * As written, then URL- and form-encoded (client_secret=cs%2B… echoed in an error_description).
     * Two passes: decoding first would miss a secret that itself contains "%25" written as is.
     */
    redact_pass(s, order, 0);
    redact_pass(s, order, 1);
}

static const char *prefix_for(enum ag_log_level level)
{
    for (size_t i = sizeof(levels) / sizeof(levels[0]); i-- > 0;)
        if (level >= levels[i].level)
            return levels[i].prefix;
    return "";
}

void ag_log(enum ag_log_level level, const char *fmt, ...)
{
    if (level < current_level)
        return;
    char line[4096], shown[4096];
    va_list ap, again;
    va_start(ap, fmt);
    va_copy(again, ap);
    int n = vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    /* Redact the whole message before cutting it: a secret cut in half would not match. */
    char *full = n >= (int)sizeof(line) ? malloc((size_t)n + 1) : NULL;
    if (full)
        vsnprintf(full, (size_t)n + 1, fmt, again);
    va_end(again);
    ag_log_redact(full ? full : line);
    /* One line each, whatever a server or a file name put in it: no control reaches the terminal. */
    ag_escape_controls(shown, sizeof(shown), full ? full : line, NULL);
    fprintf(stderr, "%s%s\n", prefix_for(level), shown);
    free(full);
}
