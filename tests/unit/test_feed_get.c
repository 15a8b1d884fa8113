/* Unit tests for ag_feed_get against a libmicrohttpd server inside the test process (127.0.0.1 only). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
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

#include "core/feed.h"

#define ETAG     "\"v1\""
#define MODIFIED "Sat, 05 Dec 2026 10:00:00 GMT"

static struct {
    struct MHD_Daemon *daemon;
    unsigned short port;
    pthread_mutex_t lock;
    char user_agent[128], accept_encoding[128], if_none_match[128], if_modified_since[128];
    int hits;
    atomic_int stopping; /* ends a stalled answer early at shutdown */
} srv = {.lock = PTHREAD_MUTEX_INITIALIZER};

static char *fixture(const char *name, size_t *len)
{
    const char *dir = getenv("AGORAS_TESTDATA");
    char path[1024];
    snprintf(path, sizeof(path), "%s/feeds/%s", dir ? dir : "tests/data", name);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *data = malloc(1 << 20);
    *len = data ? fread(data, 1, 1 << 20, f) : 0;
    fclose(f);
    return data;
}

static enum MHD_Result reply(struct MHD_Connection *c, unsigned int status, const void *data, size_t len,
                             const char *const *headers)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(len, (void *)data, MHD_RESPMEM_MUST_COPY);
    for (; headers && headers[0]; headers += 2)
        MHD_add_response_header(r, headers[0], headers[1]);
    enum MHD_Result rc = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return rc;
}

static enum MHD_Result serve_file(struct MHD_Connection *c, const char *name, const char *const *headers)
{
    size_t len = 0;
    char *data = fixture(name, &len);
    if (!data)
        return reply(c, 500, "no fixture", 10, NULL);
    enum MHD_Result rc = reply(c, 200, data, len, headers);
    free(data);
    return rc;
}

static void keep(char *dst, size_t size, struct MHD_Connection *c, const char *name)
{
    const char *v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);
    snprintf(dst, size, "%s", v ? v : "");
}

static enum MHD_Result redirect(struct MHD_Connection *c, unsigned int status, const char *to)
{
    const char *h[] = {"Location", to, NULL};
    return reply(c, status, "", 0, h);
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                               const char *version, const char *upload, size_t *upload_size, void **ctx)
{
    (void)cls, (void)method, (void)version, (void)upload, (void)upload_size, (void)ctx;
    pthread_mutex_lock(&srv.lock);
    srv.hits++;
    keep(srv.user_agent, sizeof(srv.user_agent), c, "User-Agent");
    keep(srv.accept_encoding, sizeof(srv.accept_encoding), c, "Accept-Encoding");
    keep(srv.if_none_match, sizeof(srv.if_none_match), c, "If-None-Match");
    keep(srv.if_modified_since, sizeof(srv.if_modified_since), c, "If-Modified-Since");
    int fresh = strcmp(srv.if_none_match, ETAG) == 0;
    pthread_mutex_unlock(&srv.lock);
    static const char *const validators[] = {"ETag", ETAG, "Last-Modified", MODIFIED, NULL};
    static const char *const gzipped[] = {"Content-Encoding", "gzip", NULL};
    if (strcmp(url, "/feed") == 0)
        return fresh ? reply(c, 304, "", 0, NULL) : serve_file(c, "rss2.xml", validators);
    if (strcmp(url, "/plain") == 0)
        return serve_file(c, "atom.xml", NULL);
    if (strcmp(url, "/gzip") == 0)
        return serve_file(c, "rss2.xml.gz", gzipped);
    if (strcmp(url, "/bomb") == 0)
        return serve_file(c, "bomb.xml.gz", gzipped);
    if (strcmp(url, "/perm") == 0)
        return redirect(c, 301, "/perm2");
    if (strcmp(url, "/perm2") == 0)
        return redirect(c, 308, "feed"); /* relative */
    if (strcmp(url, "/temp") == 0)
        return redirect(c, 302, "/feed");
    if (strcmp(url, "/mixed") == 0)
        return redirect(c, 301, "/temp");
    if (strcmp(url, "/loop") == 0)
        return redirect(c, 307, "/loop");
    if (strcmp(url, "/gone") == 0)
        return reply(c, 410, "gone", 4, NULL);
    if (strcmp(url, "/busy") == 0) {
        const char *h[] = {"Retry-After", "120", NULL};
        return reply(c, 429, "slow down", 9, h);
    }
    if (strcmp(url, "/down") == 0) {
        const char *h[] = {"Retry-After", "30", NULL};
        return reply(c, 503, "maintenance", 11, h);
    }
    if (strcmp(url, "/error") == 0)
        return reply(c, 500, "oops", 4, NULL);
    if (strcmp(url, "/stall") == 0) {
        for (int i = 0; i < 60 && !srv.stopping; i++) /* stalls 3 s at most */
            usleep(50000);
        return reply(c, 200, "<rss/>", 6, NULL);
    }
    return reply(c, 404, "not found", 9, NULL);
}

