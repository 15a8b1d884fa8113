/* Unit tests for core/error.c: the error object and the exit-code table of SPEC §1. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/error.h"

static void test_set(void **state)
{
    (void)state;
    struct ag_error err = {0};
    assert_int_equal(ag_error_set(&err, AG_EINVALID, "cannot read '%s': %s", "clip.mp4", "No such file"), -4);
    assert_int_equal(err.code, AG_EINVALID);
    assert_string_equal(err.msg, "cannot read 'clip.mp4': No such file");

    /* Setting again replaces both code and message. */
    assert_int_equal(ag_error_set(&err, AG_ETEMP, "timeout"), -AG_ETEMP);
    assert_int_equal(err.code, AG_ETEMP);
    assert_string_equal(err.msg, "timeout");

    /* A NULL error object is allowed: only the return value matters then. */
    assert_int_equal(ag_error_set(NULL, AG_EAUTH, "ignored %d", 1), -AG_EAUTH);

    /* Codes outside the table (and AG_OK, which is not an error) become AG_EFAIL. */
    assert_int_equal(ag_error_set(&err, 0, "zero"), -AG_EFAIL);
    assert_int_equal(err.code, AG_EFAIL);
    assert_int_equal(ag_error_set(&err, 7, "seven"), -AG_EFAIL);
    assert_int_equal(err.code, AG_EFAIL);
    assert_int_equal(ag_error_set(&err, -3, "negative"), -AG_EFAIL);
    assert_int_equal(ag_error_set(&err, INT_MAX, "huge"), -AG_EFAIL);
    assert_string_equal(err.msg, "huge");
    for (int code = AG_EFAIL; code <= AG_EUNKNOWN; code++) {
        assert_int_equal(ag_error_set(&err, code, "c%d", code), -code);
        assert_int_equal(err.code, code);
    }
}

static void test_wrap_and_clear(void **state)
{
    (void)state;
    struct ag_error err = {0};
    ag_error_set(&err, AG_EAUTH, "refresh token expired");
    assert_int_equal(ag_error_wrap(&err, "tiktok account '%s'", "bob"), -AG_EAUTH);
    assert_int_equal(err.code, AG_EAUTH);
    assert_string_equal(err.msg, "tiktok account 'bob': refresh token expired");
    assert_int_equal(ag_error_wrap(&err, "outer"), -AG_EAUTH);
    assert_string_equal(err.msg, "outer: tiktok account 'bob': refresh token expired");

    ag_error_clear(&err);
    assert_int_equal(err.code, AG_OK);
    assert_string_equal(err.msg, "");
    ag_error_clear(NULL);

    /* Wrapping a cleared error still yields a failure code (never a "successful" error). */
    assert_int_equal(ag_error_wrap(&err, "context"), -AG_EFAIL);
    assert_int_equal(err.code, AG_EFAIL);
    assert_string_equal(err.msg, "context: ");

    assert_int_equal(ag_error_wrap(NULL, "x"), -AG_EFAIL);
}

static void test_truncation(void **state)
{
    (void)state;
    /* Guard bytes around the error object catch any write past msg. */
    struct {
        struct ag_error err;
        char guard[64];
    } s;
    memset(&s, 'G', sizeof(s));
    char long_text[3 * AG_ERROR_MSG_MAX];
    memset(long_text, 'a', sizeof(long_text) - 1);
    long_text[sizeof(long_text) - 1] = '\0';

    assert_int_equal(ag_error_set(&s.err, AG_EINVALID, "%s", long_text), -AG_EINVALID);
    assert_int_equal(strlen(s.err.msg), AG_ERROR_MSG_MAX - 1);
    for (size_t i = 0; i < sizeof(s.guard); i++)
        assert_int_equal(s.guard[i], 'G');

    /* A long prefix on a long message: truncated, terminated, prefix first. */
    long_text[AG_ERROR_MSG_MAX * 2] = '\0';
    memset(long_text, 'p', AG_ERROR_MSG_MAX * 2);
    assert_int_equal(ag_error_wrap(&s.err, "%s", long_text), -AG_EINVALID);
    assert_int_equal(strlen(s.err.msg), AG_ERROR_MSG_MAX - 1);
    assert_int_equal(s.err.msg[0], 'p');
    for (size_t i = 0; i < sizeof(s.guard); i++)
        assert_int_equal(s.guard[i], 'G');

    /* A short prefix on a full message: prefix kept, the tail of the old message cut. */
    ag_error_set(&s.err, AG_EFAIL, "%s", long_text);
    assert_int_equal(ag_error_wrap(&s.err, "ctx"), -AG_EFAIL);
    assert_int_equal(strlen(s.err.msg), AG_ERROR_MSG_MAX - 1);
    assert_memory_equal(s.err.msg, "ctx: ppp", 8);
    for (size_t i = 0; i < sizeof(s.guard); i++)
        assert_int_equal(s.guard[i], 'G');
}

