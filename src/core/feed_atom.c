/* Atom 1.0 (RFC 4287) entries into drafts, by the §2.7 table. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/feed_impl.h"

/* Ranks (lower wins): content > summary; published > updated; rel=enclosure links > media:content >
 * media:thumbnail; an alternate link of type text/html > one with no type > any other type. */
enum { BODY_CONTENT, BODY_SUMMARY };
enum { DATE_PUBLISHED, DATE_UPDATED };
enum { MEDIA_LINK, MEDIA_CONTENT, MEDIA_THUMB };
enum { LINK_HTML, LINK_UNTYPED, LINK_OTHER };

/* Text of the given type (a text construct's, or atom:content's MIME type); NULL for binary content. */
static char *typed_text(const xmlNode *n, const char *type)
{
    if (!type || strcmp(type, "text") == 0)
        return feed_text_plain(n);
    if (strcmp(type, "html") == 0 || strcasecmp(type, "text/html") == 0)
        return feed_text_html(n);
    if (strcmp(type, "xhtml") == 0 || strcasecmp(type, "application/xhtml+xml") == 0)
        return feed_text_xhtml(n);
    return strncasecmp(type, "text/", 5) == 0 ? feed_text_plain(n) : NULL;
}

/* A text construct (§3.1) or atom:content as plain text; NULL for out-of-line content (src=). */
static char *text_construct(const xmlNode *n)
{
    char *type = feed_attr(n, NULL, "type"), *src = feed_attr(n, NULL, "src");
    char *text = src ? NULL : typed_text(n, type);
    free(type);
    free(src);
    return text;
}

static void link(struct feed_draft *d, const xmlNode *n)
{
    char *rel = feed_attr(n, NULL, "rel"), *href = feed_attr(n, NULL, "href");
    char *type = feed_attr(n, NULL, "type");
    if (!rel || strcmp(rel, "alternate") == 0) { /* no rel means alternate (§4.2.7.2) */
        int rank = !type ? LINK_UNTYPED : strcasecmp(type, "text/html") == 0 ? LINK_HTML : LINK_OTHER;
        feed_offer(&d->link, &d->link_rank, feed_url(n, href), rank);
    } else if (strcmp(rel, "enclosure") == 0) {
        feed_media(d, n, href, type, NULL, MEDIA_LINK, MEDIA_LINK);
    }
    free(rel);
    free(href);
    free(type);
}

static void entry_child(struct feed_draft *d, const xmlNode *c)
{
    if (feed_is(c, NS_ATOM, "id")) {
        free(d->id);
        d->id = feed_text_plain(c);
    } else if (feed_is(c, NS_ATOM, "title")) {
        free(d->title);
        d->title = text_construct(c);
    } else if (feed_is(c, NS_ATOM, "link")) {
        link(d, c);
    } else if (feed_is(c, NS_ATOM, "content")) {
        feed_offer_body(d, c, BODY_CONTENT);
    } else if (feed_is(c, NS_ATOM, "summary")) {
        feed_offer_body(d, c, BODY_SUMMARY);
    } else if (feed_is(c, NS_ATOM, "published")) {
        feed_offer_date(d, feed_text_plain(c), DATE_PUBLISHED);
    } else if (feed_is(c, NS_ATOM, "updated")) {
        feed_offer_date(d, feed_text_plain(c), DATE_UPDATED);
    }
}

int feed_read_atom(const xmlNode *root, struct ag_feed *feed)
{
    for (const xmlNode *n = root->children; n; n = n->next) {
        if (feed_is(n, NS_ATOM, "title") && !feed->title) {
            feed->title = text_construct(n);
        } else if (feed_is(n, NS_ATOM, "entry")) {
            struct feed_draft d = {.body_text = text_construct};
            for (const xmlNode *c = n->children; c; c = c->next)
                entry_child(&d, c);
            feed_media_rss(&d, n, MEDIA_CONTENT, MEDIA_THUMB);
            if (feed_push(feed, &d) < 0)
                return -1;
        }
    }
    return 0;
}
