/* Plain text out of feed elements: XML text, escaped HTML, inline XHTML (feed_impl.h). */
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>

#include "core/buf.h"
#include "core/feed_impl.h"

/* The HTML parser never reports (its errors are expected on tag soup) and never loads anything. */
#define HTML_OPTIONS (HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING)

int feed_is(const xmlNode *n, const char *ns, const char *name)
{
    if (!n || n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, name) != 0)
        return 0;
    if (!ns)
        return n->ns == NULL;
    return n->ns && n->ns->href && strcmp((const char *)n->ns->href, ns) == 0;
}

int feed_is_media(const xmlNode *n, const char *name)
{
    /* Feeds without the trailing slash exist (FEEDS_SHEETS §2.3): both spellings are Media RSS. */
    return feed_is(n, "http://search.yahoo.com/mrss/", name) ||
           feed_is(n, "http://search.yahoo.com/mrss", name);
}

char *feed_attr(const xmlNode *n, const char *ns, const char *name)
{
    xmlChar *v = ns ? xmlGetNsProp(n, (const xmlChar *)name, (const xmlChar *)ns)
                    : xmlGetNoNsProp(n, (const xmlChar *)name);
    char *copy = v ? strdup((const char *)v) : NULL;
    xmlFree(v);
    return copy;
}

static int is_space(const unsigned char *p)
{
    return *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' || *p == '\v';
}

char *feed_collapse(char *s)
{
    if (!s)
        return NULL;
    unsigned char *r = (unsigned char *)s, *w = r;
    int pending = 0;
    while (*r) {
        size_t skip = is_space(r) ? 1 : (r[0] == 0xC2 && r[1] == 0xA0) ? 2 : 0; /* U+00A0 too */
        if (skip) {
            pending = w != (unsigned char *)s;
            r += skip;
            continue;
        }
        if (pending)
            *w++ = ' ';
        pending = 0;
        *w++ = *r++;
    }
    *w = '\0';
    if (*s)
        return s;
    free(s);
    return NULL;
}

/* The concatenated text of n's descendants, as a malloc'd string (never NULL unless out of memory). */
static char *content(const xmlNode *n)
{
    xmlChar *c = xmlNodeGetContent(n);
    char *copy = strdup(c ? (const char *)c : "");
    xmlFree(c);
    return copy;
}

char *feed_text_plain(const xmlNode *n)
{
    return feed_collapse(content(n));
}

static int is_tag(const xmlNode *n, const char *const *names)
{
    for (; *names; names++)
        if (strcmp((const char *)n->name, *names) == 0)
            return 1;
    return 0;
}

/* Elements whose end separates words: "<p>a</p><p>b</p>" is "a b", not "ab". */
static int is_block(const xmlNode *n)
{
    static const char *const names[] = {
        "p",          "br",      "div",     "li",     "ul",     "ol",     "h1",         "h2",  "h3",  "h4",
        "h5",         "h6",      "tr",      "td",     "th",     "dd",     "dt",         "hr",  "pre", "table",
        "blockquote", "section", "article", "header", "footer", "figure", "figcaption", "img", NULL};
    return is_tag(n, names);
}

static int is_hidden(const xmlNode *n)
{
    static const char *const names[] = {"script", "style", "head", "template", NULL};
    return is_tag(n, names);
}

/*
 * Append the visible text under top to out.  Iterative: an HTML body may nest deeper than any
 * stack should follow (the HTML parser has no depth limit of its own).
 */
static int collect(const xmlNode *top, struct ag_buf *out)
{
    int bad = 0;
    const xmlNode *n = top->children;
    while (n && !bad) {
        int down = 0;
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
            bad |= n->content && ag_buf_puts(out, (const char *)n->content) < 0;
        else if (n->type == XML_ELEMENT_NODE && !is_hidden(n)) {
            bad |= is_block(n) && ag_buf_puts(out, " ") < 0;
            down = n->children != NULL;
        }
        if (down) {
            n = n->children;
            continue;
        }
        while (n != top && !n->next) {
            n = n->parent;
            bad |= n != top && n->type == XML_ELEMENT_NODE && is_block(n) && ag_buf_puts(out, " ") < 0;
        }
        n = n == top ? NULL : n->next;
    }
    return bad ? -1 : 0;
}

/* The collected text, whitespace collapsed; NULL when empty. */
static char *finish(struct ag_buf *out)
{
    char *text = ag_buf_detach(out);
    ag_buf_free(out); /* detach leaves a fresh empty buffer */
    return feed_collapse(text);
}

/* The text of an HTML fragment, whitespace collapsed; NULL when empty. */
static char *html_to_text(const char *html)
{
    size_t len = strlen(html);
    if (len == 0 || len > INT32_MAX)
        return NULL;
    htmlDocPtr doc = htmlReadMemory(html, (int)len, NULL, "UTF-8", HTML_OPTIONS);
    if (!doc)
        return NULL;
    struct ag_buf out;
    ag_buf_init(&out, 0);
    int rc = collect((const xmlNode *)doc, &out);
    xmlFreeDoc(doc);
    if (rc < 0) {
        ag_buf_free(&out);
        return NULL;
    }
    return finish(&out);
}

char *feed_text_html(const xmlNode *n)
{
    char *raw = content(n);
    if (!raw || !strpbrk(raw, "<&")) /* nothing to decode */
        return feed_collapse(raw);
    char *text = html_to_text(raw);
    free(raw);
    return text;
}

char *feed_text_unescaped(const xmlNode *n)
{
    char *raw = content(n);
    if (!raw || !strchr(raw, '&'))
        return feed_collapse(raw);
    /* Only entities are decoded: a "<b>" left after XML decoding is text, so it is escaped first. */
    struct ag_buf esc;
    ag_buf_init(&esc, 0);
    int bad = 0;
    for (const char *p = raw; *p && !bad; p++)
        bad = *p == '<' ? ag_buf_puts(&esc, "&lt;") < 0 : ag_buf_append(&esc, p, 1) < 0;
    char *text = bad ? NULL : html_to_text(esc.data);
    ag_buf_free(&esc);
    free(raw);
    return text;
}

char *feed_text_xhtml(const xmlNode *n)
{
    struct ag_buf out;
    ag_buf_init(&out, 0);
    if (collect(n, &out) < 0) {
        ag_buf_free(&out);
        return NULL;
    }
    return finish(&out);
}
