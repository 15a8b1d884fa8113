/* Unit tests for core/oauth1.c: the API doc's §1.2 vectors, what is signed, the header, the nonce. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/oauth1.h"

#define CK          "xvz1evFS4wEEPTGEFPHBog"
#define CS          "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw"
#define TK          "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb"
#define TS          "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE"
#define NONCE       "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg"
#define STATUS_FORM "status=Hello%20Ladies%20%2b%20Gentlemen%2c%20a%20signed%20OAuth%20request%21"

static void expect_encoded(const char *in, const char *want)
{
    struct ag_buf b;
    ag_buf_init(&b, 0);
    assert_int_equal(ag_oauth1_encode(&b, in, strlen(in)), 0);
    assert_string_equal(b.data, want);
    ag_buf_free(&b);
}

static void test_encode(void **state)
{
    (void)state;
    expect_encoded("Ladies + Gentlemen", "Ladies%20%2B%20Gentlemen");
    expect_encoded("An encoded string!", "An%20encoded%20string%21");
    expect_encoded("Dogs, Cats & Mice", "Dogs%2C%20Cats%20%26%20Mice");
    expect_encoded("\xe2\x98\x83", "%E2%98%83");
    expect_encoded("AZaz09-._~", "AZaz09-._~");
    expect_encoded("a/b=c+d*", "a%2Fb%3Dc%2Bd%2A");
}

/* The signature of the doc's example, over the URL given, with the body as a form. */
static void sign_example(const char *url, const char *form, char sig[AG_OAUTH1_SIG_SIZE])
{
    struct ag_error err = {0};
    struct ag_oauth1 o = {
        .consumer_key = CK, .consumer_secret = CS, .token = TK, .token_secret = TS, .form_body = form};
    struct ag_buf h;
    ag_buf_init(&h, 0);
    assert_int_equal(ag_oauth1_header(&o, "POST", url, NONCE, 1318622958, &h, &err), 0);
    const char *s = strstr(h.data, "oauth_signature=\"");
    assert_non_null(s);
    s += strlen("oauth_signature=\"");
    /* Decode the header's %2F, %2B and %3D back to the raw base64. */
    size_t n = 0;
    for (; *s != '"' && n + 1 < AG_OAUTH1_SIG_SIZE; s++) {
        if (*s == '%') {
            sig[n++] = strncmp(s, "%2F", 3) == 0 ? '/' : strncmp(s, "%2B", 3) == 0 ? '+' : '=';
            s += 2;
        } else {
            sig[n++] = *s;
        }
    }
    sig[n] = '\0';
    ag_buf_free(&h);
}

static void test_doc_vector(void **state)
{
    (void)state;
    char sig[AG_OAUTH1_SIG_SIZE];
    sign_example("https://api.x.com/1.1/statuses/update.json?include_entities=true", STATUS_FORM, sig);
    assert_string_equal(sig, "Ls93hJiZbQ3akF3HF3x1Bz8/zU4=");
    sign_example("https://api.twitter.com/1.1/statuses/update.json?include_entities=true", STATUS_FORM, sig);
    assert_string_equal(sig, "hCtSmYh+iHYCEqBWrE7C7hYmtUk=");
    /* Host case and a default port do not change the base URL. */
    sign_example("https://API.X.com:443/1.1/statuses/update.json?include_entities=true", STATUS_FORM, sig);
    assert_string_equal(sig, "Ls93hJiZbQ3akF3HF3x1Bz8/zU4=");
    /* Query and form parameters are interchangeable in the base string: both are signed. */
    sign_example("https://api.x.com/1.1/statuses/update.json?" STATUS_FORM, "include_entities=true", sig);
    assert_string_equal(sig, "Ls93hJiZbQ3akF3HF3x1Bz8/zU4=");
}

static void test_what_is_signed(void **state)
{
    (void)state;
    char with_query[AG_OAUTH1_SIG_SIZE], without[AG_OAUTH1_SIG_SIZE], json_body[AG_OAUTH1_SIG_SIZE];
    /* A query parameter changes the signature. */
    sign_example("https://api.x.com/2/tweets?a=1", NULL, with_query);
    sign_example("https://api.x.com/2/tweets", NULL, without);
    assert_string_not_equal(with_query, without);
    /* A JSON or multipart body is not signed: the caller leaves form_body NULL. */
    sign_example("https://api.x.com/2/tweets", NULL, json_body);
    assert_string_equal(json_body, without);
    /* A form body is. */
    sign_example("https://api.x.com/2/tweets", "a=1", json_body);
    assert_string_equal(json_body, with_query);
}

