#include "core/http.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <openssl/rand.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/http_mime.h"
#include "core/interrupt.h"
#include "core/log.h"
#include "core/netaddr.h"
#include "core/num.h"
#include "core/secret.h"
#include "core/url.h"

#define DEFAULT_MAX_RESPONSE ((uint64_t)1 << 20)
#define MAX_BACKOFF_MS       30000L
#define CONVENIENCE_ATTEMPTS 3    /* ag_http_post_json / ag_http_post_form */
#define QUIET_WAIT_MS        2000 /* longer waits before a retry are announced at INFO level */

static long backoff_base_ms = 500, retry_after_cap_s = 60; /* ag_http_set_backoff */
static pthread_once_t global_once = PTHREAD_ONCE_INIT;
static CURLcode global_rc = CURLE_FAILED_INIT;

/* State of one ag_http_perform, shared by the libcurl callbacks. */
struct xfer {
    CURL *curl;
    const struct ag_http_request *req;
    struct ag_http_response *res;
    uint64_t body_len;          /* bytes to send (memory or file range) */
    uint64_t sent;              /* upload position in this attempt */
    uint64_t received;          /* bytes written to download_fd in this attempt */
    uint64_t file_max;          /* bound for download_fd, 0 = none */
    off_t fd_start;             /* download_fd position to rewind to for a retry, -1 if not seekable */
    int overflow;               /* the response exceeded its bound */
    int read_errno;             /* error reading body_fd, or -1: the file is shorter than the range */
    int write_errno;            /* error writing download_fd */
    struct ag_error policy_err; /* code != 0: a redirect broke the URL policy */
    struct ag_error addr_err;   /* code != 0: a public_only request was about to reach a non-public address */
    int typed_loopback;         /* the URL as typed names localhost or a loopback address */
    const char *shown;          /* the URL as messages show it */
    struct curl_slist *headers; /* the request's header lines (without per-attempt auth) */
    int has_body;
    struct ag_http_mime mime; /* multipart body, if req->parts */
    char errbuf[CURL_ERROR_SIZE];
};

