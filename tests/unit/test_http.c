/* Unit tests for core/http.c against a libmicrohttpd server inside the test process (127.0.0.1 only). */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <netinet/in.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <microhttpd.h>

#include "core/http.h"
#include "core/log.h"

#define DOWNLOAD_SIZE 100000
#define FILE_SIZE     1000
#define BIG_PART      (3u << 20) /* a multipart file part of several MB */
#define MAX_BODY      (8u << 20) /* what the fake server accepts */
#define AUTH_SEEN     4

static struct {
    struct MHD_Daemon *daemon;
    unsigned short port;
    pthread_mutex_t lock;
    int hits;
    const char *expect_body; /* what /put must receive */
    size_t expect_len;
    const char *expect_range;
    struct ag_buf last_body; /* body and Content-Type of the last /multipart request */
    char last_type[256];
    char auth_seen[AUTH_SEEN][128]; /* Authorization of each /auth503 request */
} srv = {.lock = PTHREAD_MUTEX_INITIALIZER};

static char pattern[DOWNLOAD_SIZE];

static int count_hit(void)
{
    pthread_mutex_lock(&srv.lock);
    int n = ++srv.hits;
    pthread_mutex_unlock(&srv.lock);
    return n;
}

static int hits(void)
{
    pthread_mutex_lock(&srv.lock);
    int n = srv.hits;
    pthread_mutex_unlock(&srv.lock);
    return n;
}

static enum MHD_Result reply(struct MHD_Connection *c, unsigned int status, const char *type,
                             const void *data, size_t len, const char *hname, const char *hvalue)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(len, (void *)data, MHD_RESPMEM_MUST_COPY);
    if (type)
        MHD_add_response_header(r, "Content-Type", type);
    if (hname)
        MHD_add_response_header(r, hname, hvalue);
    enum MHD_Result rc = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return rc;
}

static enum MHD_Result echo(struct MHD_Connection *c, const char *method, struct ag_buf *body)
{
    const char *auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
    const char *type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
    json_t *o = json_pack("{s:s, s:s, s:s, s:s%}", "method", method, "auth", auth ? auth : "", "type",
                          type ? type : "", "body", body->data, body->len);
    char *text = json_dumps(o, JSON_COMPACT);
    enum MHD_Result rc = reply(c, 200, "application/json", text, strlen(text), NULL, NULL);
    free(text);
    json_decref(o);
    return rc;
}

static enum MHD_Result check_put(struct MHD_Connection *c, const char *method, struct ag_buf *body)
{
    const char *range = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Range");
    const char *type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
    const char *why = strcmp(method, "PUT") != 0                            ? "not a PUT"
                      : !range || strcmp(range, srv.expect_range) != 0      ? "wrong Content-Range"
                      : !type || strcmp(type, "video/mp4") != 0             ? "wrong Content-Type"
                      : body->len != srv.expect_len                         ? "wrong length"
                      : memcmp(body->data, srv.expect_body, body->len) != 0 ? "wrong bytes"
                                                                            : NULL;
    return why ? reply(c, 400, "text/plain", why, strlen(why), NULL, NULL)
               : reply(c, 201, "text/plain", "ok", 2, NULL, NULL);
}

/* /multipart: keeps what arrived for the test to parse; the first answer is a 429 when asked (?fail=1). */
static enum MHD_Result multipart(struct MHD_Connection *c, int n, struct ag_buf *body)
{
    const char *type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
    const char *fail = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "fail");
    pthread_mutex_lock(&srv.lock);
    ag_buf_reset(&srv.last_body);
    int stored = ag_buf_append(&srv.last_body, body->data, body->len);
    snprintf(srv.last_type, sizeof(srv.last_type), "%s", type ? type : "");
    pthread_mutex_unlock(&srv.lock);
    if (stored < 0)
        return reply(c, 413, "text/plain", "too big", 7, NULL, NULL);
    if (n == 1 && fail)
        return reply(c, 429, "text/plain", "slow down", 9, "Retry-After", "0");
    return reply(c, 200, "text/plain", "ok", 2, NULL, NULL);
}

/* /limited?how=header|reset|json|telegram&s=N: a 429 saying "wait N s" that way, then 200. */
static enum MHD_Result limited(struct MHD_Connection *c, int n)
{
    const char *how = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "how");
    const char *secs = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "s");
    char text[160], value[32];
    long s_ = secs ? atol(secs) : 0;
    if (n > 1 || !how)
        return reply(c, 200, "application/json", "{}", 2, NULL, NULL);
    if (strcmp(how, "header") == 0) {
        snprintf(value, sizeof(value), "%ld", s_);
        return reply(c, 429, "text/plain", "", 0, "Retry-After", value);
    }
    if (strcmp(how, "reset") == 0) {
        snprintf(value, sizeof(value), "%lld", (long long)time(NULL) + s_);
        return reply(c, 429, "application/json", "{}", 2, "x-rate-limit-reset", value);
    }
    if (strcmp(how, "json") == 0)
        snprintf(text, sizeof(text), "{\"retry_after\":%ld}", s_);
    else
        snprintf(text, sizeof(text),
                 "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after %ld\","
                 "\"parameters\":{\"retry_after\":%ld}}",
                 s_, s_);
    return reply(c, 429, "application/json", text, strlen(text), NULL, NULL);
}

/* /auth503: records each Authorization; the first answer is a 503. */
static enum MHD_Result auth503(struct MHD_Connection *c, int n)
{
    const char *auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
    if (n <= AUTH_SEEN)
        snprintf(srv.auth_seen[n - 1], sizeof(srv.auth_seen[0]), "%s", auth ? auth : "");
    return n == 1 ? reply(c, 503, "text/plain", "busy", 4, NULL, NULL)
                  : reply(c, 200, "application/json", "{}", 2, NULL, NULL);
}

