/*
 * Unit tests for platforms/telegram/request.c: the method URL (base from the environment, token
 * checked and never shown) and the JSON parameters of every method, compared as whole documents.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/error.h"
#include "platforms/telegram/request.h"

#define TOKEN "123456789:AAHk-secret_Value0"

/* Compare a request object with the expected compact JSON (keys sorted), then drop it. */
static void expect_json(json_t *o, const char *expected)
{
    assert_non_null(o);
    char *text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
    assert_non_null(text);
    if (strcmp(text, expected) != 0)
        fail_msg("got %s\nexpected %s", text, expected);
    free(text);
    json_decref(o);
}

static void test_method_url(void **state)
{
    (void)state;
    char url[256];
    struct ag_error err = {0};
    unsetenv("AGORAS_TELEGRAM_API_BASE");
    assert_int_equal(tg_method_url(TOKEN, "getMe", url, sizeof(url), &err), 0);
    assert_string_equal(url, "https://api.telegram.org/bot" TOKEN "/getMe");

    setenv("AGORAS_TELEGRAM_API_BASE", "http://127.0.0.1:8080/telegram//", 1);
    assert_int_equal(tg_method_url(TOKEN, "sendMessage", url, sizeof(url), &err), 0);
    assert_string_equal(url, "http://127.0.0.1:8080/telegram/bot" TOKEN "/sendMessage");

    setenv("AGORAS_TELEGRAM_API_BASE", "", 1); /* empty: the default */
    assert_int_equal(tg_method_url(TOKEN, "getChat", url, sizeof(url), &err), 0);
    assert_string_equal(url, "https://api.telegram.org/bot" TOKEN "/getChat");

    static const char *const refused[] = {"http://api.example.com", "ftp://127.0.0.1/", "not a url"};
    for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
        setenv("AGORAS_TELEGRAM_API_BASE", refused[i], 1);
        assert_int_equal(tg_method_url(TOKEN, "getMe", url, sizeof(url), &err), -AG_EUSAGE);
        assert_non_null(strstr(err.msg, "AGORAS_TELEGRAM_API_BASE"));
        assert_null(strstr(err.msg, "secret"));
    }

    /* Too long for the buffer: refused without the token in the message. */
    setenv("AGORAS_TELEGRAM_API_BASE", "https://api.telegram.org", 1);
    assert_int_equal(tg_method_url(TOKEN, "getMe", url, 40, &err), -AG_EUSAGE);
    assert_null(strstr(err.msg, "secret"));
    unsetenv("AGORAS_TELEGRAM_API_BASE");
}

static void test_token_check(void **state)
{
    (void)state;
    struct ag_error err = {0};
    assert_int_equal(tg_token_check(TOKEN, &err), 0);
    assert_int_equal(tg_token_check(NULL, &err), -AG_EAUTH);
    assert_non_null(strstr(err.msg, "TELEGRAM_BOT_TOKEN"));
    assert_int_equal(tg_token_check("", &err), -AG_EAUTH);
    static const char *const bad[] = {
        "secretvalue",           "123456789secretvalue", ":secretvalue",       "123456789:",
        "12345:secret/../getMe", "12345:secret?x=1",     "12345:secret value", "12345:secret#frag",
        "12345:secret\n",        "12a45:secretvalue",    "12345:secret:value", "12345:secret%2F",
    };
    char url[256];
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(tg_token_check(bad[i], &err), -AG_EUSAGE);
        assert_non_null(strstr(err.msg, "TELEGRAM_BOT_TOKEN"));
        assert_non_null(strstr(err.msg, "--bot-token"));
        assert_null(strstr(err.msg, "secret"));
        assert_int_equal(tg_method_url(bad[i], "getMe", url, sizeof(url), &err), -AG_EUSAGE);
    }
}

