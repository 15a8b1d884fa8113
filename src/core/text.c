#include "core/text.h"

#include <string.h>

void ag_hex_encode(const void *data, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[p[i] >> 4];
        out[2 * i + 1] = digits[p[i] & 15];
    }
    out[2 * n] = '\0';
}

size_t ag_utf8_decode(const char *str, size_t len, uint32_t *cp)
{
    static const uint32_t least[] = {0, 0, 0x80, 0x800, 0x10000}; /* below: overlong */
    const unsigned char *s = (const unsigned char *)str;
    *cp = UINT32_MAX;
    if (len == 0)
        return 0;
    size_t n = s[0] < 0x80    ? 1
               : s[0] >= 0xF8 ? 0
               : s[0] >= 0xF0 ? 4
               : s[0] >= 0xE0 ? 3
               : s[0] >= 0xC0 ? 2
                              : 0;
    if (n == 0 || n > len)
        return 1;
    uint32_t c = n == 1 ? s[0] : s[0] & (0x7Fu >> n);
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 1;
        c = c << 6 | (s[i] & 0x3F);
    }
    if (c < least[n] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 1;
    *cp = c;
    return n;
}

int ag_utf8_valid(const char *s, size_t len)
{
    uint32_t cp;
    for (size_t pos = 0; pos < len;) {
        pos += ag_utf8_decode(s + pos, len - pos, &cp);
        if (cp == UINT32_MAX)
            return 0;
    }
    return 1;
}

long ag_utf16_units(const char *s)
{
    size_t len = strlen(s);
    long units = 0;
    uint32_t cp;
    for (size_t pos = 0; pos<len; units += cp> 0xFFFF ? 2 : 1) {
        pos += ag_utf8_decode(s + pos, len - pos, &cp);
        if (cp == UINT32_MAX)
            return -1;
    }
    return units;
}

int ag_join(struct ag_buf *out, const char *const *items, const char *sep)
{
    for (size_t i = 0; items && items[i]; i++)
        if ((i > 0 && ag_buf_puts(out, sep) < 0) || ag_buf_puts(out, items[i]) < 0)
            return -1;
    return 0;
}

int ag_join_append(char *out, size_t size, const char *sep, const char *item)
{
    size_t used = strnlen(out, size);
    if (size == 0 || used == size)
        return -1;
    const char *parts[] = {used ? sep : "", item};
    for (size_t i = 0; i < 2; i++) {
        size_t n = strlen(parts[i]), room = size - 1 - used;
        size_t take = n < room ? n : room;
        memcpy(out + used, parts[i], take);
        used += take;
        out[used] = '\0';
        if (take < n)
            return -1;
    }
    return 0;
}
