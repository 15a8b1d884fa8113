/*
 * Rate limits (§3.6): each route has a bucket, split per top-level resource (the guild of a
 * channel listing, the channel of a create or delete; the bot for its own routes).  A bucket
 * allows `limit` requests per window (the state's rate_limits: {"messages": {"limit": 5,
 * "window_ms": 5000}, ...}; limit 0: no limit, and then no headers); a window starts with its first
 * request.  Every answer counted in a bucket carries X-RateLimit-Limit, -Remaining, -Reset (epoch
 * seconds), -Reset-After (seconds, with decimals) and -Bucket (a stable id per route); past the
 * limit the answer is 429 with Retry-After and {"message","retry_after","global"}.
 */
#include "sandbox/discord/discord.h"

#include <stdio.h>
#include <string.h>

/* Stable, opaque bucket ids, as Discord hands out (one per route here; none is shared). */
static const char *const bucket_ids[] = {
    [DC_USERS_ME] = "6f1c2a9e4b7d3f08a15e9c2d7b4a6e31", [DC_GUILDS] = "b2d94e7a1c6f3085e9a4d1c7f2b6e803",
    [DC_CHANNELS] = "4a8e1d6c9b2f7035c1e8a4d9b6f2c710", [DC_CREATE] = "d7c3a91e5f2b8460a3d7e1c9f5b2a684",
    [DC_DELETE] = "91e6b4d2a8c7f3051d9e6b2a4c8f7e13",
};

/* The route's configured limit and window; under the lock. */
static json_t *route_conf(struct sbx *s, enum dc_kind kind)
{
    return json_object_get(json_object_get(dc_section(s), "rate_limits"), dc_kind_key(kind));
}

bool dc_bucket_take(struct dc_call *c)
{
    struct sbx *s = c->r->sbx;
    char key[64];
    long long now = sbx_now_ms();
    pthread_mutex_lock(&s->lock);
    json_t *conf = route_conf(s, c->kind);
    long long limit = sbx_int(conf, "limit"), window = sbx_int(conf, "window_ms");
    if (limit <= 0 || window <= 0) {
        pthread_mutex_unlock(&s->lock);
        return true;
    }
    json_t *buckets = json_object_get(dc_section(s), "_buckets");
    if (!json_is_object(buckets))
        json_object_set_new(dc_section(s), "_buckets", buckets = json_object());
    snprintf(key, sizeof(key), "%s:%s", dc_kind_key(c->kind),
             c->kind == DC_USERS_ME || c->kind == DC_GUILDS ? "bot" : c->id);
    json_t *b = json_object_get(buckets, key);
    if (!b || sbx_int(b, "reset_ms") <= now) {
        json_object_set_new(
            buckets, key,
            b = json_pack("{s:I, s:I}", "reset_ms", (json_int_t)(now + window), "count", (json_int_t)0));
    }
    long long count = sbx_int(b, "count");
    bool allowed = count < limit;
    if (allowed)
        sbx_set_int(b, "count", ++count);
    c->bucket_set = true;
    snprintf(c->bucket, sizeof(c->bucket), "%s", bucket_ids[c->kind]);
    c->limit = limit;
    c->remaining = limit - count;
    c->reset_ms = sbx_int(b, "reset_ms");
    pthread_mutex_unlock(&s->lock);
    if (!allowed)
        dc_reply_rate_limited(c->r, c->reset_ms - now, false, "user");
    return allowed;
}

void dc_bucket_empty(struct dc_call *c, long long retry_after_ms)
{
    pthread_mutex_lock(&c->r->sbx->lock);
    c->limit = sbx_int(route_conf(c->r->sbx, c->kind), "limit");
    pthread_mutex_unlock(&c->r->sbx->lock);
    c->bucket_set = c->kind != DC_NONE;
    snprintf(c->bucket, sizeof(c->bucket), "%s", c->bucket_set ? bucket_ids[c->kind] : "");
    c->limit = c->limit > 0 ? c->limit : 1;
    c->remaining = 0;
    c->reset_ms = sbx_now_ms() + retry_after_ms;
}

void dc_bucket_headers(struct sbx_req *r, struct dc_call *c)
{
    char text[40];
    if (!c->bucket_set)
        return;
    long long after = c->reset_ms - sbx_now_ms();
    if (after < 0)
        after = 0;
    snprintf(text, sizeof(text), "%lld", c->limit);
    sbx_add_header(r, "X-RateLimit-Limit", text);
    snprintf(text, sizeof(text), "%lld", c->remaining);
    sbx_add_header(r, "X-RateLimit-Remaining", text);
    snprintf(text, sizeof(text), "%lld.%03lld", c->reset_ms / 1000, c->reset_ms % 1000);
    sbx_add_header(r, "X-RateLimit-Reset", text);
    snprintf(text, sizeof(text), "%lld.%03lld", after / 1000, after % 1000);
    sbx_add_header(r, "X-RateLimit-Reset-After", text);
    sbx_add_header(r, "X-RateLimit-Bucket", c->bucket);
}

void dc_reply_rate_limited(struct sbx_req *r, long long retry_after_ms, bool global, const char *scope)
{
    char text[32];
    if (retry_after_ms < 1)
        retry_after_ms = 1;
    char body[128]; /* by hand: retry_after with exactly three decimals, as a JSON number */
    snprintf(body, sizeof(body),
             "{\"message\":\"You are being rate limited.\",\"retry_after\":%lld.%03lld,\"global\":%s}",
             retry_after_ms / 1000, retry_after_ms % 1000, global ? "true" : "false");
    sbx_reply(r, 429, "application/json; charset=UTF-8", body, strlen(body));
    snprintf(text, sizeof(text), "%lld", (retry_after_ms + 999) / 1000); /* whole seconds, rounded up */
    sbx_add_header(r, "Retry-After", text);
    if (global)
        sbx_add_header(r, "X-RateLimit-Global", "true");
    sbx_add_header(r, "X-RateLimit-Scope", scope);
}
