/* The ledger's backend-independent half (see ledger.h): the default location and the dispatch. */
#include "core/ledger.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/fs.h"

static const char *const state_names[] = {
    [AG_LEDGER_POSTING] = "posting",
    [AG_LEDGER_PUBLISHED] = "published",
    [AG_LEDGER_ERROR] = "error",
    [AG_LEDGER_SEEN] = "seen",
};

const char *ag_ledger_state_name(enum ag_ledger_state s)
{
    return s > AG_LEDGER_ABSENT && s <= AG_LEDGER_SEEN ? state_names[s] : NULL;
}

int ag_ledger_state_parse(const char *name)
{
    for (int s = AG_LEDGER_POSTING; s <= AG_LEDGER_SEEN; s++)
        if (strcmp(state_names[s], name) == 0)
            return s;
    return -1;
}

int ag_ledger_open(const char *dir, struct ag_ledger **out, struct ag_error *err)
{
    *out = NULL;
    int rc = ag_fs_mkdir_p(dir, 0700, err);
    if (rc < 0)
        return rc;
    struct ag_buf path;
    ag_buf_init(&path, 0);
    if (ag_buf_printf(&path, "%s/ledger.sqlite", dir) < 0)
        rc = ag_error_set(err, AG_EFAIL, "out of memory");
    else
        rc = ag_ledger_open_sqlite(path.data, out, err);
    ag_buf_free(&path);
    return rc;
}

void ag_ledger_close(struct ag_ledger *l)
{
    if (l)
        l->ops->close(l);
}

int ag_ledger_claim(struct ag_ledger *l, const struct ag_ledger_key *k, const char *run_id,
                    struct ag_error *err)
{
    return l->ops->claim(l, k, run_id, err);
}

int ag_ledger_seed(struct ag_ledger *l, const char *source, const char *network, const char *const *items,
                   size_t n, const char *run_id, bool *added, struct ag_error *err)
{
    return l->ops->seed(l, source, network, items, n, run_id, added, err);
}

int ag_ledger_finish(struct ag_ledger *l, const struct ag_ledger_key *k, const char *run_id,
                     const struct ag_ledger_outcome *o, struct ag_error *err)
{
    return l->ops->finish(l, k, run_id, o, err);
}

int ag_ledger_resolve(struct ag_ledger *l, const struct ag_ledger_key *k, enum ag_ledger_state to,
                      struct ag_error *err)
{
    return l->ops->resolve(l, k, to, err);
}

int ag_ledger_get(struct ag_ledger *l, const struct ag_ledger_key *k, struct ag_ledger_row *out,
                  struct ag_error *err)
{
    return l->ops->get(l, k, out, err);
}

int ag_ledger_each(struct ag_ledger *l, const char *source, const char *network, enum ag_ledger_state state,
                   ag_ledger_row_fn fn, void *ctx, struct ag_error *err)
{
    return l->ops->each(l, source, network, state, fn, ctx, err);
}

int ag_ledger_count(struct ag_ledger *l, const char *source, const char *network, int64_t *n,
                    struct ag_error *err)
{
    return l->ops->count(l, source, network, n, err);
}

int ag_ledger_feed_get(struct ag_ledger *l, const char *url, struct ag_ledger_feed *out, struct ag_error *err)
{
    return l->ops->feed_get(l, url, out, err);
}

int ag_ledger_feed_put(struct ag_ledger *l, const char *url, const struct ag_ledger_feed *f,
                       struct ag_error *err)
{
    return l->ops->feed_put(l, url, f, err);
}

void ag_ledger_row_free(struct ag_ledger_row *row)
{
    free(row->item);
    free(row->remote_id);
    free(row->url);
    free(row->message);
    free(row->run_id);
    free(row->updated);
    memset(row, 0, sizeof(*row));
}

void ag_ledger_feed_free(struct ag_ledger_feed *f)
{
    free(f->etag);
    free(f->last_modified);
    free(f->moved_to);
    memset(f, 0, sizeof(*f));
}
