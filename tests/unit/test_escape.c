/* Unit tests for core/escape.c: terminal control characters in messages are escaped, text is kept. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/error.h"
#include "core/escape.h"
#include "core/log.h"

static void test_controls_escaped(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"plain text, 100% ok", "plain text, 100% ok"},
        {"\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m"},
        {"over\rwrite", "over\\x0dwrite"},
        {"line\nforged", "line\\x0aforged"},
        {"bell\a tab\t nul-less \x01\x1f", "bell\\x07 tab\\x09 nul-less \\x01\\x1f"},
        {"del\x7f", "del\\x7f"},
        {"c1 csi \xc2\x9b"
         "31m and \xc2\x80 \xc2\x9f",
         "c1 csi \\xc2\\x9b31m and \\xc2\\x80 \\xc2\\x9f"},
        {"keep \xc2\xa0nbsp \xc3\xa9t\xc3\xa9 \xe2\x82\xac \xf0\x9f\x8e\xac",
         "keep \xc2\xa0nbsp \xc3\xa9t\xc3\xa9 \xe2\x82\xac \xf0\x9f\x8e\xac"},
        {"lone \x9b byte", "lone \\x9b byte"},
        {"overlong \xc0\xaf \xe0\x80\xaf", "overlong \\xc0\\xaf \\xe0\\x80\\xaf"},
        {"surrogate \xed\xa0\x80", "surrogate \\xed\\xa0\\x80"},
        {"truncated \xe2\x82", "truncated \\xe2\\x82"},
        {"too big \xf4\x90\x80\x80", "too big \\xf4\\x90\\x80\\x80"},
        {"already \\x1b escaped", "already \\x1b escaped"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char out[256], again[256];
        size_t n = ag_escape_controls(out, sizeof(out), cases[i].in, NULL);
        if (strcmp(out, cases[i].out) != 0)
            fail_msg("case %zu: got '%s', expected '%s'", i, out, cases[i].out);
        assert_int_equal(n, strlen(out));
        ag_escape_controls(again, sizeof(again), out, NULL); /* idempotent */
        assert_string_equal(again, out);
    }
}

static void test_keep_and_bounds(void **state)
{
    (void)state;
    char out[64];
    ag_escape_controls(out, sizeof(out), "a\nb\rc", "\n");
    assert_string_equal(out, "a\nb\\x0dc");
    /* Never cut inside an escape or a character. */
    char small[8];
    ag_escape_controls(small, sizeof(small), "abcd\x1b", NULL);
    assert_string_equal(small, "abcd");
    ag_escape_controls(small, sizeof(small), "abcdef\xc3\xa9", NULL);
    assert_string_equal(small, "abcdef");
    ag_escape_controls(small, 1, "abc", NULL);
    assert_string_equal(small, "");
    ag_escape_controls(out, sizeof(out), NULL, NULL);
    assert_string_equal(out, "");
}

/* Every error message is escaped where it is made, so no call site can forget. */
static void test_error_messages_escaped(void **state)
{
    (void)state;
    struct ag_error err = {0};
    ag_error_set(&err, AG_EFAIL, "cannot read '%s': %s", "evil\x1b]0;title\a.mp4", "gone\r\n");
    assert_string_equal(err.msg, "cannot read 'evil\\x1b]0;title\\x07.mp4': gone\\x0d\\x0a");
    ag_error_wrap(&err, "post '%s'", "id\x1b[2J");
    assert_string_equal(err.msg,
                        "post 'id\\x1b[2J': cannot read 'evil\\x1b]0;title\\x07.mp4': gone\\x0d\\x0a");
    /* Interface messages keep their own line breaks, nothing else. */
    ag_error_set_exact(&err, AG_EFAIL, "Field '%s' not found.\nAvailable fields: %s", "x\x1b", "a");
    assert_string_equal(err.msg, "Field 'x\\x1b' not found.\nAvailable fields: a");
}

/* Every log line too: one line per call, whatever the arguments hold. */
static void test_log_lines_escaped(void **state)
{
    (void)state;
    char text[256] = "";
    FILE *f = tmpfile();
    assert_non_null(f);
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    assert_true(saved >= 0 && dup2(fileno(f), STDERR_FILENO) >= 0);
    ag_warn("log_id %s", "L\x1b[2J\r\nerror: forged \xc2\x9b");
    fflush(stderr);
    assert_true(dup2(saved, STDERR_FILENO) >= 0);
    close(saved);
    assert_true(pread(fileno(f), text, sizeof(text) - 1, 0) > 0);
    fclose(f);
    assert_string_equal(text, "warning: log_id L\\x1b[2J\\x0d\\x0aerror: forged \\xc2\\x9b\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_controls_escaped),
        cmocka_unit_test(test_keep_and_bounds),
        cmocka_unit_test(test_error_messages_escaped),
        cmocka_unit_test(test_log_lines_escaped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
