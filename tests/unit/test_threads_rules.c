/*
 * Unit tests for Threads' pure rules: text length as Threads counts it (emoji bytes), distinct links,
 * the refresh policy's timing, and the refusal shapes mapped to exit codes and fixes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "platforms/threads/codes.h"
#include "platforms/threads/session.h"
#include "platforms/threads/text.h"

#define DAY ((int64_t)86400)

static void test_length_counts_emoji_bytes(void **state)
{
    (void)state;
    assert_int_equal(th_text_length("héllo"), 5);
    assert_int_equal(th_text_length("\xF0\x9F\x98\x80"), 4); /* U+1F600: 4 UTF-8 bytes */
    assert_int_equal(th_text_length("\xE2\x9C\x85!"), 4);    /* U+2705 (3 bytes) and '!' */
    assert_int_equal(th_text_length("\xC3"), -1);
}

static void test_text_check_limits(void **state)
{
    (void)state;
    struct ag_error err = {0};
    char text[502];
    memset(text, 'a', 500);
    text[500] = '\0';
    assert_int_equal(th_text_check(text, NULL, &err), 0);
    text[500] = 'a';
    text[501] = '\0';
    assert_int_equal(th_text_check(text, NULL, &err), -AG_EINVALID);
    assert_non_null(strstr(err.msg, "501"));
    /* 125 emojis of 4 bytes are 500; one more is over. */
    char emo[4 * 126 + 1] = "";
    for (int i = 0; i < 125; i++)
        strcat(emo, "\xF0\x9F\x98\x80");
    assert_int_equal(th_text_check(emo, NULL, &err), 0);
    strcat(emo, "\xF0\x9F\x98\x80");
    assert_int_equal(th_text_check(emo, NULL, &err), -AG_EINVALID);
}

static void test_links_are_distinct_and_capped(void **state)
{
    (void)state;
    struct ag_error err = {0};
    assert_int_equal(th_link_count("see https://a.example/x and https://a.example/x", NULL), 1);
    assert_int_equal(th_link_count("xhttps://a.example no", "http://b.example"), 1);
    const char *five =
        "https://1.example https://2.example https://3.example https://4.example https://5.example";
    assert_int_equal(th_text_check(five, NULL, &err), 0);
    assert_int_equal(th_text_check(five, "https://6.example", &err), -AG_EINVALID);
    assert_non_null(strstr(err.msg, "6 links"));
}

static void test_refresh_due(void **state)
{
    (void)state;
    int64_t t0 = 1000 * DAY, life = 60 * DAY;
    assert_false(th_refresh_due(0, t0 + life, t0 + 50 * DAY));        /* age unknown */
    assert_false(th_refresh_due(t0, t0 + life, t0 + 2 * DAY));        /* young */
    assert_true(th_refresh_due(t0, t0 + life, t0 + 31 * DAY));        /* past half its life */
    assert_true(th_refresh_due(t0, t0 + life, t0 + 61 * DAY));        /* expired: tried, refused -> exit 3 */
    assert_false(th_refresh_due(t0, t0 + DAY / 2, t0 + DAY / 2 - 1)); /* < 24 h old: Threads refuses */
}

static int map(const char *json, long http, char *code, char *sub, struct ag_error *err)
{
    json_t *body = json_loads(json, 0, NULL);
    int rc = th_error_from_answer(http, body, "publish", code, 64, sub, 64, err);
    json_decref(body);
    return rc;
}

static void test_codes_map_to_exits_and_fixes(void **state)
{
    (void)state;
    char code[64], sub[64];
    struct ag_error err = {0};
    assert_int_equal(
        map("{\"error\":{\"message\":\"Session has expired\",\"type\":\"OAuthException\",\"code\":190,"
            "\"error_subcode\":463,\"fbtrace_id\":\"AbC\"}}",
            400, code, sub, &err),
        -AG_EAUTH);
    assert_string_equal(code, "190");
    assert_string_equal(sub, "463");
    assert_non_null(strstr(err.msg, "agoras threads authorize"));
    assert_non_null(strstr(err.msg, "fbtrace_id AbC"));
    assert_int_equal(map("{\"error\":{\"message\":\"Media Not Found\",\"code\":24,\"error_subcode\":4279009,"
                         "\"is_transient\":false}}",
                         400, code, sub, &err),
                     -AG_ETEMP);
    assert_int_equal(
        map("{\"error_message\":\"Invalid Request: not accepted the invite\",\"error_code\":1349245}", 400,
            code, sub, &err),
        -AG_EAUTH);
    assert_non_null(strstr(err.msg, "Website permissions"));
    assert_int_equal(map("{\"error_message\":\"URL Blocked\",\"error_code\":1349168}", 400, code, sub, &err),
                     -AG_EUSAGE);
    assert_int_equal(
        map("{\"error_type\":\"OAuthException\",\"code\":400,\"error_message\":\"Matching code was not "
            "found or was already used\"}",
            400, code, sub, &err),
        -AG_EFAIL);
    assert_string_equal(code, "");
    assert_int_equal(
        map("{\"error\":{\"message\":\"x\",\"code\":99999,\"is_transient\":true}}", 400, code, sub, &err),
        -AG_ETEMP);
    assert_int_equal(map("{\"error\":{\"message\":\"x\",\"code\":99999}}", 400, code, sub, &err), -AG_EFAIL);
    assert_int_equal(
        map("{\"error\":{\"message\":\"x\",\"code\":1,\"error_subcode\":2207052}}", 400, code, sub, &err),
        -AG_EFAIL);
    assert_int_equal(map("{\"error\":{\"message\":\"x\",\"code\":1}}", 400, code, sub, &err), -AG_ETEMP);
    assert_int_equal(map("{\"error\":{\"message\":\"x\",\"code\":99999}}", 503, code, sub, &err), -AG_ETEMP);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_length_counts_emoji_bytes),     cmocka_unit_test(test_text_check_limits),
        cmocka_unit_test(test_links_are_distinct_and_capped), cmocka_unit_test(test_refresh_due),
        cmocka_unit_test(test_codes_map_to_exits_and_fixes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
