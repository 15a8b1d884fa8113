/*
 * Rate limits (§3.3, §4.1): per route and caller (the access token's user, or the consumer key on
 * the OAuth endpoints), 15-minute windows with the pay-per-use limits of §4.1 (and, for posts, the
 * app's 24-hour quota in x-app-limit-24hour-*).  Every answer has
 * x-rate-limit-limit, -remaining and -reset (Unix seconds); one that was not counted (refused
 * before the caller was known, a fault) shows the caller-less view: the full limit.  The OAuth
 * endpoints' limits are not in the doc: 300 is the sandbox's.  Windows live in the runtime key
 * "_rate" of the section, so a restart starts afresh.
 */
#include "sandbox/x/x.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define WINDOW_MS         (15LL * 60 * 1000)
#define DAY_MS            (24LL * 3600 * 1000)
#define APP_POSTS_PER_DAY 10000

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

static void set_headers(struct sbx_req *r, const char *prefix, long long limit, long long remaining,
                        long long reset_ms)
{
    char name[48], v[24];
    snprintf(name, sizeof(name), "%slimit", prefix);
    snprintf(v, sizeof(v), "%lld", limit);
    sbx_add_header(r, name, v);
    snprintf(name, sizeof(name), "%sremaining", prefix);
    snprintf(v, sizeof(v), "%lld", remaining < 0 ? 0 : remaining);
    sbx_add_header(r, name, v);
    snprintf(name, sizeof(name), "%sreset", prefix);
    snprintf(v, sizeof(v), "%lld", (reset_ms + 999) / 1000);
    sbx_add_header(r, name, v);
}

/* Count one request in the window named id (under the lock); its count so far and start. */
static long long count(struct sbx *s, const char *id, long long window_ms, long long *start)
{
    long long now = sbx_now_ms();
    json_t *windows = json_object_get(x_world(s), "_rate");
    if (!json_is_object(windows))
        json_object_set_new(x_world(s), "_rate", windows = json_object());
    json_t *w = json_object_get(windows, id);
    if (!w || sbx_int(w, "start") + window_ms <= now) {
        w = json_pack("{s:I, s:I}", "start", (json_int_t)now, "count", (json_int_t)0);
        json_object_set_new(windows, id, w);
    }
    long long n = sbx_int(w, "count") + 1;
    sbx_set_int(w, "count", n);
    *start = sbx_int(w, "start");
    return n;
}

bool x_rate_take(struct sbx_req *r, const char *who, const char *app)
{
    char id[512];
    long long limit = limit_of(route_of(r)), start, start_app = 0, n, n_app = 0;
    bool posts = strcmp(route_of(r), "tweets") == 0;
    snprintf(id, sizeof(id), "%s|%s", route_of(r), who);
    pthread_mutex_lock(&r->sbx->lock);
    n = count(r->sbx, id, WINDOW_MS, &start);
    if (posts) { /* §3.3: POST /2/tweets also shows the app's 24-hour quota (§4.1: 10,000) */
        snprintf(id, sizeof(id), "tweets-24h|%s", app);
        n_app = count(r->sbx, id, DAY_MS, &start_app);
    }
    pthread_mutex_unlock(&r->sbx->lock);
    set_headers(r, "x-rate-limit-", limit, limit - n, start + WINDOW_MS);
    if (posts)
        set_headers(r, "x-app-limit-24hour-", APP_POSTS_PER_DAY, APP_POSTS_PER_DAY - n_app,
                    start_app + DAY_MS);
    return n <= limit && n_app <= APP_POSTS_PER_DAY;
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
        set_headers(r, "x-rate-limit-", limit, limit, sbx_now_ms() + WINDOW_MS);
}
