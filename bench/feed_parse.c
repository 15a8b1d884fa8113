/*
 * bench_feed_parse FILE [RUNS]: ag_feed_parse on FILE, RUNS times (default 20), then one line:
 * items, the median and fastest parse in ms, and the process's peak RSS against its RSS before
 * the first parse.  Driven by bench/feed-parse.sh; not a test.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "core/feed.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static long peak_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    int runs = argc > 2 ? atoi(argv[2]) : 20;
    if (argc < 2 || runs < 1 || runs > 1000) {
        fprintf(stderr, "usage: bench_feed_parse FILE [RUNS (1-1000)]\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    char *data = malloc(AG_FEED_MAX_BYTES + 1);
    size_t len = f && data ? fread(data, 1, AG_FEED_MAX_BYTES + 1, f) : 0;
    if (f)
        fclose(f);
    if (!len) {
        fprintf(stderr, "bench_feed_parse: cannot read %s\n", argv[1]);
        return 2;
    }
    long before_kb = peak_rss_kb();
    double *ms = calloc((size_t)runs, sizeof(*ms));
    size_t items = 0;
    for (int i = 0; ms && i < runs; i++) {
        struct ag_feed feed;
        struct ag_error err = {0};
        double t0 = now_ms();
        if (ag_feed_parse(data, len, "https://bench.example/feed.xml", &feed, &err) < 0) {
            fprintf(stderr, "bench_feed_parse: %s\n", err.msg);
            return 1;
        }
        ms[i] = now_ms() - t0;
        items = feed.n_items;
        ag_feed_free(&feed);
    }
    if (!ms)
        return 1;
    qsort(ms, (size_t)runs, sizeof(*ms), by_value);
    printf("%zu items, %zu bytes: parse median %.1f ms, fastest %.1f ms (%d runs); peak RSS %.1f MB "
           "(%.1f MB before parsing)\n",
           items, len, ms[runs / 2], ms[0], runs, peak_rss_kb() / 1024.0, before_kb / 1024.0);
    free(ms);
    free(data);
    return 0;
}