static enum MHD_Result route(struct MHD_Connection *c, const char *url, const char *method,
                             struct ag_buf *body)
{
    int n = count_hit();
    if (strcmp(url, "/multipart") == 0)
        return multipart(c, n, body);
    if (strcmp(url, "/limited") == 0)
        return limited(c, n);
    if (strcmp(url, "/auth503") == 0)
        return auth503(c, n);
    if (strcmp(url, "/echo") == 0)
        return echo(c, method, body);
    if (strcmp(url, "/flaky") == 0)
        return n == 1 ? reply(c, 429, "text/plain", "slow down", 9, NULL, NULL)
                      : reply(c, 200, "application/json", "{}", 2, NULL, NULL);
    if (strcmp(url, "/retry-after") == 0)
        return n == 1 ? reply(c, 503, "text/plain", "busy", 4, "Retry-After", "1")
                      : reply(c, 200, "application/json", "{}", 2, NULL, NULL);
    if (strcmp(url, "/fail500") == 0)
        return reply(c, 500, "text/plain", "oops", 4, NULL, NULL);
    if (strcmp(url, "/slow") == 0) {
        struct timespec ts = {.tv_sec = 1, .tv_nsec = 500000000L};
        nanosleep(&ts, NULL);
        return reply(c, 200, "text/plain", "late", 4, NULL, NULL);
    }
    if (strcmp(url, "/put") == 0)
        return check_put(c, method, body);
    if (strcmp(url, "/big") == 0)
        return reply(c, 200, "application/octet-stream", pattern, 4096, NULL, NULL);
    if (strcmp(url, "/download") == 0)
        return reply(c, 200, "video/mp4", pattern, DOWNLOAD_SIZE, "Content-Range", "bytes 0-99999/100000");
    if (strcmp(url, "/redirect") == 0)
        return reply(c, 302, "text/plain", "", 0, "Location", "/echo");
    if (strcmp(url, "/redirect-out") == 0) {
        /* 0.0.0.0 reaches this host on Linux but is not a loopback address: the policy must refuse it. */
        char to[64];
        snprintf(to, sizeof(to), "http://0.0.0.0:%u/echo", (unsigned)srv.port);
        return reply(c, 302, "text/plain", "", 0, "Location", to);
    }
    return reply(c, 404, "text/plain", "no", 2, NULL, NULL);
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                               const char *version, const char *upload_data, size_t *upload_data_size,
                               void **req_cls)
{
    struct ag_buf *body = *req_cls;
    (void)cls, (void)version;
    if (!body) {
        body = malloc(sizeof(*body));
        if (!body)
            return MHD_NO;
        ag_buf_init(body, MAX_BODY);
        *req_cls = body;
        return MHD_YES;
    }
    if (*upload_data_size) {
        if (ag_buf_append(body, upload_data, *upload_data_size) < 0)
            return MHD_NO;
        *upload_data_size = 0;
        return MHD_YES;
    }
    return route(c, url, method, body);
}

static void completed(void *cls, struct MHD_Connection *c, void **req_cls,
                      enum MHD_RequestTerminationCode toe)
{
    struct ag_buf *body = *req_cls;
    (void)cls, (void)c, (void)toe;
    if (body) {
        ag_buf_free(body);
        free(body);
        *req_cls = NULL;
    }
}

static int start_server(void **state)
{
    (void)state;
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = 0};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    for (size_t i = 0; i < sizeof(pattern); i++)
        pattern[i] = (char)('a' + (i * 7 + i / 251) % 26);
    srv.daemon = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION, 0, NULL,
                                  NULL, handler, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
                                  MHD_OPTION_NOTIFY_COMPLETED, completed, NULL, MHD_OPTION_END);
    if (!srv.daemon)
        return -1;
    srv.port = MHD_get_daemon_info(srv.daemon, MHD_DAEMON_INFO_BIND_PORT)->port;
    ag_buf_init(&srv.last_body, MAX_BODY);
    ag_http_set_backoff(1, 2);
    ag_log_set_level(AG_LOG_DEBUG);
    return 0;
}

static int stop_server(void **state)
{
    (void)state;
    MHD_stop_daemon(srv.daemon);
    ag_buf_free(&srv.last_body);
    ag_log_clear_secrets();
    return 0;
}

static int reset_hits(void **state)
{
    (void)state;
    pthread_mutex_lock(&srv.lock);
    srv.hits = 0;
    memset(srv.auth_seen, 0, sizeof(srv.auth_seen));
    pthread_mutex_unlock(&srv.lock);
    return 0;
}

