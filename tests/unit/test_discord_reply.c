/*
 * Unit tests for platforms/discord/reply.c and ratelimit.c: answers mapped to exit codes with the
 * advice of the code table (401/40001 exit 3, 40005/413 exit 4, 50013 the permissions to give,
 * 10003 authorize again, 40333 the block), 50035's first field error, bodies that are not Discord's,
 * retry_after in body or header, fractional; an empty bucket's wait.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/error.h"
#include "core/http.h"
#include "platforms/discord/api.h"
#include "platforms/discord/ratelimit.h"
#include "platforms/discord/reply.h"

static int parse(long status, const char *body, json_t **out, int *understood, struct ag_error *err)
{
    return dc_reply_parse(status, body, body ? strlen(body) : 0, "posting to #general", out, understood, err);
}

static void test_success(void **state)
{
    (void)state;
    json_t *out;
    int u;
    struct ag_error err = {0};
    assert_int_equal(parse(200, "{\"id\":\"5\"}", &out, &u, &err), 0);
    assert_true(u);
    assert_string_equal(json_string_value(json_object_get(out, "id")), "5");
    json_decref(out);
    assert_int_equal(parse(204, "", &out, &u, &err), 0);
    assert_null(out);
    /* A 2xx that is not JSON: not understood (a create's outcome is then unknown). */
    assert_int_equal(parse(200, "<html>", &out, &u, &err), -AG_EFAIL);
    assert_false(u);
}

