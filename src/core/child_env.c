#include "core/child_env.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const secret_suffixes[] = {
    "_SECRET", "_TOKEN", "_KEY", "_PASSWORD", "_PASSWD", "_PASSPHRASE", "_CREDENTIALS", NULL,
};

static int name_is(const char *name, size_t len, const char *word)
{
    return len == strlen(word) && strncasecmp(name, word, len) == 0;
}

int ag_child_env_is_secret(const char *entry)
{
    size_t len = strcspn(entry, "=");
    if (strncasecmp(entry, "XDG_", 4) == 0)
        return 0;
    if (name_is(entry, len, "AGORAS_STORAGE_KEY"))
        return 1;
    for (const char *const *s = secret_suffixes; *s; s++) {
        size_t n = strlen(*s);
        if (len > n && strncasecmp(entry + len - n, *s, n) == 0)
            return 1;
    }
    return 0;
}

char **ag_child_env_build(char *const *env)
{
    size_t n = 0, kept = 0;
    while (env && env[n])
        n++;
    char **out = calloc(n + 1, sizeof(*out));
    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (!ag_child_env_is_secret(env[i]))
            out[kept++] = env[i];
    return out;
}