static int start_server(void **state)
{
    (void)state;
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = 0};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    srv.daemon =
        MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION, 0, NULL, NULL,
                         handler, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_END);
    if (!srv.daemon)
        return -1;
    srv.port = MHD_get_daemon_info(srv.daemon, MHD_DAEMON_INFO_BIND_PORT)->port;
    return 0;
}

static int stop_server(void **state)
{
    (void)state;
    srv.stopping = 1;
    MHD_stop_daemon(srv.daemon);
    return 0;
}

static const char *at(const char *path)
{
    static char url[128];
    snprintf(url, sizeof(url), "http://127.0.0.1:%u%s", srv.port, path);
    return url;
}

static int get(const char *path, const char *etag, const char *modified, uint64_t max,
               struct ag_feed_body *out, struct ag_error *err)
{
    char url[128];
    snprintf(url, sizeof(url), "%s", at(path));
    struct ag_feed_fetch req = {.url = url, .etag = etag, .last_modified = modified, .max_bytes = max};
    return ag_feed_get(&req, out, err);
}

static void expect_error(const char *path, int code, const char *needle)
{
    struct ag_feed_body b;
    struct ag_error err = {0};
    assert_int_equal(get(path, NULL, NULL, 0, &b, &err), -code);
    if (!strstr(err.msg, needle))
        fail_msg("'%s' does not say '%s'", err.msg, needle);
    assert_null(b.etag);
    assert_null(b.moved_to);
}

static void test_200_then_304(void **state)
{
    (void)state;
    struct ag_feed_body b;
    struct ag_error err = {0};
    assert_int_equal(get("/feed", NULL, NULL, 0, &b, &err), 0);
    assert_int_equal(b.status, 200);
    assert_string_equal(b.etag, ETAG);
    assert_string_equal(b.last_modified, MODIFIED);
    assert_null(b.moved_to);
    assert_non_null(strstr(b.body.data, "Example &amp; Co blog"));
    assert_memory_equal(srv.user_agent, "agoras/", 7);
    assert_string_equal(srv.if_none_match, "");
    /* The body parses as the feed it is. */
    struct ag_feed f;
    assert_int_equal(ag_feed_parse(b.body.data, b.body.len, at("/feed"), &f, &err), 0);
    assert_int_equal(f.n_items, 5);
    ag_feed_free(&f);
    ag_feed_body_free(&b);
    /* The validators sent back: 304, nothing to read. */
    assert_int_equal(get("/feed", ETAG, MODIFIED, 0, &b, &err), 0);
    assert_int_equal(b.status, 304);
    assert_int_equal(b.body.len, 0);
    assert_string_equal(srv.if_none_match, ETAG);
    assert_string_equal(srv.if_modified_since, MODIFIED);
    ag_feed_body_free(&b);
    /* A validator that would break the header is left out, not sent. */
    assert_int_equal(get("/feed", "\"v1\"\r\nX-Evil: 1", NULL, 0, &b, &err), 0);
    assert_int_equal(b.status, 200);
    assert_string_equal(srv.if_none_match, "");
    ag_feed_body_free(&b);
    /* No validators in the answer: none stored. */
    assert_int_equal(get("/plain", NULL, NULL, 0, &b, &err), 0);
    assert_null(b.etag);
    assert_null(b.last_modified);
    ag_feed_body_free(&b);
}