static void global_init(void)
{
    global_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

void ag_http_set_backoff(long base_ms, long max_retry_after_s)
{
    backoff_base_ms = base_ms >= 0 ? base_ms : 0;
    retry_after_cap_s = max_retry_after_s >= 0 ? max_retry_after_s : 0;
}

void ag_http_request_init(struct ag_http_request *req)
{
    memset(req, 0, sizeof(*req));
    req->method = "GET";
    req->body_fd = -1;
    req->download_fd = -1;
}

void ag_http_response_init(struct ag_http_response *res)
{
    memset(res, 0, sizeof(*res));
    ag_buf_init(&res->body, 0);
    ag_buf_init(&res->headers, 1 << 20);
    res->retry_after_s = -1;
}

static void clear_headers(struct ag_http_response *res)
{
    free(res->content_type);
    free(res->content_range);
    free(res->location);
    res->content_type = res->content_range = res->location = NULL;
    ag_buf_reset(&res->headers);
    res->content_length = 0;
    res->retry_after_s = -1;
}

void ag_http_response_free(struct ag_http_response *res)
{
    if (!res)
        return;
    clear_headers(res);
    ag_buf_free(&res->headers);
    /* Token endpoints answer with secrets: wipe every body. */
    ag_buf_free_secret(&res->body);
}

/* ---- URL policy ---- */

static int is_loopback_host(const char *host)
{
    if (strcasecmp(host, "localhost") == 0 || strcasecmp(host, "localhost.") == 0)
        return 1;
    struct in_addr a4;
    if (inet_pton(AF_INET, host, &a4) == 1)
        return (ntohl(a4.s_addr) >> 24) == 127;
    size_t n = strlen(host);
    char bare[INET6_ADDRSTRLEN];
    struct in6_addr a6;
    if (n < 3 || n - 2 >= sizeof(bare) || host[0] != '[' || host[n - 1] != ']')
        return 0;
    memcpy(bare, host + 1, n - 2);
    bare[n - 2] = '\0';
    return inet_pton(AF_INET6, bare, &a6) == 1 && IN6_IS_ADDR_LOOPBACK(&a6);
}

/*
 * Whether the host as typed in url is localhost or a loopback address written the usual way
 * (127.0.0.1, [::1]).  Not libcurl's parse: it turns 0x7f.1 or 2130706433 into 127.0.0.1, and
 * such a disguise is exactly what a public_only request must not let through.
 */
static int typed_loopback(const char *url)
{
    const char *p = strstr(url, "://");
    p = p ? p + 3 : url;
    size_t n = strcspn(p, "/?#");
    for (size_t i = n; i-- > 0;)
        if (p[i] == '@') {
            p += i + 1;
            n -= i + 1;
            break;
        }
    const char *close = p[0] == '[' ? memchr(p, ']', n) : NULL;
    size_t len = close ? (size_t)(close - p) + 1 : strcspn(p, ":/?#");
    char host[INET6_ADDRSTRLEN + 2];
    if (len > n || len >= sizeof(host))
        return 0;
    memcpy(host, p, len);
    host[len] = '\0';
    return is_loopback_host(host);
}

/* 1: allowed and the host is loopback, 0: allowed, < 0: refused (err set). Fills shown. */
static int check_url(const char *url, char *shown, size_t shown_size, struct ag_error *err)
{
    char *scheme = NULL, *host = NULL;
    int rc;
    CURLU *h = curl_url();
    if (!h)
        return ag_error_set(err, AG_EFAIL, "out of memory parsing a URL");
    ag_url_shown(url, shown, shown_size);
    CURLUcode uc = curl_url_set(h, CURLUPART_URL, url ? url : "", CURLU_NON_SUPPORT_SCHEME);
    if (uc == CURLUE_OK && (uc = curl_url_get(h, CURLUPART_SCHEME, &scheme, 0)) == CURLUE_OK)
        uc = curl_url_get(h, CURLUPART_HOST, &host, 0);
    if (uc != CURLUE_OK) {
        rc = ag_error_set(err, AG_EUSAGE, "invalid URL '%s': %s", shown, curl_url_strerror(uc));
        goto out;
    }
    int loopback = is_loopback_host(host);
    if (strcmp(scheme, "https") == 0 || (strcmp(scheme, "http") == 0 && loopback))
        rc = loopback;
    else if (strcmp(scheme, "http") == 0)
        rc = ag_error_set(err, AG_EUSAGE,
                          "refusing plain http to '%s': use https (plain http is only allowed to "
                          "127.0.0.0/8, ::1 and localhost)",
                          shown);
    else
        rc = ag_error_set(err, AG_EUSAGE, "refusing '%s': only https (or http to loopback) URLs are allowed",
                          shown);
out:
    curl_free(scheme);
    curl_free(host);
    curl_url_cleanup(h);
    return rc;
}

int ag_http_check_url(const char *url, struct ag_error *err)
{
    char shown[AG_URL_SHOWN_MAX];
    int rc = check_url(url, shown, sizeof(shown), err);
    return rc < 0 ? rc : 0;
}

static size_t read_body(char *dst, size_t size, size_t nitems, void *p)
{
    struct xfer *x = p;
    size_t n = size * nitems; /* libcurl guarantees no overflow */
    if ((uint64_t)n > x->body_len - x->sent)
        n = (size_t)(x->body_len - x->sent);
    if (n == 0)
        return 0;
    if (x->req->body_fd < 0) {
        memcpy(dst, (const char *)x->req->body + x->sent, n);
    } else {
        ssize_t r;
        do
            r = pread(x->req->body_fd, dst, n, (off_t)(x->req->file_offset + x->sent));
        while (r < 0 && errno == EINTR);
        if (r <= 0) {
            x->read_errno = r < 0 ? errno : -1;
            return CURL_READFUNC_ABORT;
        }
        n = (size_t)r;
    }
    x->sent += n;
    return n;
}

/* libcurl rewinds the body for redirects and auth retries. */
static int seek_body(void *p, curl_off_t offset, int origin)
{
    struct xfer *x = p;
    if (origin != SEEK_SET || offset < 0 || (uint64_t)offset > x->body_len)
        return CURL_SEEKFUNC_FAIL;
    x->sent = (uint64_t)offset;
    return CURL_SEEKFUNC_OK;
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static size_t write_body(char *data, size_t size, size_t nmemb, void *p)
{
    struct xfer *x = p;
    size_t n = size * nmemb;
    long status = 0;
    curl_easy_getinfo(x->curl, CURLINFO_RESPONSE_CODE, &status);
    /* Error answers go to memory even when downloading, so the caller can read them. */
    if (x->req->download_fd < 0 || status < 200 || status > 299) {
        x->overflow = ag_buf_append(&x->res->body, data, n) < 0;
        return x->overflow ? 0 : n;
    }
    x->overflow = x->file_max && (uint64_t)n > x->file_max - x->received;
    if (x->overflow)
        return 0;
    if (write_all(x->req->download_fd, data, n) < 0) {
        x->write_errno = errno;
        return 0;
    }
    x->received += n;
    return n;
}

/*
 * libcurl calls this several times a second during a transfer, idle or not: an interruption
 * (Ctrl-C) aborts it promptly.  A request that creates something is left to finish (see
 * core/interrupt.h): its answer is the only way to know whether the thing exists.
 */
static int check_interrupt(void *p, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                           curl_off_t ulnow)
{
    const struct xfer *x = p;
    (void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
    return x->req->idempotent && ag_interrupt_pending();
}

/* Runs before every request is sent, redirects included: the URL policy holds for each. */
static int check_before_send(void *p, char *primary_ip, char *local_ip, int primary_port, int local_port)
{
    struct xfer *x = p;
    char *url = NULL;
    char shown[AG_URL_SHOWN_MAX];
    (void)primary_ip, (void)local_ip, (void)primary_port, (void)local_port;
    if (curl_easy_getinfo(x->curl, CURLINFO_EFFECTIVE_URL, &url) != CURLE_OK || !url)
        ag_error_set(&x->policy_err, AG_EFAIL, "cannot tell where the request is going");
    else if (check_url(url, shown, sizeof(shown), &x->policy_err) >= 0)
        return CURL_PREREQFUNC_OK;
    return CURL_PREREQFUNC_ABORT;
}

/*
 * public_only requests (media URLs): the address libcurl is about to connect to, after DNS and for
 * every redirect hop, must be public.  Loopback is allowed only when the URL the user gave names it
 * outright (http://127.0.0.1:8080/, localhost): they typed it, and local test servers (the sandbox)
 * live there.  A DNS name, a redirect or a disguised literal that lands on loopback is refused.
 * With a proxy, the address checked is the proxy's.
 */
static curl_socket_t open_public_socket(void *p, curlsocktype purpose, struct curl_sockaddr *a)
{
    struct xfer *x = p;
    const char *kind = ag_netaddr_nonpublic(&a->addr);
    (void)purpose;
    if (kind && !(x->typed_loopback && strcmp(kind, "loopback") == 0)) {
        char ip[INET6_ADDRSTRLEN];
        ag_error_set(&x->addr_err, AG_EUSAGE,
                     "refusing to connect to %s (%s address) for '%s': media URLs must reach public hosts; "
                     "pass --allow-private-urls if this one is meant",
                     ag_netaddr_text(&a->addr, ip, sizeof(ip)), kind, x->shown);
        return CURL_SOCKET_BAD;
    }
    return socket(a->family, a->socktype | SOCK_CLOEXEC, a->protocol);
}

static int add_header(struct curl_slist **list, const char *line)
{
    struct curl_slist *t = curl_slist_append(*list, line);
    if (t)
        *list = t;
    return t ? 0 : -1;
}

/* On failure *out may hold a partial list: the caller frees it either way. */
static int build_headers(const struct ag_http_request *req, int has_body, struct curl_slist **out)
{
    struct ag_buf line;
    int rc = 0;
    ag_buf_init(&line, 0);
    /* "Expect:" turns off 100-continue, which costs a round trip (or a 1 s wait) per upload. */
    if (has_body)
        rc = add_header(out, "Expect:");
    if (rc == 0 && req->content_type)
        rc =
            ag_buf_printf(&line, "Content-Type: %s", req->content_type) < 0 ? -1 : add_header(out, line.data);
    for (const char *const *h = req->headers; rc == 0 && h && *h; h++)
        rc = add_header(out, *h);
    ag_buf_free(&line);
    return rc;
}

/* Returns non-zero if an option could not be set. */
static int set_method(struct xfer *x)
{
    const struct ag_http_request *req = x->req;
    const char *m = req->method ? req->method : "GET";
    CURL *c = x->curl;
    int bad = 0;
    if (strcmp(m, "GET") == 0)
        return curl_easy_setopt(c, CURLOPT_HTTPGET, 1L) != CURLE_OK;
    if (strcmp(m, "HEAD") == 0)
        return curl_easy_setopt(c, CURLOPT_NOBODY, 1L) != CURLE_OK;
    if (req->parts) {
        bad |= curl_easy_setopt(c, CURLOPT_MIMEPOST, x->mime.mime) != CURLE_OK;
        if (strcmp(m, "POST") != 0)
            bad |= curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, m) != CURLE_OK;
        return bad;
    }
    x->body_len = req->body_fd >= 0 ? req->file_len : req->body ? req->body_len : 0;
    bad |= curl_easy_setopt(c, CURLOPT_READFUNCTION, read_body) != CURLE_OK;
    bad |= curl_easy_setopt(c, CURLOPT_READDATA, x) != CURLE_OK;
    bad |= curl_easy_setopt(c, CURLOPT_SEEKFUNCTION, seek_body) != CURLE_OK;
    bad |= curl_easy_setopt(c, CURLOPT_SEEKDATA, x) != CURLE_OK;
    if (strcmp(m, "POST") == 0) {
        bad |= curl_easy_setopt(c, CURLOPT_POST, 1L) != CURLE_OK;
        return bad | (curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)x->body_len) != CURLE_OK);
    }
    /* PUT and anything else: an upload, so the body streams through read_body. */
    bad |= curl_easy_setopt(c, CURLOPT_UPLOAD, 1L) != CURLE_OK;
    bad |= curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)x->body_len) != CURLE_OK;
    if (strcmp(m, "PUT") != 0)
        bad |= curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, m) != CURLE_OK;
    return bad;
}

