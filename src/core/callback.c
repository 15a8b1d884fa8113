#include "core/callback.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <openssl/crypto.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/log.h"
#include "core/num.h"

#define URI_MAX          4096        /* request target cap: a real callback is a few hundred bytes */
#define MEMORY_LIMIT     (16 * 1024) /* per-connection pool: request line and headers must fit */
#define CONNECTION_LIMIT 256u        /* loopback clients all share one address: no per-address limit helps */
#define IDLE_TIMEOUT_S   2u          /* a browser sends its request at once; silent connections go */
#define BACKLOG          128
#define PASTE_MAX        8192

struct ag_callback {
    struct MHD_Daemon *daemon;
    int listen_fd; /* ours until MHD takes it */
    int wake[2];   /* the server thread writes a byte here when an outcome is in */
    char *path;    /* the redirect path, e.g. "/callback/" */
    char *state;   /* expected state (secret) */
    pthread_mutex_t lock;
    int claimed; /* a request or a pasted line produced the outcome: later requests get 410 */
    int ignored; /* requests with a wrong or missing state */
    int done;    /* the outcome below is ready (its page has been sent) */
    int rc;
    struct ag_error err;
    struct ag_oauth_result result;
};

/* One HTTP request: its raw target (NULL if over URI_MAX) and, once judged, the answer. */
struct request {
    char *uri;
    int judged;
    struct ag_callback_verdict v;
};

/* ---- HTML answers ---- */

static void html_escape(struct ag_buf *b, const char *s)
{
    for (; *s; s++) {
        const char *e = *s == '&'   ? "&amp;"
                        : *s == '<' ? "&lt;"
                        : *s == '>' ? "&gt;"
                        : *s == '"' ? "&quot;"
                                    : NULL;
        if (e)
            ag_buf_puts(b, e);
        else
            ag_buf_append(b, s, 1);
    }
}

static enum MHD_Result page(struct MHD_Connection *c, unsigned int status, const char *title,
                            const char *text)
{
    struct ag_buf b;
    ag_buf_init(&b, 0);
    ag_buf_puts(&b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>agoras: ");
    html_escape(&b, title);
    ag_buf_printf(&b,
                  "</title><style>body{font:16px/1.5 sans-serif;max-width:36em;margin:4em auto;padding:0 1em}"
                  "h1{color:%s}</style></head><body><h1>",
                  status == 200 ? "#1a7f37" : "#b42318");
    html_escape(&b, title);
    ag_buf_puts(&b, "</h1><p>");
    html_escape(&b, text);
    ag_buf_puts(&b, "</p></body></html>\n");
    struct MHD_Response *r = MHD_create_response_from_buffer(b.len, b.data, MHD_RESPMEM_MUST_COPY);
    ag_buf_free(&b);
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, "Content-Type", "text/html; charset=utf-8");
    MHD_add_response_header(r, "Cache-Control", "no-store");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer"); /* the code is in this page's URL */
    MHD_add_response_header(r, "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
        MHD_add_response_header(r, "Allow", "GET");
    enum MHD_Result rc = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return rc;
}

/* ---- the server thread ---- */

/* MHD hands us the raw request target first: the query is parsed by the same code as a pasted URL. */
static void *log_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
    struct request *rq = calloc(1, sizeof(*rq));
    (void)cls, (void)c;
    if (rq && strlen(uri) <= URI_MAX)
        rq->uri = strdup(uri);
    return rq;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_data_size,
                                  void **req_cls)
{
    struct ag_callback *cb = cls;
    struct request *rq = *req_cls;
    (void)url, (void)version, (void)upload_data;
    if (!rq)
        return MHD_NO;
    if (rq->judged) { /* a body after the answer was queued: not read */
        *upload_data_size = 0;
        return MHD_YES;
    }
    ag_callback_judge(method, rq->uri, cb->path, cb->state, &rq->v);
    rq->judged = 1;
    pthread_mutex_lock(&cb->lock);
    int claimed = cb->claimed;
    if (rq->v.ends)
        cb->claimed = 1;
    if (rq->v.ignored && cb->ignored++ == 0)
        ag_warn("ignored a request to the callback address whose state is not ours (a stale or forged "
                "redirect); still waiting");
    pthread_mutex_unlock(&cb->lock);
    if (rq->v.ends && claimed) {
        rq->v.ends = 0;
        return page(c, MHD_HTTP_GONE, "Already finished", "This authorization has already been handled.");
    }
    return page(c, rq->v.status, rq->v.title, rq->v.text);
}

