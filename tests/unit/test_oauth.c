/* Unit tests for core/oauth.c: PKCE, state, authorize URL, callback parsing and checking. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/oauth.h"

static const char charset[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

static void test_verifier_length_and_charset(void **state)
{
    (void)state;
    struct ag_error err = {0};
    size_t lens[] = {0, 43, 100, 128};
    for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
        char *v = NULL;
        assert_int_equal(ag_oauth_pkce_verifier(lens[i], &v, &err), 0);
        assert_int_equal(strlen(v), lens[i] ? lens[i] : AG_OAUTH_VERIFIER_DEFAULT);
        assert_int_equal(strspn(v, charset), strlen(v));
        ag_oauth_secret_free(v);
    }
    char *a = NULL, *b = NULL;
    assert_int_equal(ag_oauth_pkce_verifier(0, &a, &err), 0);
    assert_int_equal(ag_oauth_pkce_verifier(0, &b, &err), 0);
    assert_string_not_equal(a, b);
    ag_oauth_secret_free(a);
    ag_oauth_secret_free(b);
    char *untouched = NULL;
    assert_int_equal(ag_oauth_pkce_verifier(42, &untouched, &err), -AG_EUSAGE);
    assert_int_equal(ag_oauth_pkce_verifier(129, &untouched, &err), -AG_EUSAGE);
    assert_null(untouched);
}

static void test_verifier_uses_whole_alphabet(void **state)
{
    (void)state;
    struct ag_error err = {0};
    int seen[256] = {0};
    for (int round = 0; round < 60; round++) {
        char *v = NULL;
        assert_int_equal(ag_oauth_pkce_verifier(128, &v, &err), 0);
        for (const char *p = v; *p; p++)
            seen[(unsigned char)*p] = 1;
        ag_oauth_secret_free(v);
    }
    /* 7680 draws from 66 symbols: missing one by chance is ~66 * e^-116. */
    for (const char *p = charset; *p; p++)
        assert_true(seen[(unsigned char)*p]);
}

