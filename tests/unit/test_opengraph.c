/*
 * Unit tests for core/opengraph.c: OpenGraph tags preferred over twitter:* and <title>/description,
 * white space collapsed, relative images made absolute, non-http images dropped, hostile or empty
 * HTML (no crash, nothing found), and no entity or DTD loaded from outside.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/opengraph.h"

static void parse(const char *html, const char *url, struct ag_og *og)
{
    ag_og_parse(html, strlen(html), url, og);
}

static void test_og_tags(void **state)
{
    (void)state;
    struct ag_og og;
    parse("<html><head><title>Plain title</title>"
          "<meta name=\"description\" content=\"plain\">"
          "<meta property=\"og:title\" content=\"  The   OG\n title \">"
          "<meta name=\"twitter:title\" content=\"Twitter title\">"
          "<meta property=\"og:description\" content=\"OG &amp; more\">"
          "<meta property=\"og:image\" content=\"https://cdn.example/a.png\">"
          "</head><body><meta property=\"og:title\" content=\"in body\"></body></html>",
          "https://example.com/post", &og);
    assert_string_equal(og.title, "The OG title");
    assert_string_equal(og.description, "OG & more");
    assert_string_equal(og.image, "https://cdn.example/a.png");
    ag_og_free(&og);
    assert_null(og.title);
}

static void test_fallbacks(void **state)
{
    (void)state;
    struct ag_og og;
    parse("<html><head><title>\n  Page\ttitle </title><meta name=\"Description\" content=\"desc\">"
          "<meta name=\"twitter:image\" content=\"/img/b.jpg\"></head></html>",
          "https://example.com/dir/page.html", &og);
    assert_string_equal(og.title, "Page title");
    assert_string_equal(og.description, "desc");
    assert_string_equal(og.image, "https://example.com/img/b.jpg");
    ag_og_free(&og);

    parse("<meta property=og:image content=\"pic.png\"><meta property=og:title content=\"no head\">",
          "http://127.0.0.1:8080/a/b", &og);
    assert_string_equal(og.image, "http://127.0.0.1:8080/a/pic.png");
    assert_string_equal(og.title, "no head");
    assert_null(og.description);
    ag_og_free(&og);
}

static void test_nothing(void **state)
{
    (void)state;
    struct ag_og og;
    static const char *const pages[] = {
        "",
        "not html at all \x01\x02\xff",
        "<html><body><p>no head</p><title>in body</title></body></html>",
        "<meta property=og:title content='   '><meta property=og:image content='javascript:x'>",
        "<meta property=\"og:image\" content=\"file:///etc/passwd\">",
        "<<<<>>>><meta",
    };
    for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
        parse(pages[i], "https://example.com/", &og);
        assert_null(og.title);
        assert_null(og.description);
        assert_null(og.image);
        ag_og_free(&og);
    }
}

/* An external entity or DTD is never fetched nor substituted: the text stays what the page says. */
static void test_no_entities(void **state)
{
    (void)state;
    struct ag_og og;
    parse("<!DOCTYPE html SYSTEM \"file:///etc/passwd\" [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
          "<html><head><title>a&x;b</title></head></html>",
          "https://example.com/", &og);
    assert_true(!og.title || !strstr(og.title, "root:"));
    ag_og_free(&og);
}

/* A fetch failure leaves nothing and says which page. */
static void test_fetch_refused(void **state)
{
    (void)state;
    struct ag_og og;
    struct ag_error err = {0};
    assert_true(ag_og_fetch("http://example.com/", &og, &err) < 0); /* plain http off loopback */
    assert_null(og.title);
    assert_true(ag_og_fetch("http://127.0.0.1:1/", &og, &err) < 0); /* nothing listens */
    assert_non_null(strstr(err.msg, "127.0.0.1"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_og_tags),       cmocka_unit_test(test_fallbacks),
        cmocka_unit_test(test_nothing),       cmocka_unit_test(test_no_entities),
        cmocka_unit_test(test_fetch_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