static void test_base_string(void **state)
{
    (void)state;
    struct ag_error err = {0};
    struct ag_buf b;
    ag_buf_init(&b, 0);
    const char *params[] = {"oauth_nonce", "n n", "oauth_token", NULL, "b", "2", NULL};
    assert_int_equal(ag_oauth1_base_string("get", "http://127.0.0.1:8080/x/2/users/me?z=1&a=x+y&b=1", params,
                                           NULL, &b, &err),
                     0);
    /* Upper-case method, port kept, parameters decoded then encoded and sorted (b=1 before b=2). */
    assert_string_equal(b.data, "GET&http%3A%2F%2F127.0.0.1%3A8080%2Fx%2F2%2Fusers%2Fme&"
                                "a%3Dx%2520y%26b%3D1%26b%3D2%26oauth_nonce%3Dn%2520n%26z%3D1");
    ag_buf_free(&b);
    ag_buf_init(&b, 0);
    assert_int_equal(ag_oauth1_base_string("GET", "not a url", params, NULL, &b, &err), -AG_EUSAGE);
    ag_buf_free(&b);
}

static void test_header_shape(void **state)
{
    (void)state;
    struct ag_error err = {0};
    struct ag_oauth1 o = {.consumer_key = "ck", .consumer_secret = "cs", .callback = "oob"};
    struct ag_buf h;
    ag_buf_init(&h, 0);
    assert_int_equal(
        ag_oauth1_header(&o, "POST", "https://api.x.com/oauth/request_token", "abc", 7, &h, &err), 0);
    assert_true(strncmp(h.data,
                        "Authorization: OAuth oauth_callback=\"oob\", oauth_consumer_key=\"ck\", "
                        "oauth_nonce=\"abc\", oauth_signature=\"",
                        strlen("Authorization: OAuth oauth_callback=\"oob\", oauth_consumer_key=\"ck\", "
                               "oauth_nonce=\"abc\", oauth_signature=\"")) == 0);
    assert_non_null(strstr(h.data, "\", oauth_signature_method=\"HMAC-SHA1\", oauth_timestamp=\"7\", "
                                   "oauth_version=\"1.0\""));
    assert_null(strstr(h.data, "oauth_token")); /* no token at request_token */
    assert_null(strstr(h.data, "cs"));          /* a secret never goes out */
    assert_null(strchr(h.data, '\n'));
    ag_buf_free(&h);
}

static void test_nonce_and_hook(void **state)
{
    (void)state;
    struct ag_error err = {0};
    char a[AG_OAUTH1_NONCE_LEN + 1], b[AG_OAUTH1_NONCE_LEN + 1];
    assert_int_equal(ag_oauth1_nonce(a, &err), 0);
    assert_int_equal(ag_oauth1_nonce(b, &err), 0);
    assert_int_equal(strlen(a), AG_OAUTH1_NONCE_LEN);
    assert_int_equal(strspn(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"),
                     AG_OAUTH1_NONCE_LEN);
    assert_string_not_equal(a, b);
    /* Every attempt is signed afresh: two calls of the hook differ. */
    struct ag_oauth1 o = {.consumer_key = "ck", .consumer_secret = "cs", .token = "t", .token_secret = "ts"};
    struct ag_buf h1, h2;
    ag_buf_init(&h1, 0);
    ag_buf_init(&h2, 0);
    assert_int_equal(ag_oauth1_auth(&o, "POST", "https://api.x.com/2/tweets", &h1, &err), 0);
    assert_int_equal(ag_oauth1_auth(&o, "POST", "https://api.x.com/2/tweets", &h2, &err), 0);
    assert_string_not_equal(h1.data, h2.data);
    assert_non_null(strstr(h1.data, "oauth_token=\"t\""));
    ag_buf_free(&h1);
    ag_buf_free(&h2);
}

static void test_form_value(void **state)
{
    (void)state;
    const char *form = "oauth_token=a%2Bb&oauth_token_secret=s+t&user_id=6253282&screen_name=&x";
    char *v = ag_oauth1_form_value(form, "oauth_token");
    assert_string_equal(v, "a+b"); /* not the "oauth_token_secret" that starts the same */
    free(v);
    v = ag_oauth1_form_value(form, "oauth_token_secret");
    assert_string_equal(v, "s t");
    free(v);
    v = ag_oauth1_form_value(form, "screen_name");
    assert_string_equal(v, "");
    free(v);
    assert_null(ag_oauth1_form_value(form, "x"));
    assert_null(ag_oauth1_form_value(form, "user"));
    assert_null(ag_oauth1_form_value(NULL, "user_id"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_encode),         cmocka_unit_test(test_doc_vector),
        cmocka_unit_test(test_what_is_signed), cmocka_unit_test(test_base_string),
        cmocka_unit_test(test_header_shape),   cmocka_unit_test(test_form_value),
        cmocka_unit_test(test_nonce_and_hook),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
