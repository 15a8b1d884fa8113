/*
 * The SQLite ledger backend (ledger.h).  WAL with synchronous=FULL, so a commit is on disk when it
 * returns: a claimed row survives a crash of the post that follows.  Every write is one
 * BEGIN IMMEDIATE transaction: it takes the write lock before reading, so two processes never
 * both read "absent" and then race to upgrade (api/FEEDS_SHEETS.md §6.2).  Local disks only: WAL
 * does not work over a network file system.  A connection belongs to the process that opened it:
 * a forked child opens its own.
 */
#include "core/ledger.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BUSY_TIMEOUT_MS 10000
#define NOW             "strftime('%Y-%m-%dT%H:%M:%SZ','now')"
#define ROW_COLUMNS     "item, state, code, remote_id, url, message, run_id, updated"
#define KEY_MATCH       "source = ?1 AND item = ?2 AND network = ?3"

/* Schema versions in order: PRAGMA user_version is how many have been applied.  Never edit one. */
static const char *const migrations[] = {
    "CREATE TABLE deliveries ("
    " source TEXT NOT NULL, item TEXT NOT NULL, network TEXT NOT NULL,"
    " state TEXT NOT NULL CHECK (state IN ('posting', 'published', 'error', 'seen')),"
    " code INTEGER NOT NULL DEFAULT 0, remote_id TEXT, url TEXT, message TEXT, run_id TEXT NOT NULL,"
    " created TEXT NOT NULL, updated TEXT NOT NULL,"
    " UNIQUE (source, item, network));"
    "CREATE TABLE feeds ("
    " url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, moved_to TEXT, fetched TEXT NOT NULL);",
};
#define N_MIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])))

struct sq {
    sqlite3 *db;
    char *path;
};

typedef int (*row_fn)(sqlite3_stmt *st, void *ctx);

static int db_error(struct sq *s, int code, const char *what, struct ag_error *err)
{
    int busy = code == SQLITE_BUSY || code == SQLITE_LOCKED;
    return ag_error_set(err, busy ? AG_ETEMP : AG_EFAIL, "ledger %s: %s: %s%s", s->path, what,
                        sqlite3_errmsg(s->db),
                        busy ? " (another agoras run is writing it: try again later)" : "");
}

static int exec(struct sq *s, const char *sql, const char *what, struct ag_error *err)
{
    int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? 0 : db_error(s, rc, what, err);
}

/*
 * Run sql with binds ?1..?n (NULL binds SQL NULL); fn (if any) sees each result row.  *count gets the
 * rows returned, or for a write without RETURNING the rows changed.
 */
static int run(struct sq *s, const char *sql, const char *const *binds, int n, row_fn fn, void *ctx,
               int *count, const char *what, struct ag_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL), rows = 0;
    for (int i = 0; rc == SQLITE_OK && i < n; i++)
        rc = binds[i] ? sqlite3_bind_text(st, i + 1, binds[i], -1, SQLITE_STATIC)
                      : sqlite3_bind_null(st, i + 1);
    int out = 0;
    if (rc != SQLITE_OK)
        out = db_error(s, rc, what, err);
    while (out == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        rows++;
        if (fn && (out = fn(st, ctx)) < 0)
            ag_error_set(err, AG_EFAIL, "out of memory");
    }
    if (out == 0 && rc != SQLITE_DONE)
        out = db_error(s, rc, what, err);
    if (out == 0 && count)
        *count = rows || sqlite3_stmt_readonly(st) ? rows : sqlite3_changes(s->db);
    sqlite3_finalize(st);
    return out;
}