static const char *url_for(const char *path)
{
    static char url[160];
    snprintf(url, sizeof(url), "http://127.0.0.1:%u%s", (unsigned)srv.port, path);
    return url;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_json_post_round_trip(void **state)
{
    (void)state;
    struct ag_error err = {0};
    json_t *body = json_pack("{s:i, s:s}", "n", 42, "s", "caf\xc3\xa9 \"q\"");
    json_t *out = NULL;
    long status = 0;
    assert_int_equal(ag_http_post_json(url_for("/echo"), "tok-secret-123", body, 0, &status, &out, &err), 0);
    assert_int_equal(status, 200);
    assert_non_null(out);
    assert_string_equal(json_string_value(json_object_get(out, "method")), "POST");
    assert_string_equal(json_string_value(json_object_get(out, "auth")), "Bearer tok-secret-123");
    assert_string_equal(json_string_value(json_object_get(out, "type")), "application/json; charset=UTF-8");
    json_t *sent = json_loads(json_string_value(json_object_get(out, "body")), 0, NULL);
    assert_true(json_equal(sent, body));
    json_decref(sent);
    json_decref(out);
    json_decref(body);
}

static void test_form_post_encoding(void **state)
{
    (void)state;
    struct ag_error err = {0};
    const char *fields[] = {"a", "x y&z=1", "skipped", NULL, "c", "caf\xc3\xa9/~", NULL};
    json_t *out = NULL;
    long status = 0;
    assert_int_equal(ag_http_post_form(url_for("/echo"), fields, 0, &status, &out, &err), 0);
    assert_int_equal(status, 200);
    assert_string_equal(json_string_value(json_object_get(out, "body")), "a=x%20y%26z%3D1&c=caf%C3%A9%2F~");
    assert_string_equal(json_string_value(json_object_get(out, "type")), "application/x-www-form-urlencoded");
    assert_string_equal(json_string_value(json_object_get(out, "auth")), "");
    json_decref(out);
}

/* GET with the given attempts/idempotency; returns ag_http_perform's result. */
static int get(const char *path, const char *method, int attempts, int idempotent,
               struct ag_http_response *res, struct ag_error *err)
{
    struct ag_http_request req;
    ag_http_request_init(&req);
    req.method = method;
    req.url = url_for(path);
    req.max_attempts = attempts;
    req.idempotent = idempotent;
    req.timeout_s = 1;
    return ag_http_perform(&req, res, err);
}

static void test_429_then_200(void **state)
{
    (void)state;
    struct ag_error err = {0};
    struct ag_http_response res;
    ag_http_response_init(&res);
    assert_int_equal(get("/flaky", "GET", 3, 1, &res, &err), 0);
    assert_int_equal(res.status, 200);
    assert_int_equal(res.attempts, 2);
    assert_int_equal(hits(), 2);
    ag_http_response_free(&res);
}

static void test_retry_after_honoured(void **state)
{
    (void)state;
    struct ag_error err = {0};
    struct ag_http_response res;
    ag_http_response_init(&res);
    double t0 = now_s();
    assert_int_equal(get("/retry-after", "GET", 3, 1, &res, &err), 0);
    assert_true(now_s() - t0 >= 1.0);
    assert_int_equal(res.status, 200);
    assert_int_equal(res.attempts, 2);
    assert_int_equal(res.retry_after_s, -1); /* the final answer had none */
    ag_http_response_free(&res);
}

static void test_500_post_not_retried(void **state)
{
    (void)state;
    struct ag_error err = {0};
    struct ag_http_response res;
    ag_http_response_init(&res);
    assert_int_equal(get("/fail500", "POST", 3, 0, &res, &err), 0);
    assert_int_equal(res.status, 500);
    assert_int_equal(res.attempts, 1);
    assert_int_equal(hits(), 1);
    /* The same request marked idempotent is retried up to max_attempts. */
    assert_int_equal(get("/fail500", "POST", 3, 1, &res, &err), 0);
    assert_int_equal(res.status, 500);
    assert_int_equal(res.attempts, 3);
    assert_int_equal(hits(), 4);
    ag_http_response_free(&res);
}

static unsigned short closed_port(void)
{
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = 0};
    socklen_t len = sizeof(sa);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
    assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
    close(fd);
    return ntohs(sa.sin_port);
}

static void test_connection_refused(void **state)
{
    (void)state;
    char url[64];
    struct ag_error err = {0};
    struct ag_http_request req;
    struct ag_http_response res;
    snprintf(url, sizeof(url), "http://127.0.0.1:%u/x?token=hidden", (unsigned)closed_port());
    ag_http_request_init(&req);
    ag_http_response_init(&res);
    req.method = "POST"; /* not idempotent, but nothing was sent: retried anyway */
    req.url = url;
    req.max_attempts = 3;
    assert_int_equal(ag_http_perform(&req, &res, &err), -AG_ETEMP);
    assert_int_equal(err.code, AG_ETEMP);
    assert_int_equal(res.attempts, 3);
    assert_int_equal(res.status, 0);
    assert_non_null(strstr(err.msg, "failed after 3 attempts"));
    assert_non_null(strstr(err.msg, "/x'"));
    assert_null(strstr(err.msg, "hidden"));
    ag_http_response_free(&res);
}

static void test_timeout(void **state)
{
    (void)state;
    struct ag_error err = {0};
    struct ag_http_response res;
    ag_http_response_init(&res);
    double t0 = now_s();
    assert_int_equal(get("/slow", "GET", 1, 1, &res, &err), -AG_ETEMP);
    assert_true(now_s() - t0 < 1.4);
    assert_non_null(strstr(err.msg, "timed out"));
    ag_http_response_free(&res);
}

static void test_url_policy(void **state)
{
    (void)state;
    struct ag_error err = {0};
    const char *ok[] = {"https://open.tiktokapis.com/v2/",
                        "http://127.0.0.1:3456/cb",
                        "http://127.9.8.7/",
                        "http://[::1]:80/",
                        "http://LOCALHOST:1/",
                        "HTTPS://example.com"};
    const char *bad[] = {"http://example.com/x",
                         "http://127.example.com/",
                         "http://[::2]/",
                         "http://10.0.0.1/",
                         "ftp://127.0.0.1/x",
                         "file:///etc/passwd",
                         "gopher://localhost/",
                         "not a url",
                         ""};
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
        assert_int_equal(ag_http_check_url(ok[i], &err), 0);
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(ag_http_check_url(bad[i], &err), -AG_EUSAGE);
        assert_int_equal(err.code, AG_EUSAGE);
    }
    /* Refused before any network use, and no secret from the URL in the message. */
    struct ag_http_response res;
    struct ag_http_request req;
    ag_http_response_init(&res);
    ag_http_request_init(&req);
    req.url = "http://user:pw-secret@example.com/path?access_token=tok-secret";
    assert_int_equal(ag_http_perform(&req, &res, &err), -AG_EUSAGE);
    assert_non_null(strstr(err.msg, "refusing plain http to 'http://example.com/path'"));
    assert_null(strstr(err.msg, "secret"));
    assert_int_equal(res.attempts, 0);
    req.url = "ftp://127.0.0.1/x";
    assert_int_equal(ag_http_perform(&req, &res, &err), -AG_EUSAGE);
    assert_non_null(strstr(err.msg, "ftp://127.0.0.1/x"));
    ag_http_response_free(&res);
}

static int temp_file(const char *data, size_t len)
{
    char path[] = "/tmp/agoras-test-http-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    unlink(path);
    assert_int_equal(write(fd, data, len), (ssize_t)len);
    return fd;
}

