/*
 * A web page's OpenGraph preview (https://ogp.me): og:title, og:description and og:image, with the
 * page's <title>, <meta name="description"> and twitter:* tags as fallbacks.  The page is fetched with
 * a bounded size and time and parsed by libxml2's HTML parser with no network access and no entity
 * loading.  Networks that show a link as a card (Discord's embed, LinkedIn's article) use it.
 */
#ifndef AG_OPENGRAPH_H
#define AG_OPENGRAPH_H

#include <stddef.h>

#include "core/error.h"

struct ag_og {
    char *title;       /* NULL when the page does not say; white space collapsed */
    char *description; /* same */
    char *image;       /* absolute http(s) URL (a relative one resolved against the page), or NULL */
};

#define AG_OG_MAX_BYTES ((size_t)1 << 20) /* a page larger than 1 MiB is not read */
#define AG_OG_TIMEOUT_S 10

/* Parse len bytes of HTML from page_url (for relative image URLs).  Never fails: missing tags stay NULL. */
void ag_og_parse(const char *html, size_t len, const char *page_url, struct ag_og *out);

/*
 * GET url (redirects followed, at most AG_OG_MAX_BYTES in AG_OG_TIMEOUT_S, public addresses only
 * unless the URL names loopback) and parse it.  A failure (network, non-2xx, too large, a type that
 * is not HTML: text/html, application/xhtml+xml, or unlabelled)
 * is a negative code with err naming the URL; out is then empty.
 */
int ag_og_fetch(const char *url, struct ag_og *out, struct ag_error *err);

void ag_og_free(struct ag_og *og);

#endif
