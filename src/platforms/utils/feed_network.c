/*
 * One network's part of a feed-publish run, in a process of its own (feed_publish.c forks it):
 * lock (feed, network), report deliveries an earlier run left in posting, select, and for each item
 * claim it in the ledger (durable) -> post -> record published or error.  A post whose outcome is
 * unknown stays posting and is never retried automatically.
 */
#include "platforms/utils/feed_publish.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/fs.h"
#include "core/interrupt.h"
#include "core/log.h"
#include "core/text.h"
#include "net/deliver.h"

#define RESOLVE_HINT                                                                                         \
    "check %s for it: if it was posted, run with --resolve '%s=published', else with --resolve '%s=retry'"

/* <store>/feed-locks/<sha256(feed url), 16 hex>-<network>.lock */
static int lock_path(const struct feed_run *run, const char *network, struct ag_buf *out,
                     struct ag_error *err)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    char hex[2 * EVP_MAX_MD_SIZE + 1];
    const char *url = run->o->feed_url;
    if (EVP_Digest(url, strlen(url), md, &len, EVP_sha256(), NULL) != 1)
        return ag_error_set(err, AG_EFAIL, "cannot hash the feed URL for its lock");
    ag_hex_encode(md, len, hex);
    int rc = ag_buf_printf(out, "%s/feed-locks", run->store_dir) < 0 ? -1 : 0;
    if (rc == 0 && (rc = ag_fs_mkdir_p(out->data, 0700, err)) < 0)
        return rc;
    if (rc < 0 || ag_buf_printf(out, "/%.16s-%s.lock", hex, network) < 0)
        return ag_error_set(err, AG_EFAIL, "out of memory");
    return 0;
}

/* The lock of (feed, network), without waiting: a descriptor, or -1 after printing the line. */
static int take_lock(const struct feed_run *run, const struct ag_network *net, int *code)
{
    struct ag_buf path;
    struct ag_error err = {0};
    ag_buf_init(&path, 0);
    int fd = lock_path(run, net->name, &path, &err);
    if (fd == 0)
        fd = ag_fs_lock(path.data, 0, "feed-publish", &err);
    if (fd == -AG_ETEMP) {
        char msg[AG_ERROR_MSG_MAX];
        snprintf(msg, sizeof(msg), "busy: another feed-publish run holds %s", path.data);
        feed_line(net->name, NULL, "busy", NULL, msg, NULL);
    } else if (fd < 0) {
        feed_line(net->name, NULL, "error", NULL, err.msg, NULL);
    }
    *code = fd < 0 ? -fd : 0;
    ag_buf_free(&path);
    return fd < 0 ? -1 : fd;
}

struct unknown_ctx {
    const struct ag_network *net;
    int n;
};

static int report_unknown(const struct ag_ledger_row *row, void *ctx)
{
    struct unknown_ctx *u = ctx;
    char msg[1024];
    int at = snprintf(msg, sizeof(msg), "outcome unknown: run %s was stopped while posting it (at %s); ",
                      row->run_id, row->updated);
    if (at > 0 && (size_t)at < sizeof(msg))
        snprintf(msg + at, sizeof(msg) - (size_t)at, RESOLVE_HINT, u->net->display, row->item, row->item);
    feed_line(u->net->name, row->item, "unknown", NULL, msg, NULL);
    u->n++;
    return 0;
}

static json_t *content_json(const struct ag_feed_item *it)
{
    json_t *o = json_object();
    if (o && it->title)
        json_object_set_new(o, "text", json_string(it->title));
    if (o && it->link)
        json_object_set_new(o, "link", json_string(it->link));
    if (o && it->image)
        json_object_set_new(o, "image", json_string(it->image));
    return o;
}

