/*
 * The sandbox's own endpoints, kept apart from the emulated paths.
 *
 * Pages: GET / (a self-contained HTML overview, one part per network, with the received media
 * playable) and /media/NAME (files from --media-dir, so pulls can be tried against a local URL;
 * adding ?redirect=1 answers 302 instead, to exercise the no-redirect rules).  Each network adds
 * its own (TikTok: /_sandbox/media/, /_sandbox/avatar/, expire, finish).
 *
 * Operator/test endpoints (success answers are plain JSON; errors use TikTok's {data, error}
 * envelope, the root's shape):
 *   GET  /_sandbox/state[?network=NET|all]   TikTok's section (as before the prefixes), one
 *                                            network's, or the whole state keyed by network
 *   POST /_sandbox/fault   path=[NET:]KEY&codes=CODES     queue faults (syntax of --fault)
 *   GET  /_sandbox/requests[?since=N], DELETE /_sandbox/requests   request counts (counts.c)
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
    "<p>A local emulator of social networks' APIs (TikTok, Telegram, X). Not the networks.</p>";

void sbx_page_cell(struct ag_buf *b, json_t *v)
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
void sbx_page_table(struct ag_buf *b, const char *title, json_t *items, const char *const *keys)
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
            sbx_page_cell(b, json_object_get(item, *k));
        ag_buf_puts(b, "</tr>");
    }
    ag_buf_puts(b, "</table>");
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
    sbx_reply_error(r, 404, "not_found", "no such file");
}

void sbx_page_send_file(struct sbx_req *r, const char *path, const char *ctype)
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
    sbx_page_send_file(r, path, type_for(name));
}

void sbx_page_index(struct sbx_req *r)
{
    struct ag_buf b;
    ag_buf_init(&b, 0);
    ag_buf_puts(&b, page_head);
    pthread_mutex_lock(&r->sbx->lock);
    json_t *pub = sbx_state_public(r->sbx);
    pthread_mutex_unlock(&r->sbx->lock);
    for (size_t i = 0; i < sbx_n_networks; i++)
        sbx_networks[i]->page_section(&b, json_object_get(pub, sbx_networks[i]->name));
    ag_buf_puts(&b, "<p><a href=\"/_sandbox/state?network=all\">state as JSON</a> &middot; "
                    "<a href=\"/_sandbox/requests\">request counts</a></p></body></html>");
    sbx_reply_html(r, 200, b.data);
    ag_buf_free(&b);
    json_decref(pub);
}

void sbx_reply_admin_ok(struct sbx_req *r)
{
    sbx_reply_json(r, 200, json_pack("{s:b}", "ok", 1));
}

void sbx_admin_state(struct sbx_req *r)
{
    const char *net = sbx_query(r, "network");
    if (!net)
        net = sbx_tiktok.name;
    if (strcmp(net, "all") != 0 && !sbx_network_named(net, strlen(net))) {
        sbx_reply_error(r, 400, "invalid_params", "network must be tiktok, telegram, x or all");
        return;
    }
    pthread_mutex_lock(&r->sbx->lock);
    json_t *pub = sbx_state_public(r->sbx);
    pthread_mutex_unlock(&r->sbx->lock);
    json_t *part = strcmp(net, "all") == 0 ? json_incref(pub) : json_incref(json_object_get(pub, net));
    json_decref(pub);
    sbx_reply_json(r, 200, part);
}

void sbx_admin_fault(struct sbx_req *r)
{
    json_t *form = sbx_form_parse(r->body.data);
    const char *path = sbx_str(form, "path"), *codes = sbx_str(form, "codes");
    if (!path || !codes || !*path)
        sbx_reply_error(r, 400, "invalid_params", "form fields path and codes are required");
    else if (sbx_faults_add(r->sbx, path, codes) < 0)
        sbx_reply_error(
            r, 400, "invalid_params",
            "path is [NET:]KEY with NET tiktok, telegram or x; codes are 400-599[:error_code], drop or "
            "stall, comma-separated");
    else
        sbx_reply_admin_ok(r);
    json_decref(form);
}
