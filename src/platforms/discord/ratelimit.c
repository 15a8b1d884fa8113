#include "platforms/discord/ratelimit.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/interrupt.h"
#include "platforms/discord/api.h"

/* One run makes a handful of requests over three or four routes. */
#define MAX_ROUTES 16
#define KEY_MAX    96

static struct bucket {
    char route[KEY_MAX];
    char id[KEY_MAX]; /* X-RateLimit-Bucket, "" until seen */
    long long until;  /* monotonic ms before which the bucket is empty; 0: not empty */
} buckets[MAX_ROUTES];
static size_t n_buckets;

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static struct bucket *find(const char *route, int add)
{
    for (size_t i = 0; i < n_buckets; i++)
        if (strcmp(buckets[i].route, route) == 0)
            return &buckets[i];
    if (!add || n_buckets == MAX_ROUTES || strlen(route) >= KEY_MAX)
        return NULL;
    struct bucket *b = &buckets[n_buckets++];
    *b = (struct bucket){0};
    strcpy(b->route, route);
    return b;
}

void dc_rl_update(const char *route, const struct ag_http_response *res)
{
    const char *remaining = ag_http_header(res, "X-RateLimit-Remaining");
    const char *after = ag_http_header(res, "X-RateLimit-Reset-After");
    const char *id = ag_http_header(res, "X-RateLimit-Bucket");
    struct bucket *b = find(route, 1);
    if (!b)
        return;
    if (id && strlen(id) < KEY_MAX)
        strcpy(b->id, id);
    char *end = NULL;
    double secs = after ? strtod(after, &end) : -1;
    if (!remaining || strcmp(remaining, "0") != 0 || end == after || !(secs >= 0) || secs > 1e6) {
        b->until = 0;
        return;
    }
    b->until = now_ms() + (long long)(secs * 1000 + 0.999);
    for (size_t i = 0; *b->id && i < n_buckets; i++) /* routes sharing the bucket */
        if (strcmp(buckets[i].id, b->id) == 0)
            buckets[i].until = b->until;
}

long dc_rl_pending_ms(const char *route)
{
    const struct bucket *b = find(route, 0);
    long long left = b && b->until ? b->until - now_ms() : 0;
    return left > 0 ? (long)left : 0;
}

int dc_rl_wait(const char *route, struct ag_error *err)
{
    long ms = dc_rl_pending_ms(route);
    if (ms == 0)
        return 0;
    if (ms > DC_MAX_WAIT_S * 1000L)
        return ag_error_set(err, AG_ETEMP, "discord: rate limited: retry after %ld s", (ms + 999) / 1000);
    if (ag_interrupt_sleep_ms(ms) < 0)
        return ag_interrupt_error(err, "while waiting for Discord's rate limit");
    return 0;
}

void dc_rl_reset(void)
{
    n_buckets = 0;
}
