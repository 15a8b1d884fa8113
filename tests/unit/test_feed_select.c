/* Unit tests for feed-publish's selection (platforms/utils/feed_select.c) over a real ledger: the first
 * run's lookback, max-post-age, oldest first, max-count, retries of definite failures only, random
 * mode, and the worst-exit-code order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "platforms/utils/feed_publish.h"

#define NOW  1800000000
#define HOUR 3600
#define DAY  86400

struct fixture {
    char dir[256];
    struct ag_ledger *l;
    struct ag_feed_item items[6];
    struct ag_feed feed;
    struct feed_opts o;
    struct feed_run run;
};

static void item(struct ag_feed_item *it, const char *key, bool dated, int64_t age, size_t order)
{
    it->key = (char *)key;
    it->dated = dated;
    it->published = NOW - age;
    it->order = order;
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    struct ag_error err = {0};
    if (!f)
        return -1;
    snprintf(f->dir, sizeof(f->dir), "/tmp/agoras-test-select-XXXXXX");
    if (!mkdtemp(f->dir) || ag_ledger_open(f->dir, &f->l, &err) < 0)
        return -1;
    /* Document order is not date order. */
    item(&f->items[0], "new", true, 10 * 60, 0);
    item(&f->items[1], "older", true, 2 * HOUR, 1);
    item(&f->items[2], "newer", true, 5 * 60, 2);
    item(&f->items[3], "undated", false, 0, 3);
    item(&f->items[4], "ancient", true, 400 * DAY, 4);
    item(&f->items[5], "recent", true, 30 * 60, 5);
    f->feed = (struct ag_feed){.items = f->items, .n_items = 6};
    f->o = (struct feed_opts){.network = "telegram",
                              .mode = "last",
                              .feed_url = "https://blog.example/feed",
                              .max_count = 10,
                              .post_lookback = HOUR,
                              .max_post_age = 365};
    f->run =
        (struct feed_run){.o = &f->o, .store_dir = f->dir, .feed = &f->feed, .run_id = "run-1", .now = NOW};
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    char cmd[300];
    ag_ledger_close(f->l);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
    int rc = system(cmd);
    free(f);
    return rc == 0 ? 0 : -1;
}

/* The picked keys, space-separated. */
static const char *picked(struct fixture *f, struct feed_pick *p)
{
    static char out[256];
    out[0] = '\0';
    for (size_t i = 0; i < p->n; i++) {
        strcat(out, f->items[p->items[i]].key);
        strcat(out, i + 1 < p->n ? " " : "");
    }
    return out;
}

static enum ag_ledger_state state_of(struct fixture *f, const char *item)
{
    struct ag_ledger_key k = {f->o.feed_url, item, "telegram"};
    struct ag_ledger_row row;
    struct ag_error err = {0};
    int rc = ag_ledger_get(f->l, &k, &row, &err);
    assert_true(rc >= 0);
    enum ag_ledger_state s = rc ? row.state : AG_LEDGER_ABSENT;
    ag_ledger_row_free(&row);
    return s;
}

static void test_first_run_lookback_then_ledger(void **state)
{
    struct fixture *f = *state;
    struct feed_pick p;
    struct ag_error err = {0};
    assert_int_equal(feed_select(&f->run, f->l, "telegram", &p, &err), 0);
    /* Within the hour, oldest first; older and undated ones marked seen; the ancient one untouched. */
    assert_string_equal(picked(f, &p), "recent new newer");
    assert_true(p.complete);
    free(p.items);
    assert_int_equal(state_of(f, "older"), AG_LEDGER_SEEN);
    assert_int_equal(state_of(f, "undated"), AG_LEDGER_SEEN);
    assert_int_equal(state_of(f, "ancient"), AG_LEDGER_ABSENT);
    assert_int_equal(state_of(f, "new"), AG_LEDGER_ABSENT); /* picked, not yet claimed */
    /* Once the ledger has rows, the lookback no longer applies: an item a day old is new. */
    struct ag_ledger_key k = {f->o.feed_url, "recent", "telegram"};
    assert_int_equal(ag_ledger_claim(f->l, &k, "run-1", &err), 1);
    item(&f->items[4], "late", true, DAY, 4);
    f->o.max_count = 2;
    assert_int_equal(feed_select(&f->run, f->l, "telegram", &p, &err), 0);
    assert_string_equal(picked(f, &p), "late new");
    assert_false(p.complete); /* "newer" is left for the next run */
    free(p.items);
}

