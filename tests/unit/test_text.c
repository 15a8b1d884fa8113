/* Unit tests for core/text.c: hex, UTF-8 decoding and validation, UTF-16 lengths, joining. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/text.h"

static void test_hex(void **state)
{
    (void)state;
    char out[9];
    memset(out, 'x', sizeof(out));
    ag_hex_encode("", 0, out);
    assert_string_equal(out, "");
    ag_hex_encode("\x00\x0f\xa5\xff", 4, out);
    assert_string_equal(out, "000fa5ff");
}

static void test_utf8_decode(void **state)
{
    (void)state;
    uint32_t cp = 0;
    assert_int_equal(ag_utf8_decode("", 0, &cp), 0);
    assert_int_equal(cp, UINT32_MAX);
    assert_int_equal(ag_utf8_decode("A", 1, &cp), 1);
    assert_int_equal(cp, 'A');
    assert_int_equal(ag_utf8_decode("\xc3\xa9", 2, &cp), 2);
    assert_int_equal(cp, 0xE9);
    assert_int_equal(ag_utf8_decode("\xe2\x82\xac", 3, &cp), 3);
    assert_int_equal(cp, 0x20AC);
    assert_int_equal(ag_utf8_decode("\xf0\x9f\x98\x80", 4, &cp), 4);
    assert_int_equal(cp, 0x1F600);
    /* Invalid: each is stepped over one byte at a time. */
    static const char *const bad[] = {
        "\x80",             /* lone continuation */
        "\xc3",             /* truncated */
        "\xc3\x28",         /* bad continuation */
        "\xc0\xaf",         /* overlong '/' */
        "\xe0\x80\xaf",     /* overlong */
        "\xed\xa0\x80",     /* surrogate U+D800 */
        "\xf4\x90\x80\x80", /* above U+10FFFF */
        "\xf8\x88\x80\x80", /* 5-byte lead */
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        cp = 0;
        assert_int_equal(ag_utf8_decode(bad[i], strlen(bad[i]), &cp), 1);
        assert_int_equal(cp, UINT32_MAX);
    }
    /* A sequence cut by len is invalid even if the bytes after it would complete it. */
    assert_int_equal(ag_utf8_decode("\xe2\x82\xac", 2, &cp), 1);
    assert_int_equal(cp, UINT32_MAX);
}

static void test_utf8_valid(void **state)
{
    (void)state;
    assert_true(ag_utf8_valid("", 0));
    assert_true(ag_utf8_valid("caf\xc3\xa9 \xf0\x9f\x98\x80", 10));
    assert_false(ag_utf8_valid("caf\xc3", 4));
    assert_false(ag_utf8_valid("ok\xff", 3));
    assert_true(ag_utf8_valid("a\0b", 3)); /* NUL is a valid character: len decides */
}

static void test_utf16_units(void **state)
{
    (void)state;
    assert_int_equal(ag_utf16_units(""), 0);
    assert_int_equal(ag_utf16_units("hello"), 5);
    assert_int_equal(ag_utf16_units("caf\xc3\xa9"), 4);
    assert_int_equal(ag_utf16_units("\xe2\x82\xac"), 1);     /* BMP: one unit */
    assert_int_equal(ag_utf16_units("\xf0\x9f\x98\x80"), 2); /* astral: a surrogate pair */
    assert_int_equal(ag_utf16_units("a\xf0\x9f\x98\x80"
                                    "b"),
                     4); /* a + pair + b */
    assert_int_equal(ag_utf16_units("bad \xff"), -1);
    assert_int_equal(ag_utf16_units("\xed\xa0\x80"), -1);
}

static void test_join(void **state)
{
    (void)state;
    struct ag_buf b;
    ag_buf_init(&b, 0);
    static const char *const none[] = {NULL};
    static const char *const one[] = {"a", NULL};
    static const char *const three[] = {"a", "", "c", NULL};
    assert_int_equal(ag_join(&b, none, ", "), 0);
    assert_string_equal(b.data, "");
    assert_int_equal(ag_join(&b, one, ", "), 0);
    assert_string_equal(b.data, "a");
    ag_buf_reset(&b);
    assert_int_equal(ag_join(&b, three, ", "), 0);
    assert_string_equal(b.data, "a, , c");
    ag_buf_free(&b);
    ag_buf_init(&b, 4); /* the buffer's limit is an error, not a silent cut */
    assert_int_equal(ag_join(&b, three, ", "), -1);
    ag_buf_free(&b);
}

static void test_join_append(void **state)
{
    (void)state;
    char out[8] = "";
    assert_int_equal(ag_join_append(out, sizeof(out), ", ", "ab"), 0);
    assert_string_equal(out, "ab"); /* no separator before the first item */
    assert_int_equal(ag_join_append(out, sizeof(out), ", ", "cd"), 0);
    assert_string_equal(out, "ab, cd");
    assert_int_equal(ag_join_append(out, sizeof(out), ", ", "ef"), -1);
    assert_string_equal(out, "ab, cd,"); /* cut, still terminated */
    assert_int_equal(ag_join_append(out, sizeof(out), ", ", "x"), -1);
    assert_string_equal(out, "ab, cd,");
    assert_int_equal(ag_join_append(out, 0, ", ", "x"), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hex),        cmocka_unit_test(test_utf8_decode),
        cmocka_unit_test(test_utf8_valid), cmocka_unit_test(test_utf16_units),
        cmocka_unit_test(test_join),       cmocka_unit_test(test_join_append),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