/* After the answer went out (or the client left): publish the outcome, wake the waiter, free the request. */
static void on_completed(void *cls, struct MHD_Connection *c, void **req_cls,
                         enum MHD_RequestTerminationCode toe)
{
    struct ag_callback *cb = cls;
    struct request *rq = *req_cls;
    (void)c, (void)toe;
    if (!rq)
        return;
    if (rq->v.ends) {
        pthread_mutex_lock(&cb->lock);
        if (!cb->done) {
            cb->done = 1;
            cb->rc = rq->v.rc;
            cb->err = rq->v.err;
            cb->result = rq->v.result;
            ag_oauth_result_init(&rq->v.result);
        }
        pthread_mutex_unlock(&cb->lock);
        ssize_t ignored = write(cb->wake[1], "x", 1); /* a full pipe already wakes the waiter */
        (void)ignored;
    }
    if (rq->judged)
        ag_oauth_result_free(&rq->v.result);
    ag_oauth_secret_free(rq->uri);
    free(rq);
    *req_cls = NULL;
}

/* ---- start ---- */

/* Address and path of the redirect URI; only loopback http with an explicit port is accepted. */
static int parse_redirect(const char *uri, struct sockaddr_storage *ss, int *port, char **path,
                          struct ag_error *err)
{
    char *scheme = NULL, *host = NULL, *port_text = NULL, *p = NULL;
    int64_t n = 0;
    int rc = 0;
    CURLU *h = curl_url();
    if (!h || curl_url_set(h, CURLUPART_URL, uri, 0) != CURLUE_OK ||
        curl_url_get(h, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
        curl_url_get(h, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
        curl_url_get(h, CURLUPART_PATH, &p, 0) != CURLUE_OK)
        rc = ag_error_set(err, AG_EUSAGE, "invalid redirect URI '%s'", uri);
    else if (strcmp(scheme, "http") != 0)
        rc = ag_error_set(err, AG_EUSAGE,
                          "the redirect URI '%s' must start with http:// (the local server has no TLS)", uri);
    else if (curl_url_get(h, CURLUPART_PORT, &port_text, 0) != CURLUE_OK ||
             ag_parse_i64(port_text, 1, 65535, &n))
        rc = ag_error_set(err, AG_EUSAGE,
                          "the redirect URI '%s' needs a port, e.g. http://127.0.0.1:3456/callback/", uri);
    if (rc == 0) {
        struct sockaddr_in *v4 = (struct sockaddr_in *)ss;
        struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)ss;
        memset(ss, 0, sizeof(*ss));
        if (strcmp(host, "127.0.0.1") == 0 || strcasecmp(host, "localhost") == 0) {
            v4->sin_family = AF_INET;
            v4->sin_port = htons((uint16_t)n);
            v4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        } else if (strcmp(host, "[::1]") == 0) {
            v6->sin6_family = AF_INET6;
            v6->sin6_port = htons((uint16_t)n);
            v6->sin6_addr = in6addr_loopback;
        } else {
            rc = ag_error_set(err, AG_EUSAGE,
                              "the redirect URI '%s' must be on 127.0.0.1, localhost or [::1]", uri);
        }
    }
    if (rc == 0 && !(*path = strdup(p)))
        rc = ag_error_set(err, AG_EFAIL, "out of memory");
    *port = (int)n;
    curl_free(scheme);
    curl_free(host);
    curl_free(port_text);
    curl_free(p);
    curl_url_cleanup(h);
    return rc;
}

/* Our own listening socket, so a busy port is reported precisely (MHD_start_daemon only says NULL). */
static int open_listener(const struct sockaddr_storage *ss, int port, const char *uri, struct ag_error *err)
{
    int one = 1, fd = socket(ss->ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    socklen_t len = ss->ss_family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
    if (fd < 0)
        return ag_error_set(err, AG_EFAIL, "cannot create the callback server's socket: %s", strerror(errno));
    /* SO_REUSEADDR only skips TIME_WAIT of a previous run; Linux still refuses a second listener. */
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (ss->ss_family == AF_INET6)
        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
    if (bind(fd, (const struct sockaddr *)ss, len) == 0 && listen(fd, BACKLOG) == 0)
        return fd;
    int e = errno;
    close(fd);
    if (e == EADDRINUSE)
        return ag_error_set(
            err, AG_EFAIL,
            "port %d is already in use, so the callback server cannot listen for '%s': stop what "
            "uses it, or pass --redirect-uri with another port (e.g. http://127.0.0.1:%d/callback/) "
            "and register that URI for the app",
            port, uri, port < 65535 ? port + 1 : port - 1);
    return ag_error_set(err, AG_EFAIL, "cannot listen on port %d for '%s': %s", port, uri, strerror(e));
}

static int open_wake_pipe(int fds[2])
{
    if (pipe(fds) < 0)
        return -1;
    for (int i = 0; i < 2; i++)
        if (fcntl(fds[i], F_SETFD, FD_CLOEXEC) < 0 || fcntl(fds[i], F_SETFL, O_NONBLOCK) < 0)
            return -1;
    return 0;
}

int ag_callback_start(const char *redirect_uri, const char *expected_state, struct ag_callback **out,
                      struct ag_error *err)
{
    struct sockaddr_storage ss = {0};
    int port = 0;
    struct ag_callback *cb = calloc(1, sizeof(*cb));
    if (!cb)
        return ag_error_set(err, AG_EFAIL, "out of memory");
    cb->listen_fd = cb->wake[0] = cb->wake[1] = -1;
    pthread_mutex_init(&cb->lock, NULL);
    int rc = parse_redirect(redirect_uri, &ss, &port, &cb->path, err);
    if (rc == 0 && !(cb->state = strdup(expected_state ? expected_state : "")))
        rc = ag_error_set(err, AG_EFAIL, "out of memory");
    if (rc == 0 && open_wake_pipe(cb->wake) < 0)
        rc = ag_error_set(err, AG_EFAIL, "cannot create a pipe: %s", strerror(errno));
    if (rc == 0 && (cb->listen_fd = open_listener(&ss, port, redirect_uri, err)) < 0)
        rc = cb->listen_fd;
    if (rc < 0)
        goto out;
    cb->daemon = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | (ss.ss_family == AF_INET6 ? MHD_USE_IPv6 : 0), 0,
        NULL, NULL, on_request, cb, MHD_OPTION_LISTEN_SOCKET, cb->listen_fd,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)MEMORY_LIMIT, MHD_OPTION_CONNECTION_LIMIT,
        CONNECTION_LIMIT, MHD_OPTION_CONNECTION_TIMEOUT, IDLE_TIMEOUT_S, MHD_OPTION_URI_LOG_CALLBACK, log_uri,
        cb, MHD_OPTION_NOTIFY_COMPLETED, on_completed, cb, MHD_OPTION_END);
    if (!cb->daemon) {
        rc = ag_error_set(err, AG_EFAIL, "cannot start the callback server for '%s'", redirect_uri);
        goto out;
    }
    cb->listen_fd = -1; /* MHD closes it when stopped */
    ag_debug("callback: listening for %s", redirect_uri);
    *out = cb;
    cb = NULL;
out:
    ag_callback_stop(cb);
    return rc;
}

