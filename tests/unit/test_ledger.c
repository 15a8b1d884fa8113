/* Unit tests for core/ledger.h with its SQLite backend: states, claims, retries, seeding, settling
 * by hand, feed validators, the file's mode and schema version, and processes racing for a claim. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "core/ledger.h"

struct fixture {
    char dir[256];
    char path[300];
    struct ag_ledger *l;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    if (!f)
        return -1;
    const char *tmp = getenv("TMPDIR");
    snprintf(f->dir, sizeof(f->dir), "%s/agoras-test-ledger-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(f->dir)) {
        free(f);
        return -1;
    }
    snprintf(f->path, sizeof(f->path), "%s/ledger.sqlite", f->dir);
    struct ag_error err = {0};
    if (ag_ledger_open(f->dir, &f->l, &err) < 0) {
        fprintf(stderr, "%s\n", err.msg);
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    char cmd[400];
    ag_ledger_close(f->l);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
    if (system(cmd) != 0)
        return -1;
    free(f);
    return 0;
}

static const struct ag_ledger_key K = {"https://blog.example/feed.xml", "urn:item:1", "telegram"};

static enum ag_ledger_state state_of(struct ag_ledger *l, const struct ag_ledger_key *k)
{
    struct ag_ledger_row row;
    struct ag_error err = {0};
    int rc = ag_ledger_get(l, k, &row, &err);
    assert_true(rc >= 0);
    enum ag_ledger_state s = rc ? row.state : AG_LEDGER_ABSENT;
    ag_ledger_row_free(&row);
    return s;
}

static void test_file_private_wal_versioned(void **state)
{
    struct fixture *f = *state;
    struct stat st;
    assert_int_equal(stat(f->path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    sqlite3 *db;
    sqlite3_stmt *q;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &q, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(q, 0), 1);
    sqlite3_finalize(q);
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &q, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(q, 0), "wal");
    sqlite3_finalize(q);
    /* A schema from a newer agoras is refused, naming the versions. */
    assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 7", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    struct ag_ledger *again = NULL;
    struct ag_error err = {0};
    assert_int_equal(ag_ledger_open(f->dir, &again, &err), -AG_EFAIL);
    assert_null(again);
    assert_non_null(strstr(err.msg, "schema version 7"));
}

static void test_reopen_keeps_rows(void **state)
{
    struct fixture *f = *state;
    struct ag_error err = {0};
    assert_int_equal(ag_ledger_claim(f->l, &K, "run-1", &err), 1);
    ag_ledger_close(f->l);
    assert_int_equal(ag_ledger_open(f->dir, &f->l, &err), 0);
    assert_int_equal(state_of(f->l, &K), AG_LEDGER_POSTING);
}

static void test_claim_publish(void **state)
{
    struct fixture *f = *state;
    struct ag_error err = {0};
    assert_int_equal(state_of(f->l, &K), AG_LEDGER_ABSENT);
    assert_int_equal(ag_ledger_claim(f->l, &K, "run-1", &err), 1);
    assert_int_equal(ag_ledger_claim(f->l, &K, "run-2", &err), 0); /* posting: never claimed again */
    /* Only the run that holds the claim ends it. */
    struct ag_ledger_outcome ok = {
        .state = AG_LEDGER_PUBLISHED, .remote_id = "42", .url = "https://t.me/c/42"};
    assert_int_equal(ag_ledger_finish(f->l, &K, "run-2", &ok, &err), -AG_EFAIL);
    assert_non_null(strstr(err.msg, "not posting for run run-2"));
    assert_int_equal(ag_ledger_finish(f->l, &K, "run-1", &ok, &err), 0);
    struct ag_ledger_row row;
    assert_int_equal(ag_ledger_get(f->l, &K, &row, &err), 1);
    assert_int_equal(row.state, AG_LEDGER_PUBLISHED);
    assert_string_equal(row.remote_id, "42");
    assert_string_equal(row.url, "https://t.me/c/42");
    assert_string_equal(row.run_id, "run-1");
    assert_int_equal(strlen(row.updated), 20);
    assert_int_equal(row.updated[19], 'Z');
    ag_ledger_row_free(&row);
    assert_int_equal(ag_ledger_claim(f->l, &K, "run-3", &err), 0);
    /* Keys differ by every part. */
    struct ag_ledger_key other_net = {K.source, K.item, "tiktok"};
    struct ag_ledger_key other_src = {"https://other.example/", K.item, K.network};
    assert_int_equal(ag_ledger_claim(f->l, &other_net, "run-3", &err), 1);
    assert_int_equal(ag_ledger_claim(f->l, &other_src, "run-3", &err), 1);
}

