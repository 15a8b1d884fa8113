/*
 * TikTok's part of the sandbox's own endpoints and page:
 *   GET  /_sandbox/media/PUBLISH_ID[/N]   a post's stored media;  GET /_sandbox/avatar/USER  an avatar
 *   POST /_sandbox/expire  token=access|refresh|upload|code&value=V
 *        expire an access or refresh token, an upload_url (V = upload_id or publish_id) or a code
 *   POST /_sandbox/finish  publish_id=ID                  the user finishes an inbox post in the app
 */
#include "sandbox/tiktok/tiktok.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/num.h"

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
    ag_buf_puts(b, "<h3>Posts</h3><table><tr>");
    for (const char *const *k = keys; *k; k++)
        ag_buf_printf(b, "<th>%s</th>", *k);
    ag_buf_puts(b, "<th>media</th></tr>");
    json_array_foreach(posts, i, post)
    {
        ag_buf_puts(b, "<tr>");
        for (const char *const *k = keys; *k; k++)
            sbx_page_cell(b, json_object_get(post, *k));
        post_media(b, post);
        ag_buf_puts(b, "</tr>");
    }
    ag_buf_puts(b, "</table>");
}

void tt_page_section(struct ag_buf *b, json_t *section)
{
    static const char *const app_keys[] = {"client_key", "audited", "redirect_uris", "scopes", NULL};
    static const char *const acc_keys[] = {"username",           "nickname",
                                           "private_account",    "privacy_level_options",
                                           "comment_disabled",   "duet_disabled",
                                           "stitch_disabled",    "max_video_post_duration_sec",
                                           "creator_info_error", NULL};
    ag_buf_puts(b, "<h2>TikTok</h2>");
    sbx_page_table(b, "Apps", json_object_get(section, "apps"), app_keys);
    sbx_page_table(b, "Accounts", json_object_get(section, "accounts"), acc_keys);
    posts_table(b, json_object_get(section, "posts"));
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
        sbx_reply_error(r, 404, "not_found", "no such file");
        return;
    }
    memcpy(id, rest, n);
    id[n] = '\0';
    int64_t photo;
    if (rest[n] == '/') {
        if (ag_parse_i64(rest + n + 1, 0, 34, &photo) < 0) { /* at most 35 photos */
            sbx_reply_error(r, 404, "not_found", "no such file");
            return;
        }
        index = (int)photo;
    }
    pthread_mutex_lock(&r->sbx->lock);
    json_t *post = sbx_find(tt_list(r->sbx, "posts"), "publish_id", id);
    char *path = post ? sbx_post_file(r->sbx, post, index) : NULL;
    char ctype[64] = "video/mp4";
    if (post && strcmp(sbx_str(post, "kind"), "photo") == 0)
        snprintf(ctype, sizeof(ctype), "image/jpeg"); /* browsers sniff JPEG and WebP alike */
    else if (post && sbx_str(post, "content_type"))
        snprintf(ctype, sizeof(ctype), "%s", sbx_str(post, "content_type"));
    pthread_mutex_unlock(&r->sbx->lock);
    if (path)
        sbx_page_send_file(r, path, ctype);
    else
        sbx_reply_error(r, 404, "not_found", "no such file");
    free(path);
}

static void reply_admin_error(struct sbx_req *r, unsigned status, const char *msg)
{
    sbx_reply_api(r, status, NULL,
                  status == 404   ? "not_found"
                  : status == 409 ? "conflict"
                                  : "invalid_params",
                  "%s", msg);
}

/* Which list and field hold each kind of expirable thing. */
static json_t *find_expirable(struct sbx *s, const char *kind, const char *value, const char **field)
{
    json_t *item = NULL;
    if (strcmp(kind, "access") == 0) {
        item = sbx_find(tt_list(s, "grants"), "access_token", value);
        *field = "access_expires_at";
    } else if (strcmp(kind, "refresh") == 0) {
        item = sbx_find(tt_list(s, "grants"), "refresh_token", value);
        *field = "refresh_expires_at";
    } else if (strcmp(kind, "upload") == 0) {
        item = sbx_find(tt_list(s, "posts"), "upload_id", value);
        if (!item)
            item = sbx_find(tt_list(s, "posts"), "publish_id", value);
        *field = "upload_expires_at";
    } else if (strcmp(kind, "code") == 0) {
        item = sbx_find(tt_list(s, "_codes"), "code", value);
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
        sbx_reply_admin_ok(r);
    }
    pthread_mutex_unlock(&r->sbx->lock);
    json_decref(form);
}

void sbx_admin_finish(struct sbx_req *r)
{
    json_t *form = sbx_form_parse(r->body.data);
    const char *privacy = sbx_str(form, "privacy_level");
    pthread_mutex_lock(&r->sbx->lock);
    json_t *post = sbx_find(tt_list(r->sbx, "posts"), "publish_id", sbx_str(form, "publish_id"));
    if (!post)
        reply_admin_error(r, 404, "no such publish_id");
    else if (sbx_post_finish_inbox(r->sbx, post, privacy && strcmp(privacy, "PUBLIC_TO_EVERYONE") == 0) < 0)
        reply_admin_error(r, 409, "only a post in SEND_TO_USER_INBOX can be finished");
    else
        sbx_reply_admin_ok(r);
    pthread_mutex_unlock(&r->sbx->lock);
    json_decref(form);
}

static const char *first(json_t *section, const char *list, const char *field)
{
    const char *v = sbx_str(json_array_get(json_object_get(section, list), 0), field);
    return v ? v : "";
}

void tt_print_exports(struct sbx *s, FILE *out)
{
    char url[160];
    sbx_export_line(out, "AGORAS_TIKTOK_API_BASE", s->base_url);
    snprintf(url, sizeof(url), "%s/v2/auth/authorize/", s->base_url);
    sbx_export_line(out, "AGORAS_TIKTOK_AUTHORIZE_URL", url);
    pthread_mutex_lock(&s->lock);
    json_t *section = sbx_section(s, "tiktok");
    sbx_export_line(out, "TIKTOK_CLIENT_KEY", first(section, "apps", "client_key"));
    sbx_export_line(out, "TIKTOK_CLIENT_SECRET", first(section, "apps", "client_secret"));
    sbx_export_line(out, "TIKTOK_USERNAME", first(section, "accounts", "username"));
    pthread_mutex_unlock(&s->lock);
}
