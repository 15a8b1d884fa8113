/*
 * The delivery ledger: per (source, item, network) what happened to one delivery, so an item is
 * never posted twice and a crash between a post and its record is reported, not repeated
 * (api/FEEDS_SHEETS.md §3.4, §6.2).  Written for feed-publish first; schedule-run (a sheet row is
 * an item of its source) and a PostgreSQL backend come later, so the storage sits behind
 * struct ag_ledger_ops and SQLite (ledger_sqlite.c) is the first backend.
 *
 * States: posting (claimed; the post may or may not exist), published, error (a definite failure:
 * nothing was created), seen (marked by --seed or a first run; never posted).  A claim succeeds only
 * when the key is absent, or in error with a retryable code: a definite failure created nothing, so
 * trying again next run cannot duplicate a post, while invalid content (code AG_EINVALID) would only
 * fail again.  A row left in posting is never claimed again: only ag_ledger_resolve settles it.
 */
#ifndef AG_CORE_LEDGER_H
#define AG_CORE_LEDGER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

enum ag_ledger_state {
    AG_LEDGER_ABSENT,
    AG_LEDGER_POSTING,
    AG_LEDGER_PUBLISHED,
    AG_LEDGER_ERROR,
    AG_LEDGER_SEEN,
};

struct ag_ledger_key {
    const char *source;  /* the feed URL as configured (not where it moved: keys stay stable) */
    const char *item;    /* the item's key (guid, id, link…) */
    const char *network; /* "telegram" */
};

/* One delivery as stored; strings owned by the row (ag_ledger_row_free). */
struct ag_ledger_row {
    char *item;
    enum ag_ledger_state state;
    int code; /* exit code of an error (SPEC §1), else 0 */
    char *remote_id, *url, *message, *run_id;
    char *updated; /* UTC, "2026-12-06T03:04:05Z" */
};

/* A feed's conditional-GET state; NULL members: not known. */
struct ag_ledger_feed {
    char *etag, *last_modified, *moved_to;
};

/* The outcome that ends a posting row. */
struct ag_ledger_outcome {
    enum ag_ledger_state state; /* AG_LEDGER_PUBLISHED or AG_LEDGER_ERROR */
    int code;                   /* error: its exit code */
    const char *remote_id, *url, *message;
};

typedef int (*ag_ledger_row_fn)(const struct ag_ledger_row *row, void *ctx);

struct ag_ledger;

/* A backend.  Every write is one durable transaction.  Returns as documented on the wrappers below. */
struct ag_ledger_ops {
    const char *name;
    int (*claim)(struct ag_ledger *l, const struct ag_ledger_key *k, const char *run_id,
                 struct ag_error *err);
    int (*seed)(struct ag_ledger *l, const char *source, const char *network, const char *const *items,
                size_t n, const char *run_id, bool *added, struct ag_error *err);
    int (*finish)(struct ag_ledger *l, const struct ag_ledger_key *k, const char *run_id,
                  const struct ag_ledger_outcome *o, struct ag_error *err);
    int (*resolve)(struct ag_ledger *l, const struct ag_ledger_key *k, enum ag_ledger_state to,
                   struct ag_error *err);
    int (*get)(struct ag_ledger *l, const struct ag_ledger_key *k, struct ag_ledger_row *out,
               struct ag_error *err);
    int (*each)(struct ag_ledger *l, const char *source, const char *network, enum ag_ledger_state state,
                ag_ledger_row_fn fn, void *ctx, struct ag_error *err);
    int (*count)(struct ag_ledger *l, const char *source, const char *network, int64_t *n,
                 struct ag_error *err);
    int (*feed_get)(struct ag_ledger *l, const char *url, struct ag_ledger_feed *out, struct ag_error *err);
    int (*feed_put)(struct ag_ledger *l, const char *url, const struct ag_ledger_feed *f,
                    struct ag_error *err);
    void (*close)(struct ag_ledger *l);
};

struct ag_ledger {
    const struct ag_ledger_ops *ops;
    void *impl;
};

/* The SQLite ledger in file path (created 0600, WAL, synchronous=FULL, schema migrated). */
int ag_ledger_open_sqlite(const char *path, struct ag_ledger **out, struct ag_error *err);

/* The default ledger: <dir>/ledger.sqlite, dir (the store directory) created 0700 when missing. */
int ag_ledger_open(const char *dir, struct ag_ledger **out, struct ag_error *err);
void ag_ledger_close(struct ag_ledger *l);

/* Set k to posting for run_id: 1 claimed, 0 someone else has it (any other state), or -AG_E. */
int ag_ledger_claim(struct ag_ledger *l, const struct ag_ledger_key *k, const char *run_id,
                    struct ag_error *err);
/* Mark the n items of (source, network) seen where they have no row, in one transaction (a first run
 * seeds a whole feed): returns how many were marked, or -AG_E; added[i] (if not NULL) says which. */
int ag_ledger_seed(struct ag_ledger *l, const char *source, const char *network, const char *const *items,
                   size_t n, const char *run_id, bool *added, struct ag_error *err);
/* End run_id's posting row with o: 0, or -AG_EFAIL when k is not posting for run_id. */
int ag_ledger_finish(struct ag_ledger *l, const struct ag_ledger_key *k, const char *run_id,
                     const struct ag_ledger_outcome *o, struct ag_error *err);
/* Settle a posting or error row by hand: to AG_LEDGER_PUBLISHED, or AG_LEDGER_ABSENT (retry: the row
 * is removed).  -AG_EUSAGE when k has no such row. */
int ag_ledger_resolve(struct ag_ledger *l, const struct ag_ledger_key *k, enum ag_ledger_state to,
                      struct ag_error *err);
/* k's row: 1 found (free with ag_ledger_row_free), 0 absent, or -AG_E. */
int ag_ledger_get(struct ag_ledger *l, const struct ag_ledger_key *k, struct ag_ledger_row *out,
                  struct ag_error *err);
/* fn for every row of (source, network) in state, oldest first; a non-zero return of fn stops (returned). */
int ag_ledger_each(struct ag_ledger *l, const char *source, const char *network, enum ag_ledger_state state,
                   ag_ledger_row_fn fn, void *ctx, struct ag_error *err);
/* How many rows (source, network) has, in any state. */
int ag_ledger_count(struct ag_ledger *l, const char *source, const char *network, int64_t *n,
                    struct ag_error *err);
/* The stored state of feed url (members NULL when none; free with ag_ledger_feed_free). */
int ag_ledger_feed_get(struct ag_ledger *l, const char *url, struct ag_ledger_feed *out,
                       struct ag_error *err);
/* Store f as url's state, with the time of this fetch. */
int ag_ledger_feed_put(struct ag_ledger *l, const char *url, const struct ag_ledger_feed *f,
                       struct ag_error *err);

void ag_ledger_row_free(struct ag_ledger_row *row);
void ag_ledger_feed_free(struct ag_ledger_feed *f);

/* "posting", "published", "error", "seen" (NULL for absent), and back (-1 if unknown). */
const char *ag_ledger_state_name(enum ag_ledger_state s);
int ag_ledger_state_parse(const char *name);

#endif
