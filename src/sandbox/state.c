/*
 * The emulated world and its JSON state file (--state FILE).
 *
 * State file format (every section optional; missing ones take the built-in defaults):
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
 * Uploaded and pulled media of a persisted state live in FILE.media/ next to it.
 *
 * Built-in default: app sbx_client_key / sbx_client_secret (audited) with redirect URIs
 * http://127.0.0.1:3456/callback/ and http://127.0.0.1:*\/callback/, one public account
 * "sandbox_creator" ("Sandbox Creator").
 */
#include "sandbox/sandbox.h"

#include <errno.h>
#include <dirent.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/error.h"
#include "core/fs.h"
#include "core/log.h"

#define STATE_MAX ((size_t)64 << 20)

const char *sbx_str(json_t *obj, const char *key)
{
    return json_string_value(json_object_get(obj, key));
}

long long sbx_int(json_t *obj, const char *key)
{
    return json_integer_value(json_object_get(obj, key));
}

bool sbx_bool(json_t *obj, const char *key)
{
    return json_is_true(json_object_get(obj, key));
}

void sbx_set_str(json_t *obj, const char *key, const char *v)
{
    json_object_set_new(obj, key, v ? json_string(v) : json_null());
}

void sbx_set_int(json_t *obj, const char *key, long long v)
{
    json_object_set_new(obj, key, json_integer(v));
}

json_t *sbx_find(json_t *array, const char *key, const char *value)
{
    size_t i;
    json_t *item;
    if (!value)
        return NULL;
    json_array_foreach(array, i, item)
    {
        const char *v = sbx_str(item, key);
        if (v && strcmp(v, value) == 0)
            return item;
    }
    return NULL;
}

json_t *sbx_list(struct sbx *s, const char *name)
{
    json_t *a = json_object_get(s->state, name);
    if (!json_is_array(a)) {
        a = json_array();
        json_object_set_new(s->state, name, a);
    }
    return a;
}

