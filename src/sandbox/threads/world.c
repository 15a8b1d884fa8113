/*
 * Threads' section of the state (the "threads" key of the --state file), times (*_ms) in Unix
 * milliseconds, lifetimes (*_secs) in seconds:
 *   {
 *     "app": {"id": "1000000000000001", "secret": "sbx-threads-app-secret",
 *             "redirect_uris": ["https://127.0.0.1:8443/callback/"]},      // exact match (§5.2)
 *     "users": [{"id": "17841400000000001", "username": "sbx_threads"}, ...],
 *     "tokens": [{"token": "THQVJsbx-threads-long-lived", "user_id": "17841400000000001",
 *                 "kind": "long",                  // "short" (1 h, exchangeable) or "long" (60 days)
 *                 "issued_ms": 1700000000000, "expires_ms": 1705184000000}, ...],
 *     "code_ttl_secs": 3600, "short_token_ttl_secs": 3600, "long_token_ttl_secs": 5184000,
 *     "refresh_min_age_secs": 86400,      // a long-lived token younger than this is not refreshed
 *     "container_ttl_secs": 86400,        // an unpublished container EXPIREs after this
 *     "image_status_calls": 1, "video_status_calls": 3,   // the status call that reports FINISHED
 *     "post_quota": 250, "delete_quota": 100,             // per user per rolling 24 h
 *     "next_id": 18000000000000001,                       // container and media ids
 *     "containers": [...], "posts": [...], "deletes": [...]  // written by the sandbox
 *   }
 * Missing keys take these built-in defaults.  The built-in tokens are placed relative to the
 * start: THQVJsbx-threads-long-lived issued 2 days ago (refreshable, 58 days left),
 * THQVJsbx-threads-fresh issued 1 hour ago (too young to refresh), THQVJsbx-threads-expired
 * (190/463).  A second user, 17841400000000002 (sbx_friend), has one post to repost or fail to
 * delete.
 */
#include "sandbox/threads/threads.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define USER_ID     "17841400000000001"
#define FRIEND_ID   "17841400000000002"
#define FRIEND_POST "18000000000000000"

json_t *th_world(struct sbx *s)
{
    return sbx_section(s, "threads");
}

json_t *th_list(struct sbx *s, const char *name)
{
    return sbx_array(th_world(s), name);
}

long long th_option(struct sbx *s, const char *name)
{
    return sbx_int(th_world(s), name);
}

long long th_now(void)
{
    return sbx_now_ms();
}

void th_next_id(struct sbx *s, char out[24])
{
    long long id = th_option(s, "next_id");
    snprintf(out, 24, "%lld", id);
    sbx_set_int(th_world(s), "next_id", id + 1);
}

json_t *th_token_find(struct sbx *s, const char *token, bool *expired)
{
    json_t *t = token ? sbx_find(th_list(s, "tokens"), "token", token) : NULL;
    *expired = t && sbx_int(t, "expires_ms") <= th_now();
    return t;
}

void th_token_issue(struct sbx *s, const char *kind, const char *user_id, long long ttl, char out[64])
{
    long long now = th_now();
    snprintf(out, 64, "THQVJ");
    sbx_random_hex(out + 5, 24);
    json_array_append_new(th_list(s, "tokens"),
                          json_pack("{s:s, s:s, s:s, s:I, s:I}", "token", out, "user_id", user_id, "kind",
                                    kind, "issued_ms", (json_int_t)now, "expires_ms",
                                    (json_int_t)(now + ttl * 1000)));
}

const char *th_container_status(struct sbx *s, json_t *container, bool count)
{
    const char *st = sbx_str(container, "status");
    if (!st)
        return "ERROR";
    bool open = strcmp(st, "IN_PROGRESS") == 0 || strcmp(st, "FINISHED") == 0;
    if (open && th_now() - sbx_int(container, "created_ms") >= th_option(s, "container_ttl_secs") * 1000) {
        sbx_set_str(container, "status", "EXPIRED");
        return sbx_str(container, "status");
    }
    if (count && strcmp(st, "IN_PROGRESS") == 0) {
        long long calls = sbx_int(container, "status_calls") + 1;
        sbx_set_int(container, "status_calls", calls);
        if (calls >= sbx_int(container, "finish_after_calls"))
            sbx_set_str(container, "status", "FINISHED");
    }
    return sbx_str(container, "status");
}

