/*
 * Unit tests for platforms/telegram/reply.c: Bot API answers mapped to exit codes with advice,
 * hostile bodies (not JSON, wrong types, control characters, huge descriptions), message ids and
 * getMe's bot username.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/error.h"
#include "platforms/telegram/reply.h"

/* Parse body (a C string) answered with status to method "sendMessage"; returns the rc. */
static int parse(long status, const char *body, struct tg_reply *r, struct ag_error *err)
{
    return tg_reply_parse(status, body, body ? strlen(body) : 0, "sendMessage", r, err);
}

/* Every message is one line, names the method and holds no raw control character. */
static void assert_clean(const struct ag_error *err)
{
    assert_non_null(strstr(err->msg, "sendMessage"));
    for (const char *p = err->msg; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            fail_msg("control character 0x%02x in '%s'", *p, err->msg);
}

static void test_success(void **state)
{
    (void)state;
    struct tg_reply r;
    struct ag_error err = {0};
    assert_int_equal(
        parse(200, "{\"ok\":true,\"result\":{\"message_id\":5,\"chat\":{\"id\":-100}}}", &r, &err), 0);
    assert_true(json_is_object(r.result));
    assert_int_equal(json_integer_value(json_object_get(r.result, "message_id")), 5);
    assert_int_equal(r.error_code, 0);
    tg_reply_free(&r);
    assert_null(r.result);
    tg_reply_free(&r); /* twice is harmless */

    assert_int_equal(parse(200, "{\"ok\":true,\"result\":true}", &r, &err), 0);
    assert_true(json_is_true(r.result));
    tg_reply_free(&r);
    tg_reply_free(NULL);
}

static void test_refusals_mapped(void **state)
{
    (void)state;
    static const struct {
        long status;
        const char *body;
        int rc;
        const char *must; /* a piece of advice the message must hold */
    } cases[] = {
        {401, "{\"ok\":false,\"error_code\":401,\"description\":\"Unauthorized\"}", -AG_EAUTH,
         "TELEGRAM_BOT_TOKEN"},
        {404, "{\"ok\":false,\"error_code\":404,\"description\":\"Not Found\"}", -AG_EAUTH, "authorize"},
        {400, "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: chat not found\"}", -AG_EFAIL,
         "member"},
        {400, "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: CHAT NOT FOUND\"}", -AG_EFAIL,
         "TELEGRAM_CHAT_ID"},
        {403, "{\"ok\":false,\"error_code\":403,\"description\":\"Forbidden: bot was blocked by the user\"}",
         -AG_EFAIL, "blocked by the user"},
        {403,
         "{\"ok\":false,\"error_code\":403,\"description\":\"Forbidden: bot was kicked from the channel "
         "chat\"}",
         -AG_EFAIL, "administrator"},
        {429,
         "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 17\","
         "\"parameters\":{\"retry_after\":17}}",
         -AG_ETEMP, "retry after 17 s"},
        {400,
         "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: not enough rights to send text "
         "messages to the chat\"}",
         -AG_EFAIL, "administrator allowed to post"},
        {400,
         "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: need administrator rights in the "
         "channel chat\"}",
         -AG_EFAIL, "administrator allowed to post"},
        {401, "{\"ok\":false,\"error_code\":401}", -AG_EAUTH, "(401 no description)"},
        {429, "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests\"}", -AG_ETEMP,
         "retry later"},
        {500, "{\"ok\":false,\"error_code\":500,\"description\":\"Internal Server Error\"}", -AG_ETEMP,
         "try again later"},
        {502, "<html><body>Bad Gateway</body></html>", -AG_ETEMP, "HTTP 502"},
        {503, "", -AG_ETEMP, "try again later"},
        {429, "rate limited", -AG_ETEMP, "HTTP 429"},
        {400, "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: message is too long\"}",
         -AG_EINVALID, "shorten"},
        {400,
         "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: can't parse entities: Can't find "
         "end "
         "tag corresponding to start tag b\"}",
         -AG_EINVALID, "--parse-mode None"},
        {400, "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: message can't be deleted\"}",
         -AG_EFAIL, "48 h"},
        {400,
         "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: message to delete not found\"}",
         -AG_EFAIL, "--post-id"},
        {400,
         "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: group chat was upgraded to a "
         "supergroup chat\",\"parameters\":{\"migrate_to_chat_id\":-1009876543210}}",
         -AG_EFAIL, "-1009876543210"},
        {400, "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: wrong file identifier\"}",
         -AG_EFAIL, "wrong file identifier"},
        {400, "{\"ok\":false,\"error_code\":400}", -AG_EFAIL, "no description"},
        /* error_code wins over the HTTP status; a nonsense one falls back to the status. */
        {200, "{\"ok\":false,\"error_code\":401,\"description\":\"Unauthorized\"}", -AG_EAUTH,
         "TELEGRAM_BOT_TOKEN"},
        {502, "{\"ok\":false,\"error_code\":\"x\",\"description\":\"gateway\"}", -AG_ETEMP, "502"},
        {401, "{\"ok\":false,\"error_code\":99999,\"description\":\"Unauthorized\"}", -AG_EAUTH, "401"},
        /* Envelope broken. */
        {200, "not json", -AG_EFAIL, "not JSON"},
        {200, "", -AG_EFAIL, "not JSON"},
        {200, "[1,2]", -AG_EFAIL, "not a JSON object"},
        {200, "{\"result\":{}}", -AG_EFAIL, "\"ok\""},
        {200, "{\"ok\":\"true\",\"result\":{}}", -AG_EFAIL, "\"ok\""},
        {200, "{\"ok\":1,\"result\":{}}", -AG_EFAIL, "\"ok\""},
        {200, "{\"ok\":true}", -AG_EFAIL, "without a result"},
        {200, "{\"ok\":true,\"ok\":false}", -AG_EFAIL, "not JSON"}, /* duplicate keys refused */
        {400, "{\"ok\":true,\"result\":{}}", -AG_EFAIL, "error status"},
        {200, "{\"ok\":true,\"result\":{}} trailing", -AG_EFAIL, "not JSON"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct tg_reply r;
        struct ag_error err = {0};
        int rc = parse(cases[i].status, cases[i].body, &r, &err);
        if (rc != cases[i].rc || !strstr(err.msg, cases[i].must))
            fail_msg("case %zu: rc %d (expected %d), message '%s' (expected '%s' in it)", i, rc, cases[i].rc,
                     err.msg, cases[i].must);
        assert_int_equal(err.code, -cases[i].rc);
        assert_null(r.result);
        assert_clean(&err);
        tg_reply_free(&r);
    }
}

static void test_parameters_kept(void **state)
{
    (void)state;
    struct tg_reply r;
    struct ag_error err = {0};
    assert_int_equal(
        parse(429,
              "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after "
              "5\",\"parameters\":{\"retry_after\":5}}",
              &r, &err),
        -AG_ETEMP);
    assert_int_equal(r.error_code, 429);
    assert_int_equal(r.retry_after_s, 5);
    tg_reply_free(&r);

    /* A hostile retry_after: negative or a string is ignored, a huge one is capped at a day. */
    assert_int_equal(
        parse(429, "{\"ok\":false,\"error_code\":429,\"parameters\":{\"retry_after\":-3}}", &r, &err),
        -AG_ETEMP);
    assert_int_equal(r.retry_after_s, 0);
    assert_non_null(strstr(err.msg, "retry later"));
    assert_int_equal(
        parse(429, "{\"ok\":false,\"error_code\":429,\"parameters\":{\"retry_after\":\"9\"}}", &r, &err),
        -AG_ETEMP);
    assert_int_equal(r.retry_after_s, 0);
    assert_int_equal(parse(429,
                           "{\"ok\":false,\"error_code\":429,\"parameters\":{\"retry_after\":"
                           "9223372036854775807}}",
                           &r, &err),
                     -AG_ETEMP);
    assert_int_equal(r.retry_after_s, 86400);
    assert_int_equal(parse(429, "{\"ok\":false,\"error_code\":429,\"parameters\":[5]}", &r, &err), -AG_ETEMP);
    assert_int_equal(r.retry_after_s, 0);

    /* migrate_to_chat_id needs more than 32 bits. */
    assert_int_equal(parse(400,
                           "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: group chat was "
                           "upgraded\",\"parameters\":{\"migrate_to_chat_id\":-1002147483648123}}",
                           &r, &err),
                     -AG_EFAIL);
    assert_true(r.migrate_to_chat_id == -1002147483648123LL);
    assert_non_null(strstr(err.msg, "-1002147483648123"));
}

static void test_hostile_descriptions(void **state)
{
    (void)state;
    struct tg_reply r;
    struct ag_error err = {0};
    /* Terminal escapes, forged lines and a C1 CSI in the description are escaped. */
    assert_int_equal(parse(400,
                           "{\"ok\":false,\"error_code\":400,\"description\":\"Bad \\u001b[2J\\r\\nerror: "
                           "forged \\u009b31m\"}",
                           &r, &err),
                     -AG_EFAIL);
    assert_clean(&err);
    assert_non_null(strstr(err.msg, "\\x1b[2J\\x0d\\x0aerror: forged \\xc2\\x9b31m"));

    /* A huge description is cut, so the advice is never crowded out. */
    size_t n = 100000;
    char *body = malloc(n + 100);
    assert_non_null(body);
    strcpy(body, "{\"ok\":false,\"error_code\":403,\"description\":\"");
    size_t at = strlen(body);
    memset(body + at, 'A', n);
    strcpy(body + at + n, "\"}");
    assert_int_equal(parse(403, body, &r, &err), -AG_EFAIL);
    assert_non_null(strstr(err.msg, "/start"));
    assert_true(strlen(err.msg) < 500);
    free(body);

    /* A server echoing the request never gets the token into a message, even where it would be cut. */
    static const char *const echoes[] = {
        "{\"ok\":false,\"error_code\":401,\"description\":\"Unauthorized: "
        "/bot123456789:AAHk-secret_Value0123456/getMe\"}",
        "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: 42:short and "
        "123:AAHk-secret_Value0123456 and 7:AAHk-secret_Value0123456789\"}",
        /* 140 bytes, then a token across the 160-byte cut of the description */
        "{\"ok\":false,\"error_code\":403,\"description\":"
        "\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
        "123456789:AAHk-secret_Value0123456\"}",
    };
    for (size_t i = 0; i < sizeof(echoes) / sizeof(echoes[0]); i++) {
        assert_true(parse(400, echoes[i], &r, &err) < 0);
        if (strstr(err.msg, "secret") || strstr(err.msg, "AAHk"))
            fail_msg("case %zu: token in '%s'", i, err.msg);
    }
    assert_int_equal(parse(400, echoes[0], &r, &err), -AG_EAUTH);
    assert_non_null(strstr(err.msg, "/bot[REDACTED]/getMe"));
    assert_int_equal(parse(400, echoes[1], &r, &err), -AG_EFAIL);
    assert_non_null(strstr(err.msg, "42:short and [REDACTED] and [REDACTED])"));

    /* A description that is not a string, or a NUL inside one. */
    assert_int_equal(parse(400, "{\"ok\":false,\"error_code\":400,\"description\":{\"a\":1}}", &r, &err),
                     -AG_EFAIL);
    assert_non_null(strstr(err.msg, "no description"));
    assert_int_equal(parse(400, "{\"ok\":false,\"error_code\":400,\"description\":\"a\\u0000b\"}", &r, &err),
                     -AG_EFAIL);
    assert_clean(&err);

    /* The body is bounded by len, not by a NUL. */
    const char text[] = "{\"ok\":true,\"result\":1}GARBAGE";
    assert_int_equal(tg_reply_parse(200, text, strlen(text) - 7, "getMe", &r, &err), 0);
    tg_reply_free(&r);
    assert_int_equal(tg_reply_parse(200, NULL, 0, "getMe", &r, &err), -AG_EFAIL);
    assert_non_null(strstr(err.msg, "getMe"));
}

/* envelope: set only for the Bot API's {"ok": bool} answers, which prove what happened to a send. */
static void test_envelope(void **state)
{
    (void)state;
    struct tg_reply r;
    struct ag_error err = {0};
    assert_int_equal(parse(200, "{\"ok\":true,\"result\":true}", &r, &err), 0);
    assert_int_equal(r.envelope, 1);
    tg_reply_free(&r);
    assert_int_equal(
        parse(429, "{\"ok\":false,\"error_code\":429,\"parameters\":{\"retry_after\":3}}", &r, &err),
        -AG_ETEMP);
    assert_int_equal(r.envelope, 1);
    tg_reply_free(&r);
    static const char *const not_envelopes[] = {"<html>bad gateway</html>", "{\"ok\":\"yes\"}", "[1]", "",
                                                NULL};
    for (size_t i = 0; i < 5; i++) {
        assert_true(parse(i % 2 ? 200 : 502, not_envelopes[i], &r, &err) < 0);
        assert_int_equal(r.envelope, 0);
        tg_reply_free(&r);
    }
}

static void test_message_ids(void **state)
{
    (void)state;
    long long *ids = NULL;
    size_t n = 0;
    struct ag_error err = {0};
    json_t *one = json_loads("{\"message_id\":77,\"chat\":{\"id\":1}}", 0, NULL);
    assert_int_equal(tg_result_message_ids(one, &ids, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_true(ids[0] == 77);
    free(ids);
    json_decref(one);

    json_t *album = json_loads("[{\"message_id\":10},{\"message_id\":11},{\"message_id\":12}]", 0, NULL);
    assert_int_equal(tg_result_message_ids(album, &ids, &n, &err), 0);
    assert_int_equal(n, 3);
    assert_true(ids[0] == 10 && ids[1] == 11 && ids[2] == 12);
    free(ids);
    json_decref(album);

    static const char *const bad[] = {
        "true",
        "[]",
        "{}",
        "{\"message_id\":\"5\"}",
        "{\"message_id\":0}",
        "{\"message_id\":-3}",
        "{\"message_id\":1.5}",
        "[{\"message_id\":1},{\"id\":2}]",
        "[{\"message_id\":1},7]",
        "\"77\"",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        json_t *j = json_loads(bad[i], JSON_DECODE_ANY, NULL);
        assert_non_null(j);
        ids = (long long *)&n;
        n = 9;
        assert_int_equal(tg_result_message_ids(j, &ids, &n, &err), -AG_EUNKNOWN);
        assert_null(ids);
        assert_int_equal(n, 0);
        assert_non_null(strstr(err.msg, "message_id"));
        json_decref(j);
    }
    assert_int_equal(tg_result_message_ids(NULL, &ids, &n, &err), -AG_EUNKNOWN);
}

static void test_bot_username(void **state)
{
    (void)state;
    char name[TG_USERNAME_MAX];
    struct ag_error err = {0};
    json_t *me =
        json_loads("{\"id\":123,\"is_bot\":true,\"first_name\":\"A\",\"username\":\"agoras_bot\"}", 0, NULL);
    assert_int_equal(tg_result_bot_username(me, name, sizeof(name), &err), 0);
    assert_string_equal(name, "agoras_bot");
    assert_int_equal(tg_result_bot_username(me, name, 5, &err), -AG_EFAIL); /* does not fit */
    json_decref(me);

    static const struct {
        const char *json;
        int rc;
    } bad[] = {
        {"{\"is_bot\":false,\"username\":\"someone\"}", -AG_EAUTH},
        {"{\"username\":\"agoras_bot\"}", -AG_EAUTH},
        {"{\"is_bot\":\"true\",\"username\":\"agoras_bot\"}", -AG_EAUTH},
        {"{\"is_bot\":true}", -AG_EFAIL},
        {"{\"is_bot\":true,\"username\":\"../../etc/passwd\"}", -AG_EFAIL}, /* names a file: refused */
        {"{\"is_bot\":true,\"username\":\"bot\\u001b[2J\"}", -AG_EFAIL},
        {"{\"is_bot\":true,\"username\":\"x\"}", -AG_EFAIL},
        {"{\"is_bot\":true,\"username\":42}", -AG_EFAIL},
        {"[]", -AG_EAUTH},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        json_t *j = json_loads(bad[i].json, 0, NULL);
        assert_non_null(j);
        strcpy(name, "old");
        assert_int_equal(tg_result_bot_username(j, name, sizeof(name), &err), bad[i].rc);
        assert_string_equal(name, "");
        assert_non_null(strstr(err.msg, "getMe"));
        json_decref(j);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_success),         cmocka_unit_test(test_refusals_mapped),
        cmocka_unit_test(test_parameters_kept), cmocka_unit_test(test_hostile_descriptions),
        cmocka_unit_test(test_message_ids),     cmocka_unit_test(test_bot_username),
        cmocka_unit_test(test_envelope),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
