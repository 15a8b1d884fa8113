/*
 * §6.1's counting rules.  Text length is in characters, except that emojis count as their UTF-8
 * bytes (the 2026 pages, §8); emoji here means the pictographic planes U+1F000-U+1FAFF, the
 * symbols U+2600-U+27BF and U+2B00-U+2BFF, and the joiners U+200D and U+FE0F.  Links are the
 * unique whitespace-separated words starting http:// or https://, trailing punctuation dropped,
 * plus link_attachment when it is not one of them.
 */
#include "sandbox/threads/threads.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static unsigned long code_point(const char *s, size_t n)
{
    unsigned long cp = n == 1 ? (unsigned char)s[0] : (unsigned char)s[0] & (0x7F >> n);
    for (size_t i = 1; i < n; i++)
        cp = (cp << 6) | ((unsigned char)s[i] & 0x3F);
    return cp;
}

static bool is_emoji(unsigned long cp)
{
    return (cp >= 0x1F000 && cp <= 0x1FAFF) || (cp >= 0x2600 && cp <= 0x27BF) ||
           (cp >= 0x2B00 && cp <= 0x2BFF) || cp == 0x200D || cp == 0xFE0F;
}

size_t th_text_length(const char *text)
{
    size_t len = 0;
    for (const char *p = text; *p;) {
        size_t n = sbx_utf8_seq(p);
        if (n == 0)
            n = 1; /* the caller refuses invalid UTF-8 first */
        len += is_emoji(code_point(p, n)) ? n : 1;
        p += n;
    }
    return len;
}

static void add_link(json_t *seen, const char *word, size_t n)
{
    while (n > 0 && strchr(".,;:!?)\"'", word[n - 1]))
        n--;
    char *key = n ? strndup(word, n) : NULL;
    if (key)
        json_object_set_new(seen, key, json_true());
    free(key);
}

size_t th_link_count(const char *text, const char *link_attachment)
{
    json_t *seen = json_object();
    for (const char *p = text ? text : ""; *p;) {
        size_t space = strspn(p, " \t\r\n"), n;
        p += space;
        n = strcspn(p, " \t\r\n");
        if (strncasecmp(p, "http://", 7) == 0 || strncasecmp(p, "https://", 8) == 0)
            add_link(seen, p, n);
        p += n;
    }
    if (link_attachment && *link_attachment)
        add_link(seen, link_attachment, strlen(link_attachment));
    size_t count = json_object_size(seen);
    json_decref(seen);
    return count;
}
