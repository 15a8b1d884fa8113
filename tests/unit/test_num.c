/* Unit tests for core/num.c: whole-string, range-checked integer and boolean parsing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/num.h"

/* A value that no successful parse in these tests produces: proves *out is untouched on failure. */
#define SENTINEL 777

static void test_i64_valid_and_bounds(void **state)
{
    (void)state;
    int64_t v = SENTINEL;
    assert_int_equal(ag_parse_i64("0", 0, 10, &v), 0);
    assert_int_equal(v, 0);
    assert_int_equal(ag_parse_i64("10", 0, 10, &v), 0);
    assert_int_equal(v, 10);
    assert_int_equal(ag_parse_i64("-5", -5, 5, &v), 0);
    assert_int_equal(v, -5);
    assert_int_equal(ag_parse_i64("9223372036854775807", INT64_MIN, INT64_MAX, &v), 0);
    assert_true(v == INT64_MAX);
    assert_int_equal(ag_parse_i64("-9223372036854775808", INT64_MIN, INT64_MAX, &v), 0);
    assert_true(v == INT64_MIN);

    /* Just outside [min, max]. */
    v = SENTINEL;
    assert_int_equal(ag_parse_i64("11", 0, 10, &v), -1);
    assert_int_equal(ag_parse_i64("-1", 0, 10, &v), -1);
    assert_int_equal(ag_parse_i64("-6", -5, 5, &v), -1);
    assert_int_equal(v, SENTINEL);
}

static void test_i64_rejects_junk(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "99999999999999999999",  /* overflow */
        "9223372036854775808",   /* INT64_MAX + 1 */
        "-9223372036854775809",  /* INT64_MIN - 1 */
        "-99999999999999999999", /* underflow */
        "",
        " 5",
        "5 ",
        "\t5",
        "5\n",
        "12abc",
        "abc",
        "0x10",
        "1.5",
        "1e3",
        "-",
        "--5",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        int64_t v = SENTINEL;
        if (ag_parse_i64(bad[i], INT64_MIN, INT64_MAX, &v) != -1)
            fail_msg("ag_parse_i64 accepted '%s'", bad[i]);
        assert_int_equal(v, SENTINEL);
    }
    int64_t v = SENTINEL;
    assert_int_equal(ag_parse_i64(NULL, 0, 10, &v), -1);
    assert_int_equal(v, SENTINEL);
}

static void test_u64(void **state)
{
    (void)state;
    uint64_t v = SENTINEL;
    assert_int_equal(ag_parse_u64("0", 10, &v), 0);
    assert_int_equal(v, 0);
    assert_int_equal(ag_parse_u64("10", 10, &v), 0);
    assert_int_equal(v, 10);
    assert_int_equal(ag_parse_u64("18446744073709551615", UINT64_MAX, &v), 0);
    assert_true(v == UINT64_MAX);
    /* Leading zeros are still base 10, not octal. */
    assert_int_equal(ag_parse_u64("010", 100, &v), 0);
    assert_int_equal(v, 10);

    static const char *const bad[] = {
        "11", /* above max (max = 10 below) */
        "-1", /* strtoull would wrap this to UINT64_MAX */
        "-0",
        "+1",
        "",
        " 1",
        "1 ",
        "1x",
        "0x10",
        "99999999999999999999", /* overflow */
        "18446744073709551616", /* UINT64_MAX + 1 */
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        v = SENTINEL;
        uint64_t max = i == 0 ? 10 : UINT64_MAX;
        if (ag_parse_u64(bad[i], max, &v) != -1)
            fail_msg("ag_parse_u64 accepted '%s'", bad[i]);
        assert_int_equal(v, SENTINEL);
    }
    assert_int_equal(ag_parse_u64(NULL, 10, &v), -1);
    assert_int_equal(v, SENTINEL);
}

static void test_bool(void **state)
{
    (void)state;
    static const char *const yes[] = {"TRUE", "true", "True", "1", "yes", "YES", "On", "on", "ON"};
    static const char *const no[] = {"FALSE", "false", "0", "no", "No", "off", "OFF", "oFf"};
    static const char *const bad[] = {"maybe", "",   " true", "true ",      "y",  "n",
                                      "2",     "-1", "t",     "yes please", "onn"};
    for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
        int b = SENTINEL;
        if (ag_parse_bool(yes[i], &b) != 0 || b != 1)
            fail_msg("'%s' should be true", yes[i]);
    }
    for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
        int b = SENTINEL;
        if (ag_parse_bool(no[i], &b) != 0 || b != 0)
            fail_msg("'%s' should be false", no[i]);
    }
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        int b = SENTINEL;
        if (ag_parse_bool(bad[i], &b) != -1 || b != SENTINEL)
            fail_msg("'%s' should be rejected", bad[i]);
    }
    int b = SENTINEL;
    assert_int_equal(ag_parse_bool(NULL, &b), -1);
    assert_int_equal(b, SENTINEL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_i64_valid_and_bounds),
        cmocka_unit_test(test_i64_rejects_junk),
        cmocka_unit_test(test_u64),
        cmocka_unit_test(test_bool),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