/*
 * AGORAS_HTTP_TIMEOUT_S (tests only, see http.h): an upper bound for every timeout, so fault
 * tests can stall the server for a few seconds instead of a minute.  Read here and nowhere else.
 */
static void cap_timeouts_for_tests(long *total, long *connect, long *low_speed)
{
    const char *v = getenv("AGORAS_HTTP_TIMEOUT_S");
    int64_t cap = 0;
    if (!v || !*v || ag_parse_i64(v, 1, 3600, &cap) < 0)
        return;
    if (*total > cap) /* 0 (unlimited) stays: a big transfer is bounded by low_speed */
        *total = (long)cap;
    if (*connect > cap)
        *connect = (long)cap;
    if (*low_speed > cap)
        *low_speed = (long)cap;
}

/* Returns non-zero if an option could not be set. */
static int set_options(struct xfer *x, int loopback)
{
    const struct ag_http_request *r = x->req;
    CURL *c = x->curl;
    long total = r->timeout_s > 0 ? r->timeout_s : r->timeout_s < 0 ? 0L : 60L;
    long connect = r->connect_timeout_s > 0 ? r->connect_timeout_s : 10L;
    long low_speed = r->low_speed_s > 0 ? r->low_speed_s : 30L;
    cap_timeouts_for_tests(&total, &connect, &low_speed);
    int bad = set_method(x);
    bad |= curl_easy_setopt(c, CURLOPT_URL, r->url) != CURLE_OK;
    bad |= curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L) != CURLE_OK;
    bad |= curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https") != CURLE_OK;
    bad |= curl_easy_setopt(c, CURLOPT_USERAGENT, "agoras/" AGORAS_VERSION) != CURLE_OK;
    bad |= curl_easy_setopt(c, CURLOPT_ERRORBUFFER, x->errbuf) != CURLE_OK;
    bad |= curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, write_body) != CURLE_OK;
    bad |= curl_easy_setopt(c, CURLOPT_WRITEDATA, x) != CURLE_OK;
    bad |= curl_easy_setopt(c, CURLOPT_PREREQFUNCTION, check_before_send) != CURLE_OK;
    bad |= curl_easy_setopt(c, CURLOPT_PREREQDATA, x) != CURLE_OK;
    bad |= curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L) != CURLE_OK;
    bad |= curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, check_interrupt) != CURLE_OK;
    bad |= curl_easy_setopt(c, CURLOPT_XFERINFODATA, x) != CURLE_OK;
    bad |= curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, connect) != CURLE_OK;
    bad |= curl_easy_setopt(c, CURLOPT_TIMEOUT, total) != CURLE_OK;
    bad |= curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L) != CURLE_OK;
    bad |= curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, low_speed) != CURLE_OK;
    /* See http.h: a request that is not idempotent must never be re-sent by libcurl on its own. */
    if (!r->idempotent) {
        bad |= curl_easy_setopt(c, CURLOPT_FRESH_CONNECT, 1L) != CURLE_OK;
        bad |= curl_easy_setopt(c, CURLOPT_FORBID_REUSE, 1L) != CURLE_OK;
    }
    /* A loopback host is never reached through a proxy from the environment. */
    if (loopback)
        bad |= curl_easy_setopt(c, CURLOPT_NOPROXY, "*") != CURLE_OK;
    if (r->bearer) { /* libcurl's own bearer auth: not re-sent to another host on a redirect */
        bad |= curl_easy_setopt(c, CURLOPT_HTTPAUTH, (long)CURLAUTH_BEARER) != CURLE_OK;
        bad |= curl_easy_setopt(c, CURLOPT_XOAUTH2_BEARER, r->bearer) != CURLE_OK;
    }
    if (r->public_only) {
        bad |= curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, open_public_socket) != CURLE_OK;
        bad |= curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, x) != CURLE_OK;
    }
    if (r->accept_encoding) /* "": every encoding libcurl decodes */
        bad |= curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "") != CURLE_OK;
    if (r->max_redirects > 0) {
        bad |= curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L) != CURLE_OK;
        bad |= curl_easy_setopt(c, CURLOPT_MAXREDIRS, (long)r->max_redirects) != CURLE_OK;
        bad |= curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https") != CURLE_OK;
    }
    return bad;
}

