/*
 * X's section of the state (the "x" key of the --state file):
 *   {
 *     "apps": [{"consumer_key": "sbx-x-consumer-key", "consumer_secret": "sbx-x-consumer-secret",
 *               "enrolled": true,                      // false: v2 calls get 403 client-not-enrolled
 *               "callback_urls": ["http://127.0.0.1:*\/callback"]}],   // '*': any port
 *     "users": [{"id": "1000000001", "username": "sbx_user", "name": "Sandbox User"}, ...],
 *     "tokens": [{"token": "1000000001-sbxWriteToken", "secret": "sbx-x-token-secret",
 *                 "user_id": "1000000001", "access": "read-write"},    // or "read"
 *                ...],      // issued tokens also carry their consumer_key; built-in ones serve any app
 *     "likes_forbidden": false,   // true: likes answer 403 as on self-serve access (§0.1)
 *     "media_fail": false,        // true: video and GIF processing ends failed
 *     "check_after_secs": 1,      // processing_info.check_after_secs
 *     "media_ttl_secs": 86400,    // a media id's life (expires_after_secs)
 *     "request_token_ttl_secs": 900,
 *     "next_id": 1900000000000000001,    // post and media ids are handed out from here
 *     "tweets": [...], "media": [...], "likes": [...], "retweets": [...]   // written by the sandbox
 *   }
 * Missing lists and options take these built-in defaults; the built-in world also has a second
 * user, 2000000002 (sbx_friend), with one post to like, repost, or fail to delete.
 */
#include "sandbox/x/x.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FRIEND_POST "1800000000000000001"

json_t *x_world(struct sbx *s)
{
    return sbx_section(s, "x");
}

json_t *x_list(struct sbx *s, const char *name)
{
    return sbx_array(x_world(s), name);
}

long long x_option(struct sbx *s, const char *name)
{
    return sbx_int(x_world(s), name);
}

json_t *x_find_user(struct sbx *s, const char *id)
{
    return sbx_find(x_list(s, "users"), "id", id);
}

void x_next_id(struct sbx *s, char out[24])
{
    long long id = x_option(s, "next_id");
    snprintf(out, 24, "%lld", id);
    sbx_set_int(x_world(s), "next_id", id + 1);
}

int x_state_check(json_t *section, const char **why)
{
    static const char *const app_keys[] = {"consumer_key", "consumer_secret", NULL};
    static const char *const user_keys[] = {"id", "username", NULL};
    static const char *const token_keys[] = {"token", "secret", "user_id", NULL};
    static const char *const tweet_keys[] = {"id", "author_id", NULL};
    static const char *const media_keys[] = {"id", "owner_id", NULL};
    static const char *const options[] = {"check_after_secs", "media_ttl_secs", "request_token_ttl_secs",
                                          "next_id"};
    *why = "apps need consumer_key and consumer_secret, users id and username, tokens token, secret and "
           "user_id, tweets id and author_id, media id and owner_id (all strings)";
    if (sbx_check_list(section, "apps", app_keys) || sbx_check_list(section, "users", user_keys) ||
        sbx_check_list(section, "tokens", token_keys) || sbx_check_list(section, "tweets", tweet_keys) ||
        sbx_check_list(section, "media", media_keys))
        return -1;
    for (size_t i = 0; i < sizeof(options) / sizeof(options[0]); i++) {
        json_t *v = json_object_get(section, options[i]);
        if (v && (!json_is_integer(v) || json_integer_value(v) < 0)) {
            *why = "check_after_secs, media_ttl_secs, request_token_ttl_secs and next_id are numbers";
            return -1;
        }
    }
    return 0;
}

