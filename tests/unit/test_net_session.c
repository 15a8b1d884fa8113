/*
 * Unit tests for net/session.c, the session every network with tokens shares, on a fake network
 * with an injected clock and a fake refresh function: freshness, rotation persisted before use,
 * adoption of another run's rotation, a stale (superseded) env token, an env token of another
 * chain, refresh failure, one retry on an auth error, and the missing-credentials message.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/log.h"
#include "net/account.h"
#include "net/session.h"

static int64_t fake_now = 1000000;
static int refreshes;           /* calls of fake_refresh */
static char refreshed_with[64]; /* the refresh token it was given last */
static int refresh_fails;       /* make it answer invalid_grant */
static int64_t lifetime = 3600;

static int64_t fake_clock(void)
{
    return fake_now;
}

static int fake_refresh(const struct ag_session *s, struct ag_token *out, struct ag_error *err)
{
    refreshes++;
    snprintf(refreshed_with, sizeof(refreshed_with), "%s", ag_session_get(s, "refresh_token"));
    if (refresh_fails)
        return ag_error_set(err, AG_EAUTH, "fake: refresh token expired or revoked");
    char text[32];
    snprintf(text, sizeof(text), "rt-%d", refreshes + 1);
    out->refresh_token = strdup(text);
    snprintf(text, sizeof(text), "at-%d", refreshes + 1);
    out->access_token = strdup(text);
    out->expires_in = lifetime;
    return 0;
}

static const struct ag_credential credentials[] = {
    {.env = "FAKE_USER", .store_field = "user", .flags = AG_CRED_ID, .help = "who"},
    {.env = "FAKE_CLIENT_ID", .store_field = "client_id", .help = "the app"},
    {.env = "FAKE_REFRESH_TOKEN",
     .store_field = "refresh_token",
     .flags = AG_CRED_SECRET | AG_CRED_REFRESH,
     .help = "rotates"},
    {0},
};
static const struct ag_network_ops ops = {.refresh = fake_refresh};
static const struct ag_network fake = {
    .name = "fake",
    .display = "Fake",
    .credentials = credentials,
    .auth_error_code = "bad_token",
    .ops = &ops,
};

static char dir[64];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof(dir), "/tmp/agoras-net-session-XXXXXX");
    assert_non_null(mkdtemp(dir));
    setenv("AGORAS_STORAGE_DIR", dir, 1);
    unsetenv("AGORAS_STORAGE_KEY");
    unsetenv("FAKE_USER");
    unsetenv("FAKE_CLIENT_ID");
    unsetenv("FAKE_REFRESH_TOKEN");
    ag_session_set_clock(fake_clock);
    fake_now = 1000000;
    refreshes = 0;
    refresh_fails = 0;
    lifetime = 3600;
    refreshed_with[0] = '\0';
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    ag_session_set_clock(NULL);
    return 0;
}

/* An authorized account: refresh token rt-1, access token at-1 issued now for `lifetime` seconds. */
static void authorize(void)
{
    struct ag_session s;
    struct ag_error err = {0};
    struct ag_token t = {.access_token = "at-1", .refresh_token = "rt-1", .expires_in = lifetime};
    ag_session_init(&s, &fake);
    assert_int_equal(ag_session_set(&s, "user", "alice"), 0);
    assert_int_equal(ag_session_set(&s, "client_id", "app"), 0);
    assert_int_equal(ag_session_store_new(&s, &t, 0, &err), 0);
    ag_session_close(&s);
}

static const char *stored(const char *field)
{
    static char value[64];
    json_t *record = NULL;
    struct ag_error err = {0};
    assert_int_equal(ag_account_load(&fake, "alice", &record, &err), 0);
    assert_non_null(record);
    snprintf(value, sizeof(value), "%s", json_string_value(json_object_get(record, field)));
    json_decref(record);
    return value;
}

static void open_session(struct ag_session *s)
{
    struct ag_error err = {0};
    assert_int_equal(ag_session_open(s, &fake, &err), 0);
}

static void test_fresh_token_is_reused(void **state)
{
    (void)state;
    struct ag_session s;
    struct ag_error err = {0};
    authorize();
    open_session(&s);
    fake_now += 3600 - 301; /* just outside the 5-minute margin */
    assert_int_equal(ag_session_ensure_token(&s, 0, &err), 0);
    assert_int_equal(refreshes, 0);
    assert_string_equal(s.access_token, "at-1");
    ag_session_close(&s);
}

