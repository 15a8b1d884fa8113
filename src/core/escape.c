#include "core/escape.h"

#include <stdio.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at p (1-4), or 0 (RFC 3629: no overlongs, surrogates, > U+10FFFF). */
static size_t utf8_length(const unsigned char *p)
{
    unsigned char lo = 0x80, hi = 0xbf;
    size_t n;
    if (p[0] < 0x80)
        return 1;
    if (p[0] >= 0xc2 && p[0] <= 0xdf)
        n = 2;
    else if (p[0] >= 0xe0 && p[0] <= 0xef)
        n = 3, lo = p[0] == 0xe0 ? 0xa0 : 0x80, hi = p[0] == 0xed ? 0x9f : 0xbf;
    else if (p[0] >= 0xf0 && p[0] <= 0xf4)
        n = 4, lo = p[0] == 0xf0 ? 0x90 : 0x80, hi = p[0] == 0xf4 ? 0x8f : 0xbf;
    else
        return 0;
    if (p[1] < lo || p[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if (p[i] < 0x80 || p[i] > 0xbf)
            return 0;
    return n;
}

/* Bytes at p to write as \xHH (0: the character at p is kept, its length in *keep_len). */
static size_t escaped_bytes(const unsigned char *p, const char *keep, size_t *keep_len)
{
    size_t n = utf8_length(p);
    *keep_len = n;
    if (n == 0)
        return 1;
    if (n == 1 && (p[0] < 0x20 || p[0] == 0x7f))
        return keep && strchr(keep, p[0]) ? 0 : 1;
    if (n == 2 && p[0] == 0xc2 && p[1] <= 0x9f) /* U+0080-U+009F: the C1 controls */
        return 2;
    return 0;
}

size_t ag_escape_controls(char *dst, size_t size, const char *src, const char *keep)
{
    size_t out = 0;
    if (size == 0)
        return 0;
    for (const unsigned char *p = (const unsigned char *)(src ? src : ""); *p;) {
        size_t keep_len, esc = escaped_bytes(p, keep, &keep_len);
        size_t need = esc ? 4 * esc : keep_len;
        if (out + need >= size)
            break;
        if (esc) {
            for (size_t i = 0; i < esc; i++)
                snprintf(dst + out + 4 * i, 5, "\\x%02x", p[i]);
        } else {
            memcpy(dst + out, p, keep_len);
        }
        out += need;
        p += esc ? esc : keep_len;
    }
    dst[out] = '\0';
    return out;
}