static void test_put_file_range(void **state)
{
    (void)state;
    struct ag_error err = {0};
    struct ag_http_request req;
    struct ag_http_response res;
    const char *headers[] = {"Content-Range: bytes 100-399/1000", NULL};
    int fd = temp_file(pattern, FILE_SIZE);
    srv.expect_body = pattern + 100;
    srv.expect_len = 300;
    srv.expect_range = "bytes 100-399/1000";
    ag_http_request_init(&req);
    ag_http_response_init(&res);
    req.method = "PUT";
    req.url = url_for("/put");
    req.content_type = "video/mp4";
    req.headers = headers;
    req.body_fd = fd;
    req.file_offset = 100;
    req.file_len = 300;
    assert_int_equal(ag_http_perform(&req, &res, &err), 0);
    assert_string_equal(res.body.data, "ok");
    assert_int_equal(res.status, 201);
    /* A range past the end of the file is an error, not a short upload. */
    req.file_offset = 900;
    assert_int_equal(ag_http_perform(&req, &res, &err), -AG_EFAIL);
    assert_non_null(strstr(err.msg, "shorter than the requested range"));
    ag_http_response_free(&res);
    close(fd);
}

static void test_response_too_large(void **state)
{
    (void)state;
    struct ag_error err = {0};
    struct ag_http_request req;
    struct ag_http_response res;
    ag_http_request_init(&req);
    ag_http_response_init(&res);
    req.url = url_for("/big");
    req.max_response = 1000;
    assert_int_equal(ag_http_perform(&req, &res, &err), -AG_EFAIL);
    assert_non_null(strstr(err.msg, "larger than the 1000 bytes allowed"));
    req.max_response = 4096; /* exactly the size is fine */
    assert_int_equal(ag_http_perform(&req, &res, &err), 0);
    assert_int_equal(res.body.len, 4096);
    ag_http_response_free(&res);
}

static void test_download_fd(void **state)
{
    (void)state;
    struct ag_error err = {0};
    struct ag_http_request req;
    struct ag_http_response res;
    static char got[DOWNLOAD_SIZE + 1];
    int fd = temp_file("", 0);
    ag_http_request_init(&req);
    ag_http_response_init(&res);
    req.url = url_for("/download");
    req.download_fd = fd;
    assert_int_equal(ag_http_perform(&req, &res, &err), 0);
    assert_int_equal(res.status, 200);
    assert_int_equal(res.body.len, 0);
    assert_int_equal(res.content_length, DOWNLOAD_SIZE);
    assert_string_equal(res.content_type, "video/mp4");
    assert_string_equal(res.content_range, "bytes 0-99999/100000");
    /* Every header of the answer is kept, looked up by any case; absent ones are NULL. */
    assert_string_equal(ag_http_header(&res, "content-range"), "bytes 0-99999/100000");
    assert_string_equal(ag_http_header(&res, "CONTENT-TYPE"), "video/mp4");
    assert_null(ag_http_header(&res, "content"));
    assert_null(ag_http_header(&res, "ETag"));
    assert_int_equal(pread(fd, got, sizeof(got), 0), DOWNLOAD_SIZE);
    assert_memory_equal(got, pattern, DOWNLOAD_SIZE);
    /* A bound on the download is enforced too. */
    req.max_response = 50000;
    assert_int_equal(ag_http_perform(&req, &res, &err), -AG_EFAIL);
    ag_http_response_free(&res);
    close(fd);
}

static void test_redirects(void **state)
{
    (void)state;
    struct ag_error err = {0};
    struct ag_http_response res;
    ag_http_response_init(&res);
    assert_int_equal(get("/redirect", "GET", 1, 1, &res, &err), 0);
    assert_int_equal(res.status, 302);
    assert_string_equal(res.location, "/echo");
    struct ag_http_request req;
    ag_http_request_init(&req);
    req.url = url_for("/redirect");
    req.max_redirects = 2;
    assert_int_equal(ag_http_perform(&req, &res, &err), 0);
    assert_int_equal(res.status, 200);
    assert_null(res.location);
    /* Every hop obeys the URL policy: a redirect to plain http off loopback is refused before sending. */
    req.url = url_for("/redirect-out");
    assert_int_equal(ag_http_perform(&req, &res, &err), -AG_EUSAGE);
    assert_non_null(strstr(err.msg, "redirect from '"));
    assert_non_null(strstr(err.msg, "refusing plain http to 'http://0.0.0.0:"));
    assert_int_equal(hits(), 4); /* the refused hop never arrived */
    ag_http_response_free(&res);
}

/*
 * public_only (media URLs): the resolved address is checked at connect time.  Loopback is allowed
 * only when the URL names it outright; disguised forms, names that resolve to loopback (libcurl
 * resolves *.localhost itself, no DNS) and 0.0.0.0 are refused before anything is sent.
 */
static void test_public_only(void **state)
{
    (void)state;
    struct ag_error err = {0};
    struct ag_http_request req;
    struct ag_http_response res;
    char url[160];
    static const char *const allowed[] = {"http://127.0.0.1", "http://localhost", "http://user:pw@127.0.0.1"};
    static const char *const refused[] = {
        "http://2130706433",       "http://0x7f000001",          "http://0177.0.0.1",       "http://127.1",
        "https://0.0.0.0",         "https://[::ffff:127.0.0.1]", "https://media.localhost", "https://0x7f.1",
        "https://user@2130706433",
    };
    ag_http_request_init(&req);
    req.public_only = 1;
    req.max_attempts = 3;
    for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++) {
        ag_http_response_init(&res);
        snprintf(url, sizeof(url), "%s:%u/echo?x=1", allowed[i], (unsigned)srv.port);
        req.url = url;
        if (ag_http_perform(&req, &res, &err) != 0 || res.status != 200)
            fail_msg("%s refused: %s", url, err.msg);
        ag_http_response_free(&res);
    }
    assert_int_equal(hits(), 3);
    for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
        ag_http_response_init(&res);
        snprintf(url, sizeof(url), "%s:%u/echo?x=1", refused[i], (unsigned)srv.port);
        req.url = url;
        if (ag_http_perform(&req, &res, &err) != -AG_EUSAGE)
            fail_msg("%s not refused (%s)", url, err.msg);
        assert_non_null(strstr(err.msg, "refusing to connect to "));
        assert_non_null(strstr(err.msg, "--allow-private-urls"));
        assert_null(strstr(err.msg, "user"));
        assert_int_equal(res.attempts, 1); /* a refusal is not retried */
        ag_http_response_free(&res);
    }
    assert_int_equal(hits(), 3); /* nothing refused ever arrived */
    /* Without public_only (API calls) a disguised loopback is plain http to loopback, as before. */
    ag_http_response_init(&res);
    snprintf(url, sizeof(url), "http://2130706433:%u/echo", (unsigned)srv.port);
    req.url = url;
    req.public_only = 0;
    assert_int_equal(ag_http_perform(&req, &res, &err), 0);
    ag_http_response_free(&res);
}

