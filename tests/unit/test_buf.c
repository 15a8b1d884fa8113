/* Unit tests for core/buf.c: growth, the growth limit, detach/reset/free and secret wiping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/*
 * ag_buf_free_secret must wipe the bytes before they go back to malloc.  Reading freed memory
 * is undefined, so this test compiles its own copy of buf.c with free() routed through a spy
 * that records the block's bytes just before the real free.  (The test then defines every
 * ag_buf_* symbol itself, so the linker never pulls buf.o out of libagoras_core.)
 */
static unsigned char spy_bytes[4096];
static size_t spy_len; /* how many bytes of the next freed block to record (0: none) */
static int spy_called;

static void spy_free(void *p)
{
    if (p && spy_len) {
        memcpy(spy_bytes, p, spy_len);
        spy_called = 1;
    }
    free(p);
}

#define free spy_free
#include "../../src/core/buf.c"
#undef free

static void test_append_grows_and_terminates(void **state)
{
    (void)state;
    struct ag_buf b;
    ag_buf_init(&b, 0);
    assert_non_null(b.data);
    assert_int_equal(b.len, 0);
    assert_string_equal(b.data, "");
    assert_int_equal(b.max, AG_BUF_DEFAULT_MAX);

    /* Well past the initial 64-byte allocation, so realloc happens several times. */
    for (int i = 0; i < 1000; i++)
        assert_int_equal(ag_buf_append(&b, "0123456789", 10), 0);
    assert_int_equal(b.len, 10000);
    assert_true(b.cap > b.len);
    assert_int_equal(b.data[b.len], '\0');
    assert_int_equal(strlen(b.data), 10000);
    assert_memory_equal(b.data + 9990, "0123456789", 10);

    /* Appending zero bytes (even from NULL) is a no-op that succeeds. */
    assert_int_equal(ag_buf_append(&b, NULL, 0), 0);
    assert_int_equal(b.len, 10000);

    /* Embedded NUL bytes are kept: len counts them. */
    ag_buf_reset(&b);
    assert_int_equal(ag_buf_append(&b, "a\0b", 3), 0);
    assert_int_equal(b.len, 3);
    assert_memory_equal(b.data, "a\0b", 4);
    ag_buf_free(&b);
}