int th_state_check(json_t *section, const char **why)
{
    static const char *const user_keys[] = {"id", "username", NULL};
    static const char *const token_keys[] = {"token", "user_id", "kind", NULL};
    static const char *const item_keys[] = {"id", "user_id", NULL};
    static const char *const options[] = {"code_ttl_secs",       "short_token_ttl_secs",
                                          "long_token_ttl_secs", "refresh_min_age_secs",
                                          "container_ttl_secs",  "image_status_calls",
                                          "video_status_calls",  "post_quota",
                                          "delete_quota",        "next_id"};
    json_t *app = json_object_get(section, "app");
    *why = "app needs id, secret and redirect_uris; users id and username; tokens token, user_id and kind; "
           "containers and posts id and user_id (all strings)";
    if ((app && (!sbx_str(app, "id") || !sbx_str(app, "secret") ||
                 !json_is_array(json_object_get(app, "redirect_uris")))) ||
        sbx_check_list(section, "users", user_keys) || sbx_check_list(section, "tokens", token_keys) ||
        sbx_check_list(section, "containers", item_keys) || sbx_check_list(section, "posts", item_keys))
        return -1;
    for (size_t i = 0; i < sizeof(options) / sizeof(options[0]); i++) {
        json_t *v = json_object_get(section, options[i]);
        if (v && (!json_is_integer(v) || json_integer_value(v) < 0)) {
            *why = "the *_secs, *_status_calls, *_quota and next_id options are numbers >= 0";
            return -1;
        }
    }
    return 0;
}

static json_t *builtin_token(const char *token, long long issued_ago, long long expires_in)
{
    long long now = th_now();
    return json_pack("{s:s, s:s, s:s, s:I, s:I}", "token", token, "user_id", USER_ID, "kind", "long",
                     "issued_ms", (json_int_t)(now - issued_ago * 1000), "expires_ms",
                     (json_int_t)(now + expires_in * 1000));
}

void th_state_init(struct sbx *s, json_t *section)
{
    (void)s;
    sbx_set_default(section, "app",
                    json_pack("{s:s, s:s, s:[s]}", "id", "1000000000000001", "secret",
                              "sbx-threads-app-secret", "redirect_uris", "https://127.0.0.1:8443/callback/"));
    sbx_set_default(section, "users",
                    json_pack("[{s:s, s:s}, {s:s, s:s}]", "id", USER_ID, "username", "sbx_threads", "id",
                              FRIEND_ID, "username", "sbx_friend"));
    sbx_set_default(section, "tokens",
                    json_pack("[o, o, o]",
                              builtin_token("THQVJsbx-threads-long-lived", 2 * TH_DAY, 58 * TH_DAY),
                              builtin_token("THQVJsbx-threads-fresh", 3600, 60 * TH_DAY - 3600),
                              builtin_token("THQVJsbx-threads-expired", 61 * TH_DAY, -TH_DAY)));
    sbx_set_default(section, "posts",
                    json_pack("[{s:s, s:s, s:s, s:s, s:I}]", "id", FRIEND_POST, "user_id", FRIEND_ID,
                              "media_type", "TEXT_POST", "text", "a post to repost", "published_ms",
                              (json_int_t)th_now()));
    static const struct {
        const char *name;
        long long value;
    } defaults[] = {
        {"code_ttl_secs", 3600},
        {"short_token_ttl_secs", 3600},
        {"long_token_ttl_secs", 60 * TH_DAY},
        {"refresh_min_age_secs", TH_DAY},
        {"container_ttl_secs", TH_DAY},
        {"image_status_calls", 1},
        {"video_status_calls", 3},
        {"post_quota", 250},
        {"delete_quota", 100},
        {"next_id", 18000000000000001LL},
    };
    for (size_t i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++)
        sbx_set_default(section, defaults[i].name, json_integer(defaults[i].value));
}

/* Containers past their 24 h show as EXPIRED in dumps too. */
void th_state_public(struct sbx *s, json_t *section)
{
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(section, "containers"), i, c) th_container_status(s, c, false);
}

void th_page_section(struct ag_buf *b, json_t *section)
{
    static const char *const container_keys[] = {
        "id", "media_type", "status", "error_message", "text", "media_url", "children", "media_id", NULL};
    static const char *const post_keys[] = {
        "id", "user_id", "media_type", "text", "reply_control", "reposted_post_id", "deleted", NULL};
    ag_buf_puts(b, "<h2>Threads</h2>");
    sbx_page_table(b, "Threads containers", json_object_get(section, "containers"), container_keys);
    sbx_page_table(b, "Threads posts", json_object_get(section, "posts"), post_keys);
}

void th_print_exports(struct sbx *s, FILE *out)
{
    char url[200];
    snprintf(url, sizeof(url), "%s/threads", s->base_url);
    sbx_export_line(out, "AGORAS_THREADS_API_BASE", url);
    snprintf(url, sizeof(url), "%s/threads/oauth/authorize", s->base_url);
    sbx_export_line(out, "AGORAS_THREADS_AUTHORIZE_URL", url);
    pthread_mutex_lock(&s->lock);
    json_t *app = json_object_get(th_world(s), "app");
    sbx_export_line(out, "THREADS_APP_ID", sbx_str(app, "id") ? sbx_str(app, "id") : "");
    sbx_export_line(out, "THREADS_APP_SECRET", sbx_str(app, "secret") ? sbx_str(app, "secret") : "");
    pthread_mutex_unlock(&s->lock);
    sbx_export_line(out, "THREADS_REFRESH_TOKEN", "THQVJsbx-threads-long-lived");
    sbx_export_line(out, "THREADS_USER_ID", USER_ID);
}