static void test_redirects(void **state)
{
    (void)state;
    struct ag_feed_body b;
    struct ag_error err = {0};
    char want[128];
    /* 301 then 308 (relative Location): permanent all the way, the new address is remembered. */
    assert_int_equal(get("/perm", NULL, NULL, 0, &b, &err), 0);
    assert_int_equal(b.status, 200);
    snprintf(want, sizeof(want), "%s", at("/feed"));
    assert_string_equal(b.moved_to, want);
    ag_feed_body_free(&b);
    /* 302: followed, not remembered. */
    assert_int_equal(get("/temp", NULL, NULL, 0, &b, &err), 0);
    assert_int_equal(b.status, 200);
    assert_null(b.moved_to);
    ag_feed_body_free(&b);
    /* 301 to a 302: only the permanent hop counts. */
    assert_int_equal(get("/mixed", NULL, NULL, 0, &b, &err), 0);
    snprintf(want, sizeof(want), "%s", at("/temp"));
    assert_string_equal(b.moved_to, want);
    ag_feed_body_free(&b);
    /* Conditional headers follow the redirects. */
    assert_int_equal(get("/perm", ETAG, NULL, 0, &b, &err), 0);
    assert_int_equal(b.status, 304);
    ag_feed_body_free(&b);
    expect_error("/loop", AG_EFAIL, "redirects more than 5 times");
}

static void test_statuses(void **state)
{
    (void)state;
    expect_error("/gone", AG_EFAIL, "is gone (HTTP 410)");
    expect_error("/busy", AG_ETEMP, "answered HTTP 429 and asks to wait 120 s");
    expect_error("/down", AG_ETEMP, "answered HTTP 503 and asks to wait 30 s");
    expect_error("/error", AG_ETEMP, "answered HTTP 500; try again later");
    expect_error("/nothing", AG_EFAIL, "answered HTTP 404, not 200");
    struct ag_feed_body b;
    struct ag_error err = {0};
    struct ag_feed_fetch req = {.url = "http://192.0.2.1/feed"}; /* plain http off loopback: refused unsent */
    assert_int_equal(ag_feed_get(&req, &b, &err), -AG_EUSAGE);
    req.url = NULL;
    assert_int_equal(ag_feed_get(&req, &b, &err), -AG_EUSAGE);
}

static void test_gzip(void **state)
{
    (void)state;
    struct ag_feed_body b;
    struct ag_error err = {0};
    size_t len = 0;
    char *raw = fixture("rss2.xml", &len);
    assert_non_null(raw);
    assert_int_equal(get("/gzip", NULL, NULL, 0, &b, &err), 0);
    assert_non_null(strstr(srv.accept_encoding, "gzip"));
    assert_int_equal(b.body.len, len); /* decoded */
    assert_memory_equal(b.body.data, raw, len);
    ag_feed_body_free(&b);
    free(raw);
}

/* 1 KB on the wire, 1 MB decoded: the cap is on the decoded bytes. */
static void test_bomb(void **state)
{
    (void)state;
    struct ag_feed_body b;
    struct ag_error err = {0};
    size_t wire = 0;
    free(fixture("bomb.xml.gz", &wire));
    assert_true(wire < 100000);
    assert_int_equal(get("/bomb", NULL, NULL, 100000, &b, &err), -AG_EFAIL);
    assert_non_null(strstr(err.msg, "larger than the 100000 bytes allowed"));
    assert_int_equal(get("/bomb", NULL, NULL, 2000000, &b, &err), 0); /* under a larger cap: read */
    assert_true(b.body.len > 1000000);
    ag_feed_body_free(&b);
}

static void test_stalled(void **state)
{
    (void)state;
    setenv("AGORAS_HTTP_TIMEOUT_S", "1", 1);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    expect_error("/stall", AG_ETEMP, "127.0.0.1");
    clock_gettime(CLOCK_MONOTONIC, &t1);
    assert_true(t1.tv_sec - t0.tv_sec < 3);
    unsetenv("AGORAS_HTTP_TIMEOUT_S");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_200_then_304), cmocka_unit_test(test_redirects),
        cmocka_unit_test(test_statuses),     cmocka_unit_test(test_gzip),
        cmocka_unit_test(test_bomb),         cmocka_unit_test(test_stalled),
    };
    return cmocka_run_group_tests(tests, start_server, stop_server);
}