static void test_challenge_vectors(void **state)
{
    (void)state;
    struct ag_error err = {0};
    char hex[AG_OAUTH_HEX_CHALLENGE_SIZE], b64[AG_OAUTH_B64_CHALLENGE_SIZE];
    /* Expected values computed independently with `printf %s … | sha256sum` (and | base64). */
    assert_int_equal(ag_oauth_pkce_challenge_hex("dBjftJeZ4CVP-mJ92K7zjcRt99OCYSNd6bMNHI-9Ac5w", hex, &err),
                     0);
    assert_string_equal(hex, "fbbc3d91c8aa0e77c7f6b58e5cf05d171ef41138c78ceeb815c8ca8998cb2ab1");
    /* RFC 7636 appendix B's verifier and its S256 challenge. */
    assert_int_equal(ag_oauth_pkce_challenge_hex("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", hex, &err),
                     0);
    assert_string_equal(hex, "13d31e961a1ad8ec2f16b10c4c982e0876a878ad6df144566ee1894acb70f9c3");
    assert_int_equal(ag_oauth_pkce_challenge_b64("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", b64, &err),
                     0);
    assert_string_equal(b64, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

static void test_state_and_equal(void **state)
{
    (void)state;
    struct ag_error err = {0};
    char *a = NULL, *b = NULL;
    assert_int_equal(ag_oauth_state(&a, &err), 0);
    assert_int_equal(ag_oauth_state(&b, &err), 0);
    assert_int_equal(strlen(a), 43);
    assert_int_equal(strspn(a, charset), 43);
    assert_null(strchr(a, '.'));
    assert_null(strchr(a, '~'));
    assert_true(ag_oauth_equal(a, a));
    assert_false(ag_oauth_equal(a, b));
    assert_false(ag_oauth_equal("abc", "abcd"));
    assert_false(ag_oauth_equal(NULL, "x"));
    assert_false(ag_oauth_equal("", NULL));
    assert_true(ag_oauth_equal("", ""));
    ag_oauth_secret_free(a);
    ag_oauth_secret_free(b);
    ag_oauth_secret_free(NULL);
}

static void test_authorize_url(void **state)
{
    (void)state;
    struct ag_error err = {0};
    struct ag_oauth_result r;
    char *url = NULL;
    const char *params[] = {"client_key",
                            "ck 1&x=y",
                            "scope",
                            "user.info.basic,video.publish",
                            "skipped",
                            NULL,
                            "redirect_uri",
                            "http://127.0.0.1:3456/callback/",
                            "state",
                            "s/t+u",
                            NULL};
    ag_oauth_result_init(&r);
    assert_int_equal(
        ag_oauth_authorize_url("https://www.tiktok.com/v2/auth/authorize/?x=1", params, &url, &err), 0);
    assert_non_null(strstr(url, "https://www.tiktok.com/v2/auth/authorize/?x=1&client_key="));
    assert_null(strstr(url, "skipped"));
    assert_null(strstr(url, " "));
    assert_null(strstr(url, "x=y"));
    /* Decoding what we encoded gives the values back. */
    assert_int_equal(ag_oauth_parse_callback(url, &r, &err), 0);
    assert_string_equal(r.state, "s/t+u");
    assert_string_equal(r.scopes, "user.info.basic,video.publish");
    ag_oauth_result_free(&r);
    free(url);
    url = NULL;
    assert_int_equal(ag_oauth_authorize_url("http://example.com/auth", params, &url, &err), -AG_EUSAGE);
    assert_null(url);
    assert_int_equal(ag_oauth_authorize_url("http://127.0.0.1:8080/auth", params, &url, &err), 0);
    free(url);
}

static void test_parse_encoded_values(void **state)
{
    (void)state;
    struct ag_error err = {0};
    struct ag_oauth_result r;
    ag_oauth_result_init(&r);
    assert_int_equal(ag_oauth_parse_callback("http://127.0.0.1:3456/callback/?code=a%2Ab%21c%2Fd&state=st%3D1"
                                             "&scopes=user.info.basic%2Cvideo.publish&extra=1#frag",
                                             &r, &err),
                     0);
    assert_string_equal(r.code, "a*b!c/d");
    assert_string_equal(r.state, "st=1");
    assert_string_equal(r.scopes, "user.info.basic,video.publish");
    assert_null(r.error);
    /* A bare query, a pasted line with spaces and CRLF, a request path: the same parser. */
    assert_int_equal(ag_oauth_parse_callback(
                         "  ?error=access_denied&error_description=User+said+no&state=s \t\r\n", &r, &err),
                     0);
    assert_null(r.code);
    assert_string_equal(r.error, "access_denied");
    assert_string_equal(r.error_description, "User said no");
    assert_int_equal(ag_oauth_parse_callback("/callback/?code=c&state=s", &r, &err), 0);
    assert_string_equal(r.code, "c");
    assert_int_equal(ag_oauth_parse_callback("code=x&scope=a%20b&state=", &r, &err), 0);
    assert_string_equal(r.scopes, "a b");
    assert_string_equal(r.state, "");
    ag_oauth_result_free(&r);
}

static void test_parse_refusals(void **state)
{
    (void)state;
    struct ag_error err = {0};
    struct ag_oauth_result r;
    ag_oauth_result_init(&r);
    assert_int_equal(ag_oauth_parse_callback("code=1&state=a&code=2", &r, &err), -AG_EUSAGE);
    assert_string_equal(err.msg, "repeated parameter 'code' in the callback");
    assert_int_equal(ag_oauth_parse_callback("code=a%00b&state=s", &r, &err), -AG_EUSAGE);
    assert_int_equal(ag_oauth_parse_callback("http://127.0.0.1:3456/callback/", &r, &err), -AG_EUSAGE);
    assert_int_equal(ag_oauth_parse_callback("http://[bad/?code=1", &r, &err), -AG_EUSAGE);
    assert_int_equal(ag_oauth_parse_callback("", &r, &err), -AG_EUSAGE);
    assert_int_equal(ag_oauth_parse_callback(NULL, &r, &err), -AG_EUSAGE);
    assert_null(r.code);
    ag_oauth_result_free(&r);
}

static void test_check_callback(void **state)
{
    (void)state;
    struct ag_error err = {0};
    struct ag_oauth_result r;
    ag_oauth_result_init(&r);
    assert_int_equal(ag_oauth_parse_callback("code=c1&state=good", &r, &err), 0);
    assert_int_equal(ag_oauth_check_callback(&r, "good", &err), 0);
    assert_int_equal(ag_oauth_check_callback(&r, "goo", &err), -AG_EAUTH);
    assert_non_null(strstr(err.msg, "state mismatch"));
    assert_int_equal(ag_oauth_parse_callback("code=c1", &r, &err), 0);
    assert_int_equal(ag_oauth_check_callback(&r, "good", &err), -AG_EAUTH);
    assert_non_null(strstr(err.msg, "no 'state'"));
    assert_int_equal(
        ag_oauth_parse_callback("error=access_denied&error_description=no%1b%5B31m&state=good", &r, &err), 0);
    assert_int_equal(ag_oauth_check_callback(&r, "good", &err), -AG_EAUTH);
    assert_string_equal(err.msg, "authorization refused by the provider: access_denied: no?[31m");
    /* A forged error with the wrong state is a state mismatch, not the provider's answer. */
    assert_int_equal(ag_oauth_check_callback(&r, "other", &err), -AG_EAUTH);
    assert_non_null(strstr(err.msg, "state mismatch"));
    assert_int_equal(ag_oauth_parse_callback("code=&state=good", &r, &err), 0);
    assert_int_equal(ag_oauth_check_callback(&r, "good", &err), -AG_EAUTH);
    assert_string_equal(err.msg, "the authorization callback has no 'code'");
    ag_oauth_result_free(&r);
}

/* OAuth 1.0a's callback: oauth_token is checked as the state, oauth_verifier exchanged as the code. */
static void test_oauth1_callback(void **state)
{
    (void)state;
    struct ag_error err = {0};
    struct ag_oauth_result r;
    ag_oauth_result_init(&r);
    assert_int_equal(ag_oauth_parse_callback("/callback?oauth_token=rt1&oauth_verifier=v1", &r, &err), 0);
    assert_int_equal(ag_oauth_check_callback(&r, "rt1", &err), 0);
    assert_string_equal(r.code, "v1");
    assert_int_equal(ag_oauth_check_callback(&r, "rt2", &err), -AG_EAUTH);
    assert_non_null(strstr(err.msg, "state mismatch"));
    /* X's Deny: denied=<request token> ends the wait as a refusal, for our token only. */
    assert_int_equal(ag_oauth_parse_callback("/callback?denied=rt1", &r, &err), 0);
    assert_int_equal(ag_oauth_check_callback(&r, "rt1", &err), -AG_EAUTH);
    assert_non_null(strstr(err.msg, "access_denied"));
    assert_int_equal(ag_oauth_check_callback(&r, "rt2", &err), -AG_EAUTH);
    assert_non_null(strstr(err.msg, "state mismatch"));
    assert_int_equal(ag_oauth_parse_callback("oauth_token=a&state=b", &r, &err), -AG_EUSAGE);
    ag_oauth_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_verifier_length_and_charset),
        cmocka_unit_test(test_verifier_uses_whole_alphabet),
        cmocka_unit_test(test_challenge_vectors),
        cmocka_unit_test(test_state_and_equal),
        cmocka_unit_test(test_authorize_url),
        cmocka_unit_test(test_parse_encoded_values),
        cmocka_unit_test(test_parse_refusals),
        cmocka_unit_test(test_check_callback),
        cmocka_unit_test(test_oauth1_callback),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