static void test_expiring_token_rotates_and_is_stored_first(void **state)
{
    (void)state;
    struct ag_session s;
    struct ag_error err = {0};
    authorize();
    open_session(&s);
    fake_now += 3600 - 299; /* inside the margin */
    assert_int_equal(ag_session_ensure_token(&s, 0, &err), 0);
    assert_int_equal(refreshes, 1);
    assert_string_equal(refreshed_with, "rt-1");
    assert_string_equal(s.access_token, "at-2");
    assert_string_equal(ag_session_get(&s, "refresh_token"), "rt-2");
    assert_string_equal(stored("refresh_token"), "rt-2");
    assert_string_equal(stored("access_token"), "at-2");
    ag_session_close(&s);
}

static void test_short_lived_token_refreshes_at_half_life(void **state)
{
    (void)state;
    struct ag_session s;
    struct ag_error err = {0};
    lifetime = 120;
    authorize();
    open_session(&s);
    fake_now += 59;
    assert_int_equal(ag_session_ensure_token(&s, 0, &err), 0);
    assert_int_equal(refreshes, 0);
    fake_now += 2;
    assert_int_equal(ag_session_ensure_token(&s, 0, &err), 0);
    assert_int_equal(refreshes, 1);
    ag_session_close(&s);
}

static void test_concurrent_rotation_is_adopted(void **state)
{
    (void)state;
    struct ag_session a, b;
    struct ag_error err = {0};
    authorize();
    open_session(&a);
    open_session(&b);
    fake_now += 4000; /* both expired */
    assert_int_equal(ag_session_ensure_token(&b, 0, &err), 0);
    assert_int_equal(refreshes, 1);
    /* a still holds rt-1, which the network has killed: it must take b's rotation, not refresh. */
    assert_int_equal(ag_session_ensure_token(&a, 0, &err), 0);
    assert_int_equal(refreshes, 1);
    assert_string_equal(a.access_token, "at-2");
    assert_string_equal(ag_session_get(&a, "refresh_token"), "rt-2");
    ag_session_close(&a);
    ag_session_close(&b);
}

static void test_superseded_env_token_adopts_the_stored_chain(void **state)
{
    (void)state;
    struct ag_session s;
    struct ag_error err = {0};
    authorize();
    open_session(&s);
    fake_now += 4000;
    assert_int_equal(ag_session_ensure_token(&s, 0, &err), 0); /* rt-1 -> rt-2 */
    ag_session_close(&s);
    fake_now += 4000;
    open_session(&s);
    assert_int_equal(ag_session_ensure_token(&s, 0, &err), 0); /* rt-2 -> rt-3 */
    ag_session_close(&s);
    assert_int_equal(refreshes, 2);
    setenv("FAKE_REFRESH_TOKEN", "rt-1", 1); /* a CI secret two rotations old */
    open_session(&s);
    assert_string_equal(ag_session_get(&s, "refresh_token"), "rt-3");
    assert_string_equal(s.access_token, "at-3");
    ag_session_close(&s);
}

static void test_env_token_of_another_chain_wins(void **state)
{
    (void)state;
    struct ag_session s;
    struct ag_error err = {0};
    authorize();
    setenv("FAKE_REFRESH_TOKEN", "rt-other", 1);
    open_session(&s);
    assert_string_equal(ag_session_get(&s, "refresh_token"), "rt-other");
    assert_null(s.access_token); /* the stored access token belongs to the other chain */
    assert_int_equal(ag_session_ensure_token(&s, 0, &err), 0);
    assert_string_equal(refreshed_with, "rt-other");
    ag_session_close(&s);
}

static void test_refresh_failure_keeps_the_store(void **state)
{
    (void)state;
    struct ag_session s;
    struct ag_error err = {0};
    authorize();
    open_session(&s);
    fake_now += 4000;
    refresh_fails = 1;
    assert_int_equal(ag_session_ensure_token(&s, 0, &err), -AG_EAUTH);
    assert_non_null(strstr(err.msg, "revoked"));
    assert_string_equal(stored("refresh_token"), "rt-1");
    ag_session_close(&s);
}