/* ---- multipart bodies ---- */

struct mp_part {
    char name[64], filename[64], type[64];
    const char *data;
    size_t len;
};

static const char *find(const char *hay, const char *end, const char *needle, size_t n)
{
    for (const char *p = hay; p && end - p >= (ptrdiff_t)n;
         p = memchr(p + 1, needle[0], (size_t)(end - p - 1)))
        if (memcmp(p, needle, n) == 0)
            return p;
    return NULL;
}

/* Copy the quoted value after key (e.g. `; name="`) in the header line [line, end) to out. */
static void attr(const char *line, const char *end, const char *key, char *out, size_t size)
{
    const char *v = find(line, end, key, strlen(key));
    const char *q = v ? memchr(v + strlen(key), '"', (size_t)(end - v - strlen(key))) : NULL;
    if (q)
        snprintf(out, size, "%.*s", (int)(q - v - strlen(key)), v + strlen(key));
}

/* Parse a multipart/form-data body (RFC 7578) into parts: their count, or -1 if malformed. */
static int parse_multipart(const char *body, size_t len, const char *ctype, struct mp_part *parts, int max)
{
    const char *b = strstr(ctype, "boundary=");
    const char *end = body + len;
    char delim[128];
    if (strncmp(ctype, "multipart/form-data;", 20) != 0 || !b)
        return -1;
    size_t dl = (size_t)snprintf(delim, sizeof(delim), "\r\n--%s", b + 9);
    if (len < dl - 2 || memcmp(body, delim + 2, dl - 2) != 0)
        return -1;
    const char *p = body + dl - 2;
    for (int n = 0;; n++) {
        if (end - p >= 2 && memcmp(p, "--", 2) == 0)
            return n; /* the closing delimiter */
        if (end - p < 2 || memcmp(p, "\r\n", 2) != 0 || n == max)
            return -1;
        const char *head = p + 2, *hend = find(head, end, "\r\n\r\n", 4);
        if (!hend)
            return -1;
        struct mp_part *mp = &parts[n];
        memset(mp, 0, sizeof(*mp));
        for (const char *line = head; line < hend;) {
            const char *eol = find(line, hend + 2, "\r\n", 2);
            if (strncasecmp(line, "Content-Disposition: form-data", 30) == 0) {
                attr(line, eol, "; name=\"", mp->name, sizeof(mp->name));
                attr(line, eol, "; filename=\"", mp->filename, sizeof(mp->filename));
            } else if (strncasecmp(line, "Content-Type: ", 14) == 0) {
                snprintf(mp->type, sizeof(mp->type), "%.*s", (int)(eol - line - 14), line + 14);
            }
            line = eol + 2;
        }
        mp->data = hend + 4;
        const char *next = find(mp->data, end, delim, dl);
        if (!next)
            return -1;
        mp->len = (size_t)(next - mp->data);
        p = next + dl;
    }
}

static char *big_data(void)
{
    char *d = malloc(BIG_PART + 1000);
    assert_non_null(d);
    for (size_t i = 0; i < BIG_PART + 1000; i++)
        d[i] = (char)(i * 31 + i / 4093);
    return d;
}

/* A POST of mp_fields (the last one streamed from fd) to /multipart?<query>. */
static int post_parts(const char *query, const struct ag_http_part *parts, int attempts,
                      struct ag_http_response *res, struct ag_error *err)
{
    char path[64];
    struct ag_http_request req;
    snprintf(path, sizeof(path), "/multipart%s", query);
    ag_http_request_init(&req);
    req.method = "POST";
    req.url = url_for(path);
    req.parts = parts;
    req.max_attempts = attempts;
    return ag_http_perform(&req, res, err);
}

/* The fields test_multipart sends, checked against what the server parsed. */
static void check_parts(const char *data)
{
    struct mp_part got[8];
    pthread_mutex_lock(&srv.lock);
    int n = parse_multipart(srv.last_body.data, srv.last_body.len, srv.last_type, got, 8);
    assert_int_equal(n, 4);
    assert_string_equal(got[0].name, "chat_id");
    assert_int_equal(got[0].len, 5);
    assert_memory_equal(got[0].data, "12345", 5);
    assert_string_equal(got[0].filename, "");
    assert_string_equal(got[1].name, "caption");
    assert_int_equal(got[1].len, 16);
    assert_memory_equal(got[1].data, "caf\xc3\xa9 \"q\"\r\nline2", 16);
    assert_string_equal(got[2].name, "raw");
    assert_int_equal(got[2].len, 5);
    assert_memory_equal(got[2].data, "a\0b\0c", 5);
    assert_string_equal(got[2].type, "application/octet-stream");
    assert_string_equal(got[3].name, "video");
    assert_string_equal(got[3].filename, "clip.mp4");
    assert_string_equal(got[3].type, "video/mp4");
    assert_int_equal(got[3].len, BIG_PART);
    assert_memory_equal(got[3].data, data + 1000, BIG_PART);
    pthread_mutex_unlock(&srv.lock);
}

