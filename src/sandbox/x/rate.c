/*
 * Rate limits (§3.3, §4.1): per route and caller (the access token's user, or the consumer key on
 * the OAuth endpoints), 15-minute windows with the pay-per-use limits of §4.1.  Every answer has
 * x-rate-limit-limit, -remaining and -reset (Unix seconds); one that was not counted (refused
 * before the caller was known, a fault) shows the caller-less view: the full limit.  The OAuth
 * endpoints' limits are not in the doc: 300 is the sandbox's.  Windows live in the runtime key
 * "_rate" of the section, so a restart starts afresh.
 */
#include "sandbox/x/x.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define WINDOW_MS (15LL * 60 * 1000)

static long long limit_of(const char *key)
{
    static const struct {
        const char *key;
        long long limit;
    } limits[] = {
        {"tweets", 100},        {"delete", 50},           {"likes", 50},          {"retweets", 50},
        {"users_me", 75},       {"media_upload", 500},    {"media_status", 1000}, {"media_initialize", 1875},
        {"media_append", 1875}, {"media_finalize", 1875},
    };
    for (size_t i = 0; i < sizeof(limits) / sizeof(limits[0]); i++)
        if (strcmp(limits[i].key, key) == 0)
            return limits[i].limit;
    return 300;
}

static const char *route_of(struct sbx_req *r)
{
    return *r->key ? r->key + strlen("x:") : "";
}

static void set_headers(struct sbx_req *r, long long limit, long long remaining, long long reset_ms)
{
    char v[24];
    snprintf(v, sizeof(v), "%lld", limit);
    sbx_add_header(r, "x-rate-limit-limit", v);
    snprintf(v, sizeof(v), "%lld", remaining < 0 ? 0 : remaining);
    sbx_add_header(r, "x-rate-limit-remaining", v);
    snprintf(v, sizeof(v), "%lld", (reset_ms + 999) / 1000);
    sbx_add_header(r, "x-rate-limit-reset", v);
}

bool x_rate_take(struct sbx_req *r, const char *who)
{
    char id[256];
    long long now = sbx_now_ms(), limit = limit_of(route_of(r));
    snprintf(id, sizeof(id), "%s|%s", route_of(r), who);
    pthread_mutex_lock(&r->sbx->lock);
    json_t *windows = json_object_get(x_world(r->sbx), "_rate");
    if (!json_is_object(windows))
        json_object_set_new(x_world(r->sbx), "_rate", windows = json_object());
    json_t *w = json_object_get(windows, id);
    if (!w || sbx_int(w, "start") + WINDOW_MS <= now) {
        w = json_pack("{s:I, s:I}", "start", (json_int_t)now, "count", (json_int_t)0);
        json_object_set_new(windows, id, w);
    }
    long long count = sbx_int(w, "count") + 1, start = sbx_int(w, "start");
    sbx_set_int(w, "count", count);
    pthread_mutex_unlock(&r->sbx->lock);
    set_headers(r, limit, limit - count, start + WINDOW_MS);
    return count <= limit;
}

void x_rate_headers(struct sbx_req *r)
{
    for (size_t i = 0; i < r->out_headers.n; i++)
        if (strcasecmp(r->out_headers.items[2 * i], "x-rate-limit-limit") == 0)
            return;
    long long limit = limit_of(route_of(r));
    bool spent = false;
    for (size_t i = 0; i < r->out_headers.n; i++) /* an injected 429 set remaining and reset */
        spent |= strcasecmp(r->out_headers.items[2 * i], "x-rate-limit-reset") == 0;
    if (spent) {
        char v[24];
        snprintf(v, sizeof(v), "%lld", limit);
        sbx_add_header(r, "x-rate-limit-limit", v);
    } else
        set_headers(r, limit, limit, sbx_now_ms() + WINDOW_MS);
}