static void test_printf_grows(void **state)
{
    (void)state;
    struct ag_buf b;
    ag_buf_init(&b, 0);
    assert_int_equal(ag_buf_puts(&b, "x="), 0);
    assert_int_equal(ag_buf_printf(&b, "%d,%s", 42, "y"), 0);
    assert_string_equal(b.data, "x=42,y");
    assert_int_equal(b.len, 6);

    /* One printf that is much longer than the current capacity. */
    char big[3000];
    memset(big, 'z', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    assert_int_equal(ag_buf_printf(&b, "[%s]", big), 0);
    assert_int_equal(b.len, 6 + 2 + 2999);
    assert_int_equal(b.data[6], '[');
    assert_int_equal(b.data[b.len - 1], ']');
    assert_int_equal(b.data[b.len], '\0');

    /* An empty format appends nothing. */
    size_t before = b.len;
    assert_int_equal(ag_buf_printf(&b, "%s", ""), 0);
    assert_int_equal(b.len, before);
    ag_buf_free(&b);
}

static void test_max_limit(void **state)
{
    (void)state;
    struct ag_buf b;
    ag_buf_init(&b, 10);
    assert_int_equal(b.max, 10);
    assert_int_equal(ag_buf_append(&b, "0123456", 7), 0);

    /* 7 + 4 > 10: refused, and the buffer is exactly as before. */
    assert_int_equal(ag_buf_append(&b, "abcd", 4), -1);
    assert_int_equal(b.len, 7);
    assert_string_equal(b.data, "0123456");
    assert_int_equal(ag_buf_printf(&b, "%s", "abcd"), -1);
    assert_int_equal(b.len, 7);
    assert_string_equal(b.data, "0123456");
    assert_int_equal(ag_buf_puts(&b, "abcd"), -1);
    assert_string_equal(b.data, "0123456");

    /* Exactly up to the limit is allowed; one more byte is not. */
    assert_int_equal(ag_buf_append(&b, "789", 3), 0);
    assert_int_equal(b.len, 10);
    assert_string_equal(b.data, "0123456789");
    assert_int_equal(ag_buf_append(&b, "x", 1), -1);
    assert_string_equal(b.data, "0123456789");

    /* A size that would overflow len + n must be refused, not wrap around. */
    volatile size_t huge = SIZE_MAX; /* volatile: keep the compiler from "proving" the memcpy overflows */
    assert_int_equal(ag_buf_append(&b, "x", huge), -1);
    assert_int_equal(ag_buf_append(&b, "x", huge - 5), -1);
    assert_int_equal(b.len, 10);

    /* The limit survives reset: it is about content, not history. */
    ag_buf_reset(&b);
    assert_int_equal(ag_buf_append(&b, "0123456789x", 11), -1);
    assert_int_equal(b.len, 0);
    assert_string_equal(b.data, "");
    ag_buf_free(&b);
}

static void test_detach(void **state)
{
    (void)state;
    struct ag_buf b;
    ag_buf_init(&b, 100);
    assert_int_equal(ag_buf_puts(&b, "hello"), 0);
    char *s = ag_buf_detach(&b);
    assert_string_equal(s, "hello");
    /* The buffer is usable again, empty, with the same limit, and no longer owns s. */
    assert_non_null(b.data);
    assert_true(b.data != s);
    assert_int_equal(b.len, 0);
    assert_string_equal(b.data, "");
    assert_int_equal(b.max, 100);
    assert_int_equal(ag_buf_puts(&b, "again"), 0);
    assert_string_equal(s, "hello");
    assert_string_equal(b.data, "again");
    free(s);

    /* Detaching an empty buffer gives an empty, owned string. */
    char *e = ag_buf_detach(&b);
    assert_string_equal(e, "again");
    char *e2 = ag_buf_detach(&b);
    assert_string_equal(e2, "");
    free(e);
    free(e2);
    ag_buf_free(&b);
}

static void test_reset_keeps_allocation(void **state)
{
    (void)state;
    struct ag_buf b;
    ag_buf_init(&b, 0);
    for (int i = 0; i < 50; i++)
        assert_int_equal(ag_buf_puts(&b, "abcdefghij"), 0);
    size_t cap = b.cap;
    char *data = b.data;
    ag_buf_reset(&b);
    assert_int_equal(b.len, 0);
    assert_string_equal(b.data, "");
    assert_int_equal(b.cap, cap);
    assert_ptr_equal(b.data, data);
    assert_int_equal(ag_buf_puts(&b, "z"), 0);
    assert_string_equal(b.data, "z");
    ag_buf_free(&b);
}

static void test_zeroed_buffer(void **state)
{
    (void)state;
    /* A zeroed buffer (e.g. a member of a calloc'ed struct) is valid for every call. */
    struct ag_buf b = {0};
    ag_buf_free(&b);
    ag_buf_free(&b);
    ag_buf_free_secret(&b);
    ag_buf_free(NULL);
    ag_buf_free_secret(NULL);

    struct ag_buf c = {0};
    assert_int_equal(ag_buf_puts(&c, "lazy"), 0);
    assert_string_equal(c.data, "lazy");
    assert_int_equal(c.max, AG_BUF_DEFAULT_MAX);
    ag_buf_free(&c);
    assert_null(c.data);
    assert_int_equal(c.len, 0);
    assert_int_equal(c.cap, 0);
    /* Freed twice: still fine (destructors accept an already-freed object). */
    ag_buf_free(&c);

    struct ag_buf d = {0};
    ag_buf_reset(&d);
    assert_non_null(d.data);
    assert_string_equal(d.data, "");
    ag_buf_free(&d);

    struct ag_buf e = {0};
    char *s = ag_buf_detach(&e);
    assert_string_equal(s, "");
    free(s);
    ag_buf_free(&e);
}

static void test_free_secret_wipes(void **state)
{
    (void)state;
    struct ag_buf b;
    ag_buf_init(&b, 0);
    assert_int_equal(ag_buf_puts(&b, "refresh-token-"), 0);
    assert_int_equal(ag_buf_printf(&b, "%s", "rft.SECRETSECRETSECRET"), 0);
    size_t cap = b.cap;
    assert_true(cap <= sizeof(spy_bytes));

    spy_called = 0;
    spy_len = cap;
    ag_buf_free_secret(&b);
    spy_len = 0;
    assert_true(spy_called);
    /* Every allocated byte (not only len) was zero when the block was freed. */
    for (size_t i = 0; i < cap; i++)
        assert_int_equal(spy_bytes[i], 0);
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    assert_int_equal(b.cap, 0);

    /* The plain free does not wipe: proves the spy sees the real bytes. */
    ag_buf_init(&b, 0);
    assert_int_equal(ag_buf_puts(&b, "not secret"), 0);
    spy_called = 0;
    spy_len = b.len;
    ag_buf_free(&b);
    spy_len = 0;
    assert_true(spy_called);
    assert_memory_equal(spy_bytes, "not secret", 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_append_grows_and_terminates),
        cmocka_unit_test(test_printf_grows),
        cmocka_unit_test(test_max_limit),
        cmocka_unit_test(test_detach),
        cmocka_unit_test(test_reset_keeps_allocation),
        cmocka_unit_test(test_zeroed_buffer),
        cmocka_unit_test(test_free_secret_wipes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
