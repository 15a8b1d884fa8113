/*
 * The HTTP side: libmicrohttpd setup, body collection, fault application, routing, and one log
 * line per request.  Emulated TikTok paths live under /v2/ and /video/ (upload_url); the
 * sandbox's own conveniences under /_sandbox/, / and /media/ so they can never be mistaken for
 * TikTok endpoints.  Paths match exactly, trailing slash included, as at TikTok.
 */
#include "sandbox/sandbox.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "core/log.h"

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

static bool route_matches(const struct route *rt, const char *path)
{
    return rt->prefix ? strncmp(path, rt->path, strlen(rt->path)) == 0 : strcmp(path, rt->path) == 0;
}

static void dispatch(struct sbx_req *r)
{
    bool path_known = false;
    for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
        if (!route_matches(&routes[i], r->path))
            continue;
        path_known = true;
        if (strcmp(routes[i].method, r->method) == 0) {
            routes[i].fn(r);
            if (!r->resp)
                sbx_reply_api(r, 500, NULL, "internal_error", "sandbox handler gave no answer");
            return;
        }
    }
    /* Not TikTok codes: these only tell a client it called something that does not exist. */
    if (path_known)
        sbx_reply_api(r, 405, NULL, "method_not_allowed", "%s is not allowed on %s", r->method, r->path);
    else
        sbx_reply_api(r, 404, NULL, "not_found", "no such endpoint: %s", r->path);
}

static struct sbx_req *request_new(struct sbx *s, struct MHD_Connection *conn, const char *url,
                                   const char *method)
{
    struct sbx_req *r = calloc(1, sizeof(*r));
    if (!r)
        return NULL;
    r->sbx = s;
    r->conn = conn;
    snprintf(r->method, sizeof(r->method), "%s", method);
    snprintf(r->path, sizeof(r->path), "%s", url);
    r->started_ms = sbx_now_ms();
    r->is_upload = strcmp(r->method, "PUT") == 0 && strcmp(r->path, UPLOAD_PATH) == 0;
    ag_buf_init(&r->body, BODY_MAX);
    return r;
}

static enum MHD_Result first_call(struct sbx_req *r)
{
    if (sbx_faults_apply(r))
        return r->drop ? MHD_NO : MHD_YES;
    if (r->is_upload)
        sbx_upload_begin(r);
    return MHD_YES;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                                  const char *version, const char *data, size_t *data_size, void **con_cls)
{
    struct sbx *s = cls;
    struct sbx_req *r = *con_cls;
    (void)version;

    if (!r) {
        r = request_new(s, conn, url, method);
        if (!r)
            return MHD_NO;
        *con_cls = r;
        return first_call(r);
    }
    if (r->drop)
        return MHD_NO;
    if (*data_size) {
        if (r->resp) {
            /* Already answered (bad headers, fault): drain and ignore the rest of the body. */
        } else if (r->is_upload)
            sbx_upload_data(r, data, *data_size);
        else if (!r->body_too_big && ag_buf_append(&r->body, data, *data_size) < 0)
            r->body_too_big = true;
        *data_size = 0;
        return MHD_YES;
    }
    if (!r->resp) {
        if (r->is_upload)
            sbx_upload_end(r);
        else if (r->body_too_big)
            sbx_reply_api(r, 413, NULL, "invalid_params", "request body too large");
        else
            dispatch(r);
    }
    if (!r->resp)
        return MHD_NO;
    return MHD_queue_response(conn, r->status, r->resp);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    struct sbx_req *r = *con_cls;
    (void)cls;
    (void)conn;
    if (!r)
        return;
    /* Paths never carry secrets here (tokens travel in headers, bodies and query strings). */
    if (r->drop)
        ag_info("%s %s -> dropped", r->method, r->path);
    else
        ag_info("%s %s -> %u%s (%lld ms)", r->method, r->path, r->status,
                toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (connection lost)",
                sbx_now_ms() - r->started_ms);
    if (r->is_upload)
        sbx_upload_free(r);
    if (r->resp)
        MHD_destroy_response(r->resp);
    ag_buf_free(&r->body);
    free(r);
    *con_cls = NULL;
}

static int write_port_file(const char *path, unsigned port)
{
    char tmp[4096], text[16];
    snprintf(tmp, sizeof(tmp), "%s.tmp", path);
    snprintf(text, sizeof(text), "%u\n", port);
    FILE *f = fopen(tmp, "w");
    if (!f || fputs(text, f) < 0 || fclose(f) != 0 || rename(tmp, path) != 0) {
        ag_err("cannot write port file '%s': %s", path, strerror(errno));
        return -1;
    }
    return 0;
}

static struct MHD_Daemon *start_daemon(struct sbx *s)
{
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)s->cfg.port)};
    if (inet_pton(AF_INET, s->cfg.host, &addr.sin_addr) != 1) {
        ag_err("invalid --host '%s': expected an IPv4 address such as 127.0.0.1", s->cfg.host);
        return NULL;
    }
    struct MHD_Daemon *d =
        MHD_start_daemon(MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG,
                         0, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
                         MHD_OPTION_NOTIFY_COMPLETED, on_completed, s, MHD_OPTION_CONNECTION_TIMEOUT,
                         (unsigned)120, MHD_OPTION_CONNECTION_LIMIT, (unsigned)256, MHD_OPTION_END);
    if (!d) {
        ag_err("cannot listen on %s:%u: %s", s->cfg.host, s->cfg.port, strerror(errno));
        return NULL;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : s->cfg.port;
    /* Upload URLs must be reachable: a wildcard bind is still reached through loopback. */
    snprintf(s->base_url, sizeof(s->base_url), "http://%s:%u",
             strcmp(s->cfg.host, "0.0.0.0") == 0 ? "127.0.0.1" : s->cfg.host, s->port);
    return d;
}

int sbx_server_run(struct sbx *s)
{
    sigset_t set;
    int sig, rc = -1;

    /* Block the stop signals in every thread; this one waits for them synchronously. */
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);

    pthread_mutex_lock(&s->lock); /* requests wait until the state is loaded */
    struct MHD_Daemon *d = start_daemon(s);
    int ok = d && sbx_state_init(s) == 0;
    pthread_mutex_unlock(&s->lock);
    if (!ok || (s->cfg.port_file && write_port_file(s->cfg.port_file, s->port) < 0))
        goto out;
    ag_info("agoras-sandbox listening on %s (page: %s/)", s->base_url, s->base_url);
    sbx_print_env(s, stderr);
    sigwait(&set, &sig);
    ag_info("agoras-sandbox stopping (signal %d)", sig);
    rc = 0;
out:
    s->stopping = 1;
    if (d)
        MHD_stop_daemon(d);
    sbx_pull_wait_all(s);
    if (s->state && sbx_state_save(s) < 0)
        rc = -1;
    return rc;
}
