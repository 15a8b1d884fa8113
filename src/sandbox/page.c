/*
 * The sandbox's own endpoints, kept apart from the emulated TikTok paths.
 *
 * Pages: GET / (a self-contained HTML overview of apps, accounts and posts, with
 * the received media playable), /_sandbox/media/PUBLISH_ID[/N] (a post's stored media),
 * /_sandbox/avatar/USER (a generated avatar for creator_avatar_url) and /media/NAME (files from
 * --media-dir, so PULL_FROM_URL can be tried against a local "verified" URL; adding ?redirect=1
 * answers 302 instead, to exercise TikTok's no-redirect rule).
 *
 * Operator/test endpoints (success answers are plain JSON; errors use the {data, error} envelope):
 *   GET  /_sandbox/state                                  the whole state as JSON
 *   POST /_sandbox/fault   path=PATH&codes=CODES          queue faults (syntax of --fault)
 *   POST /_sandbox/expire  token=access|refresh|upload|code&value=V
 *        expire an access or refresh token, an upload_url (V = upload_id or publish_id) or a code
 *   POST /_sandbox/finish  publish_id=ID                  the user finishes an inbox post in the app
 */
#include "sandbox/sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/num.h"

static const char page_head[] =
    "<!doctype html><html><head><meta charset=utf-8><title>agoras-sandbox</title><style>"
    "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:2em}"
    "td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top;text-align:left}"
    "video,img{max-width:240px;max-height:240px}code{font-size:90%}"
    "</style></head><body><h1>agoras-sandbox</h1>"
    "<p>A local emulator of TikTok's OAuth and Content Posting API. Not TikTok.</p>";

static void cell(struct ag_buf *b, json_t *v)
{
    ag_buf_puts(b, "<td>");
    if (json_is_string(v))
        sbx_html_escape(b, json_string_value(v));
    else if (v && !json_is_null(v)) {
        char *text = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
        sbx_html_escape(b, text);
        free(text);
    }
    ag_buf_puts(b, "</td>");
}

/* One table: a header row from keys, one row per item. */
static void table(struct ag_buf *b, const char *title, json_t *items, const char *const *keys)
{
    size_t i;
    json_t *item;
    ag_buf_printf(b, "<h2>%s</h2><table><tr>", title);
    for (const char *const *k = keys; *k; k++)
        ag_buf_printf(b, "<th>%s</th>", *k);
    ag_buf_puts(b, "</tr>");
    json_array_foreach(items, i, item)
    {
        ag_buf_puts(b, "<tr>");
        for (const char *const *k = keys; *k; k++)
            cell(b, json_object_get(item, *k));
        ag_buf_puts(b, "</tr>");
    }
    ag_buf_puts(b, "</table>");
}

static void post_media(struct ag_buf *b, json_t *post)
{
    char *id = sbx_url_encode(sbx_str(post, "publish_id"));
    const char *status = sbx_str(post, "status");
    ag_buf_puts(b, "<td>");
    if (strcmp(status, "FAILED") != 0 && strncmp(status, "PROCESSING", 10) != 0) {
        if (strcmp(sbx_str(post, "kind"), "video") == 0)
            ag_buf_printf(b, "<video controls preload=metadata src=\"/_sandbox/media/%s\"></video>", id);
        else
            for (size_t i = 0; i < json_array_size(json_object_get(post, "photo_images")); i++)
                ag_buf_printf(b, "<img alt=\"photo %zu\" src=\"/_sandbox/media/%s/%zu\">", i, id, i);
    }
    ag_buf_puts(b, "</td>");
    free(id);
}

static void posts_table(struct ag_buf *b, json_t *posts)
{
    static const char *const keys[] = {"publish_id",
                                       "username",
                                       "kind",
                                       "source",
                                       "status",
                                       "fail_reason",
                                       "privacy_level",
                                       "title",
                                       "uploaded_bytes",
                                       "downloaded_bytes",
                                       "publicaly_available_post_id",
                                       "sha256",
                                       NULL};
    size_t i;
    json_t *post;
    ag_buf_puts(b, "<h2>Posts</h2><table><tr>");
    for (const char *const *k = keys; *k; k++)
        ag_buf_printf(b, "<th>%s</th>", *k);
    ag_buf_puts(b, "<th>media</th></tr>");
    json_array_foreach(posts, i, post)
    {
        ag_buf_puts(b, "<tr>");
        for (const char *const *k = keys; *k; k++)
            cell(b, json_object_get(post, *k));
        post_media(b, post);
        ag_buf_puts(b, "</tr>");
    }
    ag_buf_puts(b, "</table>");
}

