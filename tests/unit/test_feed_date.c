/* Unit tests for ag_feed_date: RFC 822 as feeds really send it, RFC 3339 / ISO 8601, and what is refused. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "core/feed.h"

#define T0 1796464800 /* 2026-12-05T10:00:00Z */
#define T1 1071340202 /* 2003-12-13T18:30:02Z */

static const struct {
    const char *text;
    int64_t want;
} valid[] = {
    /* RFC 822 / RSS 2.0 */
    {"Sat, 05 Dec 2026 10:00:00 GMT", T0},
    {"Sat, 05 Dec 2026 10:00:00 UT", T0},
    {"Sat, 05 Dec 2026 10:00:00 UTC", T0},
    {"Sat, 05 Dec 2026 10:00:00 Z", T0},
    {"Sat, 05 Dec 2026 10:00:00 +0000", T0},
    {"Sat, 05 Dec 2026 10:00:00 -0000", T0}, /* UTC, local zone unknown */
    {"Sat, 05 Dec 2026 10:00:00 +00:00", T0},
    {"Sat, 05 Dec 2026 05:00:00 EST", T0},
    {"Sat, 05 Dec 2026 06:00:00 EDT", T0},
    {"Sat, 05 Dec 2026 04:00:00 CST", T0},
    {"Sat, 05 Dec 2026 05:00:00 CDT", T0},
    {"Sat, 05 Dec 2026 03:00:00 MST", T0},
    {"Sat, 05 Dec 2026 04:00:00 MDT", T0},
    {"Sat, 05 Dec 2026 02:00:00 PST", T0},
    {"Sat, 05 Dec 2026 03:00:00 PDT", T0},
    {"Sat, 05 Dec 2026 10:00:00 A", T0}, /* military letters: -0000 (RFC 5322 §4.3) */
    {"Sat, 05 Dec 2026 10:00:00 z", T0},
    {"Sat, 05 Dec 2026 19:00:00 +0900", T0},
    {"Sat, 05 Dec 2026 05:00:00 -0500", T0},
    {"Sat, 05 Dec 2026 15:30:00 +05:30", T0},
    {"Sat, 05 Dec 2026 11:00:00 +01", T0},
    {"05 Dec 2026 10:00:00 GMT", T0},                  /* no weekday */
    {"Sat,05 Dec 2026 10:00:00 GMT", T0},              /* no space after the comma */
    {"Mon, 05 Dec 2026 10:00:00 GMT", T0},             /* wrong weekday: the date wins */
    {"Saturday, 05 December 2026 10:00:00 GMT", T0},   /* full names */
    {"Sat, 5 Dec 2026 10:00:00 GMT", T0},              /* one-digit day */
    {"  Sat,   05  Dec   2026  10:00:00   GMT  ", T0}, /* extra spaces */
    {"Sat, 05 Dec 2026 10:00 GMT", T0},                /* no seconds */
    {"Sat, 05 Dec 26 10:00:00 GMT", T0},               /* two-digit year: 2026 */
    {"Sat, 02 Jan 99 03:04 GMT", 915246240},           /* two-digit year: 1999 */
    {"Tue, 01 Jun 49 00:00:00 GMT", 2506118400},       /* 49 -> 2049 */
    {"Thu, 01 Jun 50 00:00:00 GMT", -618105600},       /* 50 -> 1950 */
    {"sat, 05 dec 2026 10:00:00 gmt", T0},             /* case */
    {"Thu, 29 Feb 2024 12:00:00 GMT", 1709208000},     /* leap day */
    {"Sat, 05 Sept 2026 10:00:00 GMT", 1788602400},
    {"05 Dec 2026", 1796428800}, /* a date alone: midnight UTC */
    /* RFC 3339 / ISO 8601 / W3CDTF */
    {"2003-12-13T18:30:02Z", T1},
    {"2003-12-13T18:30:02.25Z", T1},
    {"2003-12-13T19:30:02.25+01:00", T1},
    {"2003-12-13T13:30:02-05:00", T1},
    {"2003-12-13T19:30:02+0100", T1},
    {"2003-12-13t18:30:02z", T1},
    {"2003-12-13 18:30:02Z", T1},
    {"2003-12-13T18:30Z", T1 - 2},
    {"2003-12-13T18:30:02", T1}, /* no offset: UTC */
    {"2026-01-01", 1767225600},
    {" 2026-01-01 ", 1767225600},
    {"1970-01-01T00:00:00Z", 0},
};

static const char *const invalid[] = {
    NULL,
    "",
    "   ",
    "not a date",
    "Sat, 05 Dec 2026 10:00:00 BST", /* ambiguous zone names are not silently UTC */
    "Sat, 05 Dec 2026 10:00:00 CEST",
    "Sat, 05 Dec 2026 10:00:00 IST",
    "Sat, 05 Dec 2026 10:00:00 J", /* J is no military zone */
    "Sat, 05 Foo 2026 10:00:00 GMT",
    "Sat, 32 Dec 2026 10:00:00 GMT",
    "Sat, 30 Feb 2026 10:00:00 GMT",
    "Sat, 29 Feb 2025 10:00:00 GMT",
    "Sat, 05 Dec 2026 24:00:00 GMT",
    "Sat, 05 Dec 2026 10:60:00 GMT",
    "Sat, 05 Dec 2026 10:00:61 GMT",
    "Sat, 05 Dec 2026 10 GMT",
    "Sat, 05 Dec 2026 10:00:00 +25:00",
    "Sat, 05 Dec 2026 10:00:00 GMT trailing",
    "2026-13-01",
    "2026-12-32T00:00:00Z",
    "2026-12-05T10:00:00+0",
    "2026-12-05T10:00:00.Z",
    "2026-12-05T25:00:00Z",
    "2026-12",
    "2026/12/05",
    "12/05/2026",
    "1796464800",
};

static void test_valid(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(valid) / sizeof(valid[0]); i++) {
        int64_t t = -1;
        if (!ag_feed_date(valid[i].text, &t))
            fail_msg("'%s' was not read", valid[i].text);
        if (t != valid[i].want)
            fail_msg("'%s' read as %lld, not %lld", valid[i].text, (long long)t, (long long)valid[i].want);
    }
}

static void test_invalid(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++) {
        int64_t t = 42;
        if (ag_feed_date(invalid[i], &t))
            fail_msg("'%s' was read as %lld", invalid[i] ? invalid[i] : "(null)", (long long)t);
        assert_int_equal(t, 42); /* untouched */
    }
}

/* Month and day names are English whatever the locale, and no TZ setting moves the result. */
static void test_locale_and_tz_independent(void **state)
{
    (void)state;
    setenv("TZ", "Asia/Tokyo", 1);
    setlocale(LC_ALL, "C.UTF-8");
    int64_t t = 0;
    assert_true(ag_feed_date("Sat, 05 Dec 2026 10:00:00 GMT", &t));
    assert_int_equal(t, T0);
    unsetenv("TZ");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_invalid),
        cmocka_unit_test(test_locale_and_tz_independent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