static int calls;
static int fails_left;

static int fake_call(const char *access_token, void *ctx, char *code, size_t code_size, struct ag_error *err)
{
    (void)ctx;
    calls++;
    if (fails_left > 0) {
        fails_left--;
        snprintf(code, code_size, "bad_token");
        return ag_error_set(err, AG_EAUTH, "fake: token %s rejected", access_token);
    }
    return 0;
}

static void test_auth_error_refreshes_and_retries_once(void **state)
{
    (void)state;
    struct ag_session s;
    struct ag_error err = {0};
    char code[32];
    authorize();
    open_session(&s);
    calls = 0;
    fails_left = 1;
    assert_int_equal(ag_session_call(&s, fake_call, NULL, code, sizeof(code), &err), 0);
    assert_int_equal(calls, 2);
    assert_int_equal(refreshes, 1);
    assert_string_equal(s.access_token, "at-2");
    calls = 0;
    fails_left = 5; /* refused again after the refresh: no second retry */
    assert_int_equal(ag_session_call(&s, fake_call, NULL, code, sizeof(code), &err), -AG_EAUTH);
    assert_int_equal(calls, 2);
    assert_int_equal(refreshes, 2);
    ag_session_close(&s);
}

/* A token that is its own refresh token (AG_CRED_REFRESH | AG_CRED_TOKEN), from the env with no record. */
static const struct ag_credential self_credentials[] = {
    {.env = "FAKE_USER", .store_field = "user", .flags = AG_CRED_ID, .help = "who"},
    {.env = "FAKE_REFRESH_TOKEN",
     .store_field = "refresh_token",
     .flags = AG_CRED_SECRET | AG_CRED_REFRESH | AG_CRED_TOKEN,
     .help = "long-lived"},
    {0},
};
static const struct ag_network self_fake = {
    .name = "fake",
    .display = "Fake",
    .credentials = self_credentials,
    .auth_error_code = "bad_token",
    .ops = &ops,
};

static void test_self_refreshing_env_token_is_used_as_is(void **state)
{
    (void)state;
    struct ag_session s;
    struct ag_error err = {0};
    setenv("FAKE_USER", "ann", 1);
    setenv("FAKE_REFRESH_TOKEN", "long-1", 1);
    assert_int_equal(ag_session_open(&s, &self_fake, &err), 0);
    assert_string_equal(s.access_token, "long-1");
    assert_int_equal(ag_session_ensure_token(&s, 0, &err), 0);
    assert_int_equal(refreshes, 0); /* its age is unknown: not refreshed before the network refuses it */
    assert_int_equal(ag_session_ensure_token(&s, 1, &err), 0);
    assert_int_equal(refreshes, 1);
    assert_string_equal(refreshed_with, "long-1");
    assert_string_equal(s.access_token, "at-2");
    ag_session_close(&s);
}

static void test_missing_credentials_name_the_fix(void **state)
{
    (void)state;
    struct ag_session s;
    struct ag_error err = {0};
    setenv("FAKE_USER", "bob", 1);
    assert_int_equal(ag_session_open(&s, &fake, &err), -AG_EAUTH);
    assert_string_equal(err.msg,
                        "not authorized for Fake: run 'agoras fake authorize' or set FAKE_REFRESH_TOKEN "
                        "with FAKE_USER and FAKE_CLIENT_ID (missing: client id refresh token)");
}

int main(void)
{
    ag_log_set_level(AG_LOG_CRITICAL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_fresh_token_is_reused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_expiring_token_rotates_and_is_stored_first, setup, teardown),
        cmocka_unit_test_setup_teardown(test_short_lived_token_refreshes_at_half_life, setup, teardown),
        cmocka_unit_test_setup_teardown(test_concurrent_rotation_is_adopted, setup, teardown),
        cmocka_unit_test_setup_teardown(test_superseded_env_token_adopts_the_stored_chain, setup, teardown),
        cmocka_unit_test_setup_teardown(test_env_token_of_another_chain_wins, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refresh_failure_keeps_the_store, setup, teardown),
        cmocka_unit_test_setup_teardown(test_auth_error_refreshes_and_retries_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_credentials_name_the_fix, setup, teardown),
        cmocka_unit_test_setup_teardown(test_self_refreshing_env_token_is_used_as_is, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
