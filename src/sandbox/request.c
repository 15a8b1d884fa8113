/*
 * The request lifecycle without any socket: a request is its method, raw target, headers and
 * body; it ends with one answer (status, headers, body) or a drop.  server.c feeds it from
 * libmicrohttpd, tests/fuzz/fuzz_sandbox.c from bytes, so both exercise the same code.
 *
 * Routing: emulated TikTok paths live under /v2/ and /video/ (upload_url); the sandbox's own
 * conveniences under /_sandbox/, / and /media/ so they can never be mistaken for TikTok
 * endpoints.  Paths match exactly, trailing slash included, as at TikTok.
 */
#include "sandbox/sandbox.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define BODY_MAX    ((size_t)1 << 20) /* JSON and form bodies; uploads stream to disk instead */
#define UPLOAD_PATH "/video/"

typedef void (*sbx_handler)(struct sbx_req *r);

struct route {
    const char *method;
    const char *path;
    bool prefix;
    sbx_handler fn;
};

static const struct route routes[] = {
    {"GET", "/v2/auth/authorize/", false, sbx_oauth_authorize},
    {"POST", "/v2/auth/authorize/", false, sbx_oauth_consent},
    {"POST", "/v2/oauth/token/", false, sbx_oauth_token},
    {"POST", "/v2/oauth/revoke/", false, sbx_oauth_revoke},
    {"POST", "/v2/post/publish/creator_info/query/", false, sbx_cp_creator_info},
    {"POST", "/v2/post/publish/video/init/", false, sbx_cp_video_init},
    {"POST", "/v2/post/publish/inbox/video/init/", false, sbx_cp_inbox_init},
    {"POST", "/v2/post/publish/content/init/", false, sbx_cp_content_init},
    {"POST", "/v2/post/publish/status/fetch/", false, sbx_cp_status},
    {"POST", "/v2/post/publish/cancel/", false, sbx_cp_cancel},
    {"GET", "/_sandbox/state", false, sbx_admin_state},
    {"POST", "/_sandbox/fault", false, sbx_admin_fault},
    {"POST", "/_sandbox/expire", false, sbx_admin_expire},
    {"POST", "/_sandbox/finish", false, sbx_admin_finish},
    {"GET", "/_sandbox/media/", true, sbx_page_media},
    {"GET", "/_sandbox/avatar/", true, sbx_page_media},
    {"GET", "/media/", true, sbx_page_local_media},
    {"GET", "/", false, sbx_page_index},
};

/* ---- name/value lists ---- */

static void kvs_add(struct sbx_kvs *l, char *name, char *value)
{
    char **grown = realloc(l->items, (l->n + 1) * 2 * sizeof(*grown));
    if (!grown || !name || !value) {
        free(name);
        free(value);
        if (grown)
            l->items = grown;
        return;
    }
    l->items = grown;
    l->items[2 * l->n] = name;
    l->items[2 * l->n + 1] = value;
    l->n++;
}

static const char *kvs_get(const struct sbx_kvs *l, const char *name, bool any_case)
{
    for (size_t i = 0; i < l->n; i++)
        if ((any_case ? strcasecmp : strcmp)(l->items[2 * i], name) == 0)
            return l->items[2 * i + 1];
    return NULL;
}

static void kvs_free(struct sbx_kvs *l)
{
    for (size_t i = 0; i < 2 * l->n; i++)
        free(l->items[i]);
    free(l->items);
    l->items = NULL;
    l->n = 0;
}

const char *sbx_header(struct sbx_req *r, const char *name)
{
    return kvs_get(&r->headers, name, true);
}

const char *sbx_query(struct sbx_req *r, const char *name)
{
    return kvs_get(&r->args, name, false);
}

bool sbx_query_repeated(struct sbx_req *r)
{
    for (size_t i = 0; i < r->args.n; i++)
        for (size_t j = i + 1; j < r->args.n; j++)
            if (strcmp(r->args.items[2 * i], r->args.items[2 * j]) == 0)
                return true;
    return false;
}

bool sbx_query_utf8(struct sbx_req *r)
{
    for (size_t i = 0; i < 2 * r->args.n; i++)
        if (!sbx_utf8_valid(r->args.items[i]))
            return false;
    return true;
}

/* ---- the target ---- */