static void test_refusals(void **state)
{
    (void)state;
    static const struct {
        long status;
        const char *body;
        int rc;
        const char *must;
    } cases[] = {
        {401, "{\"code\":0,\"message\":\"401: Unauthorized\"}", -AG_EAUTH, "DISCORD_BOT_TOKEN"},
        {401, "", -AG_EAUTH, "Reset Token"},
        {403, "{\"code\":40001,\"message\":\"Unauthorized\"}", -AG_EAUTH, "copy the token again"},
        {403, "{\"code\":50013,\"message\":\"Missing Permissions\"}", -AG_EFAIL,
         "Send Messages, Attach Files"},
        {403, "{\"code\":50001,\"message\":\"Missing Access\"}", -AG_EFAIL, "Embed Links"},
        {404, "{\"code\":10003,\"message\":\"Unknown Channel\"}", -AG_EFAIL, "authorize' again"},
        {404, "{\"code\":10008,\"message\":\"Unknown Message\"}", -AG_EFAIL, "no such message"},
        {413, "{\"code\":40005,\"message\":\"Request entity too large\"}", -AG_EINVALID, "make it smaller"},
        {413, "<html>too big</html>", -AG_EINVALID, "make it smaller"},
        {403, "{\"code\":40333,\"message\":\"internal network error\"}", -AG_ETEMP,
         "blocking this User-Agent"},
        {400, "{\"code\":50006,\"message\":\"Cannot send an empty message\"}", -AG_EINVALID, "empty"},
        {429, "{\"message\":\"You are being rate limited.\",\"retry_after\":0.5,\"global\":false}", -AG_ETEMP,
         "rate limited"},
        {500, "oops", -AG_ETEMP, "try again later"},
        {502, "{\"code\":0,\"message\":\"Bad Gateway\"}", -AG_ETEMP, "Bad Gateway"},
        {400, "[1,2]", -AG_EFAIL, "HTTP 400"},
        {418, "{\"code\":99999,\"message\":\"new\"}", -AG_EFAIL, "code 99999"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        json_t *out = (json_t *)1;
        int u;
        struct ag_error err = {0};
        int rc = parse(cases[i].status, cases[i].body, &out, &u, &err);
        if (rc != cases[i].rc || !strstr(err.msg, cases[i].must) || !strstr(err.msg, "#general"))
            fail_msg("case %zu: rc %d, '%s'", i, rc, err.msg);
        assert_null(out);
        assert_int_equal(err.code, -rc);
    }
}

static void test_field_error(void **state)
{
    (void)state;
    json_t *out;
    int u;
    struct ag_error err = {0};
    assert_int_equal(parse(400,
                           "{\"code\":50035,\"message\":\"Invalid Form Body\",\"errors\":{\"embeds\":{\"0\":{"
                           "\"title\":{\"_errors\":[{\"code\":\"BASE_TYPE_MAX_LENGTH\",\"message\":\"Must be "
                           "256 or fewer in length.\"}]}}}}}",
                           &out, &u, &err),
                     -AG_EINVALID);
    assert_true(u);
    assert_non_null(strstr(err.msg, "embeds.0.title: Must be 256 or fewer in length."));
    assert_non_null(strstr(err.msg, "code 50035"));
}

/* A server's long or hostile message is cut and stays one line. */
static void test_hostile(void **state)
{
    (void)state;
    char body[5000];
    strcpy(body, "{\"code\":0,\"message\":\"");
    memset(body + strlen(body), 'A', 3000);
    strcpy(body + strlen(body) - 0, "\\n\\u0007\"}");
    json_t *out;
    int u;
    struct ag_error err = {0};
    parse(400, body, &out, &u, &err);
    assert_true(strlen(err.msg) < AG_ERROR_MSG_MAX);
    for (const char *p = err.msg; *p; p++)
        assert_false((unsigned char)*p < 0x20);
}

static void test_retry_after(void **state)
{
    (void)state;
    const char *b = "{\"retry_after\":1.25,\"global\":false}";
    assert_true(dc_retry_after(b, strlen(b), "2") == 1.25);
    assert_true(dc_retry_after("", 0, "0.75") == 0.75);
    assert_true(dc_retry_after("x", 1, "3") == 3);
    assert_true(dc_retry_after("{}", 2, NULL) < 0);
    assert_true(dc_retry_after("{}", 2, "soon") < 0);
    assert_true(dc_retry_after("{\"retry_after\":-1}", 18, NULL) < 0);
}

/* X-RateLimit-Remaining 0 makes the next request of that route, and of its bucket, wait Reset-After. */
static void test_buckets(void **state)
{
    (void)state;
    struct ag_http_response res;
    ag_http_response_init(&res);
    static const char h[] = "X-RateLimit-Remaining: 0\0X-RateLimit-Reset-After: 1.5\0X-RateLimit-Bucket: abc";
    ag_buf_append(&res.headers, h, sizeof(h));
    dc_rl_reset();
    static const char other[] =
        "X-RateLimit-Remaining: 3\0X-RateLimit-Reset-After: 9\0X-RateLimit-Bucket: abc";
    struct ag_http_response res2;
    ag_http_response_init(&res2);
    ag_buf_append(&res2.headers, other, sizeof(other));
    dc_rl_update("GET /b", &res2); /* same bucket, not empty */
    assert_int_equal(dc_rl_pending_ms("GET /b"), 0);
    dc_rl_update("GET /a", &res);
    long ms = dc_rl_pending_ms("GET /a");
    assert_true(ms > 1000 && ms <= 1500);
    assert_true(dc_rl_pending_ms("GET /b") > 1000); /* shares bucket abc */
    assert_int_equal(dc_rl_pending_ms("GET /c"), 0);

    /* More than DC_MAX_WAIT_S: exit 5 naming the wait, not slept. */
    static const char longwait[] = "X-RateLimit-Remaining: 0\0X-RateLimit-Reset-After: 120";
    struct ag_http_response res3;
    ag_http_response_init(&res3);
    ag_buf_append(&res3.headers, longwait, sizeof(longwait));
    dc_rl_update("GET /c", &res3);
    struct ag_error err = {0};
    assert_int_equal(dc_rl_wait("GET /c", &err), -AG_ETEMP);
    assert_non_null(strstr(err.msg, "retry after 120 s"));

    /* A later answer with requests left clears the wait. */
    dc_rl_update("GET /a", &res2);
    assert_int_equal(dc_rl_pending_ms("GET /a"), 0);
    ag_http_response_free(&res);
    ag_http_response_free(&res2);
    ag_http_response_free(&res3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_success),     cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_field_error), cmocka_unit_test(test_hostile),
        cmocka_unit_test(test_retry_after), cmocka_unit_test(test_buckets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