/* open_id is per app and user at TikTok; derive it so it is stable across restarts. */
void sbx_open_id(const char *client_key, const char *username, char out[33])
{
    unsigned char md[SHA256_DIGEST_LENGTH];
    char in[512];
    snprintf(in, sizeof(in), "%s:%s", client_key, username);
    SHA256((const unsigned char *)in, strlen(in), md);
    for (int i = 0; i < 16; i++)
        sprintf(out + 2 * i, "%02x", md[i]);
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

json_t *sbx_state_builtin(void)
{
    return json_pack("{s:[o], s:[o]}", "apps", default_app(), "accounts", default_account());
}

static void set_default(json_t *obj, const char *key, json_t *value)
{
    if (!json_object_get(obj, key))
        json_object_set(obj, key, value);
    json_decref(value);
}

/* Fill what an account in the state file left out, following creator_info's documented rules. */
static void normalize_account(struct sbx *s, json_t *acc)
{
    bool priv = sbx_bool(acc, "private_account");
    char avatar[160];
    snprintf(avatar, sizeof(avatar), "%s/_sandbox/avatar/%s", s->base_url, sbx_str(acc, "username"));
    set_default(acc, "nickname", json_string(sbx_str(acc, "username")));
    set_default(acc, "avatar_url", json_string(avatar));
    set_default(acc, "privacy_level_options",
                priv ? json_pack("[s,s,s]", "FOLLOWER_OF_CREATOR", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY")
                     : json_pack("[s,s,s]", "PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY"));
    set_default(acc, "comment_disabled", json_false());
    /* Duets and stitches are off for private accounts whatever the settings say (creator_info docs). */
    set_default(acc, "duet_disabled", json_boolean(priv));
    set_default(acc, "stitch_disabled", json_boolean(priv));
    if (priv) {
        json_object_set_new(acc, "duet_disabled", json_true());
        json_object_set_new(acc, "stitch_disabled", json_true());
    }
    set_default(acc, "max_video_post_duration_sec", json_integer(600));
    set_default(acc, "private_account", json_false());
    set_default(acc, "daily_post_cap", json_integer(15));
}

/* Posts written by hand (e.g. to pre-fill posting caps) get the fields the handlers rely on. */
static void normalize_post(json_t *post)
{
    char key[33];
    sbx_random_hex(key, 16);
    set_default(post, "source", json_string("FILE_UPLOAD"));
    set_default(post, "kind", json_string("video"));
    set_default(post, "inbox", json_false());
    set_default(post, "created_at", json_integer(sbx_now_ms()));
    set_default(post, "media_key", json_string(key));
    set_default(post, "publicaly_available_post_id", json_array());
}

static int check_section(json_t *state, const char *name, const char *const *required)
{
    size_t i;
    json_t *item;
    json_t *a = json_object_get(state, name);
    if (!a)
        return 0;
    if (!json_is_array(a))
        return -1;
    json_array_foreach(a, i, item)
    {
        for (const char *const *k = required; *k; k++)
            if (!sbx_str(item, *k))
                return -1;
    }
    return 0;
}

static json_t *load_file(const char *path)
{
    struct ag_buf b;
    struct ag_error err;
    json_error_t jerr;
    int eno = 0;
    json_t *state = NULL;
    static const char *const app_keys[] = {"client_key", "client_secret", NULL};
    static const char *const acc_keys[] = {"username", NULL};
    static const char *const grant_keys[] = {"client_key",   "username",      "open_id", "scope",
                                             "access_token", "refresh_token", NULL};
    static const char *const post_keys[] = {"publish_id", "client_key", "username", "status", NULL};

    ag_buf_init(&b, STATE_MAX);
    if (ag_fs_read_file(path, STATE_MAX, &b, &eno, &err) < 0) {
        if (eno == ENOENT)
            state = json_object(); /* first run: defaults, written at exit */
        else
            ag_err("%s", err.msg);
        goto out;
    }
    state = json_loads(b.data, 0, &jerr);
    if (!json_is_object(state) || check_section(state, "apps", app_keys) ||
        check_section(state, "accounts", acc_keys) || check_section(state, "grants", grant_keys) ||
        check_section(state, "posts", post_keys)) {
        if (state)
            ag_err("invalid state file '%s': a section is not a list of objects with its required "
                   "string fields",
                   path);
        else
            ag_err("invalid state file '%s': %s (line %d)", path, jerr.text, jerr.line);
        json_decref(state);
        state = NULL;
    }
out:
    ag_buf_free(&b);
    return state;
}

static int make_data_dir(struct sbx *s)
{
    struct ag_error err;
    if (s->cfg.state_path) {
        size_t n = strlen(s->cfg.state_path) + 8;
        s->data_dir = malloc(n);
        snprintf(s->data_dir, n, "%s.media", s->cfg.state_path);
        if (ag_fs_mkdir_p(s->data_dir, 0700, &err) < 0) {
            ag_err("%s", err.msg);
            return -1;
        }
        return 0;
    }
    const char *tmp = getenv("TMPDIR");
    size_t n = strlen(tmp ? tmp : "/tmp") + 32;
    s->data_dir = malloc(n);
    snprintf(s->data_dir, n, "%s/agoras-sandbox-XXXXXX", tmp ? tmp : "/tmp");
    if (!mkdtemp(s->data_dir)) {
        ag_err("cannot create a media directory in '%s': %s", tmp ? tmp : "/tmp", strerror(errno));
        return -1;
    }
    s->own_data_dir = true;
    return 0;
}

int sbx_state_init(struct sbx *s)
{
    size_t i;
    json_t *item;
    s->state = s->cfg.state_path ? load_file(s->cfg.state_path) : json_object();
    if (!s->state || make_data_dir(s) < 0)
        return -1;
    if (!json_array_size(json_object_get(s->state, "apps")))
        json_object_set_new(s->state, "apps", json_pack("[o]", default_app()));
    if (!json_array_size(json_object_get(s->state, "accounts")))
        json_object_set_new(s->state, "accounts", json_pack("[o]", default_account()));
    json_array_foreach(sbx_list(s, "apps"), i, item)
    {
        set_default(item, "redirect_uris", json_array());
        set_default(item, "scopes", default_scopes());
        set_default(item, "audited", json_true());
    }
    json_array_foreach(sbx_list(s, "accounts"), i, item)
    {
        normalize_account(s, item);
    }
    json_array_foreach(sbx_list(s, "posts"), i, item)
    {
        normalize_post(item);
    }
    sbx_list(s, "verified_prefixes");
    sbx_list(s, "verified_domains");
    sbx_list(s, "grants");
    return 0;
}

/* The media directory is flat (one file per media item), so removing it needs no tree walk. */
static void remove_flat_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[4096];
    while (d && (e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        unlink(path);
    }
    if (d)
        closedir(d);
    rmdir(dir);
}

int sbx_state_save(struct sbx *s)
{
    int rc = 0;
    if (s->cfg.state_path) {
        struct ag_error err;
        pthread_mutex_lock(&s->lock);
        json_t *pub = sbx_state_public(s);
        pthread_mutex_unlock(&s->lock);
        char *text = json_dumps(pub, JSON_INDENT(2));
        if (!text || ag_fs_write_atomic(s->cfg.state_path, text, strlen(text), 0600, &err) < 0) {
            ag_err("cannot save state: %s", text ? err.msg : "out of memory");
            rc = -1;
        }
        free(text);
        json_decref(pub);
    } else if (s->own_data_dir && s->data_dir) {
        remove_flat_dir(s->data_dir);
    }
    return rc;
}

static json_t *strip_runtime(json_t *v)
{
    if (json_is_object(v)) {
        json_t *out = json_object();
        const char *k;
        json_t *child;
        json_object_foreach(v, k, child)
        {
            if (k[0] != '_')
                json_object_set_new(out, k, strip_runtime(child));
        }
        return out;
    }
    if (json_is_array(v)) {
        json_t *out = json_array();
        size_t i;
        json_t *child;
        json_array_foreach(v, i, child)
        {
            json_array_append_new(out, strip_runtime(child));
        }
        return out;
    }
    return json_copy(v);
}

json_t *sbx_state_public(struct sbx *s)
{
    size_t i;
    json_t *post;
    json_array_foreach(sbx_list(s, "posts"), i, post)
    {
        sbx_post_advance(s, post);
    }
    return strip_runtime(s->state);
}
