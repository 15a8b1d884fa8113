/* Unit tests for core/url.c: the one URL redactor for messages and logs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/log.h"
#include "core/url.h"

static void test_shown_drops_secrets(void **state)
{
    (void)state;
    static const struct {
        const char *url, *shown;
    } cases[] = {
        {"http://user:pw@host/v.mp4?token=abc", "http://host/v.mp4"},
        {"https://user:pw@host:8443/a/b.jpg?X-Amz-Signature=abc#frag", "https://host:8443/a/b.jpg"},
        {"https://user@host/v.mp4", "https://host/v.mp4"},
        {"https://host/v.mp4#access_token=abc", "https://host/v.mp4"},
        {"https://host/v.mp4?", "https://host/v.mp4"},
        {"https://[::1]:99/x?y=1", "https://[::1]:99/x"},
        {"https://host", "https://host/"},
        {"HTTPS://Host/Path/", "https://Host/Path/"},
        {"weird+scheme://u:p@h/x?q", "weird+scheme://h/x"},
        /* Unparsable: cut by hand, over-redacting rather than leaking. */
        {"not a url?token=abc", "not a url"},
        {"user:pw@host/x?q=1", "host/x"},
        {"http://u:p/w@host/v.mp4?token=abc", "http://host/v.mp4"},
        {"http://u:pw@ho st/v.mp4#abc", "http://ho st/v.mp4"},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char out[AG_URL_SHOWN_MAX];
        const char *got = ag_url_shown(cases[i].url, out, sizeof(out));
        assert_ptr_equal(got, out);
        if (strcmp(out, cases[i].shown) != 0)
            fail_msg("'%s' shown as '%s', expected '%s'", cases[i].url, out, cases[i].shown);
        assert_null(strstr(out, "pw"));
        assert_null(strstr(out, "abc"));
        assert_null(strchr(out, '?'));
        assert_null(strchr(out, '#'));
    }
}

static void test_shown_bounded(void **state)
{
    (void)state;
    char out[16];
    ag_url_shown("https://a-very-long-host-name.example/path?token=secret", out, sizeof(out));
    assert_int_equal(strlen(out), sizeof(out) - 1);
    ag_url_shown(NULL, out, sizeof(out));
    assert_string_equal(out, "");
}

static void expect_shown(const char *url, const char *shown)
{
    char out[AG_URL_SHOWN_MAX];
    ag_url_shown(url, out, sizeof(out));
    if (strcmp(out, shown) != 0)
        fail_msg("'%s' shown as '%s', expected '%s'", url, out, shown);
}

/* Telegram's token sits in the path: hidden whole, the numeric bot id included. */
static void test_shown_hides_bot_token(void **state)
{
    (void)state;
    expect_shown("https://api.telegram.org/bot123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/sendMessage",
                 "https://api.telegram.org/bot***/sendMessage");
    expect_shown("https://api.telegram.org/file/bot42:tok-en_x/photos/file_1.jpg",
                 "https://api.telegram.org/file/bot***/photos/file_1.jpg");
    expect_shown("https://api.telegram.org/bot42:abc", "https://api.telegram.org/bot***");
    expect_shown("https://api.telegram.org/bot42%3Aabcdef/getMe?offset=1",
                 "https://api.telegram.org/bot***/getMe");
    expect_shown("not a url/bot42:abcdef/getMe?x", "not a url/bot***/getMe"); /* hand-cut too */
    expect_shown("http://127.0.0.1:9/a/bot1:x/b/bot2:y/c", "http://127.0.0.1:9/a/bot***/b/bot***/c");
    /* Not a token: left as is. */
    expect_shown("https://h/bottles/42", "https://h/bottles/42");
    expect_shown("https://h/bot123/x", "https://h/bot123/x");
    expect_shown("https://h/bot:abc/x", "https://h/bot:abc/x");
    expect_shown("https://h/bot12:/x", "https://h/bot12:/x");
    expect_shown("https://bot12:443/x", "https://bot12:443/x");
}

/* A secret registered for redaction is hidden wherever it is: path, query, user info. */
static void test_shown_hides_registered_secrets(void **state)
{
    (void)state;
    ag_log_add_secret("s3cr3t-path-token");
    expect_shown("https://h/api/s3cr3t-path-token/send", "https://h/api/[REDACTED]/send");
    expect_shown("https://h/api/x?key=s3cr3t-path-token", "https://h/api/x");
    expect_shown("https://me:s3cr3t-path-token@h/api", "https://h/api");
    expect_shown("https://h/v1/s3cr3t%2Dpath%2Dtoken/x", "https://h/v1/[REDACTED]/x");
    ag_log_clear_secrets();
    expect_shown("https://h/api/s3cr3t-path-token/send", "https://h/api/s3cr3t-path-token/send");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shown_drops_secrets),
        cmocka_unit_test(test_shown_bounded),
        cmocka_unit_test(test_shown_hides_bot_token),
        cmocka_unit_test(test_shown_hides_registered_secrets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