static void test_multipart(void **state)
{
    (void)state;
    struct ag_error err = {0};
    struct ag_http_response res;
    char *data = big_data();
    int fd = temp_file(data, BIG_PART + 1000);
    /* In-memory fields leave fd at 0 (designated initializers): value wins, stdin is never read. */
    const struct ag_http_part parts[] = {
        {.name = "chat_id", .value = "12345"},
        {.name = "caption", .value = "caf\xc3\xa9 \"q\"\r\nline2"},
        {.name = "raw", .value = "a\0b\0c", .value_len = 5, .content_type = "application/octet-stream"},
        {.name = "video",
         .fd = fd,
         .offset = 1000,
         .len = BIG_PART,
         .filename = "clip.mp4",
         .content_type = "video/mp4"},
        {.name = NULL},
    };
    ag_http_response_init(&res);
    assert_int_equal(post_parts("", parts, 1, &res, &err), 0);
    assert_int_equal(res.status, 200);
    check_parts(data);
    /* A retry (the server refused the first one with a 429) re-sends every part from its start. */
    reset_hits(NULL);
    ag_buf_reset(&srv.last_body);
    assert_int_equal(post_parts("?fail=1", parts, 2, &res, &err), 0);
    assert_int_equal(res.status, 200);
    assert_int_equal(res.attempts, 2);
    assert_int_equal(hits(), 2);
    check_parts(data);
    ag_http_response_free(&res);
    close(fd);
    free(data);
}

static void test_multipart_errors(void **state)
{
    (void)state;
    struct ag_error err = {0};
    struct ag_http_response res;
    struct ag_http_request req;
    int fd = temp_file("short", 5);
    struct ag_http_part parts[] = {{.name = "f", .fd = fd, .offset = 0, .len = 100}, {.name = NULL}};
    ag_http_response_init(&res);
    /* A file shorter than its range is an error, not a short part. */
    assert_int_equal(post_parts("", parts, 3, &res, &err), -AG_EFAIL);
    assert_non_null(strstr(err.msg, "shorter than the requested range"));
    assert_int_equal(res.attempts, 1);
    /* A file part needs a file; a multipart body excludes another body, a Content-Type and GET. */
    parts[0].fd = -1;
    assert_int_equal(post_parts("", parts, 1, &res, &err), -AG_EUSAGE);
    assert_non_null(strstr(err.msg, "'f' has neither a value nor a file range"));
    parts[0].value = "v";
    ag_http_request_init(&req);
    req.url = url_for("/multipart");
    req.parts = parts;
    assert_int_equal(ag_http_perform(&req, &res, &err), -AG_EUSAGE);
    assert_non_null(strstr(err.msg, "cannot be sent with GET"));
    req.method = "POST";
    req.content_type = "text/plain";
    assert_int_equal(ag_http_perform(&req, &res, &err), -AG_EUSAGE);
    assert_int_equal(hits(), 0); /* nothing refused was sent */
    ag_http_response_free(&res);
    close(fd);
}

/* ---- per-attempt authorization ---- */

struct auth_ctx {
    int calls;
    int fail; /* 1: fail, 2: two lines */
    char method[8], url[160];
};

static int oauth_like(void *p, const char *method, const char *url, struct ag_buf *header,
                      struct ag_error *err)
{
    struct auth_ctx *a = p;
    a->calls++;
    snprintf(a->method, sizeof(a->method), "%s", method);
    snprintf(a->url, sizeof(a->url), "%s", url);
    if (a->fail == 1)
        return ag_error_set(err, AG_EAUTH, "no consumer key: set it first");
    return ag_buf_printf(header, "Authorization: OAuth oauth_nonce=\"nonce-%d\"%s", a->calls,
                         a->fail == 2 ? "\r\nX-Injected: 1" : "");
}

/* Capture what is written to stderr (the log) between capture_begin and capture_end. */
static int capture_begin(int *saved)
{
    char path[] = "/tmp/agoras-test-http-log-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    unlink(path);
    fflush(stderr);
    *saved = dup(2);
    assert_true(*saved >= 0);
    assert_true(dup2(fd, 2) >= 0);
    return fd;
}

static void capture_end(int fd, int saved, char *out, size_t size)
{
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    ssize_t n = pread(fd, out, size - 1, 0);
    out[n > 0 ? n : 0] = '\0';
    close(fd);
}

static void test_auth_hook_per_attempt(void **state)
{
    (void)state;
    struct ag_error err = {0};
    struct ag_http_request req;
    struct ag_http_response res;
    struct auth_ctx a = {0};
    static char log[16384];
    ag_http_request_init(&req);
    ag_http_response_init(&res);
    req.url = url_for("/auth503");
    req.auth = oauth_like;
    req.auth_ctx = &a;
    req.idempotent = 1;
    req.max_attempts = 3;
    int saved, fd = capture_begin(&saved);
    int rc = ag_http_perform(&req, &res, &err);
    capture_end(fd, saved, log, sizeof(log));
    assert_int_equal(rc, 0);
    assert_int_equal(res.status, 200);
    assert_int_equal(res.attempts, 2);
    assert_int_equal(a.calls, 2);
    assert_string_equal(a.method, "GET");
    assert_string_equal(a.url, url_for("/auth503"));
    /* Each attempt carried its own line: a nonce is never re-sent. */
    assert_string_equal(srv.auth_seen[0], "OAuth oauth_nonce=\"nonce-1\"");
    assert_string_equal(srv.auth_seen[1], "OAuth oauth_nonce=\"nonce-2\"");
    /* Both attempts were logged (debug level), the authorization never. */
    assert_non_null(strstr(log, "attempt 1/3"));
    assert_non_null(strstr(log, "attempt 2/3"));
    assert_null(strstr(log, "nonce"));
    ag_http_response_free(&res);
}

static void test_auth_hook_errors(void **state)
{
    (void)state;
    struct ag_error err = {0};
    struct ag_http_request req;
    struct ag_http_response res;
    struct auth_ctx a = {.fail = 1};
    ag_http_request_init(&req);
    ag_http_response_init(&res);
    req.url = url_for("/auth503");
    req.auth = oauth_like;
    req.auth_ctx = &a;
    /* The hook's error is the request's, and nothing is sent. */
    assert_int_equal(ag_http_perform(&req, &res, &err), -AG_EAUTH);
    assert_string_equal(err.msg, "no consumer key: set it first");
    /* A hook that tries to add a second header line is refused too. */
    a.fail = 2;
    assert_int_equal(ag_http_perform(&req, &res, &err), -AG_EFAIL);
    assert_non_null(strstr(err.msg, "is not one header line"));
    assert_null(strstr(err.msg, "nonce"));
    assert_int_equal(hits(), 0);
    ag_http_response_free(&res);
}