/* ---- wait ---- */

/* 0 or a negative code once an outcome is in (moved to *out / err), 1 while there is none. */
static int take_outcome(struct ag_callback *cb, struct ag_oauth_result *out, struct ag_error *err)
{
    int rc = 1;
    pthread_mutex_lock(&cb->lock);
    if (cb->done) {
        rc = cb->rc;
        if (rc < 0) {
            ag_error_set(err, cb->err.code, "%s", cb->err.msg);
        } else {
            ag_oauth_result_free(out);
            *out = cb->result;
            ag_oauth_result_init(&cb->result);
        }
    }
    pthread_mutex_unlock(&cb->lock);
    return rc;
}

/* A pasted line: 1 to keep waiting, else the outcome (which also closes the server's door). */
static int use_pasted(struct ag_callback *cb, const char *line, struct ag_oauth_result *out,
                      struct ag_error *err)
{
    struct ag_oauth_result r;
    struct ag_error e = {0};
    int rc;
    ag_oauth_result_init(&r);
    line += strspn(line, " \t");
    if (!*line)
        return 1;
    if (ag_oauth_parse_callback(line, &r, &e) < 0 || (!r.code && !r.state && !r.error)) {
        ag_warn("cannot use the pasted text (%s): paste the whole address from the browser's address bar",
                e.code ? e.msg : "no code, state or error in it");
        ag_oauth_result_free(&r);
        return 1;
    }
    pthread_mutex_lock(&cb->lock);
    cb->claimed = 1;
    pthread_mutex_unlock(&cb->lock);
    rc = ag_oauth_check_callback(&r, cb->state, err);
    if (rc == 0) {
        ag_oauth_result_free(out);
        *out = r;
        ag_oauth_result_init(&r);
    }
    ag_oauth_result_free(&r);
    return rc;
}