static char *header_dup(CURL *c, const char *name)
{
    struct curl_header *h;
    if (curl_easy_header(c, name, 0, CURLH_HEADER, -1, &h) != CURLHE_OK)
        return NULL;
    return strdup(h->value);
}

/* Keep every header of the last response (the final hop), each "Name: value" ending in a NUL. */
static void keep_all_headers(struct xfer *x)
{
    struct curl_header *prev = NULL, *h;
    while ((h = curl_easy_nextheader(x->curl, CURLH_HEADER, -1, prev)) != NULL) {
        if (ag_buf_printf(&x->res->headers, "%s: %s", h->name, h->value) < 0 ||
            ag_buf_append(&x->res->headers, "", 1) < 0)
            break; /* more than 1 MiB of headers: the rest are not kept */
        prev = h;
    }
}

const char *ag_http_header(const struct ag_http_response *res, const char *name)
{
    size_t n = strlen(name);
    const char *p = res->headers.data, *end = p + res->headers.len;
    for (; p < end; p += strlen(p) + 1)
        if (strncasecmp(p, name, n) == 0 && p[n] == ':')
            return p + n + 2;
    return NULL;
}

static void capture_headers(struct xfer *x)
{
    struct ag_http_response *res = x->res;
    curl_off_t length = -1;
    curl_easy_getinfo(x->curl, CURLINFO_RESPONSE_CODE, &res->status);
    curl_easy_getinfo(x->curl, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
    res->content_length = length > 0 ? (uint64_t)length : 0;
    res->content_type = header_dup(x->curl, "Content-Type");
    res->content_range = header_dup(x->curl, "Content-Range");
    res->location = header_dup(x->curl, "Location");
    keep_all_headers(x);
    char *after = header_dup(x->curl, "Retry-After"), *reset = header_dup(x->curl, "x-rate-limit-reset");
    res->retry_after_s = ag_http_wait_s(res->status, after, reset, res->body.data, res->body.len, time(NULL));
    free(after);
    free(reset);
}

/*
 * The header lines of one attempt: the request's, plus a fresh line from the auth hook.  Returns
 * 0 (*own set to a list to free with free_auth_headers, or NULL), or a negative code (err set).
 */
static int auth_headers(const struct xfer *x, struct curl_slist **own, struct ag_error *err)
{
    const struct ag_http_request *r = x->req;
    struct ag_buf line;
    *own = NULL;
    if (!r->auth)
        return 0;
    ag_buf_init(&line, 0);
    int rc = r->auth(r->auth_ctx, r->method ? r->method : "GET", r->url, &line, err);
    if (rc == 0 && (line.len == 0 || strpbrk(line.data, "\r\n") || !strchr(line.data, ':')))
        rc = ag_error_set(err, AG_EFAIL, "the authorization for '%s' is not one header line", x->shown);
    if (rc == 0 && (build_headers(r, x->has_body, own) < 0 || add_header(own, line.data) < 0))
        rc = ag_error_set(err, AG_EFAIL, "cannot set up the request to '%s'", x->shown);
    ag_buf_free_secret(&line);
    return rc < 0 ? rc : 0;
}

/* Free a list from auth_headers, wiping the authorization line (the last one). */
static void free_auth_headers(struct curl_slist *list)
{
    for (struct curl_slist *h = list; h; h = h->next)
        if (!h->next)
            ag_secret_wipe(h->data, strlen(h->data));
    curl_slist_free_all(list);
}

static CURLcode attempt(struct xfer *x, size_t mem_max, struct curl_slist *headers)
{
    int fd = x->req->download_fd;
    x->sent = x->received = 0;
    x->overflow = x->read_errno = x->write_errno = 0;
    x->errbuf[0] = '\0';
    ag_error_clear(&x->policy_err);
    x->res->status = 0;
    clear_headers(x->res);
    ag_buf_free_secret(&x->res->body); /* keeps nothing of an earlier attempt */
    ag_buf_init(&x->res->body, mem_max);
    if (fd >= 0 && x->res->attempts > 1 && x->fd_start >= 0 &&
        (lseek(fd, x->fd_start, SEEK_SET) < 0 || ftruncate(fd, x->fd_start) < 0))
        x->fd_start = -1; /* not a regular file after all: no retry once bytes were written */
    CURLcode cc = curl_easy_setopt(x->curl, CURLOPT_HTTPHEADER, headers);
    if (cc == CURLE_OK)
        cc = curl_easy_perform(x->curl);
    capture_headers(x);
    return cc;
}

/* Network failures where a retry may help (exit code: temporary failure). */
static int is_network_error(CURLcode cc)
{
    static const CURLcode network[] = {
        CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_CONNECT,
        CURLE_OPERATION_TIMEDOUT,   CURLE_GOT_NOTHING,           CURLE_SEND_ERROR,
        CURLE_RECV_ERROR,           CURLE_PARTIAL_FILE,          CURLE_HTTP2,
        CURLE_HTTP2_STREAM,         CURLE_SSL_CONNECT_ERROR,
    };
    for (size_t i = 0; i < sizeof(network) / sizeof(network[0]); i++)
        if (cc == network[i])
            return 1;
    return 0;
}

static int should_retry(const struct xfer *x, CURLcode cc)
{
    long status = x->res->status;
    long request_size = 0;
    if (x->received > 0 && x->fd_start < 0)
        return 0; /* part of the download went to a pipe: it cannot be taken back */
    /* A 429 says the server refused the request: re-sending it cannot duplicate anything. */
    if (cc == CURLE_OK)
        return status == 429 || (x->req->idempotent && status >= 500 && status <= 599);
    if (!is_network_error(cc) || x->overflow || x->read_errno || x->write_errno || x->policy_err.code ||
        x->addr_err.code)
        return 0;
    /* Nothing was sent: a retry cannot duplicate anything. */
    if (cc == CURLE_COULDNT_CONNECT || cc == CURLE_COULDNT_RESOLVE_HOST || cc == CURLE_COULDNT_RESOLVE_PROXY)
        return 1;
    curl_easy_getinfo(x->curl, CURLINFO_REQUEST_SIZE, &request_size);
    return x->req->idempotent || request_size == 0;
}

static long backoff_ms(int attempt_no, long retry_after_s)
{
    if (retry_after_s >= 0) /* at most the cap: see ag_http_perform */
        return retry_after_s * 1000L;
    long delay = backoff_base_ms;
    for (int i = 1; i < attempt_no && delay < MAX_BACKOFF_MS; i++)
        delay *= 2;
    unsigned int r = 0;
    if (backoff_base_ms > 0 && RAND_bytes((unsigned char *)&r, sizeof(r)) == 1)
        delay += (long)(r % (unsigned long)backoff_base_ms);
    return delay < MAX_BACKOFF_MS ? delay : MAX_BACKOFF_MS;
}

/* A wait of more than QUIET_WAIT_MS is announced: nobody should watch a silent terminal for a minute. */
static void announce_wait(const struct xfer *x, CURLcode cc, const char *shown, long ms, int max)
{
    char why[96];
    if (ms <= QUIET_WAIT_MS) {
        ag_debug("http: retrying '%s' in %ld ms", shown, ms);
        return;
    }
    if (cc == CURLE_OK && x->res->status == 429)
        snprintf(why, sizeof(why), "rate limit reached (HTTP 429%s)",
                 x->res->retry_after_s >= 0 ? " with Retry-After" : ""); /* or retry_after in its body */
    else if (cc == CURLE_OK)
        snprintf(why, sizeof(why), "HTTP %ld", x->res->status);
    else
        snprintf(why, sizeof(why), "%s", curl_easy_strerror(cc));
    ag_info("%s from '%s'; waiting %ld s before retrying (attempt %d of %d)", why, shown, (ms + 999) / 1000,
            x->res->attempts + 1, max);
}

static int transfer_error(const struct xfer *x, CURLcode cc, const char *shown, struct ag_error *err)
{
    int n = x->res->attempts;
    if (cc == CURLE_ABORTED_BY_CALLBACK && ag_interrupt_pending())
        return ag_interrupt_error(err, "during the request to '%s'", shown);
    if (x->addr_err.code)
        return ag_error_set(err, x->addr_err.code, "%s", x->addr_err.msg);
    if (x->policy_err.code) {
        ag_error_set(err, x->policy_err.code, "%s", x->policy_err.msg);
        return ag_error_wrap(err, "redirect from '%s'", shown);
    }
    if (x->overflow)
        return ag_error_set(err, AG_EFAIL,
                            "the response from '%s' is larger than the %" PRIu64 " bytes allowed", shown,
                            x->req->download_fd >= 0 && x->file_max ? x->file_max : x->res->body.max);
    if (x->read_errno)
        return ag_error_set(err, AG_EFAIL, "cannot read the body to upload to '%s': %s", shown,
                            x->read_errno < 0 ? "the file is shorter than the requested range"
                                              : strerror(x->read_errno));
    if (x->write_errno)
        return ag_error_set(err, AG_EFAIL, "cannot write the download from '%s': %s", shown,
                            strerror(x->write_errno));
    long request_size = 0;
    curl_easy_getinfo(x->curl, CURLINFO_REQUEST_SIZE, &request_size);
    /*
     * A request that creates something (a post, a token rotation) went out and no answer came
     * back: the server may well have carried it out, so "safe to retry" would be a lie.
     */
    if (is_network_error(cc) && !x->req->idempotent && request_size > 0)
        return ag_error_set(err, AG_EUNKNOWN,
                            "no answer from '%s' after the request was sent (%s): it may have been carried "
                            "out; check before trying again",
                            shown, x->errbuf[0] ? x->errbuf : curl_easy_strerror(cc));
    return ag_error_set(err, is_network_error(cc) ? AG_ETEMP : AG_EFAIL,
                        "request to '%s' failed after %d attempt%s: %s", shown, n, n == 1 ? "" : "s",
                        x->errbuf[0] ? x->errbuf : curl_easy_strerror(cc));
}

static void log_attempt(const struct xfer *x, CURLcode cc, const char *shown, int max)
{
    double t = 0;
    curl_easy_getinfo(x->curl, CURLINFO_TOTAL_TIME, &t);
    ag_debug("http: %s %s -> %ld%s%s (attempt %d/%d, %.3f s)", x->req->method ? x->req->method : "GET", shown,
             x->res->status, cc == CURLE_OK ? "" : ", ", cc == CURLE_OK ? "" : curl_easy_strerror(cc),
             x->res->attempts, max, t);
}

static int check_parts(const struct ag_http_request *req, struct ag_error *err)
{
    const char *m = req->method ? req->method : "GET";
    if (req->body || req->body_fd >= 0 || req->content_type)
        return ag_error_set(err, AG_EUSAGE, "a multipart request has no other body or Content-Type");
    if (strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0)
        return ag_error_set(err, AG_EUSAGE, "a multipart body cannot be sent with %s", m);
    for (const struct ag_http_part *p = req->parts; p->name; p++)
        if (!p->value && (p->fd < 0 || p->offset > INT64_MAX || p->len > INT64_MAX - p->offset))
            return ag_error_set(err, AG_EUSAGE,
                                "the multipart field '%s' has neither a value nor a file range", p->name);
    return 0;
}

static int check_request(const struct ag_http_request *req, struct ag_error *err)
{
    if (req->parts && check_parts(req, err) < 0)
        return -AG_EUSAGE;
    if (req->body_fd >= 0 && (req->file_offset > INT64_MAX || req->file_len > INT64_MAX - req->file_offset))
        return ag_error_set(err, AG_EUSAGE, "upload range too large");
    if (req->body_fd < 0 && req->body_len > 0 && !req->body)
        return ag_error_set(err, AG_EUSAGE, "request body missing");
    pthread_once(&global_once, global_init);
    if (global_rc != CURLE_OK)
        return ag_error_set(err, AG_EFAIL, "cannot initialise libcurl: %s", curl_easy_strerror(global_rc));
    return 0;
}

int ag_http_perform(const struct ag_http_request *req, struct ag_http_response *res, struct ag_error *err)
{
    char shown[AG_URL_SHOWN_MAX];
    struct xfer x = {.req = req, .res = res, .fd_start = -1, .shown = shown};
    int max = req->max_attempts > 0 ? req->max_attempts : 1;
    int loopback = check_url(req->url, shown, sizeof(shown), err);
    x.typed_loopback = loopback > 0 && typed_loopback(req->url);
    int rc = loopback < 0 ? loopback : check_request(req, err);
    if (rc < 0)
        return rc;
    if (req->bearer)
        ag_log_add_secret(req->bearer);
    x.has_body = req->body_fd >= 0 || req->body || req->parts;
    x.curl = curl_easy_init();
    if (!x.curl || build_headers(req, x.has_body, &x.headers) < 0 ||
        (req->parts && ag_http_mime_build(&x.mime, x.curl, req->parts, &x.read_errno) < 0) ||
        set_options(&x, loopback)) {
        rc = ag_error_set(err, AG_EFAIL, "cannot set up the request to '%s'", shown);
        goto out;
    }
    x.file_max = req->max_response;
    if (req->download_fd >= 0)
        x.fd_start = lseek(req->download_fd, 0, SEEK_CUR);
    size_t mem_max =
        req->download_fd < 0 && req->max_response ? (size_t)req->max_response : DEFAULT_MAX_RESPONSE;
    long max_wait_s = req->max_wait_s > 0 ? req->max_wait_s : retry_after_cap_s;
    struct curl_slist *auth = NULL;
    CURLcode cc;
    for (res->attempts = 1;; res->attempts++) {
        if (ag_interrupt_pending()) { /* nothing of this attempt was sent */
            rc = ag_interrupt_error(err, "before the request to '%s' was sent", shown);
            goto out;
        }
        if ((rc = auth_headers(&x, &auth, err)) < 0)
            goto out;
        cc = attempt(&x, mem_max, auth ? auth : x.headers);
        curl_easy_setopt(x.curl, CURLOPT_HTTPHEADER, x.headers); /* before the list goes */
        free_auth_headers(auth);
        log_attempt(&x, cc, shown, max);
        if (res->attempts >= max || !should_retry(&x, cc))
            break;
        long wait_s = cc == CURLE_OK ? res->retry_after_s : -1;
        if (wait_s > max_wait_s) { /* not slept: the caller says "retry after N s" */
            ag_debug("http: '%s' asks to wait %ld s, more than %ld s: not retrying", shown, wait_s,
                     max_wait_s);
            break;
        }
        long ms = backoff_ms(res->attempts, wait_s);
        announce_wait(&x, cc, shown, ms, max);
        if (ag_interrupt_sleep_ms(ms) < 0) {
            rc = ag_interrupt_error(err, "while waiting to retry the request to '%s'", shown);
            goto out;
        }
    }
    rc = cc == CURLE_OK ? 0 : transfer_error(&x, cc, shown, err);
out:
    curl_easy_cleanup(x.curl);
    ag_http_mime_free(&x.mime);
    curl_slist_free_all(x.headers);
    return rc;
}

/* ---- convenience: POST and parse a JSON answer ---- */

static int post_parse(const char *url, const char *bearer, const char *type, const char *body, size_t len,
                      int idempotent, long *status, json_t **out, struct ag_error *err)
{
    struct ag_http_request req;
    struct ag_http_response res;
    ag_http_request_init(&req);
    ag_http_response_init(&res);
    req.method = "POST";
    req.url = url;
    req.bearer = bearer;
    req.content_type = type;
    req.body = body;
    req.body_len = len;
    req.idempotent = idempotent;
    req.max_attempts = CONVENIENCE_ATTEMPTS;
    int rc = ag_http_perform(&req, &res, err);
    if (rc == 0) {
        *status = res.status;
        *out = json_loadb(res.body.data, res.body.len, 0, NULL);
    }
    ag_http_response_free(&res);
    return rc;
}

int ag_http_post_json(const char *url, const char *bearer, json_t *body, int idempotent, long *status,
                      json_t **out, struct ag_error *err)
{
    char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
    if (body && !text)
        return ag_error_set(err, AG_EFAIL, "cannot encode the JSON request body");
    int rc = post_parse(url, bearer, "application/json; charset=UTF-8", text ? text : "",
                        text ? strlen(text) : 0, idempotent, status, out, err);
    free(text);
    return rc;
}

static void free_escaped(char *s)
{
    if (s)
        ag_secret_wipe(s, strlen(s));
    curl_free(s);
}

int ag_http_post_form(const char *url, const char *const *fields, int idempotent, long *status, json_t **out,
                      struct ag_error *err)
{
    struct ag_buf form;
    int rc = 0;
    ag_buf_init(&form, 0);
    for (size_t i = 0; fields && fields[i]; i += 2) {
        if (!fields[i + 1])
            continue;
        char *k = curl_easy_escape(NULL, fields[i], 0);
        char *v = curl_easy_escape(NULL, fields[i + 1], 0);
        if (!k || !v || ag_buf_printf(&form, "%s%s=%s", form.len ? "&" : "", k, v) < 0)
            rc = ag_error_set(err, AG_EFAIL, "cannot encode the form field '%s'", fields[i]);
        free_escaped(k);
        free_escaped(v);
        if (rc < 0)
            goto out;
    }
    rc = post_parse(url, NULL, "application/x-www-form-urlencoded", form.data, form.len, idempotent, status,
                    out, err);
out:
    ag_buf_free_secret(&form);
    return rc;
}
