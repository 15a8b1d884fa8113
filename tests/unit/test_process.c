/* Unit tests for core/process.c: no core dumps once start-up hardening ran. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include <cmocka.h>

#include "core/process.h"

static void test_no_core_dumps(void **state)
{
    (void)state;
    struct rlimit lim;
    assert_int_equal(ag_process_no_core_dumps(), 0);
    assert_int_equal(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
    assert_int_equal(getrlimit(RLIMIT_CORE, &lim), 0);
    assert_true(lim.rlim_cur == 0 && lim.rlim_max == 0);
    /* Idempotent: a second call (hard limit already 0) still succeeds. */
    assert_int_equal(ag_process_no_core_dumps(), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_no_core_dumps)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
