/*
 * Delivering one piece of content to a network without a command line: the network's own `post`
 * action is run in-process with its options built from the content (rows by name), so the network's
 * env and store settings and credentials apply as for `agoras <network> post`, while the content rows
 * (text, link, images, video) come only from the caller: STATUS_IMAGE_URL_2 and friends never slip into
 * a feed item's post.  The text is plain text: a `parse-mode` row (Telegram's) is set to None.  The result
 * line is captured (net/result.h), not printed.
 */
#ifndef AG_NET_DELIVER_H
#define AG_NET_DELIVER_H

#include <jansson.h>

#include "core/error.h"
#include "net/network.h"

/* The content; NULL members: the item has none. */
struct ag_delivery {
    const char *text;  /* the `text` row, or `title` where the post has no text (TikTok's photo post) */
    const char *link;  /* the `link` row, where the post has one */
    const char *image; /* the `image-1` row */
};

struct ag_delivered {
    char *id;       /* the result's id (its first member), or NULL */
    char *url;      /* the result's "url", when the network gives one */
    json_t *result; /* the whole result line the action printed, or NULL */
};

/* net's `post` action when it can run, else NULL. */
const struct ag_action *ag_deliver_action(const struct ag_network *net);

/* Whether net's post can carry d: 0, or -AG_EINVALID ("no image for TikTok": a post with no text row
 * publishes images only). */
int ag_deliver_check(const struct ag_network *net, const struct ag_delivery *d, struct ag_error *err);

/*
 * Post d to net.  Returns 0 with *out filled (free with ag_delivered_free), or the action's negative
 * AG_E code and message (-AG_EUNKNOWN: the post may exist).
 */
int ag_deliver(const struct ag_network *net, const struct ag_delivery *d, struct ag_delivered *out,
               struct ag_error *err);
void ag_delivered_free(struct ag_delivered *d);

#endif
