/*
 * Dates as feeds send them (FEEDS_SHEETS §2.2, §2.4, §9.3): RFC 822 with its real-world variants
 * and RFC 3339 / ISO 8601.  Month, day and zone names are English whatever the locale, so nothing
 * here uses strptime.  A zone name outside RFC 822 (BST, CEST, IST: each means several offsets) makes
 * the date unreadable rather than silently UTC.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/feed.h"

struct when {
    int year, month, day, hour, min, sec;
    long offset_s; /* east of UTC */
};

static const char *skip_spaces(const char *p)
{
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
        p++;
    return p;
}

/* Exactly min..max digits into *v; returns the end, or NULL. */
static const char *digits(const char *p, int min, int max, int *v)
{
    int n = 0, value = 0;
    while (n < max && isdigit((unsigned char)p[n]))
        value = value * 10 + (p[n++] - '0');
    if (n < min)
        return NULL;
    *v = value;
    return p + n;
}

/* A run of ASCII letters: its length (0 if none). */
static size_t word_len(const char *p)
{
    size_t n = 0;
    while (isalpha((unsigned char)p[n]))
        n++;
    return n;
}

static int month_of(const char *p, size_t n)
{
    static const char *const names[] = {"january",   "february", "march",    "april",
                                        "may",       "june",     "july",     "august",
                                        "september", "october",  "november", "december"};
    for (int i = 0; i < 12; i++)
        if ((n == 3 || n == strlen(names[i]) || (i == 8 && n == 4)) && strncasecmp(p, names[i], n) == 0)
            return i + 1; /* "Sept" is common enough to accept */
    return 0;
}

/* RFC 822's zone names (§5) plus UTC; military letters are "-0000", unknown local time (RFC 5322 §4.3). */
static int named_zone(const char *p, size_t n, long *offset_s)
{
    static const struct {
        const char *name;
        int hours;
    } zones[] = {{"UT", 0},   {"UTC", 0},  {"GMT", 0},  {"Z", 0},    {"EST", -5}, {"EDT", -4},
                 {"CST", -6}, {"CDT", -5}, {"MST", -7}, {"MDT", -6}, {"PST", -8}, {"PDT", -7}};
    for (size_t i = 0; i < sizeof(zones) / sizeof(zones[0]); i++)
        if (strlen(zones[i].name) == n && strncasecmp(p, zones[i].name, n) == 0) {
            *offset_s = zones[i].hours * 3600L;
            return 1;
        }
    if (n == 1 && isalpha((unsigned char)*p) && toupper((unsigned char)*p) != 'J') {
        *offset_s = 0;
        return 1;
    }
    return 0;
}

/* "+HHMM", "+HH:MM" or "+HH"; returns the end or NULL. */
static const char *numeric_zone(const char *p, long *offset_s)
{
    int sign = *p == '-' ? -1 : 1, hh, mm = 0;
    if (*p != '+' && *p != '-')
        return NULL;
    const char *q = digits(p + 1, 2, 2, &hh);
    if (!q)
        return NULL;
    if (*q == ':')
        q = digits(q + 1, 2, 2, &mm);
    else if (isdigit((unsigned char)*q))
        q = digits(q, 2, 2, &mm);
    if (!q || hh > 23 || mm > 59)
        return NULL;
    *offset_s = sign * (hh * 3600L + mm * 60L);
    return q;
}

/* "HH:MM[:SS]"; returns the end or NULL. */
static const char *clock_time(const char *p, struct when *w)
{
    p = digits(p, 1, 2, &w->hour);
    if (!p || *p != ':' || !(p = digits(p + 1, 2, 2, &w->min)))
        return NULL;
    w->sec = 0;
    if (*p == ':' && !(p = digits(p + 1, 2, 2, &w->sec)))
        return NULL;
    return p;
}

/* [day-name[,]] d month yy[yy] [HH:MM[:SS] [zone]] */
static int rfc822(const char *p, struct when *w)
{
    p = skip_spaces(p);
    size_t n = word_len(p);
    if (n > 0) { /* a weekday name: its agreement with the date is not checked (§2.2) */
        p = skip_spaces(p + n);
        if (*p == ',')
            p = skip_spaces(p + 1);
    }
    if (!(p = digits(p, 1, 2, &w->day)))
        return 0;
    p = skip_spaces(p);
    n = word_len(p);
    if (!(w->month = month_of(p, n)))
        return 0;
    p = skip_spaces(p + n);
    const char *y = p;
    if (!(p = digits(p, 2, 4, &w->year)))
        return 0;
    if (p - y == 2)
        w->year += w->year < 50 ? 2000 : 1900; /* RFC 5322 §4.3 */
    else if (p - y == 3)
        w->year += 1900;
    p = skip_spaces(p);
    w->offset_s = 0;
    if (*p && !(p = clock_time(p, w))) /* a date alone is midnight UTC */
        return 0;
    p = skip_spaces(p);
    if (*p == '+' || *p == '-')
        p = numeric_zone(p, &w->offset_s);
    else if ((n = word_len(p)) > 0)
        p = named_zone(p, n, &w->offset_s) ? p + n : NULL;
    return p && *skip_spaces(p) == '\0';
}

/* YYYY-MM-DD[(T| )HH:MM[:SS[.fraction]][Z|±HH:MM]] */
static int iso8601(const char *p, struct when *w)
{
    p = skip_spaces(p);
    if (!(p = digits(p, 4, 4, &w->year)) || *p != '-' || !(p = digits(p + 1, 2, 2, &w->month)) || *p != '-' ||
        !(p = digits(p + 1, 2, 2, &w->day)))
        return 0;
    w->offset_s = 0;
    if (*p == 'T' || *p == 't' || (*p == ' ' && isdigit((unsigned char)p[1]))) {
        if (!(p = clock_time(p + 1, w)))
            return 0;
        if (*p == '.' || *p == ',') { /* fractions of a second are dropped */
            p++;
            if (!isdigit((unsigned char)*p))
                return 0;
            while (isdigit((unsigned char)*p))
                p++;
        }
        if (*p == 'Z' || *p == 'z')
            p++;
        else if (*p == '+' || *p == '-')
            p = numeric_zone(p, &w->offset_s);
    }
    return p && *skip_spaces(p) == '\0';
}

static int days_in_month(int year, int month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

bool ag_feed_date(const char *text, int64_t *unix_seconds)
{
    struct when w = {0};
    if (!text)
        return false;
    const char *p = skip_spaces(text);
    int ok = isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[1]) && isdigit((unsigned char)p[2]) &&
                     isdigit((unsigned char)p[3])
                 ? iso8601(p, &w)
                 : rfc822(p, &w);
    if (!ok || w.year < 1900 || w.year > 9999 || w.month < 1 || w.month > 12 || w.day < 1 ||
        w.day > days_in_month(w.year, w.month) || w.hour > 23 || w.min > 59 || w.sec > 60)
        return false;
    struct tm tm = {.tm_year = w.year - 1900,
                    .tm_mon = w.month - 1,
                    .tm_mday = w.day,
                    .tm_hour = w.hour,
                    .tm_min = w.min,
                    .tm_sec = w.sec};
    *unix_seconds = (int64_t)timegm(&tm) - w.offset_s; /* the fields are in range: it cannot fail */
    return true;
}