static void test_errors_retried_unless_invalid(void **state)
{
    struct fixture *f = *state;
    struct ag_error err = {0};
    struct ag_ledger_outcome temp = {.state = AG_LEDGER_ERROR, .code = 5, .message = "HTTP 503"};
    assert_int_equal(ag_ledger_claim(f->l, &K, "run-1", &err), 1);
    assert_int_equal(ag_ledger_finish(f->l, &K, "run-1", &temp, &err), 0);
    assert_int_equal(state_of(f->l, &K), AG_LEDGER_ERROR);
    assert_int_equal(ag_ledger_claim(f->l, &K, "run-2", &err), 1); /* nothing was created: retry */
    struct ag_ledger_row row;
    assert_int_equal(ag_ledger_get(f->l, &K, &row, &err), 1);
    assert_null(row.message); /* the old error is gone with the new claim */
    assert_string_equal(row.run_id, "run-2");
    ag_ledger_row_free(&row);
    struct ag_ledger_outcome invalid = {
        .state = AG_LEDGER_ERROR, .code = 4, .message = "no image for TikTok"};
    assert_int_equal(ag_ledger_finish(f->l, &K, "run-2", &invalid, &err), 0);
    assert_int_equal(ag_ledger_claim(f->l, &K, "run-3", &err), 0); /* would only fail again */
    assert_int_equal(ag_ledger_get(f->l, &K, &row, &err), 1);
    assert_int_equal(row.code, 4);
    assert_string_equal(row.message, "no image for TikTok");
    ag_ledger_row_free(&row);
}

static void test_seed(void **state)
{
    struct fixture *f = *state;
    struct ag_error err = {0};
    assert_int_equal(ag_ledger_seed(f->l, K.source, K.network, &K.item, 1, "run-1", NULL, &err), 1);
    assert_int_equal(ag_ledger_seed(f->l, K.source, K.network, &K.item, 1, "run-2", NULL, &err), 0);
    assert_int_equal(state_of(f->l, &K), AG_LEDGER_SEEN);
    assert_int_equal(ag_ledger_claim(f->l, &K, "run-2", &err), 0);
    /* Seeding never overwrites a delivery. */
    struct ag_ledger_key k2 = {K.source, "urn:item:2", K.network};
    assert_int_equal(ag_ledger_claim(f->l, &k2, "run-2", &err), 1);
    const char *items[] = {"urn:item:2", "urn:item:3", "urn:item:1", "urn:item:4"};
    bool added[4];
    assert_int_equal(ag_ledger_seed(f->l, K.source, K.network, items, 4, "run-3", added, &err), 2);
    assert_false(added[0]);
    assert_true(added[1]);
    assert_false(added[2]);
    assert_true(added[3]);
    assert_int_equal(state_of(f->l, &k2), AG_LEDGER_POSTING);
    struct ag_ledger_key k4 = {K.source, "urn:item:4", K.network};
    assert_int_equal(state_of(f->l, &k4), AG_LEDGER_SEEN);
}

static int collect(const struct ag_ledger_row *row, void *ctx)
{
    char *names = ctx;
    strcat(names, row->item);
    strcat(names, ";");
    return 0;
}

static int stop_at_first(const struct ag_ledger_row *row, void *ctx)
{
    (void)row;
    ++*(int *)ctx;
    return 7;
}

static void test_each_count_resolve(void **state)
{
    struct fixture *f = *state;
    struct ag_error err = {0};
    struct ag_ledger_key a = {K.source, "a", K.network}, b = {K.source, "b", K.network};
    struct ag_ledger_key c = {K.source, "c", K.network}, other = {K.source, "a", "tiktok"};
    int64_t n = -1;
    assert_int_equal(ag_ledger_count(f->l, K.source, K.network, &n, &err), 0);
    assert_int_equal(n, 0);
    assert_int_equal(ag_ledger_claim(f->l, &a, "r", &err), 1);
    assert_int_equal(ag_ledger_claim(f->l, &b, "r", &err), 1);
    assert_int_equal(ag_ledger_seed(f->l, c.source, c.network, &c.item, 1, "r", NULL, &err), 1);
    assert_int_equal(ag_ledger_claim(f->l, &other, "r", &err), 1);
    assert_int_equal(ag_ledger_count(f->l, K.source, K.network, &n, &err), 0);
    assert_int_equal(n, 3);
    char names[64] = "";
    assert_int_equal(ag_ledger_each(f->l, K.source, K.network, AG_LEDGER_POSTING, collect, names, &err), 0);
    assert_string_equal(names, "a;b;");
    int calls = 0;
    assert_int_equal(
        ag_ledger_each(f->l, K.source, K.network, AG_LEDGER_POSTING, stop_at_first, &calls, &err), 7);
    assert_int_equal(calls, 1);
    /* Settled by hand: published stays, retry removes the row so the next run claims it. */
    assert_int_equal(ag_ledger_resolve(f->l, &a, AG_LEDGER_PUBLISHED, &err), 0);
    assert_int_equal(state_of(f->l, &a), AG_LEDGER_PUBLISHED);
    assert_int_equal(ag_ledger_resolve(f->l, &b, AG_LEDGER_ABSENT, &err), 0);
    assert_int_equal(state_of(f->l, &b), AG_LEDGER_ABSENT);
    assert_int_equal(ag_ledger_claim(f->l, &b, "r2", &err), 1);
    /* Only posting or error rows can be settled. */
    assert_int_equal(ag_ledger_resolve(f->l, &a, AG_LEDGER_ABSENT, &err), -AG_EUSAGE);
    assert_non_null(strstr(err.msg, "item 'a'"));
    assert_int_equal(ag_ledger_resolve(f->l, &c, AG_LEDGER_PUBLISHED, &err), -AG_EUSAGE);
    struct ag_ledger_key none = {K.source, "nope", K.network};
    assert_int_equal(ag_ledger_resolve(f->l, &none, AG_LEDGER_ABSENT, &err), -AG_EUSAGE);
}

