/*
 * TikTok's section of the state (the "tiktok" key of the --state file; before the prefixes the
 * whole file, which state.c still loads):
 *   {
 *     "apps": [{"client_key": "...", "client_secret": "...",
 *               "redirect_uris": ["http://127.0.0.1:*\/callback/"],   // desktop rules; '*' = any port
 *               "scopes": ["user.info.basic", "video.upload", "video.publish"],
 *               "audited": true}],                                       // false = unaudited client
 *     "accounts": [{"username": "...", "nickname": "...", "avatar_url": "...",
 *                   "privacy_level_options": ["PUBLIC_TO_EVERYONE", ...],
 *                   "comment_disabled": false, "duet_disabled": false, "stitch_disabled": false,
 *                   "max_video_post_duration_sec": 600, "private_account": false,
 *                   "daily_post_cap": 15,                                // direct posts per 24 h
 *                   "old_app_version": false,              // true: photo MEDIA_UPLOAD gets 400
 *                   "creator_info_error": "spam_risk_too_many_posts"}],  // or absent
 *     "verified_prefixes": ["https://cdn.example.com/media/"],   // exactly these prefixes
 *     "verified_domains": ["static.example.com"],                // and their subdomains
 *     "grants": [...], "posts": [...]       // written by the sandbox itself; kept across restarts
 *   }
 * Every list is optional; missing ones take the built-in defaults: app sbx_client_key /
 * sbx_client_secret (audited) with redirect URIs http://127.0.0.1:3456/callback/ and
 * http://127.0.0.1:*\/callback/, one public account "sandbox_creator" ("Sandbox Creator").
 */
#include "sandbox/tiktok/tiktok.h"

#include <openssl/sha.h>
#include <stdio.h>
#include <string.h>

#include "core/text.h"

/* open_id is per app and user at TikTok; derive it so it is stable across restarts. */
void sbx_open_id(const char *client_key, const char *username, char out[33])
{
    unsigned char md[SHA256_DIGEST_LENGTH];
    char in[512];
    snprintf(in, sizeof(in), "%s:%s", client_key, username);
    SHA256((const unsigned char *)in, strlen(in), md);
    ag_hex_encode(md, 16, out);
}

/* The scopes an app is approved for unless the state file says otherwise: all posting needs. */
static json_t *default_scopes(void)
{
    return json_pack("[s,s,s]", "user.info.basic", "video.upload", "video.publish");
}

static json_t *default_app(void)
{
    return json_pack("{s:s, s:s, s:[s,s], s:o, s:b}", "client_key", "sbx_client_key", "client_secret",
                     "sbx_client_secret", "redirect_uris", "http://127.0.0.1:3456/callback/",
                     "http://127.0.0.1:*/callback/", "scopes", default_scopes(), "audited", 1);
}

static json_t *default_account(void)
{
    return json_pack("{s:s, s:s}", "username", "sandbox_creator", "nickname", "Sandbox Creator");
}

/* Fill what an account in the state file left out, following creator_info's documented rules. */
static void normalize_account(struct sbx *s, json_t *acc)
{
    bool priv = sbx_bool(acc, "private_account");
    char avatar[160];
    snprintf(avatar, sizeof(avatar), "%s/_sandbox/avatar/%s", s->base_url, sbx_str(acc, "username"));
    sbx_set_default(acc, "nickname", json_string(sbx_str(acc, "username")));
    sbx_set_default(acc, "avatar_url", json_string(avatar));
    sbx_set_default(acc, "privacy_level_options",
                    priv ? json_pack("[s,s,s]", "FOLLOWER_OF_CREATOR", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY")
                         : json_pack("[s,s,s]", "PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY"));
    sbx_set_default(acc, "comment_disabled", json_false());
    /* Duets and stitches are off for private accounts whatever the settings say (creator_info docs). */
    sbx_set_default(acc, "duet_disabled", json_boolean(priv));
    sbx_set_default(acc, "stitch_disabled", json_boolean(priv));
    if (priv) {
        json_object_set_new(acc, "duet_disabled", json_true());
        json_object_set_new(acc, "stitch_disabled", json_true());
    }
    sbx_set_default(acc, "max_video_post_duration_sec", json_integer(600));
    sbx_set_default(acc, "private_account", json_false());
    sbx_set_default(acc, "daily_post_cap", json_integer(15));
}

/* Posts written by hand (e.g. to pre-fill posting caps) get the fields the handlers rely on. */
static void normalize_post(json_t *post)
{
    char key[33];
    sbx_random_hex(key, 16);
    sbx_set_default(post, "source", json_string("FILE_UPLOAD"));
    sbx_set_default(post, "kind", json_string("video"));
    sbx_set_default(post, "inbox", json_false());
    sbx_set_default(post, "created_at", json_integer(sbx_now_ms()));
    sbx_set_default(post, "media_key", json_string(key));
    sbx_set_default(post, "publicaly_available_post_id", json_array());
}

int tt_state_check(json_t *section, const char **why)
{
    static const char *const app_keys[] = {"client_key", "client_secret", NULL};
    static const char *const acc_keys[] = {"username", NULL};
    static const char *const grant_keys[] = {"client_key",   "username",      "open_id", "scope",
                                             "access_token", "refresh_token", NULL};
    static const char *const post_keys[] = {"publish_id", "client_key", "username", "status", NULL};
    *why = "a section is not a list of objects with its required string fields";
    return sbx_check_list(section, "apps", app_keys) || sbx_check_list(section, "accounts", acc_keys) ||
                   sbx_check_list(section, "grants", grant_keys) ||
                   sbx_check_list(section, "posts", post_keys)
               ? -1
               : 0;
}

void tt_state_init(struct sbx *s, json_t *section)
{
    size_t i;
    json_t *item;
    if (!json_array_size(json_object_get(section, "apps")))
        json_object_set_new(section, "apps", json_pack("[o]", default_app()));
    if (!json_array_size(json_object_get(section, "accounts")))
        json_object_set_new(section, "accounts", json_pack("[o]", default_account()));
    json_array_foreach(sbx_array(section, "apps"), i, item)
    {
        sbx_set_default(item, "redirect_uris", json_array());
        sbx_set_default(item, "scopes", default_scopes());
        sbx_set_default(item, "audited", json_true());
    }
    json_array_foreach(sbx_array(section, "accounts"), i, item)
    {
        normalize_account(s, item);
    }
    json_array_foreach(sbx_array(section, "posts"), i, item)
    {
        normalize_post(item);
    }
    sbx_array(section, "verified_prefixes");
    sbx_array(section, "verified_domains");
    sbx_array(section, "grants");
}
