/*
 * The HTTP side: libmicrohttpd setup and the glue between its callbacks and request.c (which
 * does everything else), plus one log line per request.
 *
 * Hostile clients: every connection has an idle timeout, each client address may hold only a
 * few connections at once, and the total is bounded, so slow or silent clients from one address
 * cannot starve the others (a stalled upload can be superseded, see upload.c).
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

#define IDLE_TIMEOUT_S   30u  /* no byte from the client for this long: the connection is closed */
#define PER_IP_LIMIT     32u  /* simultaneous connections per client address */
#define CONNECTION_LIMIT 512u /* simultaneous connections in all (one thread each) */

/* MHD hands over the raw request target first: request.c decodes it itself. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
    struct sbx_req *r = malloc(sizeof(*r));
    if (r) {
        sbx_req_init(r, cls, "", uri);
        r->conn = conn;
    }
    return r;
}

static enum MHD_Result copy_header(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    sbx_req_add_header(cls, key, value ? value : "");
    return MHD_YES;
}

static enum MHD_Result send_answer(struct MHD_Connection *conn, struct sbx_req *r)
{
    struct MHD_Response *resp =
        r->out_fd >= 0 ? MHD_create_response_from_fd((uint64_t)r->out_size, r->out_fd)
                       : MHD_create_response_from_buffer(r->out.len, r->out.data, MHD_RESPMEM_MUST_COPY);
    if (!resp)
        return MHD_NO;
    r->out_fd = -1; /* the response owns it now */
    for (size_t i = 0; i < r->out_headers.n; i++)
        MHD_add_response_header(resp, r->out_headers.items[2 * i], r->out_headers.items[2 * i + 1]);
    enum MHD_Result rc = MHD_queue_response(conn, r->status, resp);
    MHD_destroy_response(resp);
    return rc;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                                  const char *version, const char *data, size_t *data_size, void **con_cls)
{
    struct sbx_req *r = *con_cls;
    (void)cls, (void)url, (void)version;
    if (!r)
        return MHD_NO;
    if (!r->method[0]) { /* first call: the headers are in */
        snprintf(r->method, sizeof(r->method), "%s", method);
        MHD_get_connection_values(conn, MHD_HEADER_KIND, copy_header, r);
        sbx_req_begin(r);
        return r->drop ? MHD_NO : MHD_YES;
    }
    if (*data_size) {
        sbx_req_data(r, data, *data_size);
        *data_size = 0;
        return r->drop ? MHD_NO : MHD_YES;
    }
    sbx_req_end(r);
    return r->drop || !r->answered ? MHD_NO : send_answer(conn, r);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    struct sbx_req *r = *con_cls;
    (void)cls;
    (void)conn;
    if (!r)
        return;
    /* A path that carries a credential (Telegram's /bot<token>/) is logged by its route key only. */
    const char *what = r->net && r->net->secret_in_path ? (*r->key ? r->key : r->net->name) : r->path;
    if (r->drop)
        ag_info("%s %s -> dropped", r->method, what);
    else
        ag_info("%s %s -> %u%s (%lld ms)", r->method, what, r->status,
                toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (connection lost)",
                sbx_now_ms() - r->started_ms);
    sbx_req_free(r);
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
                         MHD_OPTION_URI_LOG_CALLBACK, on_uri, s, MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
                         MHD_OPTION_CONNECTION_TIMEOUT, IDLE_TIMEOUT_S, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
                         PER_IP_LIMIT, MHD_OPTION_CONNECTION_LIMIT, CONNECTION_LIMIT, MHD_OPTION_END);
    if (!d) {
        ag_err("cannot listen on %s:%ld: %s", s->cfg.host, s->cfg.port, strerror(errno));
        return NULL;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : (unsigned)s->cfg.port;
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
