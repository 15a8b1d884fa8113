/* Threads' text rules (see text.h). */
#include "platforms/threads/text.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/text.h"

/* The emoji blocks (pictographs, symbols, dingbats, flags) and their joiners and selectors. */
static int is_emoji(uint32_t cp)
{
    return (cp >= 0x1F000 && cp <= 0x1FAFF) || (cp >= 0x2600 && cp <= 0x27BF) || cp == 0x200D ||
           (cp >= 0xFE00 && cp <= 0xFE0F);
}

long th_text_length(const char *text)
{
    long n = 0;
    size_t len = strlen(text);
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = ag_utf8_decode(text + i, len - i, &cp);
        if (cp == UINT32_MAX)
            return -1;
        n += is_emoji(cp) ? (long)k : 1;
        i += k;
    }
    return n;
}

#define URLS_MAX 64

/* Append the URLs of s not yet in urls (pointers into s with their lengths). */
static void collect(const char *s, const char **urls, size_t *lens, int *n)
{
    for (const char *p = s; p && *p;) {
        const char *h = strstr(p, "http");
        if (!h)
            return;
        size_t scheme = strncasecmp(h, "https://", 8) == 0 ? 8 : strncasecmp(h, "http://", 7) == 0 ? 7 : 0;
        if (scheme == 0 || (h > s && !strchr(" \t\n(\"'<", h[-1]))) {
            p = h + 4;
            continue;
        }
        size_t len = strcspn(h, " \t\r\n\"'<>");
        int seen = 0;
        for (int i = 0; i < *n && !seen; i++)
            seen = lens[i] == len && strncmp(urls[i], h, len) == 0;
        if (!seen && *n < URLS_MAX)
            urls[*n] = h, lens[(*n)++] = len;
        p = h + len;
    }
}

int th_link_count(const char *text, const char *link)
{
    const char *urls[URLS_MAX];
    size_t lens[URLS_MAX];
    int n = 0;
    collect(text, urls, lens, &n);
    collect(link, urls, lens, &n);
    return n;
}

int th_text_check(const char *text, const char *link, struct ag_error *err)
{
    long len = text ? th_text_length(text) : 0;
    if (len < 0)
        return ag_error_set(err, AG_EINVALID, "the text is not valid UTF-8: fix its encoding");
    if (len > TH_TEXT_MAX)
        return ag_error_set(
            err, AG_EINVALID,
            "the text is %ld characters long (emojis count as their UTF-8 bytes); Threads takes "
            "at most %d: shorten it (nothing was sent)",
            len, TH_TEXT_MAX);
    int links = th_link_count(text, link);
    if (links > TH_LINKS_MAX)
        return ag_error_set(err, AG_EINVALID,
                            "the post has %d links; Threads takes at most %d: remove some (nothing was sent)",
                            links, TH_LINKS_MAX);
    return 0;
}

int th_text_join(const char *a, const char *sep, const char *b, char **out, struct ag_error *err)
{
    int has_a = a && *a, has_b = b && *b;
    struct ag_buf buf;
    *out = NULL;
    if (!has_a && !has_b)
        return 0;
    ag_buf_init(&buf, 0);
    if (ag_buf_printf(&buf, "%s%s%s", has_a ? a : "", has_a && has_b ? sep : "", has_b ? b : "") < 0) {
        ag_buf_free(&buf);
        return ag_error_set(err, AG_EFAIL, "out of memory");
    }
    *out = buf.data; /* the buffer's string is the caller's now */
    return 0;
}
