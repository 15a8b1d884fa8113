/* Unit tests for core/child_env.c: which variables a started program (the browser) does not get. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "core/child_env.h"

static void test_secret_names(void **state)
{
    (void)state;
    static const char *const secret[] = {
        "AGORAS_STORAGE_KEY=k",   "TIKTOK_CLIENT_SECRET=s",
        "TIKTOK_REFRESH_TOKEN=r", "FACEBOOK_ACCESS_TOKEN",
        "DISCORD_BOT_TOKEN=b",    "THREADS_APP_SECRET=a",
        "TWITTER_OAUTH_SECRET=o", "TWITTER_CONSUMER_KEY=c",
        "DEPLOY_PRIVATE_KEY=p",   "OPENAI_API_KEY=x",
        "SMTP_PASSWORD=p",        "db_passwd=p",
        "GPG_PASSPHRASE=p",       "GOOGLE_APPLICATION_CREDENTIALS=/x.json",
        "github_token=lowercase", "TIKTOK_CLIENT_KEY=public-but-not-needed",
    };
    static const char *const kept[] = {
        "DISPLAY=:0",
        "WAYLAND_DISPLAY=wayland-0",
        "HOME=/home/u",
        "PATH=/usr/bin",
        "XDG_RUNTIME_DIR=/run/user/1",
        "XDG_ACTIVATION_TOKEN=t",
        "LANG=C.UTF-8",
        "YOUTUBE_KEYWORDS=a,b",
        "TOKEN=bare-word",
        "_KEY=nothing-before",
        "DBUS_SESSION_BUS_ADDRESS=unix:path=/x",
        "BROWSER=firefox",
    };
    for (size_t i = 0; i < sizeof(secret) / sizeof(secret[0]); i++)
        assert_true(ag_child_env_is_secret(secret[i]));
    for (size_t i = 0; i < sizeof(kept) / sizeof(kept[0]); i++)
        assert_false(ag_child_env_is_secret(kept[i]));
}

static void test_build_keeps_order_and_strings(void **state)
{
    (void)state;
    char *env[] = {"HOME=/h", "AGORAS_STORAGE_KEY=k", "DISPLAY=:1", "X_REFRESH_TOKEN=t", NULL};
    char **out = ag_child_env_build(env);
    assert_non_null(out);
    assert_ptr_equal(out[0], env[0]);
    assert_ptr_equal(out[1], env[2]);
    assert_null(out[2]);
    assert_string_equal(env[1], "AGORAS_STORAGE_KEY=k"); /* the source is untouched */
    free(out);
    out = ag_child_env_build(NULL);
    assert_non_null(out);
    assert_null(out[0]);
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_secret_names),
        cmocka_unit_test(test_build_keeps_order_and_strings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
