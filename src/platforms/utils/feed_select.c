/*
 * Which items feed-publish posts to one network (api/FEEDS_SHEETS.md §3.4 steps 5-6):
 *  - never an item the ledger has (published, posting, seen, or refused as invalid content); an item
 *    whose last try failed definitely (an error with any other code) is tried again;
 *  - never an item dated before --max-post-age days ago (undated items are eligible, and reported);
 *  - --post-lookback in a ledger world: on the first `last` run of a (feed, network), when the ledger
 *    has no row for it, only items dated within the lookback are posted and the others are marked seen,
 *    so a new subscription does not flood; afterwards the ledger alone decides;
 *  - last: oldest first (date, then document order; undated after dated), at most --max-count;
 *    random: one of them, chosen uniformly.
 */
#include "platforms/utils/feed_publish.h"

#include <openssl/rand.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"

/* Not yet delivered, or failed in a way worth another try. */
static int wanted(struct ag_ledger *l, const struct ag_ledger_key *k, struct ag_error *err)
{
    struct ag_ledger_row row;
    int rc = ag_ledger_get(l, k, &row, err);
    if (rc <= 0)
        return rc < 0 ? rc : 1;
    int again = row.state == AG_LEDGER_ERROR && row.code != AG_EINVALID;
    ag_ledger_row_free(&row);
    return again;
}

static const struct ag_feed *sort_feed; /* qsort has no context argument */

static int older_first(const void *a, const void *b)
{
    const struct ag_feed_item *x = &sort_feed->items[*(const size_t *)a];
    const struct ag_feed_item *y = &sort_feed->items[*(const size_t *)b];
    if (x->dated != y->dated)
        return x->dated ? -1 : 1;
    if (x->dated && x->published != y->published)
        return x->published < y->published ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

static size_t uniform(size_t n)
{
    uint64_t r = 0;
    if (RAND_bytes((unsigned char *)&r, sizeof(r)) != 1)
        r = (uint64_t)rand();
    return (size_t)(r % n); /* n is a feed's item count: the modulo bias is negligible */
}

int feed_select(const struct feed_run *run, struct ag_ledger *l, const char *network, struct feed_pick *out,
                struct ag_error *err)
{
    const struct feed_opts *o = run->o;
    const struct ag_feed *f = run->feed;
    memset(out, 0, sizeof(*out));
    int last = strcmp(o->mode, "last") == 0;
    int64_t rows = 0;
    int rc = ag_ledger_count(l, o->feed_url, network, &rows, err);
    if (rc < 0)
        return rc;
    int first = last && rows == 0;
    int64_t too_old = run->now - o->max_post_age * 86400, since = run->now - o->post_lookback;
    const char **old = calloc(f->n_items + 1, sizeof(*old));
    out->items = calloc(f->n_items + 1, sizeof(*out->items));
    if (!old || !out->items) {
        free(old);
        free(out->items);
        out->items = NULL;
        return ag_error_set(err, AG_EFAIL, "out of memory");
    }
    size_t n = 0, n_old = 0;
    for (size_t i = 0; rc >= 0 && i < f->n_items; i++) {
        const struct ag_feed_item *it = &f->items[i];
        struct ag_ledger_key k = {o->feed_url, it->key, network};
        if (it->dated && it->published < too_old)
            continue;
        if (first && (!it->dated || it->published < since))
            old[n_old++] = it->key;
        else if ((rc = wanted(l, &k, err)) > 0)
            out->items[n++] = i;
    }
    int seeded = 0;
    if (rc >= 0 && n_old && !o->dry_run)
        rc = seeded = ag_ledger_seed(l, o->feed_url, network, old, n_old, run->run_id, NULL, err);
    free(old);
    if (rc < 0) {
        free(out->items);
        out->items = NULL;
        return rc;
    }
    if (seeded > 0)
        ag_info("%s: first run for this feed: %d item(s) older than --post-lookback (%lld s) marked seen, "
                "not posted",
                network, seeded, (long long)o->post_lookback);
    sort_feed = f;
    qsort(out->items, n, sizeof(*out->items), older_first);
    size_t take = last ? (size_t)o->max_count : 1;
    out->complete = n <= take;
    if (!last && n > 0)
        out->items[0] = out->items[uniform(n)];
    out->n = n < take ? n : take;
    for (size_t i = 0; i < out->n; i++)
        if (!f->items[out->items[i]].dated)
            ag_info("%s: item '%s' has no date agoras can read: it goes after the dated ones", network,
                    f->items[out->items[i]].key);
    return 0;
}
