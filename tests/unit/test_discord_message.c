/*
 * Unit tests for platforms/discord/message.c: content limit in characters (not bytes), invalid
 * UTF-8, the nonce (random, 25 digits, enforced), mentions off, link/image/title embeds with page
 * texts cut to the embed limits, attachments.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/error.h"
#include "platforms/discord/message.h"

static char *repeat(const char *unit, size_t n)
{
    size_t l = strlen(unit);
    char *s = malloc(l * n + 1);
    for (size_t i = 0; i < n; i++)
        memcpy(s + i * l, unit, l);
    s[l * n] = '\0';
    return s;
}

static void test_content_limit(void **state)
{
    (void)state;
    json_t *m;
    struct ag_error err = {0};
    char *ok = repeat("\xc3\xa9", 2000); /* 2000 characters, 4000 bytes */
    assert_int_equal(dc_message_new(ok, &m, &err), 0);
    assert_string_equal(json_string_value(json_object_get(m, "content")), ok);
    json_decref(m);
    free(ok);
    char *over = repeat("a", 2001);
    assert_int_equal(dc_message_new(over, &m, &err), -AG_EINVALID);
    assert_null(m);
    assert_non_null(strstr(err.msg, "2001 characters"));
    assert_non_null(strstr(err.msg, "at most 2000"));
    free(over);
    assert_int_equal(dc_message_new("bad \xff", &m, &err), -AG_EINVALID);
    assert_non_null(strstr(err.msg, "UTF-8"));
}

static void test_nonce_and_mentions(void **state)
{
    (void)state;
    json_t *a, *b;
    struct ag_error err = {0};
    assert_int_equal(dc_message_new(NULL, &a, &err), 0);
    assert_int_equal(dc_message_new("", &b, &err), 0);
    assert_null(json_object_get(a, "content"));
    assert_null(json_object_get(b, "content"));
    const char *na = json_string_value(json_object_get(a, "nonce"));
    const char *nb = json_string_value(json_object_get(b, "nonce"));
    assert_int_equal(strlen(na), DC_NONCE_LEN);
    assert_int_equal(strspn(na, "0123456789"), DC_NONCE_LEN);
    assert_true(na[0] != '0');
    assert_string_not_equal(na, nb);
    assert_true(json_is_true(json_object_get(a, "enforce_nonce")));
    assert_int_equal(json_array_size(json_object_get(json_object_get(a, "allowed_mentions"), "parse")), 0);
    json_decref(a);
    json_decref(b);
}

static void test_embeds(void **state)
{
    (void)state;
    json_t *m;
    struct ag_error err = {0};
    char *long_title = repeat("t", 300), *long_desc = repeat("\xe2\x82\xac", 5000);
    struct ag_og og = {.title = long_title, .description = long_desc, .image = "https://x.test/i.png"};
    assert_int_equal(dc_message_new("hi", &m, &err), 0);
    assert_int_equal(dc_message_add_link(m, "https://example.com/a", &og, &err), 0);
    assert_int_equal(dc_message_add_link(m, "https://example.com/b", NULL, &err), 0);
    assert_int_equal(dc_message_add_image(m, "https://x.test/p.jpg", &err), 0);
    assert_int_equal(dc_message_add_image(m, "attachment://image-2.png", &err), 0);
    assert_int_equal(dc_message_add_attachment(m, 0, "image-2.png", &err), 0);
    assert_int_equal(dc_message_add_title(m, "My video", &err), 0);
    json_t *e = json_object_get(m, "embeds");
    assert_int_equal(json_array_size(e), 5);
    json_t *link = json_array_get(e, 0);
    assert_string_equal(json_string_value(json_object_get(link, "url")), "https://example.com/a");
    const char *t = json_string_value(json_object_get(link, "title"));
    assert_int_equal(strlen(t), 255 + 3); /* 255 characters and the ellipsis */
    assert_memory_equal(t + 255, "\xe2\x80\xa6", 3);
    assert_int_equal(strlen(json_string_value(json_object_get(link, "description"))), 4095 * 3 + 3);
    assert_string_equal(json_string_value(json_object_get(json_object_get(link, "image"), "url")),
                        "https://x.test/i.png");
    assert_null(json_object_get(json_array_get(e, 1), "title"));
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(json_array_get(e, 3), "image"), "url")),
        "attachment://image-2.png");
    json_t *att = json_array_get(json_object_get(m, "attachments"), 0);
    assert_int_equal(json_integer_value(json_object_get(att, "id")), 0);
    assert_string_equal(json_string_value(json_object_get(att, "filename")), "image-2.png");
    assert_string_equal(json_string_value(json_object_get(json_array_get(e, 4), "title")), "My video");
    assert_int_equal(dc_message_add_title(m, "\xff", &err), -AG_EINVALID);
    json_decref(m);
    free(long_title);
    free(long_desc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_content_limit),
        cmocka_unit_test(test_nonce_and_mentions),
        cmocka_unit_test(test_embeds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
