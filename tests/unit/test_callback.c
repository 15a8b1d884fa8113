/* Unit tests for core/callback.c: the loopback OAuth callback server and the paste fallback. */
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/callback.h"
#include "core/http.h"

#define STATE "st-Expected_state.123~"

struct fixture {
    struct ag_callback *cb;
    char base[128]; /* http://127.0.0.1:PORT/callback/ */
    struct ag_oauth_result result;
    struct ag_error err;
};

static unsigned short free_port(int family)
{
    struct sockaddr_storage ss = {0};
    socklen_t len = family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
    int fd = socket(family, SOCK_STREAM, 0);
    if (family == AF_INET6)
        ((struct sockaddr_in6 *)&ss)->sin6_addr = in6addr_loopback;
    else
        ((struct sockaddr_in *)&ss)->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ss.ss_family = (sa_family_t)family;
    if (fd < 0 || bind(fd, (struct sockaddr *)&ss, len) < 0 ||
        getsockname(fd, (struct sockaddr *)&ss, &len) < 0) {
        if (fd >= 0)
            close(fd);
        return 0;
    }
    close(fd);
    return ntohs(family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
                                    : ((struct sockaddr_in *)&ss)->sin_port);
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    snprintf(f->base, sizeof(f->base), "http://127.0.0.1:%u/callback/", (unsigned)free_port(AF_INET));
    ag_oauth_result_init(&f->result);
    if (ag_callback_start(f->base, STATE, &f->cb, &f->err) < 0) {
        fprintf(stderr, "%s\n", f->err.msg);
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    ag_callback_stop(f->cb);
    ag_oauth_result_free(&f->result);
    free(f);
    return 0;
}

/* method on base + suffix; returns the status and leaves the page in *page (caller frees) if asked. */
static long fetch(const struct fixture *f, const char *method, const char *suffix, char **page)
{
    struct ag_http_request req;
    struct ag_http_response res;
    struct ag_error err;
    struct ag_buf url;
    ag_buf_init(&url, 0);
    ag_buf_printf(&url, "%s%s", f->base, suffix);
    ag_http_request_init(&req);
    ag_http_response_init(&res);
    req.method = method;
    req.url = url.data;
    req.timeout_s = 5;
    assert_int_equal(ag_http_perform(&req, &res, &err), 0);
    if (page)
        *page = ag_buf_detach(&res.body);
    long status = res.status;
    ag_http_response_free(&res);
    ag_buf_free(&url);
    return status;
}

static void assert_self_contained(const char *page)
{
    assert_non_null(strstr(page, "<!DOCTYPE html>"));
    assert_null(strstr(page, "http:"));
    assert_null(strstr(page, "https:"));
    assert_null(strstr(page, "<script"));
    assert_null(strstr(page, "src="));
}

static void test_valid_callback(void **state)
{
    struct fixture *f = *state;
    char *page = NULL;
    assert_int_equal(
        fetch(f, "GET", "?code=c%2Ade%21f&scopes=user.info.basic%2Cvideo.publish&state=" STATE, &page), 200);
    assert_non_null(strstr(page, "Authorized"));
    assert_self_contained(page);
    free(page);
    assert_int_equal(ag_callback_wait(f->cb, 5, -1, &f->result, &f->err), 0);
    assert_string_equal(f->result.code, "c*de!f");
    assert_string_equal(f->result.scopes, "user.info.basic,video.publish");
    /* One callback only: a second one is turned away. */
    assert_int_equal(fetch(f, "GET", "?code=again&state=" STATE, NULL), 410);
}

/* Any local process can reach the port: a missing or wrong state is answered, then ignored. */
static void test_wrong_state_is_ignored(void **state)
{
    struct fixture *f = *state;
    static const char *const forged[] = {"?code=c&state=forged",         "?code=c",
                                         "?error=access_denied&state=x", "?error=access_denied",
                                         "?state=" STATE "x&code=c",     "?state=st-Expected&code=c"};
    for (size_t i = 0; i < sizeof(forged) / sizeof(forged[0]); i++) {
        char *page = NULL;
        assert_int_equal(fetch(f, "GET", forged[i], &page), 400);
        assert_non_null(strstr(page, "ignored"));
        assert_self_contained(page);
        free(page);
    }
    /* The flow went on: the real redirect still completes it. */
    assert_int_equal(fetch(f, "GET", "?code=real&state=" STATE, NULL), 200);
    assert_int_equal(ag_callback_wait(f->cb, 5, -1, &f->result, &f->err), 0);
    assert_string_equal(f->result.code, "real");
}

static void test_wrong_state_then_timeout(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(fetch(f, "GET", "?code=c&state=forged", NULL), 400);
    assert_int_equal(ag_callback_wait(f->cb, 1, -1, &f->result, &f->err), -AG_ETEMP);
    assert_non_null(strstr(f->err.msg, "timed out"));
    assert_non_null(strstr(f->err.msg, "1 request(s) with a wrong state were ignored"));
    assert_null(f->result.code);
}

static unsigned short fixture_port(const struct fixture *f)
{
    unsigned port = 0;
    assert_int_equal(sscanf(f->base, "http://127.0.0.1:%u/", &port), 1);
    return (unsigned short)port;
}

static int connect_to(unsigned short port)
{
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof(a)), 0);
    return fd;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * Slow or silent local clients (n connections: even ones say nothing, odd ones send a request
 * line and part of a header, then stall) must not keep the browser's redirect out for long.
 */
