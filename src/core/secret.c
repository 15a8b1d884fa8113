#include "core/secret.h"

#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>

void ag_secret_wipe(void *p, size_t n)
{
    if (p && n)
        OPENSSL_cleanse(p, n);
}

void ag_secret_free(char *s)
{
    if (s)
        ag_secret_wipe(s, strlen(s));
    free(s);
}

void ag_secret_clear(char **s)
{
    ag_secret_free(*s);
    *s = NULL;
}
