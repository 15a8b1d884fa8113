/* One item's draft: URLs, media candidates and the §2.7 precedence that turns it into an item. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/uri.h>
#include <openssl/evp.h>

#include "core/feed_impl.h"
#include "core/text.h"

char *feed_url(const xmlNode *n, const char *href)
{
    if (!href)
        return NULL;
    char *copy = feed_collapse(strdup(href)); /* feeds pad URLs with newlines */
    if (!copy)
        return NULL;
    xmlChar *base = xmlNodeGetBase(n->doc, n);
    xmlChar *abs = xmlBuildURI((const xmlChar *)copy, base);
    free(copy);
    xmlFree(base);
    /* Only http(s) is posted or fetched: javascript:, data: or file: links are dropped. */
    const char *s = (const char *)abs;
    char *out = s && (strncasecmp(s, "http://", 7) == 0 || strncasecmp(s, "https://", 8) == 0) && s[7]
                    ? strdup(s)
                    : NULL;
    xmlFree(abs);
    return out;
}

void feed_offer(char **slot, int *rank, char *value, int value_rank)
{
    if (!value)
        return;
    if (*slot && *rank <= value_rank) {
        free(value);
        return;
    }
    free(*slot);
    *slot = value;
    *rank = value_rank;
}

void feed_offer_body(struct feed_draft *d, const xmlNode *n, int rank)
{
    if (!d->body_at[rank])
        d->body_at[rank] = n;
}

void feed_offer_date(struct feed_draft *d, char *text, int rank)
{
    int64_t t;
    feed_offer(&d->date, &d->date_rank, text, text && ag_feed_date(text, &t) ? rank : rank + RANK_UNREADABLE);
}

static int starts_with(const char *s, const char *prefix)
{
    return s && strncasecmp(s, prefix, strlen(prefix)) == 0;
}

void feed_media(struct feed_draft *d, const xmlNode *n, const char *url, const char *type, const char *medium,
                int image_rank, int video_rank)
{
    char *abs = feed_url(n, url);
    if (!abs)
        return; /* a media object without a usable URL is skipped, not the item */
    if (!d->first_media)
        d->first_media = strdup(abs);
    /* An explicit medium wins over the type; audio, documents and unknown types are neither. */
    int image = medium ? strcasecmp(medium, "image") == 0 : starts_with(type, "image/");
    int video = medium ? strcasecmp(medium, "video") == 0 : starts_with(type, "video/");
    if (image)
        feed_offer(&d->image, &d->image_rank, abs, image_rank);
    else if (video)
        feed_offer(&d->video, &d->video_rank, abs, video_rank);
    else
        free(abs);
}

static void thumbnail(struct feed_draft *d, const xmlNode *n, int rank)
{
    char *url = feed_attr(n, NULL, "url");
    feed_offer(&d->image, &d->image_rank, feed_url(n, url), rank);
    free(url);
}

/* media:content (with its own media:thumbnail children), under an item or a media:group. */
static void media_content(struct feed_draft *d, const xmlNode *n, int content_rank, int thumb_rank)
{
    char *url = feed_attr(n, NULL, "url"), *type = feed_attr(n, NULL, "type");
    char *medium = feed_attr(n, NULL, "medium");
    feed_media(d, n, url, type, medium, content_rank, content_rank);
    free(url);
    free(type);
    free(medium);
    for (const xmlNode *c = n->children; c; c = c->next)
        if (feed_is_media(c, "thumbnail"))
            thumbnail(d, c, thumb_rank);
}

void feed_media_rss(struct feed_draft *d, const xmlNode *item, int content_rank, int thumb_rank)
{
    for (const xmlNode *c = item->children; c; c = c->next) {
        if (feed_is_media(c, "content"))
            media_content(d, c, content_rank, thumb_rank);
        else if (feed_is_media(c, "thumbnail"))
            thumbnail(d, c, thumb_rank);
        else if (feed_is_media(c, "group"))
            feed_media_rss(d, c, content_rank, thumb_rank);
    }
}

/* "sha256:" + hex of title, date and first media URL, each NUL-terminated: stable across runs. */
static char *hash_key(const struct feed_draft *d)
{
    const char *parts[] = {d->title ? d->title : "", d->date ? d->date : "",
                           d->first_media ? d->first_media : ""};
    unsigned char md[32];
    unsigned int md_len = 0;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    int ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1;
    for (size_t i = 0; ok && i < sizeof(parts) / sizeof(parts[0]); i++)
        ok = EVP_DigestUpdate(ctx, parts[i], strlen(parts[i]) + 1) == 1;
    ok = ok && EVP_DigestFinal_ex(ctx, md, &md_len) == 1 && md_len == sizeof(md);
    EVP_MD_CTX_free(ctx);
    char *key = ok ? malloc(7 + 2 * sizeof(md) + 1) : NULL;
    if (key) {
        memcpy(key, "sha256:", 7);
        ag_hex_encode(md, sizeof(md), key + 7);
    }
    return key;
}

int feed_draft_finish(struct feed_draft *d, struct ag_feed_item *item)
{
    memset(item, 0, sizeof(*item));
    if (!d->link) { /* RSS 2.0: a permalink guid stands in for a missing link */
        d->link = d->guid_link;
        d->guid_link = NULL;
    }
    item->key = d->id ? d->id : d->link ? strdup(d->link) : hash_key(d);
    d->id = NULL;
    if (!item->key)
        return -1;
    item->dated = d->date && ag_feed_date(d->date, &item->published);
    item->link = d->link;
    item->title = d->title;
    for (int r = 0; r < BODY_RANKS && !item->body; r++) /* an empty full content falls back to the summary */
        item->body = d->body_at[r] ? d->body_text(d->body_at[r]) : NULL;
    item->image = d->image;
    item->video = d->video;
    d->link = d->title = d->image = d->video = NULL;
    feed_draft_free(d);
    return 0;
}

void feed_draft_free(struct feed_draft *d)
{
    free(d->id);
    free(d->link);
    free(d->guid_link);
    free(d->title);
    free(d->date);
    free(d->image);
    free(d->video);
    free(d->first_media);
    memset(d, 0, sizeof(*d));
}