static void test_send_message(void **state)
{
    (void)state;
    json_t *o = NULL;
    struct ag_error err = {0};
    assert_int_equal(tg_req_send_message("-1001234567890", "Hi <b>all</b>", TG_PARSE_HTML, NULL, &o, &err),
                     0);
    expect_json(o, "{\"chat_id\":-1001234567890,\"parse_mode\":\"HTML\",\"text\":\"Hi <b>all</b>\"}");

    assert_int_equal(
        tg_req_send_message("@mychannel", "Hi\nhttps://e.com/", TG_PARSE_NONE, "https://e.com/", &o, &err),
        0);
    expect_json(o, "{\"chat_id\":\"@mychannel\",\"link_preview_options\":{\"url\":\"https://e.com/\"},"
                   "\"text\":\"Hi\\nhttps://e.com/\"}");

    assert_int_equal(tg_req_send_message("42", "*x*", TG_PARSE_MARKDOWNV2, "", &o, &err), 0);
    expect_json(o, "{\"chat_id\":42,\"parse_mode\":\"MarkdownV2\",\"text\":\"*x*\"}");

    o = (json_t *)&err; /* must be reset on failure */
    assert_int_equal(tg_req_send_message("42", "", TG_PARSE_HTML, NULL, &o, &err), -AG_EUSAGE);
    assert_null(o);
    assert_int_equal(tg_req_send_message("42", NULL, TG_PARSE_HTML, NULL, &o, &err), -AG_EUSAGE);
    assert_int_equal(tg_req_send_message("42", "caf\xe9", TG_PARSE_HTML, NULL, &o, &err), -AG_EINVALID);
    assert_null(o);
    assert_int_equal(tg_req_send_message("42", "ok", TG_PARSE_HTML, "https://e.com/\xff", &o, &err),
                     -AG_EUSAGE);
    assert_null(o);
}

static void test_chat_id_required(void **state)
{
    (void)state;
    json_t *o = NULL;
    struct ag_error err = {0};
    static const char *const bad[] = {NULL, "", "mychannel", "@caf\xe9", "-"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(tg_req_send_message(bad[i], "x", TG_PARSE_HTML, NULL, &o, &err), -AG_EUSAGE);
        assert_non_null(strstr(err.msg, "TELEGRAM_CHAT_ID"));
        assert_int_equal(tg_req_get_chat(bad[i], &o, &err), -AG_EUSAGE);
        assert_int_equal(tg_req_send_photo(bad[i], "https://e.com/a.jpg", NULL, TG_PARSE_HTML, &o, &err),
                         -AG_EUSAGE);
        assert_int_equal(tg_req_delete_message(bad[i], "5", &o, &err), -AG_EUSAGE);
        assert_null(o);
    }
}

static void test_send_photo_and_video(void **state)
{
    (void)state;
    json_t *o = NULL;
    struct ag_error err = {0};
    assert_int_equal(tg_req_send_photo("@chan", "https://e.com/a.jpg", "Look", TG_PARSE_MARKDOWN, &o, &err),
                     0);
    expect_json(o, "{\"caption\":\"Look\",\"chat_id\":\"@chan\",\"parse_mode\":\"Markdown\","
                   "\"photo\":\"https://e.com/a.jpg\"}");
    /* No caption: no parse_mode either. */
    assert_int_equal(tg_req_send_photo("7", "attach://photo1", NULL, TG_PARSE_HTML, &o, &err), 0);
    expect_json(o, "{\"chat_id\":7,\"photo\":\"attach://photo1\"}");
    assert_int_equal(tg_req_send_photo("7", "attach://photo1", "", TG_PARSE_HTML, &o, &err), 0);
    expect_json(o, "{\"chat_id\":7,\"photo\":\"attach://photo1\"}");

    assert_int_equal(tg_req_send_video("-100200", "https://e.com/v.mp4", "Clip", TG_PARSE_HTML, &o, &err), 0);
    expect_json(o, "{\"caption\":\"Clip\",\"chat_id\":-100200,\"parse_mode\":\"HTML\","
                   "\"video\":\"https://e.com/v.mp4\"}");
    assert_int_equal(tg_req_send_video("-100200", "https://e.com/v.mp4", "Clip", TG_PARSE_NONE, &o, &err), 0);
    expect_json(o, "{\"caption\":\"Clip\",\"chat_id\":-100200,\"video\":\"https://e.com/v.mp4\"}");

    /* No media: uploaded in the multipart part named like the field, which the JSON leaves out. */
    assert_int_equal(tg_req_send_video("1", NULL, "x", TG_PARSE_NONE, &o, &err), 0);
    expect_json(o, "{\"caption\":\"x\",\"chat_id\":1}");
    assert_int_equal(tg_req_send_photo("1", NULL, NULL, TG_PARSE_HTML, &o, &err), 0);
    expect_json(o, "{\"chat_id\":1}");
    o = (json_t *)&err;
    assert_int_equal(tg_req_send_video("1", "", "x", TG_PARSE_HTML, &o, &err), -AG_EUSAGE);
    assert_null(o);
    assert_non_null(strstr(err.msg, "video"));
    assert_int_equal(tg_req_send_photo("1", "", "x", TG_PARSE_HTML, &o, &err), -AG_EUSAGE);
    assert_int_equal(tg_req_send_photo("1", "https://e.com/\xc0", "x", TG_PARSE_HTML, &o, &err), -AG_EUSAGE);
    assert_int_equal(tg_req_send_video("1", "https://e.com/v.mp4", "\xff", TG_PARSE_HTML, &o, &err),
                     -AG_EINVALID);
    assert_null(o);
}

