/*
 * Unit tests for platforms/telegram/tg_message.c: parse modes, the post text and video caption,
 * and the length limits counted as Telegram counts them (UTF-16 units, markup excluded).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/error.h"
#include "platforms/telegram/tg_message.h"

static void test_parse_modes(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        enum tg_parse_mode mode;
        const char *value;
    } cases[] = {
        {NULL, TG_PARSE_HTML, "HTML"},
        {"", TG_PARSE_HTML, "HTML"},
        {"HTML", TG_PARSE_HTML, "HTML"},
        {"html", TG_PARSE_HTML, "HTML"},
        {"Markdown", TG_PARSE_MARKDOWN, "Markdown"},
        {"MarkdownV2", TG_PARSE_MARKDOWNV2, "MarkdownV2"},
        {"markdownv2", TG_PARSE_MARKDOWNV2, "MarkdownV2"},
        {"None", TG_PARSE_NONE, NULL},
        {"NONE", TG_PARSE_NONE, NULL},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        enum tg_parse_mode m = TG_PARSE_MARKDOWN;
        struct ag_error err = {0};
        assert_int_equal(tg_parse_mode_parse(cases[i].in, &m, &err), 0);
        assert_int_equal(m, cases[i].mode);
        if (cases[i].value)
            assert_string_equal(tg_parse_mode_value(m), cases[i].value);
        else
            assert_null(tg_parse_mode_value(m)); /* None: no parse_mode field, not the string "None" */
    }
    static const char *const bad[] = {"none ", "Markdown2", "text", "HTML5", "\x1b[2J"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        enum tg_parse_mode m = TG_PARSE_HTML;
        struct ag_error err = {0};
        assert_int_equal(tg_parse_mode_parse(bad[i], &m, &err), -AG_EUSAGE);
        assert_non_null(strstr(err.msg, "--parse-mode"));
        assert_non_null(strstr(err.msg, "MarkdownV2"));
        assert_null(strchr(err.msg, '\x1b'));
    }
}

static void test_visible_length(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        enum tg_parse_mode mode;
        size_t n;
    } cases[] = {
        {"hello", TG_PARSE_NONE, 5},
        {"<b>hello</b>", TG_PARSE_NONE, 12},
        {"<b>hello</b>", TG_PARSE_HTML, 5},
        {"<a href=\"https://example.com/very/long\">x</a>", TG_PARSE_HTML, 1},
        {"a &lt; b &amp;&amp; c &#x1F600; &#233;", TG_PARSE_HTML, 14},
        {"a < b & c", TG_PARSE_HTML, 9}, /* loose < and & are text */
        {"&toolongbutnoend", TG_PARSE_HTML, 16},
        {"caf\xc3\xa9", TG_PARSE_NONE, 4},      /* é: one unit */
        {"\xe2\x82\xac", TG_PARSE_NONE, 1},     /* €: one unit */
        {"\xf0\x9f\x8e\xac", TG_PARSE_NONE, 2}, /* 🎬: a surrogate pair */
        {"  \n hello \n\t ", TG_PARSE_NONE, 5}, /* Telegram trims the ends */
        {"*bold* _it_ `code`", TG_PARSE_MARKDOWN, 12},
        {"[site](https://example.com/a_b)", TG_PARSE_MARKDOWN, 4},
        {"\\_not italic\\_", TG_PARSE_MARKDOWN, 12},
        {"a\\b", TG_PARSE_MARKDOWN, 3}, /* legacy Markdown: \b is text */
        {"*b* __u__ ~s~ ||sp||", TG_PARSE_MARKDOWNV2, 8},
        {"1\\.5 \\- \\!", TG_PARSE_MARKDOWNV2, 7},
        {"[x](https://e.com/\\)y) z", TG_PARSE_MARKDOWNV2, 3},
        {">quote\n>more", TG_PARSE_MARKDOWNV2, 10},
        {"a > b", TG_PARSE_MARKDOWNV2, 5},
        {"![\xf0\x9f\x91\x8d](tg://emoji?id=5368324170671202286)", TG_PARSE_MARKDOWNV2, 2},
        {"", TG_PARSE_HTML, 0},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        size_t n = tg_visible_length(cases[i].s, cases[i].mode);
        if (n != cases[i].n)
            fail_msg("case %zu ('%s'): %zu, expected %zu", i, cases[i].s, n, cases[i].n);
    }
}

/* A string of n copies of unit (a whole UTF-8 character), malloc'd. */
static char *repeat(const char *unit, size_t n)
{
    size_t u = strlen(unit);
    char *s = malloc(u * n + 1);
    assert_non_null(s);
    for (size_t i = 0; i < n; i++)
        memcpy(s + i * u, unit, u);
    s[u * n] = '\0';
    return s;
}

static void test_post_text(void **state)
{
    (void)state;
    char *out = NULL;
    struct ag_error err = {0};
    assert_int_equal(tg_post_text("Hello", "https://example.com/a", 0, TG_PARSE_HTML, &out, &err), 0);
    assert_string_equal(out, "Hello\nhttps://example.com/a");
    free(out);
    assert_int_equal(tg_post_text("Hello", NULL, 0, TG_PARSE_HTML, &out, &err), 0);
    assert_string_equal(out, "Hello");
    free(out);
    assert_int_equal(tg_post_text("", "https://example.com/a", 0, TG_PARSE_HTML, &out, &err), 0);
    assert_string_equal(out, "https://example.com/a");
    free(out);
    /* With images the text is an optional caption. */
    assert_int_equal(tg_post_text(NULL, "", 2, TG_PARSE_HTML, &out, &err), 0);
    assert_null(out);
    assert_int_equal(tg_post_text("Look", NULL, 1, TG_PARSE_NONE, &out, &err), 0);
    assert_string_equal(out, "Look");
    free(out);
    /* Nothing at all is a usage error. */
    out = (char *)"sentinel";
    assert_int_equal(tg_post_text(NULL, NULL, 0, TG_PARSE_HTML, &out, &err), -AG_EUSAGE);
    assert_null(out);
    assert_non_null(strstr(err.msg, "--text"));
    assert_int_equal(tg_post_text("", "", 0, TG_PARSE_HTML, &out, &err), -AG_EUSAGE);
}

