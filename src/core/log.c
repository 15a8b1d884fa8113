#include "core/log.h"

#include <openssl/crypto.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/escape.h"

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
        OPENSSL_cleanse(secrets[0], strlen(secrets[0]));
        free(secrets[0]);
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
        OPENSSL_cleanse(secrets[i], strlen(secrets[i]));
        free(secrets[i]);
        secrets[i] = NULL;
    }
    n_secrets = 0;
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
    /* REDACTED is 10 bytes; a shorter secret is replaced by as many '*' so s never grows. */
    for (size_t i = 0; i < n_secrets; i++) {
        const char *secret = secrets[order[i]];
        size_t n = strlen(secret);
        char *hit, *from = s;
        /* Search on after each replacement: a secret equal to its replacement must not loop. */
        while ((hit = strstr(from, secret)) != NULL) {
            size_t rlen = n >= strlen(REDACTED) ? strlen(REDACTED) : n;
            if (n >= strlen(REDACTED))
                memcpy(hit, REDACTED, rlen);
            else
                memset(hit, '*', rlen);
            memmove(hit + rlen, hit + n, strlen(hit + n) + 1);
            from = hit + rlen;
        }
    }
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
