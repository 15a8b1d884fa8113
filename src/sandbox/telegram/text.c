/*
 * parse_mode (§4.4): HTML, MarkdownV2 and the legacy Markdown, checked the way the docs state the
 * rules, and the text's characters counted after entity parsing (markup removed, HTML entities
 * decoded) for the 4096 / 1024 limits.  Characters are Unicode code points.
 *
 * HTML: the documented tags only (b strong i em u ins s strike del span class="tg-spoiler"
 * tg-spoiler a code pre blockquote tg-emoji), properly nested; '<' and '&' that start no tag or
 * entity are refused (the docs say to write &lt; and &amp;); entities are &lt; &gt; &amp; &quot;
 * and numeric ones.  A bare '>' is accepted (Telegram's own examples write it).
 * MarkdownV2: *bold* _italic_ __underline__ ~strike~ ||spoiler|| `code` ```pre``` [text](url)
 * and '>' quotes at a line start, properly nested; every other reserved character
 * _*[]()~`>#+-=|{}.! must be escaped with '\'.
 * Markdown: *bold* _italic_ `code` ```pre``` [text](url), not nested; '\' escapes _*`[.
 */
#include "sandbox/telegram/telegram.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 16

struct parser {
    const char *text;
    struct ag_buf *plain;
    char *err;
    size_t errlen;
};