void sbx_page_index(struct sbx_req *r)
{
    static const char *const app_keys[] = {"client_key", "audited", "redirect_uris", "scopes", NULL};
    static const char *const acc_keys[] = {"username",           "nickname",
                                           "private_account",    "privacy_level_options",
                                           "comment_disabled",   "duet_disabled",
                                           "stitch_disabled",    "max_video_post_duration_sec",
                                           "creator_info_error", NULL};
    struct ag_buf b;
    ag_buf_init(&b, 0);
    ag_buf_puts(&b, page_head);
    pthread_mutex_lock(&r->sbx->lock);
    json_t *pub = sbx_state_public(r->sbx);
    pthread_mutex_unlock(&r->sbx->lock);
    table(&b, "Apps", json_object_get(pub, "apps"), app_keys);
    table(&b, "Accounts", json_object_get(pub, "accounts"), acc_keys);
    posts_table(&b, json_object_get(pub, "posts"));
    ag_buf_puts(&b, "<p><a href=\"/_sandbox/state\">state as JSON</a></p></body></html>");
    sbx_reply_html(r, 200, b.data);
    ag_buf_free(&b);
    json_decref(pub);
}

static const char *type_for(const char *name)
{
    static const char *const map[][2] = {
        {".mp4", "video/mp4"},   {".mov", "video/quicktime"}, {".webm", "video/webm"}, {".jpg", "image/jpeg"},
        {".jpeg", "image/jpeg"}, {".webp", "image/webp"},     {".png", "image/png"}};
    const char *dot = strrchr(name, '.');
    for (size_t i = 0; dot && i < sizeof(map) / sizeof(map[0]); i++)
        if (strcmp(dot, map[i][0]) == 0)
            return map[i][1];
    return "application/octet-stream";
}

static void not_found(struct sbx_req *r)
{
    sbx_reply_api(r, 404, NULL, "not_found", "no such file");
}

static void send_file(struct sbx_req *r, const char *path, const char *ctype)
{
    struct stat sb;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        if (fd >= 0)
            close(fd);
        not_found(r);
        return;
    }
    sbx_reply(r, 200, ctype, NULL, 0);
    r->out_fd = fd;
    r->out_size = (long long)sb.st_size;
}

static void avatar(struct sbx_req *r, const char *user)
{
    struct ag_buf b;
    ag_buf_init(&b, 0);
    ag_buf_puts(&b, "<svg xmlns='http://www.w3.org/2000/svg' width='100' height='100'>"
                    "<circle cx='50' cy='50' r='50' fill='#fe2c55'/><text x='50' y='64' font-size='40' "
                    "text-anchor='middle' fill='white' font-family='sans-serif'>");
    char initial[2] = {user[0] ? user[0] : '?', '\0'};
    sbx_html_escape(&b, initial);
    ag_buf_puts(&b, "</text></svg>");
    sbx_reply(r, 200, "image/svg+xml", b.data, b.len);
    ag_buf_free(&b);
}

void sbx_page_media(struct sbx_req *r)
{
    char id[256];
    int index = 0;
    if (strncmp(r->path, "/_sandbox/avatar/", 17) == 0) {
        avatar(r, r->path + 17);
        return;
    }
    const char *rest = r->path + strlen("/_sandbox/media/");
    size_t n = strcspn(rest, "/");
    if (n == 0 || n >= sizeof(id)) {
        not_found(r);
        return;
    }
    memcpy(id, rest, n);
    id[n] = '\0';
    int64_t photo;
    if (rest[n] == '/') {
        if (ag_parse_i64(rest + n + 1, 0, 34, &photo) < 0) { /* at most 35 photos */
            not_found(r);
            return;
        }
        index = (int)photo;
    }
    pthread_mutex_lock(&r->sbx->lock);
    json_t *post = sbx_find(sbx_list(r->sbx, "posts"), "publish_id", id);
    char *path = post ? sbx_post_file(r->sbx, post, index) : NULL;
    char ctype[64] = "video/mp4";
    if (post && strcmp(sbx_str(post, "kind"), "photo") == 0)
        snprintf(ctype, sizeof(ctype), "image/jpeg"); /* browsers sniff JPEG and WebP alike */
    else if (post && sbx_str(post, "content_type"))
        snprintf(ctype, sizeof(ctype), "%s", sbx_str(post, "content_type"));
    pthread_mutex_unlock(&r->sbx->lock);
    if (path)
        send_file(r, path, ctype);
    else
        not_found(r);
    free(path);
}

