#include "platforms/telegram/tg_message.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/text.h"

/* In the order of enum tg_parse_mode: tg_parse_mode_value indexes it. */
static const struct {
    const char *name;
    enum tg_parse_mode mode;
} modes[] = {
    {"HTML", TG_PARSE_HTML},
    {"Markdown", TG_PARSE_MARKDOWN},
    {"MarkdownV2", TG_PARSE_MARKDOWNV2},
    {"None", TG_PARSE_NONE},
};

int tg_parse_mode_parse(const char *s, enum tg_parse_mode *out, struct ag_error *err)
{
    if (!s || !*s) {
        *out = TG_PARSE_HTML;
        return 0;
    }
    for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
        if (strcasecmp(s, modes[i].name) == 0) {
            *out = modes[i].mode;
            return 0;
        }
    return ag_error_set(err, AG_EUSAGE,
                        "telegram: unknown parse mode '%.40s': use --parse-mode (or TELEGRAM_PARSE_MODE) "
                        "HTML, Markdown, MarkdownV2 or None",
                        s);
}

const char *tg_parse_mode_value(enum tg_parse_mode mode)
{
    return mode == TG_PARSE_NONE ? NULL : modes[mode].name;
}

int tg_utf8_valid(const char *s)
{
    return ag_utf8_valid(s, strlen(s));
}

/* UTF-16 code units of the character starting at *p (0 for a continuation byte). */
static size_t units(unsigned char c)
{
    return (c & 0xc0) == 0x80 ? 0 : c >= 0xf0 ? 2 : 1;
}

/* "&name;", "&#123;" or "&#x1F;": its length, or 0 if p does not start one. */
static size_t html_entity(const char *p, const char *end)
{
    const char *q = p + 1;
    if (q < end && *q == '#')
        q++;
    const char *start = q;
    while (q < end && q - start < 32 &&
           ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9')))
        q++;
    return q > start && q < end && *q == ';' ? (size_t)(q - p + 1) : 0;
}

static size_t html_length(const char *p, const char *end)
{
    size_t n = 0;
    while (p < end) {
        const char *close = *p == '<' ? memchr(p, '>', (size_t)(end - p)) : NULL;
        size_t entity = *p == '&' ? html_entity(p, end) : 0;
        if (close) {
            p = close + 1; /* a tag: not text */
        } else if (entity) {
            n++;
            p += entity;
        } else {
            n += units((unsigned char)*p++);
        }
    }
    return n;
}

/*
 * Markdown and MarkdownV2: every marker character is left out even where Telegram would show it
 * (inside code, say), so the count stays a lower bound; a backslash-escaped character counts once
 * and a link's "(target)" not at all.
 */
static size_t markdown_length(const char *p, const char *end, int v2)
{
    const char *markers = v2 ? "*_~|`[]" : "*_`[]";
    size_t n = 0;
    int line_start = 1;
    while (p < end) {
        if (*p == '\\' && p + 1 < end && (v2 || strchr("_*`[", p[1]))) {
            p++;
            n += units((unsigned char)*p++);
        } else if (*p == ']' && p + 1 < end && p[1] == '(') {
            for (p += 2; p < end && *p != ')'; p++)
                if (*p == '\\' && p + 1 < end)
                    p++;
            p += p < end;
        } else if (strchr(markers, *p) || (v2 && *p == '!' && p + 1 < end && p[1] == '[') ||
                   (v2 && *p == '>' && line_start)) {
            p++;
        } else {
            n += units((unsigned char)*p++);
        }
        line_start = p[-1] == '\n'; /* every branch above moved p on */
    }
    return n;
}

size_t tg_visible_length(const char *s, enum tg_parse_mode mode)
{
    /* Telegram drops leading and trailing white space from a message. */
    static const char ws[] = " \t\r\n";
    s += strspn(s, ws);
    const char *end = s + strlen(s);
    while (end > s && strchr(ws, end[-1]))
        end--;
    switch (mode) {
    case TG_PARSE_HTML:
        return html_length(s, end);
    case TG_PARSE_MARKDOWN:
    case TG_PARSE_MARKDOWNV2:
        return markdown_length(s, end, mode == TG_PARSE_MARKDOWNV2);
    case TG_PARSE_NONE:
        break;
    }
    size_t n = 0;
    while (s < end)
        n += units((unsigned char)*s++);
    return n;
}

/* Check s (what names it in a message) against max; 0 or -AG_EINVALID. */
static int check(const char *s, const char *what, size_t max, enum tg_parse_mode mode, struct ag_error *err)
{
    if (!tg_utf8_valid(s))
        return ag_error_set(err, AG_EINVALID, "telegram: the %s is not valid UTF-8: fix the text's encoding",
                            what);
    size_t n = tg_visible_length(s, mode);
    if (n > max)
        return ag_error_set(err, AG_EINVALID,
                            "telegram: the %s is %zu characters long (UTF-16 units, formatting excluded); "
                            "Telegram allows at most %zu: shorten it",
                            what, n, max);
    return 0;
}

static int present(const char *s)
{
    return s && *s;
}

static int dup_checked(const char *s, const char *what, size_t max, enum tg_parse_mode mode, char **out,
                       struct ag_error *err)
{
    int rc = check(s, what, max, mode, err);
    if (rc < 0)
        return rc;
    if (!(*out = strdup(s)))
        return ag_error_set(err, AG_EFAIL, "out of memory");
    return 0;
}

int tg_post_text(const char *text, const char *link, size_t n_images, enum tg_parse_mode mode, char **out,
                 struct ag_error *err)
{
    *out = NULL;
    const char *what = n_images ? "caption" : "message text";
    size_t max = n_images ? TG_CAPTION_MAX : TG_TEXT_MAX;
    if (!present(text) && !present(link)) {
        if (n_images)
            return 0;
        return ag_error_set(err, AG_EUSAGE, "telegram: nothing to post: give --text, --link or --image-1");
    }
    if (!present(text) || !present(link))
        return dup_checked(present(text) ? text : link, what, max, mode, out, err);
    size_t tl = strlen(text), ll = strlen(link);
    char *joined = malloc(tl + 1 + ll + 1);
    if (!joined)
        return ag_error_set(err, AG_EFAIL, "out of memory");
    memcpy(joined, text, tl);
    joined[tl] = '\n';
    memcpy(joined + tl + 1, link, ll + 1);
    int rc = check(joined, what, max, mode, err);
    if (rc < 0) {
        free(joined);
        return rc;
    }
    *out = joined;
    return 0;
}

int tg_video_caption(const char *text, const char *title, enum tg_parse_mode mode, char **out,
                     struct ag_error *err)
{
    *out = NULL;
    const char *caption = present(text) ? text : present(title) ? title : NULL;
    return caption ? dup_checked(caption, "video caption", TG_CAPTION_MAX, mode, out, err) : 0;
}