static void test_exit_codes(void **state)
{
    (void)state;
    /* Success and the "printed help" result (1) both exit 0. */
    assert_int_equal(ag_exit_code(0), 0);
    assert_int_equal(ag_exit_code(1), 0);
    assert_int_equal(ag_exit_code(INT_MAX), 0);
    /* Every documented code maps to itself (never renumbered: scripts depend on them). */
    assert_int_equal(ag_exit_code(-AG_EFAIL), 1);
    assert_int_equal(ag_exit_code(-AG_EUSAGE), 2);
    assert_int_equal(ag_exit_code(-AG_EAUTH), 3);
    assert_int_equal(ag_exit_code(-AG_EINVALID), 4);
    assert_int_equal(ag_exit_code(-AG_ETEMP), 5);
    assert_int_equal(ag_exit_code(-AG_EUNKNOWN), 6);
    /* Interrupted by a signal: 128 + its number (130 SIGINT, 143 SIGTERM), as the shell reports it. */
    assert_int_equal(ag_exit_code(-(AG_EINTERRUPTED + 2)), 130);
    assert_int_equal(ag_exit_code(-(AG_EINTERRUPTED + 15)), 143);
    assert_int_equal(ag_exit_code(-AG_EINTERRUPTED), 1);
    assert_int_equal(ag_exit_code(-(AG_EINTERRUPTED + 65)), 1);
    /* Unknown negative values are a generic failure. */
    assert_int_equal(ag_exit_code(-7), 1);
    assert_int_equal(ag_exit_code(-1000), 1);
    assert_int_equal(ag_exit_code(INT_MIN + 1), 1);
    assert_int_equal(ag_exit_code(INT_MIN), 1);

    /* The result of ag_error_set round-trips to the exit code. */
    struct ag_error err;
    assert_int_equal(ag_exit_code(ag_error_set(&err, AG_EUNKNOWN, "x")), 6);
    assert_int_equal(ag_exit_code(ag_error_set(&err, 42, "x")), 1);
}

static void test_exit_meanings(void **state)
{
    (void)state;
    assert_string_equal(ag_exit_meaning(0), "success");
    for (int code = AG_OK; code <= AG_EUNKNOWN; code++) {
        const char *m = ag_exit_meaning(code);
        assert_non_null(m);
        assert_true(strlen(m) > 0);
        assert_string_not_equal(m, "unknown");
        for (int other = AG_OK; other < code; other++)
            assert_string_not_equal(m, ag_exit_meaning(other));
    }
    assert_non_null(strstr(ag_exit_meaning(AG_EUSAGE), "usage"));
    assert_non_null(strstr(ag_exit_meaning(AG_EAUTH), "not authorized"));
    assert_non_null(strstr(ag_exit_meaning(AG_ETEMP), "retry"));
    assert_string_equal(ag_exit_meaning(-1), "unknown");
    assert_string_equal(ag_exit_meaning(7), "unknown");
    assert_string_equal(ag_exit_meaning(INT_MIN), "unknown");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_set),           cmocka_unit_test(test_wrap_and_clear),
        cmocka_unit_test(test_truncation),    cmocka_unit_test(test_exit_codes),
        cmocka_unit_test(test_exit_meanings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