static void test_feed_state(void **state)
{
    struct fixture *f = *state;
    struct ag_error err = {0};
    struct ag_ledger_feed got;
    assert_int_equal(ag_ledger_feed_get(f->l, K.source, &got, &err), 0);
    assert_null(got.etag);
    assert_null(got.moved_to);
    struct ag_ledger_feed put = {.etag = "\"v1\"", .last_modified = "Sat, 05 Dec 2026 10:00:00 GMT"};
    assert_int_equal(ag_ledger_feed_put(f->l, K.source, &put, &err), 0);
    put = (struct ag_ledger_feed){.etag = "\"v2\"", .moved_to = "https://new.example/feed"};
    assert_int_equal(ag_ledger_feed_put(f->l, K.source, &put, &err), 0);
    assert_int_equal(ag_ledger_feed_get(f->l, K.source, &got, &err), 0);
    assert_string_equal(got.etag, "\"v2\"");
    assert_null(got.last_modified); /* replaced, not merged: validators come from one answer */
    assert_string_equal(got.moved_to, "https://new.example/feed");
    ag_ledger_feed_free(&got);
}

static void test_state_names(void **state)
{
    (void)state;
    assert_null(ag_ledger_state_name(AG_LEDGER_ABSENT));
    for (int s = AG_LEDGER_POSTING; s <= AG_LEDGER_SEEN; s++)
        assert_int_equal(ag_ledger_state_parse(ag_ledger_state_name((enum ag_ledger_state)s)), s);
    assert_int_equal(ag_ledger_state_parse("pending"), -1);
}

/* Processes that each open the ledger and claim the same keys at once: exactly one wins each key. */
static void test_processes_race_for_claims(void **state)
{
    struct fixture *f = *state;
    enum { PROCS = 6, KEYS = 20 };
    int go[2];
    assert_int_equal(pipe(go), 0);
    pid_t pids[PROCS];
    for (int p = 0; p < PROCS; p++) {
        pids[p] = fork();
        assert_true(pids[p] >= 0);
        if (pids[p] == 0) {
            char c, run[16], item[16];
            struct ag_ledger *l;
            struct ag_error err = {0};
            int won = 0;
            close(go[1]);
            if (ag_ledger_open(f->dir, &l, &err) < 0 || read(go[0], &c, 1) != 0)
                _exit(255);
            snprintf(run, sizeof(run), "run-%d", p);
            for (int k = 0; k < KEYS; k++) {
                snprintf(item, sizeof(item), "item-%d", k);
                struct ag_ledger_key key = {K.source, item, K.network};
                int rc = ag_ledger_claim(l, &key, run, &err);
                if (rc < 0)
                    _exit(254);
                won += rc;
            }
            ag_ledger_close(l);
            _exit(won);
        }
    }
    close(go[0]);
    close(go[1]); /* EOF releases every child at once */
    int total = 0;
    for (int p = 0; p < PROCS; p++) {
        int st;
        assert_int_equal(waitpid(pids[p], &st, 0), pids[p]);
        assert_true(WIFEXITED(st));
        assert_true(WEXITSTATUS(st) <= KEYS);
        total += WEXITSTATUS(st);
    }
    assert_int_equal(total, KEYS);
    int64_t n;
    struct ag_error err = {0};
    assert_int_equal(ag_ledger_count(f->l, K.source, K.network, &n, &err), 0);
    assert_int_equal(n, KEYS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_file_private_wal_versioned, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reopen_keeps_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_claim_publish, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errors_retried_unless_invalid, setup, teardown),
        cmocka_unit_test_setup_teardown(test_seed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_each_count_resolve, setup, teardown),
        cmocka_unit_test_setup_teardown(test_feed_state, setup, teardown),
        cmocka_unit_test_setup_teardown(test_state_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_processes_race_for_claims, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