static void test_send_media_group(void **state)
{
    (void)state;
    json_t *o = NULL;
    struct ag_error err = {0};
    const char *photos[11] = {"https://e.com/1.jpg", "https://e.com/2.jpg", "attach://p3"};
    assert_int_equal(tg_req_send_media_group("-100", photos, 3, "Album <i>one</i>", TG_PARSE_HTML, &o, &err),
                     0);
    expect_json(o,
                "{\"chat_id\":-100,\"media\":["
                "{\"caption\":\"Album <i>one</i>\",\"media\":\"https://e.com/1.jpg\",\"parse_mode\":\"HTML\","
                "\"type\":\"photo\"},"
                "{\"media\":\"https://e.com/2.jpg\",\"type\":\"photo\"},"
                "{\"media\":\"attach://p3\",\"type\":\"photo\"}]}");
    assert_int_equal(tg_req_send_media_group("@chan", photos, 2, NULL, TG_PARSE_HTML, &o, &err), 0);
    expect_json(o, "{\"chat_id\":\"@chan\",\"media\":[{\"media\":\"https://e.com/1.jpg\",\"type\":\"photo\"},"
                   "{\"media\":\"https://e.com/2.jpg\",\"type\":\"photo\"}]}");

    for (size_t i = 3; i < 11; i++)
        photos[i] = "https://e.com/n.jpg";
    assert_int_equal(tg_req_send_media_group("1", photos, 10, "c", TG_PARSE_NONE, &o, &err), 0);
    assert_int_equal(json_array_size(json_object_get(o, "media")), 10);
    assert_null(json_object_get(json_array_get(json_object_get(o, "media"), 0), "parse_mode"));
    json_decref(o);

    static const size_t bad_counts[] = {0, 1, 11};
    for (size_t i = 0; i < sizeof(bad_counts) / sizeof(bad_counts[0]); i++) {
        o = (json_t *)&err;
        assert_int_equal(tg_req_send_media_group("1", photos, bad_counts[i], NULL, TG_PARSE_HTML, &o, &err),
                         -AG_EUSAGE);
        assert_null(o);
        assert_non_null(strstr(err.msg, "2 to 10"));
    }
    photos[1] = NULL;
    assert_int_equal(tg_req_send_media_group("1", photos, 3, NULL, TG_PARSE_HTML, &o, &err), -AG_EUSAGE);
    assert_null(o);
}

static void test_delete_and_get_chat(void **state)
{
    (void)state;
    json_t *o = NULL;
    struct ag_error err = {0};
    assert_int_equal(tg_req_delete_message("-1001234567890", "4711", &o, &err), 0);
    expect_json(o, "{\"chat_id\":-1001234567890,\"message_id\":4711}");
    assert_int_equal(tg_req_delete_message("@chan", " 12\n", &o, &err), 0);
    expect_json(o, "{\"chat_id\":\"@chan\",\"message_id\":12}");
    assert_int_equal(tg_req_delete_message("@chan", "999999999999999", &o, &err), 0);
    expect_json(o, "{\"chat_id\":\"@chan\",\"message_id\":999999999999999}");

    static const char *const bad[] = {
        NULL, "", " ", "0", "000", "-5", "+5", "12a", "1 2", "0x10", "1e3", "9999999999999999", "\x1b[2J"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        o = (json_t *)&err;
        assert_int_equal(tg_req_delete_message("@chan", bad[i], &o, &err), -AG_EUSAGE);
        assert_null(o);
        assert_non_null(strstr(err.msg, "--post-id"));
        assert_non_null(strstr(err.msg, "TELEGRAM_MESSAGE_ID"));
        assert_null(strchr(err.msg, '\x1b'));
    }

    assert_int_equal(tg_req_get_chat("@chan", &o, &err), 0);
    expect_json(o, "{\"chat_id\":\"@chan\"}");
    assert_int_equal(tg_req_get_chat("-42", &o, &err), 0);
    expect_json(o, "{\"chat_id\":-42}");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_method_url),           cmocka_unit_test(test_token_check),
        cmocka_unit_test(test_send_message),         cmocka_unit_test(test_chat_id_required),
        cmocka_unit_test(test_send_photo_and_video), cmocka_unit_test(test_send_media_group),
        cmocka_unit_test(test_delete_and_get_chat),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
