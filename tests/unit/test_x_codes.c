/* Unit tests for platforms/x/codes.c: X's refusal bodies to exit codes and advice, 429's reset, clock skew.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "platforms/x/codes.h"

/* A response with status, body and headers ("Name: value" lines). */
static void answer(struct ag_http_response *res, long status, const char *body, const char *const *headers)
{
    ag_http_response_init(res);
    res->status = status;
    ag_buf_puts(&res->body, body);
    for (const char *const *h = headers; h && *h; h++)
        ag_buf_append(&res->headers, *h, strlen(*h) + 1);
}

static int refused(long status, const char *body, const char *const *headers, struct ag_error *err)
{
    struct ag_http_response res;
    answer(&res, status, body, headers);
    int rc = x_answer_error(&res, "post", err);
    ag_http_response_free(&res);
    return rc;
}

static void test_codes(void **state)
{
    (void)state;
    char code[64];
    const char *b = "{\"type\":\"https://api.twitter.com/2/problems/oauth1-permissions\"}";
    x_refusal_code(403, b, strlen(b), code, sizeof(code));
    assert_string_equal(code, "oauth1-permissions");
    b = "{\"title\":\"Client Forbidden\",\"reason\":\"client-not-enrolled\",\"type\":\"https://api.x.com/2/"
        "problems/client-forbidden\"}";
    x_refusal_code(403, b, strlen(b), code, sizeof(code));
    assert_string_equal(code, "client-not-enrolled");
    b = "{\"errors\":[{\"code\":89,\"message\":\"Invalid or expired token.\"}]}";
    x_refusal_code(401, b, strlen(b), code, sizeof(code));
    assert_string_equal(code, "89");
    x_refusal_code(402, "", 0, code, sizeof(code));
    assert_string_equal(code, "402");
    x_refusal_code(500, "<html>", 6, code, sizeof(code));
    assert_string_equal(code, "");
}

static void test_exit_codes(void **state)
{
    (void)state;
    struct ag_error err = {0};
    assert_int_equal(
        refused(403, "{\"type\":\"https://api.twitter.com/2/problems/oauth1-permissions\",\"detail\":\"x.\"}",
                NULL, &err),
        -AG_EAUTH);
    assert_non_null(strstr(err.msg,
                           "switch the app to Read and Write, then run 'agoras x authorize' again (old "
                           "tokens keep their old permissions)"));
    assert_int_equal(refused(403,
                             "{\"detail\":\"You are not allowed to create a Tweet with duplicate content.\","
                             "\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403}",
                             NULL, &err),
                     -AG_EFAIL);
    assert_non_null(strstr(err.msg, "duplicate content: X refuses")); /* X's words, no period, then the fix */
    assert_int_equal(refused(402, "{}", NULL, &err), -AG_EFAIL);
    assert_non_null(strstr(err.msg, "buy credits"));
    assert_int_equal(refused(403, "{\"reason\":\"client-not-enrolled\"}", NULL, &err), -AG_EFAIL);
    assert_non_null(strstr(err.msg, "Project"));
    assert_int_equal(refused(401,
                             "{\"title\":\"Unauthorized\",\"type\":\"about:blank\",\"status\":401,"
                             "\"detail\":\"Unauthorized\"}",
                             NULL, &err),
                     -AG_EAUTH);
    assert_non_null(strstr(err.msg, "authorize' again"));
    assert_int_equal(refused(503, "", NULL, &err), -AG_ETEMP);
    assert_int_equal(refused(400, "{\"detail\":\"bad \\u001b[31m thing\"}", NULL, &err), -AG_EFAIL);
    assert_null(strchr(err.msg, '\x1b')); /* X's text is escaped for the terminal */
}

static void test_rate_limit(void **state)
{
    (void)state;
    struct ag_error err = {0};
    char reset[64];
    snprintf(reset, sizeof(reset), "x-rate-limit-reset: %lld", (long long)time(NULL) + 900);
    const char *h[] = {"x-rate-limit-remaining: 0", reset, NULL};
    assert_int_equal(
        refused(429, "{\"errors\":[{\"code\":88,\"message\":\"Rate limit exceeded\"}]}", h, &err), -AG_ETEMP);
    assert_non_null(strstr(err.msg, "until it resets at "));
    assert_non_null(strstr(err.msg, " UTC (in 9"));
    assert_int_equal(refused(429, "{}", NULL, &err), -AG_ETEMP);
}

static void test_clock_skew(void **state)
{
    (void)state;
    struct ag_error err = {0};
    char date[80];
    time_t ahead = time(NULL) + 3600;
    struct tm tm;
    gmtime_r(&ahead, &tm);
    strftime(date, sizeof(date), "Date: %a, %d %b %Y %H:%M:%S GMT", &tm);
    const char *h[] = {date, NULL};
    assert_int_equal(
        refused(401, "{\"errors\":[{\"code\":135,\"message\":\"Timestamp out of bounds.\"}]}", h, &err),
        -AG_EAUTH);
    assert_non_null(strstr(err.msg, "your clock is off by 3"));
    /* A Date header close to our clock: the code's own advice. */
    time_t now = time(NULL);
    gmtime_r(&now, &tm);
    strftime(date, sizeof(date), "Date: %a, %d %b %Y %H:%M:%S GMT", &tm);
    assert_int_equal(
        refused(401, "{\"errors\":[{\"code\":135,\"message\":\"Timestamp out of bounds.\"}]}", h, &err),
        -AG_EAUTH);
    assert_null(strstr(err.msg, "off by"));
    assert_non_null(strstr(err.msg, "sync your clock"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_codes), cmocka_unit_test(test_exit_codes),
                                       cmocka_unit_test(test_rate_limit), cmocka_unit_test(test_clock_skew)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
