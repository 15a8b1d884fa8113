/*
 * agoras utils feed-publish: a feed's new items to one or more networks, each delivery recorded in
 * the ledger (core/ledger.h) so nothing is posted twice and nothing is missed (api/FEEDS_SHEETS.md
 * §3.4).  feed_publish.c is the command (options, fetch, one child process per network),
 * feed_network.c one network's run, feed_select.c which items it posts, feed_line.c the output.
 */
#ifndef AG_UTILS_FEED_PUBLISH_H
#define AG_UTILS_FEED_PUBLISH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/feed.h"
#include "core/ledger.h"
#include "net/network.h"

extern const struct ag_action ag_action_feed_publish;

struct feed_opts {
    const char *network, *mode, *feed_url;
    int64_t max_count, post_lookback, max_post_age;
    bool seed, dry_run;
    struct ag_list resolve;
};

/* What every network's child reads (set before the fork, never written after). */
struct feed_run {
    const struct feed_opts *o;
    const char *store_dir;
    const struct ag_feed *feed;
    char run_id[40];
    int64_t now; /* Unix seconds at the start of the run */
};

/* One network's run (in its own process): returns its exit code; *complete is false when eligible
 * items are left for a later run (so the feed's validators must not be stored: a 304 would hide them). */
int feed_network_run(const struct feed_run *run, const struct ag_network *net, bool *complete);

/* Which items of run->feed to post to net; items the first run leaves behind are seeded here. */
struct feed_pick {
    size_t *items; /* indexes into feed->items, in posting order */
    size_t n;
    bool complete; /* no eligible item is left over */
};
int feed_select(const struct feed_run *run, struct ag_ledger *l, const char *network, struct feed_pick *out,
                struct ag_error *err);

/* Write one delivery line to stdout with a single write(2): {"network","item","status","id","message"}
 * (id and message when not NULL), then extra's members (borrowed, may be NULL). */
void feed_line(const char *network, const char *item, const char *status, const char *id, const char *message,
               json_t *extra);

/* The worse of two exit codes: 6 (unknown) above every failure, then 3, 1, 4, 2, 5 (temporary and busy:
 * the next run fixes them), 0 last; an interruption above all. */
int feed_worse(int a, int b);

#endif
