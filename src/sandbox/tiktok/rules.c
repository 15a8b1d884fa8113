/*
 * TikTok's request rules, written from TIKTOK_API.md (never from our client's code).
 *
 * Who may call: bearer access tokens (401 access_token_invalid), granted scopes (401
 * scope_not_authorized), the per-token per-minute rate limits of §4.1 (429 rate_limit_exceeded)
 * and the 24-hour posting caps of §4.2 and §4.5.
 *
 * What fields may hold: the chunk plan of the Media Transfer Guide (§2.4), UTF-16 text limits
 * (§2.2, §2.5), boolean fields, privacy levels and pull URLs.  Each field check returns NULL when
 * valid, else the message for invalid_params.
 *
 * Every function here expects the caller to hold sbx->lock (the checks share static buffers).
 */
#include "sandbox/tiktok/tiktok.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/text.h"

static const char *plan_numbers(json_t *si, long long *size, long long *chunk, long long *count)
{
    json_t *v = json_object_get(si, "video_size"), *c = json_object_get(si, "chunk_size");
    json_t *t = json_object_get(si, "total_chunk_count");
    if (!json_is_integer(v) || !json_is_integer(c) || !json_is_integer(t))
        return "source_info.video_size, chunk_size and total_chunk_count are required integers";
    *size = json_integer_value(v);
    *chunk = json_integer_value(c);
    *count = json_integer_value(t);
    return NULL;
}

/*
 * The documented plan: total_chunk_count = floor(video_size / chunk_size); chunks of 5–64 MB
 * except the last, which takes the remainder and may reach 128 MB; files under 5 MB go whole;
 * files over 64 MB must be chunked; 1–1000 chunks; at most 4 GB.  MB are decimal, the reading
 * the field evidence supports (64,000,000 passes, ~66 MB single chunks are rejected).
 */
const char *sbx_check_chunk_plan(json_t *si)
{
    long long size, chunk, count;
    const char *bad = plan_numbers(si, &size, &chunk, &count);
    if (bad)
        return bad;
    if (size <= 0 || size > SBX_MAX_VIDEO)
        return "The video size is invalid (1 byte to 4 GB)";
    if (size < SBX_MIN_CHUNK) {
        if (chunk != size || count != 1)
            return "The chunk size is invalid: a video under 5 MB is uploaded whole "
                   "(chunk_size = video_size, total_chunk_count = 1)";
        return NULL;
    }
    if (chunk < SBX_MIN_CHUNK || chunk > SBX_MAX_CHUNK || chunk > size)
        return "The chunk size is invalid (5 MB to 64 MB, at most video_size)";
    if (count != size / chunk)
        return "The total chunk count is invalid (must be floor(video_size / chunk_size))";
    if (count < 1 || count > SBX_MAX_CHUNKS)
        return "The total chunk count is invalid (1 to 1000)";
    if (size > SBX_MAX_CHUNK && count < 2)
        return "The chunk size is invalid: a video over 64 MB must be chunked";
    if (size - (count - 1) * chunk > SBX_MAX_LAST_CHUNK)
        return "The chunk size is invalid: the final chunk would exceed 128 MB";
    return NULL;
}

const char *sbx_check_bools(json_t *obj, const char *const *names)
{
    static char msg[128];
    for (; *names; names++) {
        json_t *v = json_object_get(obj, *names);
        if (v && !json_is_boolean(v)) {
            snprintf(msg, sizeof(msg), "%s must be a boolean", *names);
            return msg;
        }
    }
    return NULL;
}

const char *sbx_check_text(json_t *obj, const char *key, size_t max_units)
{
    static char msg[128];
    json_t *v = json_object_get(obj, key);
    if (!v)
        return NULL;
    if (!json_is_string(v))
        snprintf(msg, sizeof(msg), "%s must be a string", key);
    else if (ag_utf16_units(json_string_value(v)) > (long)max_units) /* jansson's strings are UTF-8 */
        snprintf(msg, sizeof(msg), "%s is longer than %zu UTF-16 units", key, max_units);
    else
        return NULL;
    return msg;
}

bool sbx_privacy_known(const char *level)
{
    static const char *const levels[] = {"PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "FOLLOWER_OF_CREATOR",
                                         "SELF_ONLY"};
    for (size_t i = 0; level && i < sizeof(levels) / sizeof(levels[0]); i++)
        if (strcmp(level, levels[i]) == 0)
            return true;
    return false;
}

/*
 * TikTok pulls only over https.  The sandbox also accepts plain http to a loopback host so tests
 * can serve media locally (a documented deviation); ownership is checked separately.
 */
bool sbx_url_pullable(const char *url)
{
    static const char *const loopback[] = {"http://127.0.0.1:", "http://127.0.0.1/",
                                           "http://localhost:", "http://localhost/"};
    if (!url)
        return false;
    if (strncmp(url, "https://", 8) == 0 && url[8])
        return true;
    for (size_t i = 0; i < sizeof(loopback) / sizeof(loopback[0]); i++)
        if (strncmp(url, loopback[i], strlen(loopback[i])) == 0)
            return true;
    return false;
}

/* ---- who may call ---- */

static const struct {
    const char *name;
    int per_minute;
} limits[] = {
    [SBX_RL_CREATOR_INFO] = {"creator_info", 20},
    [SBX_RL_VIDEO_INIT] = {"video_init", 6},
    [SBX_RL_INBOX_INIT] = {"inbox_init", 6},
    [SBX_RL_CONTENT_INIT] = {"content_init", 6},
    [SBX_RL_STATUS] = {"status", 30},
};

