/* Unit tests for platforms/telegram/chat.c: chat ids as users type them, and the ones refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/error.h"
#include "platforms/telegram/chat.h"

static void test_numeric_ids_kept(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"123456789", "123456789"},
        {"-1001234567890", "-1001234567890"},
        {"  -42\n", "-42"},
        {"\t777 ", "777"},
        {"0012", "0012"},                           /* kept as given, as Agoras does */
        {"-4503599627370496", "-4503599627370496"}, /* 2^52 */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char out[TG_CHAT_ID_MAX];
        struct ag_error err = {0};
        if (tg_chat_id_normalize(cases[i].in, out, sizeof(out), &err) != 0)
            fail_msg("case %zu: refused: %s", i, err.msg);
        assert_string_equal(out, cases[i].out);
        assert_true(tg_chat_id_is_numeric(out));
    }
}

static void test_usernames_get_at(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"mychannel", "@mychannel"},
        {"@mychannel", "@mychannel"},
        {"  @My_Channel_2 ", "@My_Channel_2"},
        {"abcd", "@abcd"},
        {"a2345678901234567890123456789012", "@a2345678901234567890123456789012"}, /* 32 */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char out[TG_CHAT_ID_MAX];
        struct ag_error err = {0};
        if (tg_chat_id_normalize(cases[i].in, out, sizeof(out), &err) != 0)
            fail_msg("case %zu: refused: %s", i, err.msg);
        assert_string_equal(out, cases[i].out);
        assert_false(tg_chat_id_is_numeric(out));
    }
}

static void test_refusals_name_the_setting(void **state)
{
    (void)state;
    static const char *const bad[] = {
        NULL,
        "",
        "   ",
        "\t\n",
        "@",
        "-",
        "--12",
        "0",
        "-0",
        "-000",
        "12345678901234567890",              /* 20 digits: not an id */
        "abc",                               /* too short */
        "a23456789012345678901234567890123", /* 33 */
        "1channel",
        "_channel",
        "@@channel",
        "my channel",
        "my-channel",
        "chan\x1b[31mnel",
        "caf\xc3\xa9s",
        "https://t.me/mychannel",
        "+12345",
        "12 34",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char out[TG_CHAT_ID_MAX] = "untouched";
        struct ag_error err = {0};
        int rc = tg_chat_id_normalize(bad[i], out, sizeof(out), &err);
        if (rc != -AG_EUSAGE)
            fail_msg("case %zu ('%s'): rc %d, out '%s'", i, bad[i] ? bad[i] : "(null)", rc, out);
        assert_int_equal(err.code, AG_EUSAGE);
        assert_non_null(strstr(err.msg, "TELEGRAM_CHAT_ID"));
        assert_non_null(strstr(err.msg, "--chat-id"));
        assert_null(strchr(err.msg, '\n'));
        assert_null(strchr(err.msg, '\x1b'));
        assert_string_equal(out, "");
    }
}

static void test_small_buffer_refused(void **state)
{
    (void)state;
    char out[8];
    struct ag_error err = {0};
    assert_int_equal(tg_chat_id_normalize("123", out, sizeof(out), &err), -AG_EFAIL);
}

static void test_username_rule(void **state)
{
    (void)state;
    assert_true(tg_username_valid("agoras_bot", 10));
    assert_true(tg_username_valid("agoras_bot and more", 10)); /* only n bytes are looked at */
    assert_false(tg_username_valid("agoras_bot", 3));
    assert_false(tg_username_valid("9agoras", 7));
    assert_false(tg_username_valid("agoras.bot", 10));
    assert_false(tg_chat_id_is_numeric(NULL));
    assert_false(tg_chat_id_is_numeric("-"));
    assert_false(tg_chat_id_is_numeric(""));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numeric_ids_kept),
        cmocka_unit_test(test_usernames_get_at),
        cmocka_unit_test(test_refusals_name_the_setting),
        cmocka_unit_test(test_small_buffer_refused),
        cmocka_unit_test(test_username_rule),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
