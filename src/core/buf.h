/* Bounded growable byte buffer: never NULL data, always NUL-terminated. */
#ifndef AG_BUF_H
#define AG_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct ag_buf {
    char *data; /* always valid and NUL-terminated after ag_buf_init */
    size_t len; /* bytes used, not counting the terminating NUL */
    size_t cap; /* bytes allocated */
    size_t max; /* growth limit in bytes (0 = AG_BUF_DEFAULT_MAX) */
};

#define AG_BUF_DEFAULT_MAX ((size_t)64 << 20)

/* Start empty with a growth limit (0 = default). Aborts only if malloc of a few bytes fails. */
void ag_buf_init(struct ag_buf *b, size_t max);

/* Append bytes; returns 0, or -1 if the limit would be exceeded or memory runs out (buffer unchanged). */
int ag_buf_append(struct ag_buf *b, const void *p, size_t n);
int ag_buf_puts(struct ag_buf *b, const char *s);
int ag_buf_printf(struct ag_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int ag_buf_vprintf(struct ag_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* Empty the buffer, keeping its allocation. */
void ag_buf_reset(struct ag_buf *b);

/* Take ownership of the data (caller frees); the buffer is re-initialised empty. */
char *ag_buf_detach(struct ag_buf *b);

/* Free the data; safe on a zeroed or already-freed buffer. */
void ag_buf_free(struct ag_buf *b);

/* Like ag_buf_free but wipes the bytes first: for buffers that held secrets. */
void ag_buf_free_secret(struct ag_buf *b);

#endif
