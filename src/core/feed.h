/*
 * RSS 2.0, RSS 1.0 (RDF) and Atom 1.0 feeds, fetched with libcurl and parsed with libxml2 into one
 * item model (api/FEEDS_SHEETS.md §2.7).  Parsing never touches the network or the file system and
 * never expands entities: a document whose DTD declares any entity is refused (§3.5).
 */
#ifndef AG_CORE_FEED_H
#define AG_CORE_FEED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/error.h"

enum ag_feed_format { AG_FEED_RSS2, AG_FEED_RSS1, AG_FEED_ATOM };

struct ag_feed_item {
    char *key;   /* never NULL: guid / Atom id / rdf:about; else link; else a hash of title, date, media */
    char *link;  /* absolute http(s) URL (relative ones resolved against xml:base / base_url), or NULL */
    char *title; /* plain text, or NULL: entities decoded; Atom type="html" without its tags; markup in an
                    RSS title is kept as text (titles are plain text, FEEDS_SHEETS §2.6) */
    char *body;  /* plain text: content:encoded > content > description / summary, or NULL */
    bool dated;  /* false: the item has no date the parser could read */
    int64_t published; /* Unix seconds, UTC (when dated) */
    char *image; /* absolute http(s) URL from media:content / media:thumbnail / an image enclosure, or NULL */
    char *video; /* absolute http(s) URL from media:content / a video enclosure, or NULL (audio is neither) */
    size_t order; /* position in the document, 0-based */
};

struct ag_feed {
    enum ag_feed_format format;
    char *title; /* the channel's / feed's title, or NULL */
    struct ag_feed_item *items;
    size_t n_items;
};

/* The largest document ag_feed_parse reads, and ag_feed_get's default cap (10 MB). */
#define AG_FEED_MAX_BYTES ((size_t)10000000)

/*
 * Parse len bytes of a feed; base_url resolves relative links (the URL the feed was fetched from).
 * Returns 0, or -AG_EFAIL with err naming the problem ("not well-formed XML at line 3: …",
 * "the feed declares entities, which are refused", "not an RSS or Atom feed: root <html>").
 */
int ag_feed_parse(const char *data, size_t len, const char *base_url, struct ag_feed *out,
                  struct ag_error *err);
void ag_feed_free(struct ag_feed *feed);

/*
 * A date as feeds send it (RFC 822 with its variants, RFC 3339 / ISO 8601); false if unreadable.
 * A zone name outside RFC 822 (BST, CEST…) makes it unreadable, never UTC; no zone at all is UTC.
 */
bool ag_feed_date(const char *text, int64_t *unix_seconds);

/* A conditional GET of a feed, bounded in size and time. */
struct ag_feed_fetch {
    const char *url;
    const char *etag;          /* sent as If-None-Match when not NULL */
    const char *last_modified; /* sent as If-Modified-Since when not NULL */
    uint64_t max_bytes;        /* decoded body cap; 0 = 10 MB */
    long timeout_s;            /* whole fetch; 0 = 30 */
};

struct ag_feed_body {
    long status;        /* 200, or 304 (not modified: body empty) */
    struct ag_buf body; /* the document (status 200) */
    char *etag;         /* validators of a 200 answer, to store for the next run; NULL if absent */
    char *last_modified;
    char *moved_to; /* the target of a permanent redirect (301/308), to store instead of url; or NULL */
};

/* Fetch; a status other than 200/304 (after at most 5 redirects) is an error naming it.  Returns 0 or a
 * negative AG_E code (-AG_ETEMP for network failures, 429 and 5xx: worth retrying later). */
int ag_feed_get(const struct ag_feed_fetch *req, struct ag_feed_body *out, struct ag_error *err);
void ag_feed_body_free(struct ag_feed_body *body);

#endif