static void starve(struct fixture *f, int n, double max_s)
{
    int *fds = calloc((size_t)n, sizeof(*fds));
    const char *partial = "GET /callback/?code=slow&state=" STATE " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
    for (int i = 0; i < n; i++) {
        fds[i] = connect_to(fixture_port(f));
        if (i % 2)
            assert_true(write(fds[i], partial, strlen(partial)) > 0);
    }
    double t0 = now_s();
    assert_int_equal(fetch(f, "GET", "?code=ok&state=" STATE, NULL), 200);
    assert_true(now_s() - t0 < max_s);
    assert_int_equal(ag_callback_wait(f->cb, 5, -1, &f->result, &f->err), 0);
    assert_string_equal(f->result.code, "ok");
    for (int i = 0; i < n; i++)
        close(fds[i]);
    free(fds);
}

static void test_slow_clients_do_not_starve(void **state)
{
    starve(*state, 64, 1.5); /* far more than the 16 that used to fill the server: served at once */
}

static void test_slow_clients_over_the_limit(void **state)
{
    starve(*state, 300, 4.5); /* more than the connection limit: served once the idle ones are closed */
}

static void test_access_denied(void **state)
{
    struct fixture *f = *state;
    char *page = NULL;
    assert_int_equal(
        fetch(f, "GET", "?error=access_denied&error_description=%3Cb%3Eno%3C%2Fb%3E&state=" STATE, &page),
        400);
    assert_non_null(strstr(page, "access_denied"));
    assert_non_null(strstr(page, "&lt;b&gt;no&lt;/b&gt;")); /* provider text is escaped */
    free(page);
    assert_int_equal(ag_callback_wait(f->cb, 5, -1, &f->result, &f->err), -AG_EAUTH);
    assert_string_equal(f->err.msg, "authorization refused by the provider: access_denied: <b>no</b>");
}