static int fail(struct parser *p, size_t at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fail(struct parser *p, size_t at, const char *fmt, ...)
{
    char msg[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    snprintf(p->err, p->errlen, "can't parse entities: %s at byte offset %zu", msg, at);
    return -1;
}

/* ---- HTML ---- */

static const char *const html_tags[] = {"b",    "strong", "i",          "em",       "u",          "ins",
                                        "s",    "strike", "del",        "span",     "tg-spoiler", "a",
                                        "code", "pre",    "blockquote", "tg-emoji", NULL};

static bool html_tag_known(const char *name)
{
    for (const char *const *t = html_tags; *t; t++)
        if (strcmp(*t, name) == 0)
            return true;
    return false;
}

/* An entity at s ('&'); its length, 0 if not one.  The decoded character goes to plain. */
static size_t html_entity(const char *s, struct ag_buf *plain)
{
    static const char *const named[][2] = {{"&lt;", "<"}, {"&gt;", ">"}, {"&amp;", "&"}, {"&quot;", "\""}};
    for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++)
        if (strncmp(s, named[i][0], strlen(named[i][0])) == 0) {
            ag_buf_puts(plain, named[i][1]);
            return strlen(named[i][0]);
        }
    if (s[1] != '#')
        return 0;
    bool hex = s[2] == 'x' || s[2] == 'X';
    const char *digits = s + 2 + hex;
    size_t n = strspn(digits, hex ? "0123456789abcdefABCDEF" : "0123456789");
    if (n == 0 || n > 7 || digits[n] != ';')
        return 0;
    long cp = strtol(digits, NULL, hex ? 16 : 10);
    if (cp <= 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    ag_buf_puts(plain, "?"); /* one character; which one does not matter for counting */
    return (size_t)(digits + n + 1 - s);
}

static int parse_html(struct parser *p)
{
    char stack[MAX_DEPTH][16];
    int depth = 0;
    const char *s = p->text;
    for (size_t i = 0; s[i];) {
        if (s[i] == '&') {
            size_t n = html_entity(s + i, p->plain);
            if (!n)
                return fail(p, i, "unescaped '&' (write &amp;)");
            i += n;
        } else if (s[i] == '<') {
            size_t start = i;
            bool end = s[i + 1] == '/';
            size_t name_at = i + 1 + end;
            size_t n = strspn(s + name_at, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-");
            const char *close = strchr(s + name_at, '>');
            if (n == 0)
                return fail(p, start, "unescaped '<' (write &lt;)");
            if (!close)
                return fail(p, start, "Unclosed start tag");
            char name[16] = "";
            snprintf(name, sizeof(name), "%.*s", (int)(n < 15 ? n : 15), s + name_at);
            for (char *c = name; *c; c++)
                *c = (char)tolower((unsigned char)*c);
            if (end) {
                if (depth == 0 || strcmp(stack[depth - 1], name) != 0 || s[name_at + n] != '>')
                    return fail(p, start, "Unexpected end tag");
                depth--;
            } else {
                if (!html_tag_known(name) || n >= 15)
                    return fail(p, start, "Unsupported start tag \"%s\"", name);
                if (strcmp(name, "span") == 0 && !strstr(s + name_at, "class=\"tg-spoiler\""))
                    return fail(p, start, "Tag \"span\" must have class \"tg-spoiler\"");
                if (depth == MAX_DEPTH)
                    return fail(p, start, "Too deep nesting");
                snprintf(stack[depth++], sizeof(stack[0]), "%s", name);
            }
            i = (size_t)(close - s) + 1;
        } else {
            ag_buf_append(p->plain, s + i, 1);
            i++;
        }
    }
    if (depth > 0) {
        char msg[80];
        snprintf(msg, sizeof(msg), "Can't find end tag corresponding to start tag \"%s\"", stack[depth - 1]);
        snprintf(p->err, p->errlen, "can't parse entities: %s", msg);
        return -1;
    }
    return 0;
}

/* ---- MarkdownV2 ---- */

static const char v2_reserved[] = "_*[]()~`>#+-=|{}.!";

/* The entity a marker at s opens or closes, and its length; NULL if s is no marker. */
static const char *v2_marker(const char *s, size_t *len)
{
    *len = 1;
    if (s[0] == '_' && s[1] == '_') {
        *len = 2;
        return "Underline";
    }
    if (s[0] == '|' && s[1] == '|') {
        *len = 2;
        return "Spoiler";
    }
    switch (s[0]) {
    case '*':
        return "Bold";
    case '_':
        return "Italic";
    case '~':
        return "Strikethrough";
    default:
        return NULL;
    }
}

/* `code` or ```pre``` at s: its length, 0 if it does not end. */
static size_t v2_code(const char *s, struct ag_buf *plain)
{
    bool pre = strncmp(s, "```", 3) == 0;
    const char *q = s + (pre ? 3 : 1);
    while (*q) {
        if (*q == '\\' && (q[1] == '`' || q[1] == '\\')) {
            ag_buf_append(plain, q + 1, 1);
            q += 2;
        } else if (pre ? strncmp(q, "```", 3) == 0 : *q == '`')
            return (size_t)(q - s) + (pre ? 3 : 1);
        else
            ag_buf_append(plain, q++, 1);
    }
    return 0;
}

/* "(url)" after a link's text: its length, 0 if malformed (')' and '\' escaped inside). */
static size_t v2_link_url(const char *s)
{
    if (*s != '(')
        return 0;
    for (const char *q = s + 1; *q; q++) {
        if (*q == '\\' && q[1])
            q++;
        else if (*q == ')')
            return (size_t)(q - s) + 1;
    }
    return 0;
}

static int parse_markdown_v2(struct parser *p)
{
    const char *stack[MAX_DEPTH];
    size_t opened_at[MAX_DEPTH];
    int depth = 0;
    const char *s = p->text;
    for (size_t i = 0; s[i];) {
        size_t len;
        const char *entity = v2_marker(s + i, &len);
        char c = s[i];
        if (c == '\\') {
            if (!s[i + 1] || (unsigned char)s[i + 1] > 126)
                return fail(p, i, "Character '\\' is reserved and must be escaped with the preceding '\\'");
            ag_buf_append(p->plain, s + i + 1, 1);
            i += 2;
        } else if (entity) {
            if (depth > 0 && stack[depth - 1] == entity)
                depth--;
            else {
                for (int d = 0; d < depth; d++)
                    if (stack[d] == entity)
                        return fail(p, opened_at[d], "Can't find end of %s entity", entity);
                if (depth == MAX_DEPTH)
                    return fail(p, i, "Too deep nesting");
                opened_at[depth] = i;
                stack[depth++] = entity;
            }
            i += len;
        } else if (c == '`') {
            size_t n = v2_code(s + i, p->plain);
            if (!n)
                return fail(p, i, "Can't find end of %s entity",
                            strncmp(s + i, "```", 3) == 0 ? "Pre" : "Code");
            i += n;
        } else if (c == '[' || (c == '!' && s[i + 1] == '[')) {
            if (depth == MAX_DEPTH)
                return fail(p, i, "Too deep nesting");
            opened_at[depth] = i;
            stack[depth++] = "TextUrl";
            i += c == '!' ? 2 : 1;
        } else if (c == ']') {
            size_t n = depth > 0 && strcmp(stack[depth - 1], "TextUrl") == 0 ? v2_link_url(s + i + 1) : 0;
            if (!n)
                return fail(p, i, "Character ']' is reserved and must be escaped with the preceding '\\'");
            depth--;
            i += 1 + n;
        } else if (c == '>' && (i == 0 || s[i - 1] == '\n')) {
            i++; /* a quote line */
        } else if (strchr(v2_reserved, c)) {
            char what[2] = {c, '\0'};
            return fail(p, i, "Character '%s' is reserved and must be escaped with the preceding '\\'", what);
        } else {
            ag_buf_append(p->plain, s + i, 1);
            i++;
        }
    }
    if (depth > 0)
        return fail(p, opened_at[depth - 1], "Can't find end of %s entity", stack[depth - 1]);
    return 0;
}

/* ---- legacy Markdown ---- */

static int parse_markdown(struct parser *p)
{
    const char *s = p->text;
    for (size_t i = 0; s[i];) {
        char c = s[i];
        if (c == '\\' && s[i + 1] && strchr("_*`[", s[i + 1])) {
            ag_buf_append(p->plain, s + i + 1, 1);
            i += 2;
        } else if (c == '*' || c == '_' || c == '`') {
            bool pre = strncmp(s + i, "```", 3) == 0;
            const char *end = pre ? strstr(s + i + 3, "```") : strchr(s + i + 1, c);
            if (!end)
                return fail(p, i, "Can't find end of the entity starting");
            const char *inner = s + i + (pre ? 3 : 1);
            ag_buf_append(p->plain, inner, (size_t)(end - inner));
            i = (size_t)(end - s) + (pre ? 3 : 1);
        } else if (c == '[') {
            const char *close = strchr(s + i + 1, ']');
            const char *url_end = close && close[1] == '(' ? strchr(close + 2, ')') : NULL;
            if (!url_end)
                return fail(p, i, "Can't find end of the entity starting");
            ag_buf_append(p->plain, s + i + 1, (size_t)(close - s - i - 1));
            i = (size_t)(url_end - s) + 1;
        } else {
            ag_buf_append(p->plain, s + i, 1);
            i++;
        }
    }
    return 0;
}

int tg_text_parse(const char *text, const char *parse_mode, struct ag_buf *plain, char *err, size_t errlen)
{
    struct parser p = {.text = text, .plain = plain, .err = err, .errlen = errlen};
    ag_buf_reset(plain);
    if (!sbx_utf8_valid(text)) {
        snprintf(err, errlen, "strings must be encoded in UTF-8");
        return -1;
    }
    if (!parse_mode || !*parse_mode) {
        ag_buf_puts(plain, text);
        return 0;
    }
    if (strcmp(parse_mode, "HTML") == 0)
        return parse_html(&p);
    if (strcmp(parse_mode, "MarkdownV2") == 0)
        return parse_markdown_v2(&p);
    if (strcmp(parse_mode, "Markdown") == 0)
        return parse_markdown(&p);
    snprintf(err, errlen, "unsupported parse_mode");
    return -1;
}