void sbx_page_local_media(struct sbx_req *r)
{
    const char *name = r->path + strlen("/media/");
    char path[4096];
    if (!r->sbx->cfg.media_dir || !*name || strstr(name, "..")) {
        not_found(r);
        return;
    }
    if (sbx_query(r, "redirect")) {
        sbx_reply_redirect(r, r->path);
        return;
    }
    snprintf(path, sizeof(path), "%s/%s", r->sbx->cfg.media_dir, name);
    send_file(r, path, type_for(name));
}

static void reply_admin_error(struct sbx_req *r, unsigned status, const char *msg)
{
    sbx_reply_api(r, status, NULL,
                  status == 404   ? "not_found"
                  : status == 409 ? "conflict"
                                  : "invalid_params",
                  "%s", msg);
}

void sbx_admin_state(struct sbx_req *r)
{
    pthread_mutex_lock(&r->sbx->lock);
    json_t *pub = sbx_state_public(r->sbx);
    pthread_mutex_unlock(&r->sbx->lock);
    sbx_reply_json(r, 200, pub);
}

void sbx_admin_fault(struct sbx_req *r)
{
    json_t *form = sbx_form_parse(r->body.data);
    const char *path = sbx_str(form, "path"), *codes = sbx_str(form, "codes");
    if (!path || !codes || !*path)
        reply_admin_error(r, 400, "form fields path and codes are required");
    else if (sbx_faults_add(r->sbx, path, codes) < 0)
        reply_admin_error(r, 400, "codes must be 400-599[:error_code], drop or stall, comma-separated");
    else
        sbx_reply_json(r, 200, json_pack("{s:b}", "ok", 1));
    json_decref(form);
}

/* Which list and field hold each kind of expirable thing. */
static json_t *find_expirable(struct sbx *s, const char *kind, const char *value, const char **field)
{
    json_t *item = NULL;
    if (strcmp(kind, "access") == 0) {
        item = sbx_find(sbx_list(s, "grants"), "access_token", value);
        *field = "access_expires_at";
    } else if (strcmp(kind, "refresh") == 0) {
        item = sbx_find(sbx_list(s, "grants"), "refresh_token", value);
        *field = "refresh_expires_at";
    } else if (strcmp(kind, "upload") == 0) {
        item = sbx_find(sbx_list(s, "posts"), "upload_id", value);
        if (!item)
            item = sbx_find(sbx_list(s, "posts"), "publish_id", value);
        *field = "upload_expires_at";
    } else if (strcmp(kind, "code") == 0) {
        item = sbx_find(sbx_list(s, "_codes"), "code", value);
        *field = "expires_at";
    }
    return item;
}

void sbx_admin_expire(struct sbx_req *r)
{
    json_t *form = sbx_form_parse(r->body.data);
    const char *kind = sbx_str(form, "token"), *value = sbx_str(form, "value"), *field = NULL;
    pthread_mutex_lock(&r->sbx->lock);
    json_t *item = kind && value ? find_expirable(r->sbx, kind, value, &field) : NULL;
    if (!kind || !value)
        reply_admin_error(r, 400, "form fields token (access|refresh|upload|code) and value are required");
    else if (!item)
        reply_admin_error(r, 404, "nothing of that kind has that value");
    else {
        sbx_set_int(item, field, sbx_now_ms() - 1);
        sbx_reply_json(r, 200, json_pack("{s:b}", "ok", 1));
    }
    pthread_mutex_unlock(&r->sbx->lock);
    json_decref(form);
}

void sbx_admin_finish(struct sbx_req *r)
{
    json_t *form = sbx_form_parse(r->body.data);
    const char *privacy = sbx_str(form, "privacy_level");
    pthread_mutex_lock(&r->sbx->lock);
    json_t *post = sbx_find(sbx_list(r->sbx, "posts"), "publish_id", sbx_str(form, "publish_id"));
    if (!post)
        reply_admin_error(r, 404, "no such publish_id");
    else if (sbx_post_finish_inbox(r->sbx, post, privacy && strcmp(privacy, "PUBLIC_TO_EVERYONE") == 0) < 0)
        reply_admin_error(r, 409, "only a post in SEND_TO_USER_INBOX can be finished");
    else
        sbx_reply_json(r, 200, json_pack("{s:b}", "ok", 1));
    pthread_mutex_unlock(&r->sbx->lock);
    json_decref(form);
}