static void test_dry_run_first_run_records_nothing(void **state)
{
    struct fixture *f = *state;
    struct feed_pick p;
    struct ag_error err = {0};
    f->o.dry_run = true;
    assert_int_equal(feed_select(&f->run, f->l, "telegram", &p, &err), 0);
    assert_string_equal(picked(f, &p), "recent new newer");
    free(p.items);
    int64_t n = -1;
    assert_int_equal(ag_ledger_count(f->l, f->o.feed_url, "telegram", &n, &err), 0);
    assert_int_equal(n, 0);
}

static void test_retries_and_max_post_age(void **state)
{
    struct fixture *f = *state;
    struct feed_pick p;
    struct ag_error err = {0};
    const char *keys[] = {"new", "older", "newer", "undated", "recent"};
    struct ag_ledger_outcome temp = {.state = AG_LEDGER_ERROR, .code = AG_ETEMP, .message = "503"};
    struct ag_ledger_outcome invalid = {.state = AG_LEDGER_ERROR, .code = AG_EINVALID, .message = "no image"};
    struct ag_ledger_outcome ok = {.state = AG_LEDGER_PUBLISHED, .remote_id = "1"};
    for (size_t i = 0; i < 5; i++) {
        struct ag_ledger_key k = {f->o.feed_url, keys[i], "telegram"};
        assert_int_equal(ag_ledger_claim(f->l, &k, "run-0", &err), 1);
        const struct ag_ledger_outcome *o = i == 0 ? &temp : i == 1 ? &invalid : &ok;
        if (i != 4) /* "recent" stays posting: unknown */
            assert_int_equal(ag_ledger_finish(f->l, &k, "run-0", o, &err), 0);
    }
    assert_int_equal(feed_select(&f->run, f->l, "telegram", &p, &err), 0);
    /* Only the temporary failure comes back; invalid content, published, posting and too old do not. */
    assert_string_equal(picked(f, &p), "new");
    free(p.items);
    /* The same items for another network are all new (and its first run applies). */
    assert_int_equal(feed_select(&f->run, f->l, "tiktok", &p, &err), 0);
    assert_string_equal(picked(f, &p), "recent new newer");
    free(p.items);
}

static void test_random_picks_one_eligible(void **state)
{
    struct fixture *f = *state;
    struct ag_error err = {0};
    f->o.mode = "random";
    int seen_new = 0, seen_undated = 0;
    for (int i = 0; i < 60; i++) {
        struct feed_pick p;
        assert_int_equal(feed_select(&f->run, f->l, "telegram", &p, &err), 0);
        assert_int_equal(p.n, 1);
        assert_false(p.complete);
        const char *k = f->items[p.items[0]].key;
        assert_string_not_equal(k, "ancient"); /* over --max-post-age */
        seen_new += strcmp(k, "new") == 0;
        seen_undated += strcmp(k, "undated") == 0; /* no lookback in random mode */
        free(p.items);
    }
    assert_true(seen_new > 0);
    assert_true(seen_undated > 0);
    int64_t n = -1;
    assert_int_equal(ag_ledger_count(f->l, f->o.feed_url, "telegram", &n, &err), 0);
    assert_int_equal(n, 0); /* random never seeds */
}

static void test_worst_exit_code(void **state)
{
    (void)state;
    assert_int_equal(feed_worse(0, 5), 5);
    assert_int_equal(feed_worse(5, 2), 2);
    assert_int_equal(feed_worse(4, 2), 4);
    assert_int_equal(feed_worse(1, 4), 1);
    assert_int_equal(feed_worse(3, 1), 3);
    assert_int_equal(feed_worse(3, 6), 6);
    assert_int_equal(feed_worse(6, 3), 6);
    assert_int_equal(feed_worse(6, 130), 130);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_first_run_lookback_then_ledger, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dry_run_first_run_records_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_retries_and_max_post_age, setup, teardown),
        cmocka_unit_test_setup_teardown(test_random_picks_one_eligible, setup, teardown),
        cmocka_unit_test_setup_teardown(test_worst_exit_code, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
