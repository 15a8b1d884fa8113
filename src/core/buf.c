#include "core/buf.h"

#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ag_buf_init(struct ag_buf *b, size_t max)
{
    b->cap = 64;
    b->len = 0;
    b->max = max ? max : AG_BUF_DEFAULT_MAX;
    b->data = malloc(b->cap);
    if (!b->data)
        abort();
    b->data[0] = '\0';
}

static int reserve(struct ag_buf *b, size_t extra)
{
    if (!b->data)
        ag_buf_init(b, 0);
    if (extra > b->max || b->len > b->max - extra)
        return -1;
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return 0;
    size_t cap = b->cap;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *p = realloc(b->data, cap);
    if (!p)
        return -1;
    b->data = p;
    b->cap = cap;
    return 0;
}

int ag_buf_append(struct ag_buf *b, const void *p, size_t n)
{
    if (reserve(b, n) < 0)
        return -1;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int ag_buf_puts(struct ag_buf *b, const char *s)
{
    return ag_buf_append(b, s, strlen(s));
}

int ag_buf_vprintf(struct ag_buf *b, const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0 || reserve(b, (size_t)n) < 0)
        return -1;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return 0;
}

int ag_buf_printf(struct ag_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = ag_buf_vprintf(b, fmt, ap);
    va_end(ap);
    return rc;
}

void ag_buf_reset(struct ag_buf *b)
{
    if (!b->data)
        ag_buf_init(b, b->max);
    b->len = 0;
    b->data[0] = '\0';
}

char *ag_buf_detach(struct ag_buf *b)
{
    if (!b->data)
        ag_buf_init(b, b->max);
    char *p = b->data;
    ag_buf_init(b, b->max);
    return p;
}

void ag_buf_free(struct ag_buf *b)
{
    if (!b)
        return;
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void ag_buf_free_secret(struct ag_buf *b)
{
    if (b && b->data)
        OPENSSL_cleanse(b->data, b->cap);
    ag_buf_free(b);
}
