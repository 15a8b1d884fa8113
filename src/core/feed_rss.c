/*
 * RSS 2.0 (and 0.91/0.92, its subsets) and RSS 1.0 / RDF items into drafts, by the §2.7 table.
 * RSS 2.0 elements have no namespace; RSS 1.0's are in NS_RSS1 and its items are siblings of
 * the channel, each named by rdf:about.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/feed_impl.h"

/* Ranks (lower wins): content:encoded > description; pubDate > dc:date. */
enum { BODY_FULL, BODY_SUMMARY };
enum { DATE_PUB, DATE_DC };
/* Media: media:content > media:thumbnail > enclosure for images; media:content > enclosure for videos. */
enum { MEDIA_CONTENT, MEDIA_THUMB, MEDIA_ENCLOSURE };

static void guid(struct feed_draft *d, const xmlNode *n)
{
    free(d->id);
    d->id = feed_text_plain(n);
    char *permalink = feed_attr(n, NULL, "isPermaLink");
    /* isPermaLink defaults to true; a guid such as "post-12" is still no URL, so only an absolute one serves.
     */
    int is_link = !permalink || strcasecmp(permalink, "false") != 0;
    free(permalink);
    free(d->guid_link);
    d->guid_link = is_link && d->id && strstr(d->id, "://") ? feed_url(n, d->id) : NULL;
}

static void enclosure(struct feed_draft *d, const xmlNode *n, const char *url_ns, const char *url_attr,
                      const char *type_ns)
{
    char *url = feed_attr(n, url_ns, url_attr), *type = feed_attr(n, type_ns, "type");
    feed_media(d, n, url, type, NULL, MEDIA_ENCLOSURE, MEDIA_ENCLOSURE);
    free(url);
    free(type);
}

static void link(struct feed_draft *d, const xmlNode *n)
{
    char *href = feed_text_plain(n);
    feed_offer(&d->link, &d->link_rank, feed_url(n, href), 0);
    free(href);
}

/* One child of an item; ns is the format's own namespace (NULL for RSS 2.0). */
static void item_child(struct feed_draft *d, const xmlNode *c, const char *ns)
{
    if (feed_is(c, ns, "title")) {
        free(d->title);
        d->title = feed_text_unescaped(c);
    } else if (feed_is(c, ns, "link")) {
        link(d, c);
    } else if (feed_is(c, ns, "description")) {
        feed_offer_body(d, c, BODY_SUMMARY);
    } else if (feed_is(c, NS_CONTENT, "encoded")) {
        feed_offer_body(d, c, BODY_FULL);
    } else if (!ns && feed_is(c, NULL, "pubDate")) {
        feed_offer_date(d, feed_text_plain(c), DATE_PUB);
    } else if (feed_is(c, NS_DC, "date")) {
        feed_offer_date(d, feed_text_plain(c), DATE_DC);
    } else if (!ns && feed_is(c, NULL, "guid")) {
        guid(d, c);
    } else if (!ns && feed_is(c, NULL, "enclosure")) {
        enclosure(d, c, NULL, "url", NULL);
    } else if (feed_is(c, NS_ENC, "enclosure")) { /* RSS 1.0's mod_enclosure */
        enclosure(d, c, NS_RDF, "resource", NS_ENC);
    }
}

static int read_item(const xmlNode *item, const char *ns, struct ag_feed *feed)
{
    struct feed_draft d = {.body_text = feed_text_html};
    if (ns)
        d.id = feed_collapse(feed_attr(item, NS_RDF, "about"));
    for (const xmlNode *c = item->children; c; c = c->next)
        item_child(&d, c, ns);
    feed_media_rss(&d, item, MEDIA_CONTENT, MEDIA_THUMB);
    return feed_push(feed, &d);
}

static void channel_title(const xmlNode *channel, const char *ns, struct ag_feed *feed)
{
    for (const xmlNode *c = channel->children; c && !feed->title; c = c->next)
        if (feed_is(c, ns, "title"))
            feed->title = feed_text_unescaped(c);
}

int feed_read_rss(const xmlNode *root, int rdf, struct ag_feed *feed)
{
    const char *ns = rdf ? NS_RSS1 : NULL;
    for (const xmlNode *n = root->children; n; n = n->next) {
        if (feed_is(n, ns, "channel")) {
            channel_title(n, ns, feed);
            for (const xmlNode *c = n->children; !rdf && c; c = c->next) /* RSS 2.0: items in the channel */
                if (feed_is(c, NULL, "item") && read_item(c, NULL, feed) < 0)
                    return -1;
        } else if (rdf && feed_is(n, ns, "item") && read_item(n, ns, feed) < 0) { /* RSS 1.0: beside it */
            return -1;
        }
    }
    return 0;
}
