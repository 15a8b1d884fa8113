/*
 * Unit tests for src/sandbox/url.c: the URL normalisation behind PULL_FROM_URL ownership checks
 * (TIKTOK_API.md §2.8).  A URL must not leave a verified prefix through dot segments or escapes
 * once normalised, and verified domains cover exactly the domain and its subdomains.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sandbox/sandbox.h"

static void assert_normal(const char *url, const char *want)
{
    char *got = sbx_url_normalize(url);
    if (!want) {
        if (got)
            fail_msg("'%s' should be refused, got '%s'", url, got);
        return;
    }
    if (!got)
        fail_msg("'%s' refused, expected '%s'", url, want);
    assert_string_equal(got, want);
    free(got);
}

static void test_dot_segments(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"http://127.0.0.1:8080/media/../_sandbox/state", "http://127.0.0.1:8080/_sandbox/state"},
        {"http://127.0.0.1:8080/media/./../_sandbox/state", "http://127.0.0.1:8080/_sandbox/state"},
        {"http://127.0.0.1:8080/media/a/../../_sandbox/state", "http://127.0.0.1:8080/_sandbox/state"},
        {"http://127.0.0.1:8080/media/..", "http://127.0.0.1:8080/"},
        {"http://127.0.0.1:8080/../../media/x", "http://127.0.0.1:8080/media/x"},
        {"https://e.com/a/b/./c", "https://e.com/a/b/c"},
        {"https://e.com/a/b/.", "https://e.com/a/b/"},
        {"https://e.com/a/b/..", "https://e.com/a/"},
        {"https://e.com/a//../b", "https://e.com/a/b"},
        {"https://e.com/a/..b/c", "https://e.com/a/..b/c"}, /* not a dot segment */
        {"https://e.com/a/...", "https://e.com/a/..."},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        assert_normal(cases[i][0], cases[i][1]);
}

static void test_escapes(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        /* Encoded dots are unreserved: decoded, then removed as dot segments. */
        {"http://127.0.0.1:8080/media/%2e%2e/_sandbox/state", "http://127.0.0.1:8080/_sandbox/state"},
        {"http://127.0.0.1:8080/media/%2E./_sandbox/state", "http://127.0.0.1:8080/_sandbox/state"},
        {"http://127.0.0.1:8080/media/.%2e/_sandbox/state", "http://127.0.0.1:8080/_sandbox/state"},
        {"https://e.com/%7euser/%41%62", "https://e.com/~user/Ab"},
        {"https://e.com/a%3fb%e2%82%ac", "https://e.com/a%3Fb%E2%82%AC"},
        {"https://e.com/p?q=%2f%7e", "https://e.com/p?q=%2F~"},
        /* Encoded separators and NUL in the path, raw backslashes, bad escapes: refused. */
        {"http://127.0.0.1:8080/media/..%2f_sandbox/state", NULL},
        {"http://127.0.0.1:8080/media/%2F../x", NULL},
        {"http://127.0.0.1:8080/media/..%5c_sandbox/state", NULL},
        {"http://127.0.0.1:8080/media/..\\_sandbox/state", NULL},
        {"https://e.com/a%00.mp4", NULL},
        {"https://e.com/a%2", NULL},
        {"https://e.com/a%zz", NULL},
        {"https://e.com/a b", NULL},
        {"https://e.com/\xc3\xa9", NULL},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        assert_normal(cases[i][0], cases[i][1]);
}

static void test_authority(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"HTTPS://CDN.Example.COM/Media/X.mp4", "https://cdn.example.com/Media/X.mp4"},
        {"https://cdn.example.com:443/a", "https://cdn.example.com/a"},
        {"http://cdn.example.com:80/a", "http://cdn.example.com/a"},
        {"http://127.0.0.1:08080/a", "http://127.0.0.1:8080/a"},
        {"https://cdn.example.com./a", "https://cdn.example.com/a"},
        {"https://cdn.example.com", "https://cdn.example.com/"},
        {"https://cdn.example.com?x=1", "https://cdn.example.com/?x=1"},
        {"https://[::1]:8443/a", "https://[::1]:8443/a"},
        {"https://cdn.example.com@evil.test/a", NULL}, /* userinfo */
        {"https://evil.test\\@cdn.example.com/a", NULL},
        {"https://cdn.example.com%2eevil.test/a", NULL},
        {"https://cdn.example.com:99999/a", NULL},
        {"https://cdn.example.com:x/a", NULL},
        {"https:///a", NULL},
        {"https://[::1/a", NULL},
        {"https://cdn.example.com/a#frag", NULL},
        {"ftp://cdn.example.com/a", NULL},
        {"cdn.example.com/a", NULL},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        assert_normal(cases[i][0], cases[i][1]);
}

static void test_domains(void **state)
{
    (void)state;
    /* TIKTOK_API.md §2.8: static.example.com covers video.static.example.com, not example.com. */
    assert_true(sbx_url_under_domain("https://static.example.com/a", "static.example.com"));
    assert_true(sbx_url_under_domain("https://video.static.example.com/a", "static.example.com"));
    assert_true(sbx_url_under_domain("https://a.b.static.example.com:8443/a", "static.example.com"));
    assert_true(sbx_url_under_domain("https://media.example.com/a", "Example.com."));
    assert_false(sbx_url_under_domain("https://example.com/a", "static.example.com"));
    assert_false(sbx_url_under_domain("https://evilexample.com/a", "example.com"));
    assert_false(sbx_url_under_domain("https://example.com.evil.test/a", "example.com"));
    assert_false(sbx_url_under_domain("https://evil.test/example.com", "example.com"));
    assert_false(sbx_url_under_domain("https://evil.test/?h=.example.com", "example.com"));
    assert_false(sbx_url_under_domain("https://127.0.0.1/a", "0.0.1")); /* addresses are not domains */
    assert_false(sbx_url_under_domain("https://example.com/a", ""));
    assert_false(sbx_url_under_domain("https://example.com/a", "."));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dot_segments),
        cmocka_unit_test(test_escapes),
        cmocka_unit_test(test_authority),
        cmocka_unit_test(test_domains),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