#define UNAUDITED_USER_CAP 5 /* users per client per 24 h */
#define PENDING_SHARE_CAP  5 /* inbox shares per creator per 24 h */

bool sbx_has_scope(json_t *grant, const char *scope)
{
    const char *p = sbx_str(grant, "scope");
    size_t n = strlen(scope);
    while (p && *p) {
        size_t len = strcspn(p, ",");
        if (len == n && strncmp(p, scope, n) == 0)
            return true;
        p += len + (p[len] == ',');
    }
    return false;
}

json_t *sbx_grant_account(struct sbx *s, json_t *grant)
{
    return sbx_find(tt_list(s, "accounts"), "username", sbx_str(grant, "username"));
}

json_t *sbx_grant_app(struct sbx *s, json_t *grant)
{
    return sbx_find(tt_list(s, "apps"), "client_key", sbx_str(grant, "client_key"));
}

/* Sliding one-minute window of request times, kept on the grant (runtime only). */
static bool rate_limited(json_t *grant, enum sbx_limit lim, long long now, long *retry_after)
{
    json_t *rl = json_object_get(grant, "_rl");
    if (!rl)
        json_object_set_new(grant, "_rl", rl = json_object());
    json_t *window = json_object_get(rl, limits[lim].name);
    if (!window)
        json_object_set_new(rl, limits[lim].name, window = json_array());
    while (json_array_size(window) && json_integer_value(json_array_get(window, 0)) <= now - 60000)
        json_array_remove(window, 0);
    if (json_array_size(window) >= (size_t)limits[lim].per_minute) {
        long long oldest = json_integer_value(json_array_get(window, 0));
        *retry_after = (long)((oldest + 60000 - now + 999) / 1000);
        return true;
    }
    json_array_append_new(window, json_integer(now));
    return false;
}

json_t *sbx_access_check(struct sbx_req *r, const char *scope_a, const char *scope_b, enum sbx_limit lim)
{
    const char *auth = sbx_header(r, MHD_HTTP_HEADER_AUTHORIZATION);
    long long now = sbx_now_ms();
    long retry = 1;
    json_t *grant = NULL;

    if (auth && strncasecmp(auth, "Bearer ", 7) == 0)
        grant = sbx_find(tt_list(r->sbx, "grants"), "access_token", auth + 7);
    if (!grant || sbx_bool(grant, "revoked") || sbx_int(grant, "access_expires_at") <= now) {
        sbx_reply_api(r, 401, NULL, "access_token_invalid",
                      "The access token is invalid or not found in the request.");
        return NULL;
    }
    if (!sbx_has_scope(grant, scope_a) && !(scope_b && sbx_has_scope(grant, scope_b))) {
        sbx_reply_api(r, 401, NULL, "scope_not_authorized",
                      "The user did not authorize the scope required for completing this request.");
        return NULL;
    }
    if (lim != SBX_RL_NONE && rate_limited(grant, lim, now, &retry)) {
        char value[24];
        snprintf(value, sizeof(value), "%ld", retry < 1 ? 1 : retry);
        sbx_reply_api(r, 429, NULL, "rate_limit_exceeded", "API rate limit was exceeded.");
        sbx_add_header(r, "Retry-After", value);
        return NULL;
    }
    return grant;
}

static bool recent(json_t *post, long long now)
{
    return sbx_int(post, "created_at") > now - SBX_DAY_MS;
}

/* Distinct other users who posted through this client in the last 24 h. */
static size_t active_users(struct sbx *s, json_t *grant, long long now)
{
    json_t *seen = json_object(), *post;
    size_t i;
    json_array_foreach(tt_list(s, "posts"), i, post)
    {
        if (recent(post, now) && strcmp(sbx_str(post, "client_key"), sbx_str(grant, "client_key")) == 0 &&
            strcmp(sbx_str(post, "username"), sbx_str(grant, "username")) != 0)
            json_object_set(seen, sbx_str(post, "username"), json_true());
    }
    size_t n = json_object_size(seen);
    json_decref(seen);
    return n;
}

/* Posts this creator made in 24 h, across clients: direct posts that did not fail, or pending shares. */
static long long creator_posts(struct sbx *s, json_t *grant, bool inbox, long long now)
{
    json_t *post;
    size_t i;
    long long n = 0;
    json_array_foreach(tt_list(s, "posts"), i, post)
    {
        const char *status = sbx_str(post, "status");
        if (!recent(post, now) || strcmp(sbx_str(post, "username"), sbx_str(grant, "username")) != 0 ||
            sbx_bool(post, "inbox") != inbox || strcmp(status, "FAILED") == 0)
            continue;
        if (!inbox || strcmp(status, "PUBLISH_COMPLETE") != 0)
            n++;
    }
    return n;
}

const char *sbx_posting_block(struct sbx *s, json_t *grant, bool inbox)
{
    json_t *acc = sbx_grant_account(s, grant), *app = sbx_grant_app(s, grant);
    long long now = sbx_now_ms();
    const char *configured = sbx_str(acc, "creator_info_error");
    if (configured && *configured)
        return configured;
    if (!sbx_bool(app, "audited") && active_users(s, grant, now) >= UNAUDITED_USER_CAP)
        return "reached_active_user_cap";
    if (inbox && creator_posts(s, grant, true, now) >= PENDING_SHARE_CAP)
        return "spam_risk_too_many_pending_share";
    if (!inbox && creator_posts(s, grant, false, now) >= sbx_int(acc, "daily_post_cap"))
        return "spam_risk_too_many_posts";
    return NULL;
}
