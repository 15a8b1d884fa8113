/*
 * A post's weighted length (§2.9), as twitter-text's v3 configuration counts it: code points in
 * U+0000-U+10FF, U+2000-U+200D, U+2010-U+201F and U+2032-U+2037 weigh 1, every other one 2; an
 * emoji weighs 2 whatever it is made of (ZWJ sequences, skin tones, variation selectors, flags);
 * every http:// or https:// URL weighs 23 (t.co), trailing sentence punctuation not included.
 * Deliberate simplifications: no NFC normalisation (a decomposed accent counts on its own), and
 * bare domains without a scheme are ordinary text.
 */
#include "sandbox/x/x.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "core/text.h"

#define URL_WEIGHT 23

static bool light(uint32_t cp)
{
    return cp <= 0x10FF || (cp >= 0x2000 && cp <= 0x200D) || (cp >= 0x2010 && cp <= 0x201F) ||
           (cp >= 0x2032 && cp <= 0x2037);
}

static bool emoji(uint32_t cp)
{
    return (cp >= 0x1F000 && cp <= 0x1FAFF) || (cp >= 0x2600 && cp <= 0x27BF);
}

/* Parts that join the emoji before them: selectors, skin tones, tags, the keycap mark. */
static bool emoji_modifier(uint32_t cp)
{
    return cp == 0xFE0F || cp == 0xFE0E || (cp >= 0x1F3FB && cp <= 0x1F3FF) ||
           (cp >= 0xE0020 && cp <= 0xE007F) || cp == 0x20E3;
}

static bool regional(uint32_t cp)
{
    return cp >= 0x1F1E6 && cp <= 0x1F1FF;
}

/* The length of a URL starting at p (after a space or the start), 0 if none. */
static size_t url_at(const char *text, const char *p)
{
    if (p > text && !isspace((unsigned char)p[-1]) && !strchr("([\"'", p[-1]))
        return 0;
    size_t scheme = strncasecmp(p, "https://", 8) == 0 ? 8 : strncasecmp(p, "http://", 7) == 0 ? 7 : 0;
    if (!scheme)
        return 0;
    size_t n = scheme;
    while (p[n] && !isspace((unsigned char)p[n]))
        n++;
    while (n > scheme && strchr(".,;:!?)]'\"", p[n - 1]))
        n--;
    return n > scheme ? n : 0;
}

static size_t next(const char *p, uint32_t *cp)
{
    size_t n = ag_utf8_decode(p, strnlen(p, 4), cp);
    return *cp == UINT32_MAX ? 0 : n;
}

long x_text_weight(const char *text)
{
    long weight = 0;
    const char *p = text;
    while (*p) {
        uint32_t cp, after;
        size_t n = url_at(text, p);
        if (n) {
            weight += URL_WEIGHT;
            p += n;
            continue;
        }
        if (!(n = next(p, &cp)))
            return -1;
        p += n;
        if (!emoji(cp)) {
            weight += light(cp) ? 1 : 2;
            continue;
        }
        weight += 2;
        bool flag = regional(cp);
        for (;;) { /* the rest of this emoji */
            if (!*p || !(n = next(p, &after)))
                break;
            if (emoji_modifier(after) || (flag && regional(after)))
                p += n, flag = false;
            else if (after == 0x200D && next(p + n, &cp) && emoji(cp))
                p += n + next(p + n, &cp);
            else
                break;
        }
    }
    return weight;
}