static void test_noise_does_not_end_the_wait(void **state)
{
    struct fixture *f = *state;
    char big[6000];
    memset(big, 'a', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    char *huge = calloc(1, 40000);
    memcpy(huge, "?code=", 6);
    memset(huge + 6, 'b', 40000 - 7);
    assert_int_equal(fetch(f, "GET", "../../favicon.ico", NULL), 404);
    assert_int_equal(fetch(f, "GET", "x", NULL), 404); /* /callback/x */
    assert_int_equal(fetch(f, "POST", "?code=c&state=" STATE, NULL), 405);
    assert_int_equal(fetch(f, "GET", "", NULL), 400);  /* no parameters at all */
    assert_int_equal(fetch(f, "GET", big, NULL), 414); /* over the URL cap */
    assert_true(fetch(f, "GET", huge, NULL) >= 400);   /* over MHD's memory limit */
    free(huge);
    assert_int_equal(fetch(f, "GET", "?state=" STATE "&code=ok", NULL), 200);
    assert_int_equal(ag_callback_wait(f->cb, 5, -1, &f->result, &f->err), 0);
    assert_string_equal(f->result.code, "ok");
}

static void test_paste_wins(void **state)
{
    struct fixture *f = *state;
    int p[2];
    char line[256];
    assert_int_equal(pipe(p), 0);
    snprintf(line, sizeof(line), "not a url\n%s?code=pasted%%21&state=%s\r\n", f->base, STATE);
    assert_int_equal(write(p[1], line, strlen(line)), (ssize_t)strlen(line));
    assert_int_equal(ag_callback_wait(f->cb, 5, p[0], &f->result, &f->err), 0);
    assert_string_equal(f->result.code, "pasted!");
    assert_int_equal(fetch(f, "GET", "?code=late&state=" STATE, NULL), 410);
    close(p[0]);
    close(p[1]);
}

static void test_paste_at_end_of_input(void **state)
{
    struct fixture *f = *state;
    int p[2];
    const char *line = "code=x&state=wrong"; /* no newline: used when the input ends */
    assert_int_equal(pipe(p), 0);
    assert_int_equal(write(p[1], line, strlen(line)), (ssize_t)strlen(line));
    close(p[1]);
    assert_int_equal(ag_callback_wait(f->cb, 5, p[0], &f->result, &f->err), -AG_EAUTH);
    assert_non_null(strstr(f->err.msg, "state mismatch"));
    close(p[0]);
}

static void test_timeout(void **state)
{
    struct fixture *f = *state;
    struct timespec t0, t1;
    int p[2];
    assert_int_equal(pipe(p), 0);
    close(p[1]); /* stdin at end of input: the wait goes on for the browser */
    clock_gettime(CLOCK_MONOTONIC, &t0);
    assert_int_equal(ag_callback_wait(f->cb, 1, p[0], &f->result, &f->err), -AG_ETEMP);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    assert_true((t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000 >= 990);
    assert_string_equal(f->err.msg, "timed out after 1 s waiting for the authorization callback");
    close(p[0]);
}

static void test_busy_port(void **state)
{
    struct fixture *f = *state;
    struct ag_callback *second = NULL;
    struct ag_error err = {0};
    char port[16];
    assert_int_equal(ag_callback_start(f->base, STATE, &second, &err), -AG_EFAIL);
    assert_null(second);
    snprintf(port, sizeof(port), "port %s", strrchr(f->base, ':') + 1);
    *strchr(port, '/') = '\0';
    assert_non_null(strstr(err.msg, port));
    assert_non_null(strstr(err.msg, "already in use"));
    assert_non_null(strstr(err.msg, "--redirect-uri"));
}

static void test_bad_redirect_uris(void **state)
{
    (void)state;
    const char *bad[] = {"https://127.0.0.1:3456/callback/",
                         "http://127.0.0.1/callback/",
                         "http://example.com:3456/cb",
                         "http://127.0.0.2:3456/cb",
                         "http://0.0.0.0:3456/",
                         "not a uri",
                         "ftp://127.0.0.1:21/"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct ag_callback *cb = NULL;
        struct ag_error err = {0};
        assert_int_equal(ag_callback_start(bad[i], STATE, &cb, &err), -AG_EUSAGE);
        assert_null(cb);
        assert_non_null(strstr(err.msg, "redirect URI"));
    }
    ag_callback_stop(NULL);
}

static void test_ipv6_loopback(void **state)
{
    (void)state;
    unsigned short port = free_port(AF_INET6);
    if (!port)
        skip();
    struct fixture f = {0};
    snprintf(f.base, sizeof(f.base), "http://[::1]:%u/cb", (unsigned)port);
    assert_int_equal(ag_callback_start(f.base, STATE, &f.cb, &f.err), 0);
    assert_int_equal(fetch(&f, "GET", "?code=six&state=" STATE, NULL), 200);
    assert_int_equal(ag_callback_wait(f.cb, 5, -1, &f.result, &f.err), 0);
    assert_string_equal(f.result.code, "six");
    ag_callback_stop(f.cb);
    ag_oauth_result_free(&f.result);
}

/* 0 if a TCP connection to addr:port succeeds, else the errno of connect(). */
static int try_connect(const struct sockaddr *addr, socklen_t len)
{
    int fd = socket(addr->sa_family, SOCK_STREAM, 0);
    if (fd < 0)
        return errno;
    int rc = connect(fd, addr, len) == 0 ? 0 : errno;
    close(fd);
    return rc;
}

/* The server listens on loopback only: the machine's other addresses refuse the port (issue 11). */
static void test_not_reachable_from_other_addresses(void **state)
{
    struct fixture *f = *state;
    struct ifaddrs *ifs = NULL, *i;
    int tried = 0;
    assert_int_equal(getifaddrs(&ifs), 0);
    for (i = ifs; i; i = i->ifa_next) {
        if (!i->ifa_addr || (i->ifa_flags & IFF_LOOPBACK) || !(i->ifa_flags & IFF_UP))
            continue;
        if (i->ifa_addr->sa_family == AF_INET) {
            struct sockaddr_in a = *(struct sockaddr_in *)i->ifa_addr;
            a.sin_port = htons(fixture_port(f));
            assert_int_equal(try_connect((struct sockaddr *)&a, sizeof(a)), ECONNREFUSED);
            tried++;
        } else if (i->ifa_addr->sa_family == AF_INET6) {
            struct sockaddr_in6 a = *(struct sockaddr_in6 *)i->ifa_addr;
            a.sin6_port = htons(fixture_port(f));
            int e = try_connect((struct sockaddr *)&a, sizeof(a));
            assert_true(e != 0); /* refused, or link-local without a usable scope */
            tried++;
        }
    }
    freeifaddrs(ifs);
    /* Loopback itself does answer (so the refusals above are not a dead server). */
    assert_int_equal(fetch(f, "GET", "x", NULL), 404);
    if (!tried) {
        fprintf(stderr, "skipped: this machine has no non-loopback address to try\n");
        skip();
    }
}

/* After the outcome and ag_callback_stop the port is closed: nothing listens any more. */
static void test_closed_after_stop(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(fetch(f, "GET", "?code=c&state=" STATE, NULL), 200);
    assert_int_equal(ag_callback_wait(f->cb, 5, -1, &f->result, &f->err), 0);
    ag_callback_stop(f->cb);
    f->cb = NULL;
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_port = htons(fixture_port(f));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(try_connect((struct sockaddr *)&a, sizeof(a)), ECONNREFUSED);
}

/* A request whose headers exceed the server's memory cap is refused and does not end the wait. */
static void test_oversized_headers(void **state)
{
    struct fixture *f = *state;
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_port = htons(fixture_port(f));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof(a)), 0);
    const char *head = "GET /callback/?code=x&state=" STATE " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: ";
    assert_true(write(fd, head, strlen(head)) > 0);
    char pad[4096];
    memset(pad, 'p', sizeof(pad));
    for (int n = 0; n < 64; n++) /* 256 KiB of one header, far over the cap */
        if (write(fd, pad, sizeof(pad)) < 0)
            break; /* the server may close the connection early: that is a refusal too */
    (void)!write(fd, "\r\n\r\n", 4);
    char answer[64] = {0};
    ssize_t got = read(fd, answer, sizeof(answer) - 1);
    close(fd);
    assert_true(got <= 0 || strncmp(answer, "HTTP/1.1 200", 12) != 0);
    /* The flow goes on: a proper callback still works. */
    assert_int_equal(fetch(f, "GET", "?state=" STATE "&code=ok", NULL), 200);
    assert_int_equal(ag_callback_wait(f->cb, 5, -1, &f->result, &f->err), 0);
    assert_string_equal(f->result.code, "ok");
}

