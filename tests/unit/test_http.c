/* Unit tests for core/http.c against a libmicrohttpd server inside the test process (127.0.0.1 only). */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <microhttpd.h>

#include "core/http.h"
#include "core/log.h"

#define DOWNLOAD_SIZE 100000
#define FILE_SIZE     1000

static struct {
    struct MHD_Daemon *daemon;
    unsigned short port;
    pthread_mutex_t lock;
    int hits;
    const char *expect_body; /* what /put must receive */
    size_t expect_len;
    const char *expect_range;
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

static enum MHD_Result route(struct MHD_Connection *c, const char *url, const char *method,
                             struct ag_buf *body)
{
    int n = count_hit();
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
        ag_buf_init(body, 1 << 20);
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
    ag_http_set_backoff(1, 2);
    ag_log_set_level(AG_LOG_DEBUG);
    return 0;
}

static int stop_server(void **state)
{
    (void)state;
    MHD_stop_daemon(srv.daemon);
    ag_log_clear_secrets();
    return 0;
}

static int reset_hits(void **state)
{
    (void)state;
    pthread_mutex_lock(&srv.lock);
    srv.hits = 0;
    pthread_mutex_unlock(&srv.lock);
    return 0;
}

static const char *url_for(const char *path)
{
    static char url[128];
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
    };
    return cmocka_run_group_tests(tests, start_server, stop_server);
}