/* One statement as its own durable transaction. */
static int write_tx(struct sq *s, const char *sql, const char *const *binds, int n, int *count,
                    const char *what, struct ag_error *err)
{
    int rc = exec(s, "BEGIN IMMEDIATE", what, err);
    if (rc < 0)
        return rc;
    rc = run(s, sql, binds, n, NULL, NULL, count, what, err);
    if (rc == 0)
        rc = exec(s, "COMMIT", what, err);
    if (rc < 0)
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

static int version_row(sqlite3_stmt *st, void *ctx)
{
    *(int *)ctx = sqlite3_column_int(st, 0);
    return 0;
}

static int migrate(struct sq *s, struct ag_error *err)
{
    int version = 0;
    int rc = exec(s, "BEGIN IMMEDIATE", "reading its schema version", err);
    if (rc == 0)
        rc = run(s, "PRAGMA user_version", NULL, 0, version_row, &version, NULL, "reading its schema version",
                 err);
    if (rc == 0 && version > N_MIGRATIONS)
        rc =
            ag_error_set(err, AG_EFAIL,
                         "ledger %s has schema version %d, newer than this agoras knows (%d): upgrade agoras",
                         s->path, version, N_MIGRATIONS);
    for (; rc == 0 && version < N_MIGRATIONS; version++) {
        char sql[48];
        rc = exec(s, migrations[version], "creating its tables", err);
        snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", version + 1);
        if (rc == 0)
            rc = exec(s, sql, "recording its schema version", err);
    }
    if (rc == 0)
        rc = exec(s, "COMMIT", "creating its tables", err);
    if (rc < 0)
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

static int sq_claim(struct ag_ledger *l, const struct ag_ledger_key *k, const char *run_id,
                    struct ag_error *err)
{
    static const char sql[] =
        "INSERT INTO deliveries (source, item, network, state, run_id, created, updated)"
        " VALUES (?1, ?2, ?3, 'posting', ?4, " NOW ", " NOW ")"
        " ON CONFLICT (source, item, network) DO UPDATE SET state = 'posting', code = 0, message = NULL,"
        " run_id = excluded.run_id, updated = excluded.updated"
        " WHERE deliveries.state = 'error' AND deliveries.code <> 4"
        " RETURNING state";
    const char *b[] = {k->source, k->item, k->network, run_id};
    int n = 0;
    int rc = write_tx(l->impl, sql, b, 4, &n, "claiming an item", err);
    return rc < 0 ? rc : n > 0;
}

static int sq_seed(struct ag_ledger *l, const char *source, const char *network, const char *const *items,
                   size_t n, const char *run_id, bool *added, struct ag_error *err)
{
    static const char sql[] =
        "INSERT INTO deliveries (source, item, network, state, run_id, created, updated)"
        " VALUES (?1, ?2, ?3, 'seen', ?4, " NOW ", " NOW ")"
        " ON CONFLICT (source, item, network) DO NOTHING";
    struct sq *s = l->impl;
    int rc = exec(s, "BEGIN IMMEDIATE", "marking items seen", err), marked = 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const char *b[] = {source, items[i], network, run_id};
        int one = 0;
        rc = run(s, sql, b, 4, NULL, NULL, &one, "marking items seen", err);
        if (added)
            added[i] = one > 0;
        marked += one > 0;
    }
    if (rc == 0)
        rc = exec(s, "COMMIT", "marking items seen", err);
    if (rc < 0)
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return rc < 0 ? rc : marked;
}

static int sq_finish(struct ag_ledger *l, const struct ag_ledger_key *k, const char *run_id,
                     const struct ag_ledger_outcome *o, struct ag_error *err)
{
    static const char sql[] =
        "UPDATE deliveries SET state = ?5, code = ?6, remote_id = ?7, url = ?8,"
        " message = ?9, updated = " NOW " WHERE " KEY_MATCH " AND state = 'posting' AND run_id = ?4";
    char code[16];
    snprintf(code, sizeof(code), "%d", o->code);
    const char *b[] = {k->source, k->item,      k->network, run_id,    ag_ledger_state_name(o->state),
                       code,      o->remote_id, o->url,     o->message};
    int n = 0;
    int rc = write_tx(l->impl, sql, b, 9, &n, "recording a delivery", err);
    if (rc == 0 && n == 0)
        rc = ag_error_set(err, AG_EFAIL, "ledger %s: item '%s' for %s is not posting for run %s",
                          ((struct sq *)l->impl)->path, k->item, k->network, run_id);
    return rc;
}

static int sq_resolve(struct ag_ledger *l, const struct ag_ledger_key *k, enum ag_ledger_state to,
                      struct ag_error *err)
{
    static const char publish[] = "UPDATE deliveries SET state = 'published', code = 0,"
                                  " message = 'settled by hand', updated = " NOW " WHERE " KEY_MATCH
                                  " AND state IN ('posting', 'error')";
    static const char retry[] =
        "DELETE FROM deliveries WHERE " KEY_MATCH " AND state IN ('posting', 'error')";
    const char *b[] = {k->source, k->item, k->network};
    int n = 0;
    int rc =
        write_tx(l->impl, to == AG_LEDGER_PUBLISHED ? publish : retry, b, 3, &n, "settling a delivery", err);
    if (rc == 0 && n == 0)
        rc = ag_error_set(err, AG_EUSAGE, "no delivery of item '%s' to %s is posting or in error for feed %s",
                          k->item, k->network, k->source);
    return rc;
}

static char *column(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? strdup((const char *)t) : NULL;
}

/* A row of ROW_COLUMNS into out; -1 when out of memory. */
static int fill_row(sqlite3_stmt *st, struct ag_ledger_row *out)
{
    memset(out, 0, sizeof(*out));
    const char *state = (const char *)sqlite3_column_text(st, 1);
    int s = state ? ag_ledger_state_parse(state) : -1;
    out->state = s < 0 ? AG_LEDGER_ABSENT : (enum ag_ledger_state)s;
    out->code = sqlite3_column_int(st, 2);
    out->item = column(st, 0);
    out->remote_id = column(st, 3);
    out->url = column(st, 4);
    out->message = column(st, 5);
    out->run_id = column(st, 6);
    out->updated = column(st, 7);
    if (!out->item || !out->run_id || !out->updated) {
        ag_ledger_row_free(out);
        return -1;
    }
    return 0;
}

static int get_row(sqlite3_stmt *st, void *ctx)
{
    return fill_row(st, ctx);
}

static int sq_get(struct ag_ledger *l, const struct ag_ledger_key *k, struct ag_ledger_row *out,
                  struct ag_error *err)
{
    static const char sql[] = "SELECT " ROW_COLUMNS " FROM deliveries WHERE " KEY_MATCH;
    const char *b[] = {k->source, k->item, k->network};
    int n = 0;
    memset(out, 0, sizeof(*out));
    int rc = run(l->impl, sql, b, 3, get_row, out, &n, "reading a delivery", err);
    return rc < 0 ? rc : n > 0;
}

struct each_ctx {
    ag_ledger_row_fn fn;
    void *ctx;
    int stop;
};

static int each_row(sqlite3_stmt *st, void *ctx)
{
    struct each_ctx *e = ctx;
    struct ag_ledger_row row;
    if (e->stop)
        return 0;
    if (fill_row(st, &row) < 0)
        return -1;
    e->stop = e->fn(&row, e->ctx);
    ag_ledger_row_free(&row);
    return 0;
}

static int sq_each(struct ag_ledger *l, const char *source, const char *network, enum ag_ledger_state state,
                   ag_ledger_row_fn fn, void *ctx, struct ag_error *err)
{
    static const char sql[] = "SELECT " ROW_COLUMNS " FROM deliveries"
                              " WHERE source = ?1 AND network = ?2 AND state = ?3 ORDER BY updated, rowid";
    const char *b[] = {source, network, ag_ledger_state_name(state)};
    struct each_ctx e = {fn, ctx, 0};
    int rc = run(l->impl, sql, b, 3, each_row, &e, NULL, "listing deliveries", err);
    return rc < 0 ? rc : e.stop;
}

static int count_row(sqlite3_stmt *st, void *ctx)
{
    *(int64_t *)ctx = sqlite3_column_int64(st, 0);
    return 0;
}

static int sq_count(struct ag_ledger *l, const char *source, const char *network, int64_t *n,
                    struct ag_error *err)
{
    const char *b[] = {source, network};
    *n = 0;
    return run(l->impl, "SELECT count(*) FROM deliveries WHERE source = ?1 AND network = ?2", b, 2, count_row,
               n, NULL, "counting deliveries", err);
}

static int feed_row(sqlite3_stmt *st, void *ctx)
{
    struct ag_ledger_feed *f = ctx;
    f->etag = column(st, 0);
    f->last_modified = column(st, 1);
    f->moved_to = column(st, 2);
    return 0;
}

static int sq_feed_get(struct ag_ledger *l, const char *url, struct ag_ledger_feed *out, struct ag_error *err)
{
    const char *b[] = {url};
    memset(out, 0, sizeof(*out));
    return run(l->impl, "SELECT etag, last_modified, moved_to FROM feeds WHERE url = ?1", b, 1, feed_row, out,
               NULL, "reading a feed's state", err);
}

static int sq_feed_put(struct ag_ledger *l, const char *url, const struct ag_ledger_feed *f,
                       struct ag_error *err)
{
    static const char sql[] = "INSERT INTO feeds (url, etag, last_modified, moved_to, fetched)"
                              " VALUES (?1, ?2, ?3, ?4, " NOW ") ON CONFLICT (url) DO UPDATE SET"
                              " etag = excluded.etag, last_modified = excluded.last_modified,"
                              " moved_to = excluded.moved_to, fetched = excluded.fetched";
    const char *b[] = {url, f->etag, f->last_modified, f->moved_to};
    return write_tx(l->impl, sql, b, 4, NULL, "recording a feed's state", err);
}

static void sq_close(struct ag_ledger *l)
{
    struct sq *s = l->impl;
    sqlite3_close(s->db);
    free(s->path);
    free(s);
    free(l);
}

static const struct ag_ledger_ops sqlite_ops = {
    .name = "sqlite",
    .claim = sq_claim,
    .seed = sq_seed,
    .finish = sq_finish,
    .resolve = sq_resolve,
    .get = sq_get,
    .each = sq_each,
    .count = sq_count,
    .feed_get = sq_feed_get,
    .feed_put = sq_feed_put,
    .close = sq_close,
};

/* Create the file 0600 ourselves: SQLite would use the umask, and its -wal and -shm copy this mode. */
static int create_private(const char *path, struct ag_error *err)
{
    int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0)
        return ag_error_set(err, AG_EFAIL, "cannot open the ledger %s: %s", path, strerror(errno));
    close(fd);
    return 0;
}

int ag_ledger_open_sqlite(const char *path, struct ag_ledger **out, struct ag_error *err)
{
    *out = NULL;
    int rc = create_private(path, err);
    if (rc < 0)
        return rc;
    struct ag_ledger *l = calloc(1, sizeof(*l));
    struct sq *s = calloc(1, sizeof(*s));
    if (!l || !s || !(s->path = strdup(path))) {
        free(l);
        free(s);
        return ag_error_set(err, AG_EFAIL, "out of memory");
    }
    l->ops = &sqlite_ops;
    l->impl = s;
    int src = sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL);
    if (src != SQLITE_OK)
        rc = db_error(s, src, "cannot open it", err);
    if (rc == 0)
        sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
    if (rc == 0)
        rc = exec(s, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL", "setting WAL mode", err);
    if (rc == 0)
        rc = migrate(s, err);
    if (rc < 0) {
        sq_close(l);
        return rc;
    }
    *out = l;
    return 0;
}