/* A token in the path (Telegram) never reaches an error message or a debug line. */
static void test_token_in_path_not_shown(void **state)
{
    (void)state;
    char url[128], log[8192];
    struct ag_error err = {0};
    struct ag_http_request req;
    struct ag_http_response res;
    snprintf(url, sizeof(url), "http://127.0.0.1:%u/bot123456:AAHsecretTOKEN/sendMessage?chat_id=1",
             (unsigned)closed_port());
    ag_http_request_init(&req);
    ag_http_response_init(&res);
    req.url = url;
    int saved, fd = capture_begin(&saved);
    int rc = ag_http_perform(&req, &res, &err);
    capture_end(fd, saved, log, sizeof(log));
    assert_int_equal(rc, -AG_ETEMP);
    assert_non_null(strstr(err.msg, "/bot***/sendMessage'"));
    assert_non_null(strstr(log, "/bot***/sendMessage"));
    assert_null(strstr(err.msg, "AAHsecret"));
    assert_null(strstr(log, "AAHsecret"));
    assert_null(strstr(log, "123456"));
    ag_http_response_free(&res);
}

/* ---- rate limits ---- */

static void test_wait_sources(void **state)
{
    (void)state;
    const time_t now = 784111777; /* Sun, 06 Nov 1994 08:49:37 GMT */
    const char *tg = "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 5\","
                     "\"parameters\":{\"retry_after\":5}}";
    assert_int_equal(ag_http_wait_s(429, NULL, NULL, NULL, 0, now), -1);
    /* Retry-After: seconds or an HTTP-date, for any status. */
    assert_int_equal(ag_http_wait_s(429, "7", NULL, NULL, 0, now), 7);
    assert_int_equal(ag_http_wait_s(503, "0", NULL, NULL, 0, now), 0);
    assert_int_equal(ag_http_wait_s(503, "Sun, 06 Nov 1994 08:50:07 GMT", NULL, NULL, 0, now), 30);
    assert_int_equal(ag_http_wait_s(503, "Sun, 06 Nov 1994 08:00:00 GMT", NULL, NULL, 0, now), 0); /* past */
    assert_int_equal(ag_http_wait_s(429, "soon", NULL, NULL, 0, now), -1);
    assert_int_equal(ag_http_wait_s(429, "-3", NULL, NULL, 0, now), -1);
    /* X's x-rate-limit-reset: a Unix time. */
    assert_int_equal(ag_http_wait_s(429, NULL, "784111877", NULL, 0, now), 100);
    assert_int_equal(ag_http_wait_s(429, NULL, "784111000", NULL, 0, now), 0);
    assert_int_equal(ag_http_wait_s(503, NULL, "784111877", NULL, 0, now), -1); /* only for a 429 */
    /* A JSON body: retry_after, or Telegram's parameters.retry_after. */
    assert_int_equal(ag_http_wait_s(429, NULL, NULL, tg, strlen(tg), now), 5);
    assert_int_equal(ag_http_wait_s(429, NULL, NULL, "{\"retry_after\":12}", 18, now), 12);
    assert_int_equal(ag_http_wait_s(429, NULL, NULL, "{\"retry_after\":-1}", 18, now), -1);
    assert_int_equal(ag_http_wait_s(429, NULL, NULL, "{\"retry_after\":\"5\"}", 19, now), -1);
    assert_int_equal(ag_http_wait_s(429, NULL, NULL, "slow down", 9, now), -1);
    assert_int_equal(ag_http_wait_s(500, NULL, NULL, tg, strlen(tg), now), -1);
    /* In order: Retry-After, then the reset time, then the body. */
    assert_int_equal(ag_http_wait_s(429, "7", "784111877", tg, strlen(tg), now), 7);
    assert_int_equal(ag_http_wait_s(429, NULL, "784111877", tg, strlen(tg), now), 100);
    assert_int_equal(ag_http_wait_s(429, "junk", "junk", tg, strlen(tg), now), 5);
}

/* POST (not idempotent) to /limited?how=…&s=… with a cap on the wait. */
static int post_limited(const char *how, long s, long max_wait_s, struct ag_http_response *res,
                        struct ag_error *err)
{
    char path[64];
    struct ag_http_request req;
    snprintf(path, sizeof(path), "/limited?how=%s&s=%ld", how, s);
    ag_http_request_init(&req);
    req.method = "POST";
    req.url = url_for(path);
    req.max_attempts = 3;
    req.max_wait_s = max_wait_s;
    return ag_http_perform(&req, res, err);
}

static void test_429_waits_within_cap(void **state)
{
    (void)state;
    static const char *const how[] = {"header", "json", "telegram"};
    struct ag_error err = {0};
    struct ag_http_response res;
    ag_http_response_init(&res);
    for (size_t i = 0; i < sizeof(how) / sizeof(how[0]); i++) {
        reset_hits(NULL);
        double t0 = now_s();
        /* A 429 is retried even for a POST that creates something: the server refused it. */
        assert_int_equal(post_limited(how[i], 1, 1, &res, &err), 0);
        assert_true(now_s() - t0 >= 1.0);
        assert_int_equal(res.status, 200);
        assert_int_equal(res.attempts, 2);
        assert_int_equal(hits(), 2);
    }
    ag_http_response_free(&res);
}

