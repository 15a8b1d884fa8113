/* X's weighted text length (see text.h). */
#include "platforms/x/text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/text.h"

/* twitter-text's weight-1 ranges: Latin, Greek, Cyrillic… up to U+10FF, and general punctuation. */
static int light(uint32_t cp)
{
    return cp <= 0x10FF || (cp >= 0x2000 && cp <= 0x200D) || (cp >= 0x2010 && cp <= 0x201F) ||
           (cp >= 0x2032 && cp <= 0x2037);
}

/* Parts of an emoji sequence that add nothing to its weight of 2. */
static int emoji_modifier(uint32_t cp)
{
    return cp == 0xFE0F || cp == 0xFE0E || (cp >= 0x1F3FB && cp <= 0x1F3FF) || cp == 0x20E3 ||
           (cp >= 0xE0020 && cp <= 0xE007F);
}

static int is_emoji(uint32_t cp)
{
    return cp >= 0x1F000 || (cp >= 0x2600 && cp <= 0x27BF) || (cp >= 0x2300 && cp <= 0x23FF) ||
           (cp >= 0x2B00 && cp <= 0x2BFF);
}

static size_t url_at(const char *s)
{
    if (strncmp(s, "http://", 7) != 0 && strncmp(s, "https://", 8) != 0)
        return 0;
    return strcspn(s, " \t\r\n");
}

long x_text_weight(const char *text)
{
    if (!ag_utf8_valid(text, strlen(text)))
        return -1;
    long w = 0;
    int in_emoji = 0, joined = 0;
    for (const char *p = text; *p;) {
        size_t u = (p == text || strchr(" \t\r\n", p[-1])) ? url_at(p) : 0;
        if (u) {
            w += X_URL_WEIGHT;
            p += u;
            in_emoji = 0;
            continue;
        }
        uint32_t cp;
        p += ag_utf8_decode(p, strlen(p), &cp);
        if (in_emoji && (emoji_modifier(cp) || cp == 0x200D)) {
            joined = cp == 0x200D;
            continue;
        }
        if (in_emoji && joined && is_emoji(cp)) { /* the next emoji of a ZWJ sequence */
            joined = 0;
            continue;
        }
        in_emoji = is_emoji(cp);
        joined = 0;
        w += light(cp) && !in_emoji ? 1 : 2;
    }
    return w;
}

int x_text_build(const char *first, const char *second, const char *sep, char **out, struct ag_error *err)
{
    struct ag_buf b;
    ag_buf_init(&b, 0);
    int has1 = first && *first, has2 = second && *second;
    int bad = ag_buf_printf(&b, "%s%s%s", has1 ? first : "", has1 && has2 ? sep : "", has2 ? second : "") < 0;
    if (bad) {
        ag_buf_free(&b);
        return ag_error_set(err, AG_EINVALID, "the text is too long");
    }
    char *s = b.data, *end = b.data + b.len;
    while (*s && strchr(" \t\r\n", *s))
        s++;
    while (end > s && strchr(" \t\r\n", end[-1]))
        end--;
    *end = '\0';
    long w = x_text_weight(s);
    int rc = 0;
    if (w < 0)
        rc = ag_error_set(err, AG_EINVALID, "the text is not valid UTF-8: fix its encoding");
    else if (w > X_TEXT_MAX)
        rc = ag_error_set(
            err, AG_EINVALID,
            "the text weighs %ld characters as X counts them (URLs 23, emoji and CJK 2); X accepts "
            "at most %d: shorten it (nothing was sent)",
            w, X_TEXT_MAX);
    if (rc == 0 && !(*out = strdup(s)))
        rc = ag_error_set(err, AG_EFAIL, "out of memory");
    ag_buf_free(&b);
    return rc;
}
