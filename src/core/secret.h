/*
 * Wiping secrets (tokens, keys, passwords) from memory once they are no longer needed.  The wipe
 * is OpenSSL's, which the compiler cannot remove as a dead store.
 */
#ifndef AG_SECRET_H
#define AG_SECRET_H

#include <stddef.h>

/* Overwrite n bytes at p with zeros; p may be NULL when n is 0. */
void ag_secret_wipe(void *p, size_t n);

/* Wipe the string s (up to its NUL) and free it; NULL is fine. */
void ag_secret_free(char *s);

/* ag_secret_free(*s), then *s = NULL. */
void ag_secret_clear(char **s);

#endif