static void test_limits_before_sending(void **state)
{
    (void)state;
    char *out = NULL;
    struct ag_error err = {0};

    /* Exactly 4096 units pass; 4097 are refused with both numbers in the message. */
    char *text = repeat("a", TG_TEXT_MAX);
    assert_int_equal(tg_post_text(text, NULL, 0, TG_PARSE_NONE, &out, &err), 0);
    free(out);
    free(text);
    text = repeat("a", TG_TEXT_MAX + 1);
    out = (char *)"sentinel";
    assert_int_equal(tg_post_text(text, NULL, 0, TG_PARSE_NONE, &out, &err), -AG_EINVALID);
    assert_null(out);
    assert_non_null(strstr(err.msg, "4097"));
    assert_non_null(strstr(err.msg, "4096"));
    assert_non_null(strstr(err.msg, "message text"));
    free(text);

    /* Text + "\n" + link is what is counted: 4090 + 1 + 6 = 4097. */
    text = repeat("b", 4090);
    assert_int_equal(tg_post_text(text, "http:x", 0, TG_PARSE_NONE, &out, &err), -AG_EINVALID);
    assert_int_equal(tg_post_text(text, "http:", 0, TG_PARSE_NONE, &out, &err), 0);
    free(out);
    free(text);

    /* Emoji count twice: 2048 of them are the limit. */
    text = repeat("\xf0\x9f\x8e\xac", 2048);
    assert_int_equal(tg_post_text(text, NULL, 0, TG_PARSE_NONE, &out, &err), 0);
    free(out);
    free(text);
    text = repeat("\xf0\x9f\x8e\xac", 2049);
    assert_int_equal(tg_post_text(text, NULL, 0, TG_PARSE_NONE, &out, &err), -AG_EINVALID);
    assert_non_null(strstr(err.msg, "4098"));
    free(text);

    /* Markup is not counted: 4096 bold characters pass in HTML, but not as plain text. */
    char *inner = repeat("c", TG_TEXT_MAX);
    size_t len = strlen(inner) + 8;
    text = malloc(len);
    assert_non_null(text);
    snprintf(text, len, "<b>%s</b>", inner);
    assert_int_equal(tg_post_text(text, NULL, 0, TG_PARSE_HTML, &out, &err), 0);
    free(out);
    assert_int_equal(tg_post_text(text, NULL, 0, TG_PARSE_NONE, &out, &err), -AG_EINVALID);
    free(text);
    free(inner);

    /* Captions: 1024. */
    text = repeat("d", TG_CAPTION_MAX + 1);
    assert_int_equal(tg_post_text(text, NULL, 3, TG_PARSE_HTML, &out, &err), -AG_EINVALID);
    assert_non_null(strstr(err.msg, "caption"));
    assert_non_null(strstr(err.msg, "1024"));
    assert_non_null(strstr(err.msg, "1025"));
    assert_int_equal(tg_video_caption(text, NULL, TG_PARSE_HTML, &out, &err), -AG_EINVALID);
    assert_int_equal(tg_video_caption(NULL, text, TG_PARSE_HTML, &out, &err), -AG_EINVALID);
    text[TG_CAPTION_MAX] = '\0';
    assert_int_equal(tg_post_text(text, NULL, 3, TG_PARSE_HTML, &out, &err), 0);
    free(out);
    free(text);

    /* Not UTF-8: refused before sending (the Bot API wants UTF-8). */
    static const char *const broken[] = {"caf\xe9", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80",
                                         "ab\xe2\x82"};
    for (size_t i = 0; i < sizeof(broken) / sizeof(broken[0]); i++) {
        out = (char *)"sentinel";
        assert_int_equal(tg_post_text(broken[i], NULL, 0, TG_PARSE_NONE, &out, &err), -AG_EINVALID);
        assert_null(out);
        assert_non_null(strstr(err.msg, "UTF-8"));
        assert_false(tg_utf8_valid(broken[i]));
    }
    assert_true(tg_utf8_valid("caf\xc3\xa9 \xf0\x9f\x8e\xac"));
}

static void test_video_caption(void **state)
{
    (void)state;
    char *out = NULL;
    struct ag_error err = {0};
    assert_int_equal(tg_video_caption("Text", "Title", TG_PARSE_HTML, &out, &err), 0);
    assert_string_equal(out, "Text");
    free(out);
    assert_int_equal(tg_video_caption("", "Title", TG_PARSE_HTML, &out, &err), 0);
    assert_string_equal(out, "Title");
    free(out);
    out = (char *)"sentinel";
    assert_int_equal(tg_video_caption(NULL, NULL, TG_PARSE_HTML, &out, &err), 0);
    assert_null(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_modes),   cmocka_unit_test(test_visible_length),
        cmocka_unit_test(test_post_text),     cmocka_unit_test(test_limits_before_sending),
        cmocka_unit_test(test_video_caption),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