/* Read what is available on *fd; complete lines go to use_pasted. End of input stops reading (*fd = -1). */
static int read_paste(struct ag_callback *cb, int *fd, struct ag_buf *line, struct ag_oauth_result *out,
                      struct ag_error *err)
{
    char chunk[1024];
    ssize_t n = read(*fd, chunk, sizeof(chunk));
    int rc = 1;
    if (n < 0)
        return errno == EINTR || errno == EAGAIN
                   ? 1
                   : ag_error_set(err, AG_EFAIL, "cannot read the pasted URL: %s", strerror(errno));
    if (n == 0) {
        *fd = -1;
        rc = use_pasted(cb, line->data, out, err);
        ag_buf_reset(line);
    }
    for (ssize_t i = 0; i < n && rc > 0; i++) {
        if (chunk[i] == '\n' || chunk[i] == '\r') {
            rc = use_pasted(cb, line->data, out, err);
            ag_buf_reset(line);
        } else if (ag_buf_append(line, &chunk[i], 1) < 0) {
            ag_warn("the pasted line is longer than %d bytes: ignored", PASTE_MAX);
            ag_buf_reset(line);
        }
    }
    OPENSSL_cleanse(chunk, sizeof(chunk));
    return rc;
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int ag_callback_wait(struct ag_callback *cb, int timeout_s, int paste_fd, struct ag_oauth_result *out,
                     struct ag_error *err)
{
    struct ag_buf line;
    int64_t deadline = now_ms() + (int64_t)(timeout_s > 0 ? timeout_s : 0) * 1000;
    int rc;
    ag_buf_init(&line, PASTE_MAX);
    while ((rc = take_outcome(cb, out, err)) > 0) {
        int64_t left = deadline - now_ms();
        if (timeout_s > 0 && left <= 0) {
            pthread_mutex_lock(&cb->lock);
            int ignored = cb->ignored;
            pthread_mutex_unlock(&cb->lock);
            rc = ignored
                     ? ag_error_set(err, AG_ETEMP,
                                    "timed out after %d s waiting for the authorization callback (%d "
                                    "request(s) with a wrong state were ignored: run 'authorize' again "
                                    "and finish it in the browser it opens)",
                                    timeout_s, ignored)
                     : ag_error_set(err, AG_ETEMP,
                                    "timed out after %d s waiting for the authorization callback", timeout_s);
            break;
        }
        struct pollfd fds[2] = {{.fd = cb->wake[0], .events = POLLIN}, {.fd = paste_fd, .events = POLLIN}};
        int n = poll(fds, paste_fd >= 0 ? 2 : 1, timeout_s > 0 ? (int)(left < INT_MAX ? left : INT_MAX) : -1);
        if (n < 0 && errno != EINTR) {
            rc = ag_error_set(err, AG_EFAIL, "cannot wait for the authorization callback: %s",
                              strerror(errno));
            break;
        }
        char drain[64];
        if (n > 0 && fds[0].revents)
            while (read(cb->wake[0], drain, sizeof(drain)) > 0)
                ;
        if (n > 0 && paste_fd >= 0 && fds[1].revents &&
            (rc = read_paste(cb, &paste_fd, &line, out, err)) <= 0)
            break;
    }
    ag_buf_free_secret(&line);
    return rc;
}

void ag_callback_stop(struct ag_callback *cb)
{
    if (!cb)
        return;
    if (cb->daemon)
        MHD_stop_daemon(cb->daemon);
    if (cb->listen_fd >= 0)
        close(cb->listen_fd);
    for (int i = 0; i < 2; i++)
        if (cb->wake[i] >= 0)
            close(cb->wake[i]);
    ag_oauth_result_free(&cb->result);
    ag_oauth_secret_free(cb->state);
    free(cb->path);
    pthread_mutex_destroy(&cb->lock);
    free(cb);
}
