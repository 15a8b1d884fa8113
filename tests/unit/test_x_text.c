/* Unit tests for platforms/x/text.c: X's weighted length (URLs 23, CJK and emoji 2) and the built text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "platforms/x/text.h"

static void test_weights(void **state)
{
    (void)state;
    assert_int_equal(x_text_weight(""), 0);
    assert_int_equal(x_text_weight("hello"), 5);
    assert_int_equal(x_text_weight("caf\xc3\xa9"), 4);              /* Latin-1: 1 each */
    assert_int_equal(x_text_weight("\xe2\x80\x94\xe2\x80\x9c"), 2); /* em dash, quote: punctuation, 1 */
    assert_int_equal(x_text_weight("\xe6\xbc\xa2\xe5\xad\x97"), 4); /* two CJK: 2 each */
    assert_int_equal(x_text_weight("\xf0\x9f\x98\x80"), 2);         /* an emoji */
    assert_int_equal(x_text_weight("\xe2\x9d\xa4\xef\xb8\x8f"), 2); /* heart + VS16: one emoji */
    assert_int_equal(x_text_weight("\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd"), 2); /* thumbs up + skin tone */
    /* woman, ZWJ, woman, ZWJ, girl: one family, 2 */
    assert_int_equal(
        x_text_weight("\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7"), 2);
    /* two emoji side by side are two */
    assert_int_equal(x_text_weight("\xf0\x9f\x98\x80\xf0\x9f\x98\x80"), 4);
    /* Every http(s) URL is 23, however long; a URL glued to a word is not a URL. */
    assert_int_equal(x_text_weight("https://example.com/a/very/long/path/that/goes/on/and/on/and/on"), 23);
    assert_int_equal(x_text_weight("see http://a.b x"), 4 + 23 + 2);
    assert_int_equal(x_text_weight("xhttp://a"), 9);
    assert_int_equal(x_text_weight("\xff"), -1);
}

static void test_build(void **state)
{
    (void)state;
    struct ag_error err = {0};
    char *out = NULL;
    assert_int_equal(x_text_build("  hi ", "https://example.com", " ", &out, &err), 0);
    assert_string_equal(out, "hi  https://example.com");
    free(out);
    assert_int_equal(x_text_build(NULL, "https://example.com", " ", &out, &err), 0);
    assert_string_equal(out, "https://example.com");
    free(out);
    assert_int_equal(x_text_build("Title", "", " - ", &out, &err), 0);
    assert_string_equal(out, "Title");
    free(out);
    assert_int_equal(x_text_build(NULL, NULL, " - ", &out, &err), 0);
    assert_string_equal(out, "");
    free(out);

    char text[300];
    memset(text, 'a', 280);
    text[280] = '\0';
    assert_int_equal(x_text_build(text, NULL, " ", &out, &err), 0);
    free(out);
    out = NULL;
    text[280] = 'a';
    text[281] = '\0';
    assert_int_equal(x_text_build(text, NULL, " ", &out, &err), -AG_EINVALID);
    assert_non_null(strstr(err.msg, "weighs 281"));
    assert_null(out);
    /* The separator counts: 257 + 1 + 23 = 281. */
    text[257] = '\0';
    assert_int_equal(x_text_build(text, "https://x.com", " ", &out, &err), -AG_EINVALID);
    assert_int_equal(x_text_build("\xc3", NULL, " ", &out, &err), -AG_EINVALID);
    assert_non_null(strstr(err.msg, "UTF-8"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_weights), cmocka_unit_test(test_build)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
