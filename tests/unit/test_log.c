/* Unit tests for core/log.c: level names, filtering, and redaction of registered secrets. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/log.h"

/* ---- stderr capture: fd 2 goes to a temp file while a test logs ---- */

static int saved_stderr = -1;
static FILE *capture_file;

static void capture_start(void)
{
    fflush(stderr);
    capture_file = tmpfile();
    assert_non_null(capture_file);
    saved_stderr = dup(STDERR_FILENO);
    assert_true(saved_stderr >= 0);
    assert_true(dup2(fileno(capture_file), STDERR_FILENO) >= 0);
}

/* Stop capturing; returns everything written to stderr meanwhile (caller frees). */
static char *capture_stop(void)
{
    fflush(stderr);
    assert_true(dup2(saved_stderr, STDERR_FILENO) >= 0);
    close(saved_stderr);
    saved_stderr = -1;
    off_t size = lseek(fileno(capture_file), 0, SEEK_END);
    assert_true(size >= 0);
    char *text = calloc((size_t)size + 1, 1);
    assert_non_null(text);
    assert_int_equal(pread(fileno(capture_file), text, (size_t)size, 0), size);
    fclose(capture_file);
    capture_file = NULL;
    return text;
}

static int teardown(void **state)
{
    (void)state;
    ag_log_clear_secrets();
    ag_log_set_level(AG_LOG_INFO);
    return 0;
}

static void test_level_parse(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        enum ag_log_level level;
    } ok[] = {
        {"DEBUG", AG_LOG_DEBUG}, {"debug", AG_LOG_DEBUG},       {"INFO", AG_LOG_INFO},
        {"Info", AG_LOG_INFO},   {"WARNING", AG_LOG_WARNING},   {"warning", AG_LOG_WARNING},
        {"ERROR", AG_LOG_ERROR}, {"CRITICAL", AG_LOG_CRITICAL}, {"critical", AG_LOG_CRITICAL},
    };
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
        enum ag_log_level l = (enum ag_log_level)0;
        assert_int_equal(ag_log_level_parse(ok[i].name, &l), 0);
        assert_int_equal(l, ok[i].level);
    }
    static const char *const bad[] = {"", "WARN", "LOUD", "DEBUG ", " INFO", "5", "10", "INFOX", "ERR"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        enum ag_log_level l = AG_LOG_ERROR;
        if (ag_log_level_parse(bad[i], &l) != -1)
            fail_msg("level '%s' accepted", bad[i]);
        assert_int_equal(l, AG_LOG_ERROR);
    }
    /* Python logging's numeric order. */
    assert_true(AG_LOG_DEBUG < AG_LOG_INFO && AG_LOG_INFO < AG_LOG_WARNING && AG_LOG_WARNING < AG_LOG_ERROR &&
                AG_LOG_ERROR < AG_LOG_CRITICAL);
    ag_log_set_level(AG_LOG_WARNING);
    assert_int_equal(ag_log_get_level(), AG_LOG_WARNING);
}

static void test_redact_in_message(void **state)
{
    (void)state;
    ag_log_add_secret("rft.SuperSecretRefreshToken");
    char s[] = "refresh_token=rft.SuperSecretRefreshToken&grant_type=refresh_token";
    ag_log_redact(s);
    assert_string_equal(s, "refresh_token=[REDACTED]&grant_type=refresh_token");

    /* Several occurrences, at the start, the end and back to back. */
    char t[] = "rft.SuperSecretRefreshToken x rft.SuperSecretRefreshTokenrft.SuperSecretRefreshToken";
    ag_log_redact(t);
    assert_string_equal(t, "[REDACTED] x [REDACTED][REDACTED]");

    /* A message without secrets is untouched. */
    char u[] = "nothing to see: rft.SuperSecret";
    ag_log_redact(u);
    assert_string_equal(u, "nothing to see: rft.SuperSecret");
}

static void test_redact_short_and_tiny_secrets(void **state)
{
    (void)state;
    /* Shorter than "[REDACTED]": replaced by as many '*' so the text never grows. */
    ag_log_add_secret("abc12");
    char s[] = "key=abc12;again=abc12";
    ag_log_redact(s);
    assert_string_equal(s, "key=*****;again=*****");
    assert_null(strstr(s, "abc12"));

    /* Secrets under 4 bytes are ignored: they would redact ordinary words. */
    ag_log_add_secret("the");
    ag_log_add_secret("");
    ag_log_add_secret(NULL);
    char t[] = "the end";
    ag_log_redact(t);
    assert_string_equal(t, "the end");

    /* Exactly 4 bytes is the smallest secret that counts. */
    ag_log_add_secret("wxyz");
    char u[] = "[wxyz]";
    ag_log_redact(u);
    assert_string_equal(u, "[****]");
}

static void test_redact_several_secrets(void **state)
{
    (void)state;
    ag_log_add_secret("client-secret-value");
    ag_log_add_secret("access-token-value");
    ag_log_add_secret("client-secret-value"); /* registering twice is harmless */
    char s[] = "a=access-token-value b=client-secret-value c=access-token-value";
    ag_log_redact(s);
    assert_string_equal(s, "a=[REDACTED] b=[REDACTED] c=[REDACTED]");

    /* A short secret that is part of a longer one must not leave the rest of the long one visible. */
    ag_log_add_secret("abcd");
    ag_log_add_secret("abcdefghijklmnop");
    char t[] = "x abcdefghijklmnop y abcd";
    ag_log_redact(t);
    assert_string_equal(t, "x [REDACTED] y ****");

    /* Clearing forgets them all. */
    ag_log_clear_secrets();
    char u[] = "access-token-value";
    ag_log_redact(u);
    assert_string_equal(u, "access-token-value");
}