int main(void)
{
    /* test_oversized_headers writes after the server has refused: EPIPE, not death by SIGPIPE. */
    signal(SIGPIPE, SIG_IGN);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_valid_callback, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wrong_state_is_ignored, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wrong_state_then_timeout, setup, teardown),
        cmocka_unit_test_setup_teardown(test_slow_clients_do_not_starve, setup, teardown),
        cmocka_unit_test_setup_teardown(test_slow_clients_over_the_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_access_denied, setup, teardown),
        cmocka_unit_test_setup_teardown(test_noise_does_not_end_the_wait, setup, teardown),
        cmocka_unit_test_setup_teardown(test_paste_wins, setup, teardown),
        cmocka_unit_test_setup_teardown(test_paste_at_end_of_input, setup, teardown),
        cmocka_unit_test_setup_teardown(test_timeout, setup, teardown),
        cmocka_unit_test_setup_teardown(test_busy_port, setup, teardown),
        cmocka_unit_test(test_bad_redirect_uris),
        cmocka_unit_test(test_ipv6_loopback),
        cmocka_unit_test_setup_teardown(test_not_reachable_from_other_addresses, setup, teardown),
        cmocka_unit_test_setup_teardown(test_closed_after_stop, setup, teardown),
        cmocka_unit_test_setup_teardown(test_oversized_headers, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