/* Post one item; returns its exit code.  *stop: the run cannot go on (ledger broken, interrupted). */
static int post_one(const struct feed_run *run, struct ag_ledger *l, const struct ag_network *net,
                    const struct ag_feed_item *it, bool *retry_left, bool *stop)
{
    struct ag_ledger_key k = {run->o->feed_url, it->key, net->name};
    struct ag_error err = {0};
    if (run->o->dry_run) {
        json_t *c = content_json(it);
        feed_line(net->name, it->key, "skipped", NULL, "dry run: would be posted", c);
        json_decref(c);
        return 0;
    }
    int rc = ag_ledger_claim(l, &k, run->run_id, &err);
    if (rc <= 0) {
        *stop = rc < 0;
        feed_line(net->name, it->key, rc < 0 ? "error" : "skipped", NULL,
                  rc < 0 ? err.msg : "another run has claimed this item", NULL);
        return rc < 0 ? -rc : 0;
    }
    struct ag_delivery d = {.text = it->title, .link = it->link, .image = it->image};
    struct ag_delivered out;
    rc = ag_deliver(net, &d, &out, &err);
    ag_log_redact(err.msg);
    char msg[AG_ERROR_MSG_MAX + 512];
    if (rc == -AG_EUNKNOWN || ag_interrupt_is(rc)) { /* the post may exist: the row stays posting */
        int at = snprintf(msg, sizeof(msg), "%s; ", err.msg);
        snprintf(msg + at, sizeof(msg) - (size_t)at, RESOLVE_HINT, net->display, it->key, it->key);
        feed_line(net->name, it->key, "unknown", NULL, msg, NULL);
        *stop = ag_interrupt_is(rc);
        return -rc;
    }
    struct ag_ledger_outcome o = {.state = AG_LEDGER_PUBLISHED, .remote_id = out.id, .url = out.url};
    if (rc < 0)
        o = (struct ag_ledger_outcome){.state = AG_LEDGER_ERROR, .code = -rc, .message = err.msg};
    struct ag_error ferr = {0};
    int frc = ag_ledger_finish(l, &k, run->run_id, &o, &ferr);
    if (frc < 0 && rc == 0) {
        snprintf(msg, sizeof(msg),
                 "posted as %s, but the ledger did not record it (%s): it will be reported "
                 "as unknown until settled with --resolve",
                 out.id ? out.id : "?", ferr.msg);
        feed_line(net->name, it->key, "unknown", out.id, msg, NULL);
        rc = -AG_EUNKNOWN;
        *stop = true;
    } else if (rc == 0) {
        feed_line(net->name, it->key, "published", out.id, NULL, NULL);
    } else {
        feed_line(net->name, it->key, "error", NULL, err.msg, NULL);
        *retry_left = *retry_left || -rc != AG_EINVALID;
        *stop = frc < 0;
    }
    ag_delivered_free(&out);
    return -rc;
}

/* --seed: every current item is marked seen (one transaction), nothing is posted; a line per item marked. */
static int seed_all(const struct feed_run *run, struct ag_ledger *l, const struct ag_network *net)
{
    const struct ag_feed *f = run->feed;
    struct ag_error err = {0};
    const char **keys = calloc(f->n_items + 1, sizeof(*keys));
    bool *added = calloc(f->n_items + 1, sizeof(*added));
    int rc = keys && added ? 0 : ag_error_set(&err, AG_EFAIL, "out of memory");
    for (size_t i = 0; rc == 0 && i < f->n_items; i++) {
        struct ag_ledger_key k = {run->o->feed_url, f->items[i].key, net->name};
        struct ag_ledger_row row;
        keys[i] = f->items[i].key;
        if (run->o->dry_run && (rc = ag_ledger_get(l, &k, &row, &err)) >= 0) {
            added[i] = rc == 0;
            ag_ledger_row_free(&row);
            rc = 0;
        }
    }
    if (rc == 0 && !run->o->dry_run)
        rc = ag_ledger_seed(l, run->o->feed_url, net->name, keys, f->n_items, run->run_id, added, &err);
    for (size_t i = 0; rc >= 0 && i < f->n_items; i++)
        if (added[i])
            feed_line(net->name, keys[i], "seeded", NULL, run->o->dry_run ? "dry run: not recorded" : NULL,
                      NULL);
    if (rc < 0)
        feed_line(net->name, NULL, "error", NULL, err.msg, NULL);
    free(keys);
    free(added);
    return rc < 0 ? -rc : 0;
}

static int deliver_all(const struct feed_run *run, struct ag_ledger *l, const struct ag_network *net,
                       bool *complete)
{
    struct ag_error err = {0};
    struct unknown_ctx u = {net, 0};
    int code = 0;
    if (ag_ledger_each(l, run->o->feed_url, net->name, AG_LEDGER_POSTING, report_unknown, &u, &err) < 0) {
        feed_line(net->name, NULL, "error", NULL, err.msg, NULL);
        return err.code;
    }
    if (u.n)
        code = AG_EUNKNOWN;
    if (run->o->seed) {
        *complete = true;
        return feed_worse(code, seed_all(run, l, net));
    }
    struct feed_pick pick;
    if (feed_select(run, l, net->name, &pick, &err) < 0) {
        feed_line(net->name, NULL, "error", NULL, err.msg, NULL);
        return feed_worse(code, err.code);
    }
    bool retry_left = false, stop = false;
    for (size_t i = 0; i < pick.n && !stop; i++) {
        code = feed_worse(code, post_one(run, l, net, &run->feed->items[pick.items[i]], &retry_left, &stop));
        if (ag_interrupt_signal()) { /* Ctrl-C: the post under way was finished and recorded; no more */
            code = feed_worse(code, AG_EINTERRUPTED + ag_interrupt_signal());
            stop = true;
        }
    }
    *complete = pick.complete && !retry_left && !stop;
    free(pick.items);
    return code;
}

int feed_network_run(const struct feed_run *run, const struct ag_network *net, bool *complete)
{
    int code = 0, lock = -1;
    *complete = false;
    if (!run->o->dry_run && (lock = take_lock(run, net, &code)) < 0)
        return code;
    struct ag_ledger *l = NULL;
    struct ag_error err = {0};
    if (ag_ledger_open(run->store_dir, &l, &err) < 0) {
        feed_line(net->name, NULL, "error", NULL, err.msg, NULL);
        code = err.code;
    } else {
        code = deliver_all(run, l, net, complete);
    }
    ag_ledger_close(l);
    ag_fs_unlock(lock);
    return code;
}
