/* Unit tests for core/secret.c: wiping and freeing secrets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/secret.h"

static void test_wipe(void **state)
{
    (void)state;
    char buf[] = "tok-secret";
    ag_secret_wipe(buf, 4);
    assert_memory_equal(buf, "\0\0\0\0secret", 11);
    ag_secret_wipe(buf, sizeof(buf));
    for (size_t i = 0; i < sizeof(buf); i++)
        assert_int_equal(buf[i], 0);
    ag_secret_wipe(NULL, 0); /* nothing to do, no crash */
    ag_secret_wipe(buf, 0);
}

static void test_free_and_clear(void **state)
{
    (void)state;
    ag_secret_free(NULL);
    char *s = strdup("refresh-token-value");
    assert_non_null(s);
    ag_secret_free(s); /* ASan and valgrind see a double free or a leak if this is wrong */
    char *t = strdup("access");
    assert_non_null(t);
    ag_secret_clear(&t);
    assert_null(t);
    ag_secret_clear(&t); /* already cleared: fine */
    assert_null(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wipe),
        cmocka_unit_test(test_free_and_clear),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