void x_state_init(struct sbx *s, json_t *section)
{
    (void)s;
    if (!json_array_size(json_object_get(section, "apps")))
        json_object_set_new(section, "apps",
                            json_pack("[{s:s, s:s, s:b, s:[s]}, {s:s, s:s, s:b, s:[s]}]", "consumer_key",
                                      "sbx-x-consumer-key", "consumer_secret", "sbx-x-consumer-secret",
                                      "enrolled", 1, "callback_urls", "http://127.0.0.1:*/callback",
                                      "consumer_key", "sbx-x-unenrolled-key", "consumer_secret",
                                      "sbx-x-unenrolled-secret", "enrolled", 0, "callback_urls",
                                      "http://127.0.0.1:*/callback"));
    if (!json_array_size(json_object_get(section, "users")))
        json_object_set_new(section, "users",
                            json_pack("[{s:s, s:s, s:s}, {s:s, s:s, s:s}]", "id", "1000000001", "username",
                                      "sbx_user", "name", "Sandbox User", "id", "2000000002", "username",
                                      "sbx_friend", "name", "Sandbox Friend"));
    if (!json_array_size(json_object_get(section, "tokens")))
        json_object_set_new(section, "tokens",
                            json_pack("[{s:s, s:s, s:s, s:s}, {s:s, s:s, s:s, s:s}]", "token",
                                      "1000000001-sbxWriteToken", "secret", "sbx-x-token-secret", "user_id",
                                      "1000000001", "access", "read-write", "token",
                                      "1000000001-sbxReadToken", "secret", "sbx-x-read-secret", "user_id",
                                      "1000000001", "access", "read"));
    if (!json_is_array(json_object_get(section, "tweets")))
        json_object_set_new(section, "tweets",
                            json_pack("[{s:s, s:s, s:s, s:I}]", "id", FRIEND_POST, "author_id", "2000000002",
                                      "text", "A post by someone else, to like and repost", "created_at",
                                      (json_int_t)(sbx_now_ms() / 1000)));
    sbx_set_default(section, "likes_forbidden", json_false());
    sbx_set_default(section, "media_fail", json_false());
    sbx_set_default(section, "check_after_secs", json_integer(1));
    sbx_set_default(section, "media_ttl_secs", json_integer(86400));
    sbx_set_default(section, "request_token_ttl_secs", json_integer(900));
    sbx_set_default(section, "next_id", json_integer(1900000000000000001LL));
    sbx_array(section, "media");
    sbx_array(section, "likes");
    sbx_array(section, "retweets");
}

void x_page_section(struct ag_buf *b, json_t *section)
{
    static const char *const user_keys[] = {"id", "username", "name", NULL};
    static const char *const tweet_keys[] = {"id",         "author_id", "text", "media_ids",
                                             "created_at", "deleted",   NULL};
    static const char *const media_keys[] = {"id",          "owner_id", "media_type", "media_category",
                                             "total_bytes", "size",     "sha256",     "state",
                                             "processing",  NULL};
    ag_buf_puts(b, "<h2>X</h2>");
    sbx_page_table(b, "X users", json_object_get(section, "users"), user_keys);
    sbx_page_table(b, "X posts", json_object_get(section, "tweets"), tweet_keys);
    sbx_page_table(b, "X media", json_object_get(section, "media"), media_keys);
}

void x_print_exports(struct sbx *s, FILE *out)
{
    char url[160];
    snprintf(url, sizeof(url), "%s/x", s->base_url);
    sbx_export_line(out, "AGORAS_X_API_BASE", url);
    pthread_mutex_lock(&s->lock);
    json_t *app = json_array_get(x_list(s, "apps"), 0), *tok = NULL, *t;
    size_t i;
    json_array_foreach(x_list(s, "tokens"), i, t)
    {
        if (!tok && (!sbx_str(t, "access") || strcmp(sbx_str(t, "access"), "read") != 0))
            tok = t;
    }
    sbx_export_line(out, "TWITTER_CONSUMER_KEY",
                    sbx_str(app, "consumer_key") ? sbx_str(app, "consumer_key") : "");
    sbx_export_line(out, "TWITTER_CONSUMER_SECRET",
                    sbx_str(app, "consumer_secret") ? sbx_str(app, "consumer_secret") : "");
    sbx_export_line(out, "TWITTER_OAUTH_TOKEN", sbx_str(tok, "token") ? sbx_str(tok, "token") : "");
    sbx_export_line(out, "TWITTER_OAUTH_SECRET", sbx_str(tok, "secret") ? sbx_str(tok, "secret") : "");
    pthread_mutex_unlock(&s->lock);
}
