/* Text helpers shared by every layer: hex, UTF-8 decoding and UTF-16 lengths, joining lists. */
#ifndef AG_TEXT_H
#define AG_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

/* Lower-case hex of n bytes into out, which holds 2 * n + 1 bytes (NUL-terminated). */
void ag_hex_encode(const void *data, size_t n, char *out);

/*
 * Decode the UTF-8 sequence at s (at most len bytes): its length, and the code point in *cp.
 * An invalid sequence (bad lead or continuation byte, truncated, overlong, a surrogate, above
 * U+10FFFF) gives length 1 and *cp = UINT32_MAX, so a caller can step over it.  len 0 gives 0.
 */
size_t ag_utf8_decode(const char *s, size_t len, uint32_t *cp);

/* 1 if the len bytes at s are valid UTF-8, else 0. */
int ag_utf8_valid(const char *s, size_t len);

/*
 * Length of the NUL-terminated UTF-8 string s in UTF-16 code units (what Twitter/X, TikTok and
 * JavaScript count): code points above U+FFFF count 2.  -1 if s is not valid UTF-8.
 */
long ag_utf16_units(const char *s);

/* Append items (a NULL-terminated list) to out, with sep between them: 0, or -1 (out limit/memory). */
int ag_join(struct ag_buf *out, const char *const *items, const char *sep);

/*
 * For a fixed buffer built item by item: append sep (only if out is not empty) and item to the
 * NUL-terminated string in out (size bytes), cutting what does not fit.  Returns 0, or -1 if cut.
 */
int ag_join_append(char *out, size_t size, const char *sep, const char *item);

#endif