/* "/path?a=1&b" into the decoded path and arguments; false if an escape is malformed. */
static bool parse_target(struct sbx_req *r)
{
    const char *t = r->target ? r->target : "";
    size_t plen = strcspn(t, "?#");
    char *path = sbx_pct_decode(t, plen, false);
    bool ok = path && strlen(path) < sizeof(r->path);
    if (ok)
        snprintf(r->path, sizeof(r->path), "%s", path);
    free(path);
    if (t[plen] != '?')
        return ok;
    for (const char *p = t + plen + 1; ok && *p && *p != '#';) {
        size_t len = strcspn(p, "&#");
        const char *eq = memchr(p, '=', len);
        size_t klen = eq ? (size_t)(eq - p) : len;
        char *k = sbx_pct_decode(p, klen, true);
        char *v = eq ? sbx_pct_decode(eq + 1, len - klen - 1, true) : strdup("");
        ok = k && v;
        if (len > 0)
            kvs_add(&r->args, k, v);
        else {
            free(k);
            free(v);
        }
        p += len + (p[len] == '&');
    }
    return ok;
}

/* ---- the lifecycle ---- */

void sbx_req_init(struct sbx_req *r, struct sbx *s, const char *method, const char *target)
{
    memset(r, 0, sizeof(*r));
    r->sbx = s;
    r->out_fd = -1;
    snprintf(r->method, sizeof(r->method), "%s", method);
    r->target = strdup(target ? target : "");
    r->started_ms = sbx_now_ms();
    ag_buf_init(&r->body, BODY_MAX);
    ag_buf_init(&r->out, 0);
}

void sbx_req_add_header(struct sbx_req *r, const char *name, const char *value)
{
    kvs_add(&r->headers, strdup(name), strdup(value));
}

void sbx_req_begin(struct sbx_req *r)
{
    if (!parse_target(r)) {
        sbx_reply_api(r, 400, NULL, "invalid_params", "the request target has a malformed %%-escape");
        return;
    }
    r->is_upload = strcmp(r->method, "PUT") == 0 && strcmp(r->path, UPLOAD_PATH) == 0;
    if (!sbx_faults_apply(r) && r->is_upload)
        sbx_upload_begin(r);
}

void sbx_req_data(struct sbx_req *r, const char *data, size_t len)
{
    if (r->answered || r->drop)
        return; /* already answered (bad headers, fault): the rest of the body is ignored */
    if (r->is_upload)
        sbx_upload_data(r, data, len);
    else if (!r->body_too_big && ag_buf_append(&r->body, data, len) < 0)
        r->body_too_big = true;
}

static void dispatch(struct sbx_req *r)
{
    bool path_known = false;
    for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
        const struct route *rt = &routes[i];
        if (rt->prefix ? strncmp(r->path, rt->path, strlen(rt->path)) != 0 : strcmp(r->path, rt->path) != 0)
            continue;
        path_known = true;
        if (strcmp(rt->method, r->method) == 0) {
            rt->fn(r);
            return;
        }
    }
    /* Not TikTok codes: these only tell a client it called something that does not exist. */
    if (path_known)
        sbx_reply_api(r, 405, NULL, "method_not_allowed", "%s is not allowed on %s", r->method, r->path);
    else
        sbx_reply_api(r, 404, NULL, "not_found", "no such endpoint: %s", r->path);
}

void sbx_req_end(struct sbx_req *r)
{
    if (r->answered || r->drop)
        return;
    if (r->is_upload)
        sbx_upload_end(r);
    else if (r->body_too_big)
        sbx_reply_api(r, 413, NULL, "invalid_params", "request body too large");
    else
        dispatch(r);
    if (!r->answered && !r->drop)
        sbx_reply_api(r, 500, NULL, "internal_error", "sandbox handler gave no answer");
}

void sbx_req_free(struct sbx_req *r)
{
    if (r->is_upload)
        sbx_upload_free(r);
    kvs_free(&r->headers);
    kvs_free(&r->args);
    kvs_free(&r->out_headers);
    ag_buf_free(&r->body);
    ag_buf_free(&r->out);
    if (r->out_fd >= 0)
        close(r->out_fd);
    free(r->target);
}

/* ---- answers ---- */

void sbx_add_header(struct sbx_req *r, const char *name, const char *value)
{
    for (size_t i = 0; i < r->out_headers.n; i++)
        if (strcasecmp(r->out_headers.items[2 * i], name) == 0) {
            char *v = strdup(value);
            if (v) {
                free(r->out_headers.items[2 * i + 1]);
                r->out_headers.items[2 * i + 1] = v;
            }
            return;
        }
    kvs_add(&r->out_headers, strdup(name), strdup(value));
}
