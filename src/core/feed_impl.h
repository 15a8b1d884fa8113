/*
 * Internal to the feed parser (feed_*.c): the per-item draft the format readers fill, and the
 * text, URL and media helpers they share.  Not for other modules: they use core/feed.h.
 */
#ifndef AG_CORE_FEED_IMPL_H
#define AG_CORE_FEED_IMPL_H

#include <libxml/tree.h>

#include "core/feed.h"

#define NS_ATOM    "http://www.w3.org/2005/Atom"
#define NS_RSS1    "http://purl.org/rss/1.0/"
#define NS_RDF     "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define NS_CONTENT "http://purl.org/rss/1.0/modules/content/"
#define NS_DC      "http://purl.org/dc/elements/1.1/"
#define NS_ENC     "http://purl.oclc.org/net/rss_2.0/enc#"
#define NS_XHTML   "http://www.w3.org/1999/xhtml"

/* Candidates for a field have ranks: a lower rank wins, the first in document order among equals. */
#define RANK_UNREADABLE 100 /* added to a date's rank when ag_feed_date cannot read it */

#define BODY_RANKS 2 /* full content, then a summary */

/* What a format reader found in one item, before the §2.7 precedence is applied. */
struct feed_draft {
    char *id;   /* guid / Atom id / rdf:about (trimmed text), or NULL */
    char *link; /* absolute http(s) URL, or NULL */
    int link_rank;
    char *guid_link; /* RSS 2.0: the guid when it is a permalink (the link's fallback) */
    char *title;     /* plain text, or NULL */
    /* The first element of each body rank (full content, then summary): read as text only when
     * the item is finished, and only until one gives text (HTML parsing is most of the work). */
    const xmlNode *body_at[BODY_RANKS];
    char *(*body_text)(const xmlNode *n); /* how the format reads a body element */
    char *date;                           /* the date text used for published and for the hash key */
    int date_rank;
    char *image;
    int image_rank;
    char *video;
    int video_rank;
    char *first_media; /* the first enclosure / media URL of the item, for the hash key */
};

/* Element n is named name in namespace ns (NULL: no namespace). */
int feed_is(const xmlNode *n, const char *ns, const char *name);
/* The Media RSS namespace, with or without its trailing slash. */
int feed_is_media(const xmlNode *n, const char *name);
/* A copy of attribute name (in namespace ns, or none), or NULL; free with free(). */
char *feed_attr(const xmlNode *n, const char *ns, const char *name);

/* The text of n, whitespace collapsed, NULL when empty. */
char *feed_text_plain(const xmlNode *n);
/* The text of n with HTML entities decoded a second time but no tag removed (RSS titles). */
char *feed_text_unescaped(const xmlNode *n);
/* The text of n read as HTML: tags dropped, entities decoded, whitespace collapsed; NULL when empty. */
char *feed_text_html(const xmlNode *n);
/* The text of the XHTML markup under n (Atom type="xhtml"), whitespace collapsed; NULL when empty. */
char *feed_text_xhtml(const xmlNode *n);
/* Collapse runs of white space (and no-break spaces) to one space, trimmed, in place; NULL if empty. */
char *feed_collapse(char *s);

/* href resolved against n's base (xml:base, then the document URL): an absolute http(s) URL, or NULL. */
char *feed_url(const xmlNode *n, const char *href);

/* Replace *slot (freeing it) with value when value is not NULL and rank beats *rank. */
void feed_offer(char **slot, int *rank, char *value, int value_rank);
/* Offer a body element of this rank (< BODY_RANKS): the first of each rank is kept. */
void feed_offer_body(struct feed_draft *d, const xmlNode *n, int rank);
/* Offer a date text (owned) of this rank: an unreadable one loses to any readable one. */
void feed_offer_date(struct feed_draft *d, char *text, int rank);
/* A media object of MIME type / medium at url; image and video ranks as the caller's format orders them. */
void feed_media(struct feed_draft *d, const xmlNode *n, const char *url, const char *type, const char *medium,
                int image_rank, int video_rank);
/* Media RSS children of an item (media:content, media:group, media:thumbnail), ranks per §2.7. */
void feed_media_rss(struct feed_draft *d, const xmlNode *item, int content_rank, int thumb_rank);

/* Turn a draft into an item (keys, precedence); the draft is emptied.  Returns 0 or -1 (no memory). */
int feed_draft_finish(struct feed_draft *d, struct ag_feed_item *item);
void feed_draft_free(struct feed_draft *d);

/* Format readers: append the items under root to feed.  Return 0 or -1 (no memory). */
int feed_read_rss(const xmlNode *root, int rdf, struct ag_feed *feed);
int feed_read_atom(const xmlNode *root, struct ag_feed *feed);
/* Append a finished draft to feed->items. */
int feed_push(struct ag_feed *feed, struct feed_draft *d);

#endif