static void test_redact_secret_like_its_replacement(void **state)
{
    (void)state;
    /* Secrets that equal their own replacement must terminate (the test would hang otherwise). */
    ag_log_add_secret("[REDACTED]");
    ag_log_add_secret("*****");
    char s[] = "a [REDACTED] b ***** c";
    ag_log_redact(s);
    assert_string_equal(s, "a [REDACTED] b ***** c");
}

static void test_redact_keeps_newest_when_full(void **state)
{
    (void)state;
    char name[32];
    for (int i = 0; i < 40; i++) {
        snprintf(name, sizeof(name), "secret-number-%02d", i);
        ag_log_add_secret(name);
    }
    char newest[] = "secret-number-39";
    ag_log_redact(newest);
    assert_string_equal(newest, "[REDACTED]");
}

/* A server echoing a request writes secrets URL- or form-encoded: every such form is redacted. */
static void test_redact_encoded_forms(void **state)
{
    (void)state;
    static const struct {
        const char *secret, *text;
    } cases[] = {
        {"cs+secret/value=", "client_secret=cs%2Bsecret%2Fvalue%3D&grant_type=x"},
        {"cs+secret/value=", "client_secret=cs%2bsecret%2fvalue%3d&grant_type=x"}, /* lowercase hex */
        {"cs+secret/value=", "client_secret=%63%73%2B%73ecret/value="},            /* over-encoded */
        {"cs+secret/value=", "cs+secret/value= as is"},
        {"pass phrase with spaces", "password=pass+phrase+with+spaces"},
        {"pass phrase with spaces", "password=pass%20phrase%20with%20spaces"},
        {"code%25literal", "code=code%25literal"}, /* a secret that contains "%25" itself */
        {"code%25literal", "code=code%2525literal"},
        {"caf\xc3\xa9-secret-1", "x=caf%C3%A9-secret-1"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char line[256];
        ag_log_clear_secrets();
        ag_log_add_secret(cases[i].secret);
        snprintf(line, sizeof(line), "invalid_request: %s (HTTP 400)", cases[i].text);
        ag_log_redact(line);
        if (!strstr(line, "[REDACTED]") || strstr(line, "value") || strstr(line, "phrase") ||
            strstr(line, "caf") || strstr(line, "literal"))
            fail_msg("case %zu not redacted: %s", i, line);
        assert_non_null(strstr(line, "invalid_request: "));
        assert_non_null(strstr(line, " (HTTP 400)"));
    }
    /* Ordinary text that merely looks encoded stays. */
    char plain[] = "progress 100%25 done + more";
    ag_log_add_secret("unrelated-secret");
    ag_log_redact(plain);
    assert_string_equal(plain, "progress 100%25 done + more");
}

static void test_log_filtering_and_prefixes(void **state)
{
    (void)state;
    ag_log_set_level(AG_LOG_WARNING);
    capture_start();
    ag_debug("dbg %d", 1);
    ag_info("info %d", 2);
    ag_warn("warn %d", 3);
    ag_err("err %d", 4);
    ag_log(AG_LOG_CRITICAL, "crit %d", 5);
    char *out = capture_stop();
    assert_string_equal(out, "warning: warn 3\nerror: err 4\nfatal: crit 5\n");
    free(out);

    ag_log_set_level(AG_LOG_DEBUG);
    capture_start();
    ag_debug("dbg");
    ag_info("info line");
    char *out2 = capture_stop();
    assert_string_equal(out2, "debug: dbg\ninfo line\n");
    free(out2);

    ag_log_set_level(AG_LOG_CRITICAL);
    capture_start();
    ag_err("hidden");
    char *out3 = capture_stop();
    assert_string_equal(out3, "");
    free(out3);
}

static void test_log_redacts(void **state)
{
    (void)state;
    ag_log_set_level(AG_LOG_DEBUG);
    ag_log_add_secret("S3CRETVALUE");
    capture_start();
    ag_debug("POST body client_secret=%s&code=%s", "S3CRETVALUE", "x");
    char *out = capture_stop();
    assert_string_equal(out, "debug: POST body client_secret=[REDACTED]&code=x\n");
    free(out);
}

static void test_long_line_redacted_before_cut(void **state)
{
    (void)state;
    /* A secret that straddles the line-length limit must not leak its first half. */
    static const char secret[] = "LONGSECRETTOKENVALUE0123456789";
    ag_log_add_secret(secret);
    char pad[4096];
    for (size_t off = 4060; off < 4100; off += 7) {
        memset(pad, '.', off);
        pad[off] = '\0';
        capture_start();
        ag_warn("%s%s tail", pad + 9, secret); /* "warning: " is 9 bytes */
        char *out = capture_stop();
        assert_null(strstr(out, "LONGSECR"));
        assert_int_equal(out[strlen(out) - 1], '\n');
        assert_true(strlen(out) <= 9 + 4095 + 1);
        free(out);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_level_parse, teardown),
        cmocka_unit_test_teardown(test_redact_in_message, teardown),
        cmocka_unit_test_teardown(test_redact_short_and_tiny_secrets, teardown),
        cmocka_unit_test_teardown(test_redact_several_secrets, teardown),
        cmocka_unit_test_teardown(test_redact_secret_like_its_replacement, teardown),
        cmocka_unit_test_teardown(test_redact_keeps_newest_when_full, teardown),
        cmocka_unit_test_teardown(test_redact_encoded_forms, teardown),
        cmocka_unit_test_teardown(test_log_filtering_and_prefixes, teardown),
        cmocka_unit_test_teardown(test_log_redacts, teardown),
        cmocka_unit_test_teardown(test_long_line_redacted_before_cut, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