static void test_429_beyond_cap_returned(void **state)
{
    (void)state;
    static const char *const how[] = {"header", "reset", "json", "telegram"};
    struct ag_error err = {0};
    struct ag_http_response res;
    ag_http_response_init(&res);
    for (size_t i = 0; i < sizeof(how) / sizeof(how[0]); i++) {
        reset_hits(NULL);
        double t0 = now_s();
        assert_int_equal(post_limited(how[i], 5, 1, &res, &err), 0);
        assert_true(now_s() - t0 < 1.0); /* not slept */
        assert_int_equal(res.status, 429);
        assert_int_equal(res.attempts, 1);
        assert_int_equal(hits(), 1);
        assert_in_range(res.retry_after_s, 4, 5); /* the reset time may have moved on by a second */
    }
    /* max_wait_s 0: the process default (2 s in these tests) is the cap. */
    reset_hits(NULL);
    assert_int_equal(post_limited("telegram", 3, 0, &res, &err), 0);
    assert_int_equal(res.status, 429);
    assert_int_equal(res.retry_after_s, 3);
    assert_int_equal(hits(), 1);
    ag_http_response_free(&res);
}

/* ---- creates on a fresh connection ---- */

/*
 * A bare HTTP/1.1 server: the first request gets a keep-alive 429 (Retry-After: 0), every later
 * one is read and then its connection is closed without an answer, as when a server dies.
 */
static struct {
    int lfd;
    unsigned short port;
    pthread_t thread;
    volatile int stop;
    int requests;
} raw;

/* Read one request (headers and a Content-Length body): 1, or 0 at end of stream. */
static int raw_read_request(int fd)
{
    char buf[8192];
    size_t len = 0;
    const char *hend = NULL;
    while (!hend) {
        ssize_t r = read(fd, buf + len, sizeof(buf) - 1 - len);
        if (r <= 0)
            return 0;
        len += (size_t)r;
        buf[len] = '\0';
        hend = strstr(buf, "\r\n\r\n");
    }
    const char *cl = strstr(buf, "Content-Length: ");
    size_t want = (size_t)(hend + 4 - buf) + (cl ? (size_t)atol(cl + 16) : 0);
    while (len < want) {
        ssize_t r = read(fd, buf, sizeof(buf) < want - len ? sizeof(buf) : want - len);
        if (r <= 0)
            return 0;
        len += (size_t)r;
    }
    return 1;
}

static void *raw_serve(void *unused)
{
    static const char limited_reply[] =
        "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 0\r\nContent-Length: 0\r\n\r\n";
    (void)unused;
    while (!raw.stop) {
        struct pollfd p = {.fd = raw.lfd, .events = POLLIN};
        if (poll(&p, 1, 50) <= 0)
            continue;
        int c = accept(raw.lfd, NULL, NULL);
        if (c < 0)
            continue;
        while (raw_read_request(c)) {
            if (__atomic_add_fetch(&raw.requests, 1, __ATOMIC_SEQ_CST) > 1)
                break; /* dies with the request unanswered */
            if (write(c, limited_reply, sizeof(limited_reply) - 1) < 0)
                break;
        }
        close(c);
    }
    return NULL;
}

static void test_create_never_resent_on_reused_connection(void **state)
{
    (void)state;
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = 0};
    socklen_t sl = sizeof(sa);
    char url[64];
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    raw.lfd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(raw.lfd >= 0);
    assert_int_equal(bind(raw.lfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
    assert_int_equal(listen(raw.lfd, 8), 0);
    assert_int_equal(getsockname(raw.lfd, (struct sockaddr *)&sa, &sl), 0);
    raw.stop = 0;
    raw.requests = 0;
    assert_int_equal(pthread_create(&raw.thread, NULL, raw_serve, NULL), 0);
    snprintf(url, sizeof(url), "http://127.0.0.1:%u/v2/post/publish/", (unsigned)ntohs(sa.sin_port));
    struct ag_error err = {0};
    struct ag_http_request req;
    struct ag_http_response res;
    ag_http_request_init(&req);
    ag_http_response_init(&res);
    req.method = "POST";
    req.url = url;
    req.body = "{\"title\":\"once\"}";
    req.body_len = strlen(req.body);
    req.max_attempts = 3;
    /*
     * The 429 is retried; had the retry reused the kept-alive connection, libcurl would have sent
     * it again by itself on a new one when the server dropped it: 3 requests instead of 2.
     */
    assert_int_equal(ag_http_perform(&req, &res, &err), -AG_EUNKNOWN);
    assert_non_null(strstr(err.msg, "it may have been carried out"));
    assert_int_equal(res.attempts, 2);
    raw.stop = 1;
    pthread_join(raw.thread, NULL);
    close(raw.lfd);
    assert_int_equal(raw.requests, 2);
    ag_http_response_free(&res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_json_post_round_trip, reset_hits),
        cmocka_unit_test_setup(test_form_post_encoding, reset_hits),
        cmocka_unit_test_setup(test_429_then_200, reset_hits),
        cmocka_unit_test_setup(test_retry_after_honoured, reset_hits),
        cmocka_unit_test_setup(test_500_post_not_retried, reset_hits),
        cmocka_unit_test_setup(test_connection_refused, reset_hits),
        cmocka_unit_test_setup(test_timeout, reset_hits),
        cmocka_unit_test_setup(test_url_policy, reset_hits),
        cmocka_unit_test_setup(test_put_file_range, reset_hits),
        cmocka_unit_test_setup(test_response_too_large, reset_hits),
        cmocka_unit_test_setup(test_download_fd, reset_hits),
        cmocka_unit_test_setup(test_redirects, reset_hits),
        cmocka_unit_test_setup(test_public_only, reset_hits),
        cmocka_unit_test_setup(test_multipart, reset_hits),
        cmocka_unit_test_setup(test_multipart_errors, reset_hits),
        cmocka_unit_test_setup(test_auth_hook_per_attempt, reset_hits),
        cmocka_unit_test_setup(test_auth_hook_errors, reset_hits),
        cmocka_unit_test(test_token_in_path_not_shown),
        cmocka_unit_test(test_wait_sources),
        cmocka_unit_test_setup(test_429_waits_within_cap, reset_hits),
        cmocka_unit_test_setup(test_429_beyond_cap_returned, reset_hits),
        cmocka_unit_test(test_create_never_resent_on_reused_connection),
    };
    return cmocka_run_group_tests(tests, start_server, stop_server);
}
