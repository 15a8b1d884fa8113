/*
 * Unit tests for core/media_fetch.c and media_temp.c against a libmicrohttpd server inside the test
 * (127.0.0.1, port 0): streaming download with caps, redirect limit, bad statuses, a server that lies
 * about Content-Length, temp files removed on every path (signals included), and preflight.
 * AGORAS_TEST_DOWNLOAD_MB (default 64) sizes the flat-memory download.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <microhttpd.h>

#include "platforms/tiktok/tiktok.h"
#include "core/http.h"
#include "core/log.h"
#include "core/media.h"
#include "core/num.h"

#define IMAGE_SIZE  204800
#define BIG_SIZE    (2u << 20)
#define SHORT_CLAIM 100000
#define SHORT_SENT  50000

static struct MHD_Daemon *daemon_;
static unsigned short port;
static unsigned char jpeg[IMAGE_SIZE];
static char dir[512];

/* A JPEG as far as any header reader cares: SOI, APP0, SOF0 with 1440x1920, then filler. */
static void make_jpeg(void)
{
    static const unsigned char head[] = {0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J',  'F',  'I',  'F',
                                         0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
                                         0xFF, 0xC0, 0x00, 0x11, 0x08, 0x07, 0x80, 0x05, 0xA0, 0x03,
                                         0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01};
    for (size_t i = 0; i < sizeof(jpeg); i++)
        jpeg[i] = (unsigned char)(i * 31 + 7);
    memcpy(jpeg, head, sizeof(head));
}

static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0,  0, 0,
                                    13,   'I', 'H', 'D', 'R',  0,    0,    1,    64, 0, 0,
                                    0,    240, 8,   2,   0,    0,    0,    0,    0,  0};

static enum MHD_Result send_buffer(struct MHD_Connection *c, unsigned status, const char *type,
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

/* Generated bodies: uint64_t cls = the length actually sent (may be less than announced). */
static ssize_t generate(void *cls, uint64_t pos, char *buf, size_t max)
{
    uint64_t sent = (uint64_t)(uintptr_t)cls;
    if (pos >= sent)
        return MHD_CONTENT_READER_END_OF_STREAM;
    size_t n = max < sent - pos ? max : (size_t)(sent - pos);
    for (size_t i = 0; i < n; i++) /* binary, so that sniffing does not take it for a text page */
        buf[i] = (char)((pos + i) * 131 % 251);
    return (ssize_t)n;
}

static enum MHD_Result send_generated(struct MHD_Connection *c, uint64_t announced, uint64_t sent)
{
    struct MHD_Response *r =
        MHD_create_response_from_callback(announced, 65536, generate, (void *)(uintptr_t)sent, NULL);
    MHD_add_response_header(r, "Content-Type", "video/mp4");
    enum MHD_Result rc = MHD_queue_response(c, MHD_HTTP_OK, r);
    MHD_destroy_response(r);
    return rc;
}

/* Honour "Range: bytes=0-N" for the JPEG (only the form preflight sends). */
static enum MHD_Result send_image(struct MHD_Connection *c, int honour_range)
{
    const char *range = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Range");
    uint64_t last;
    char cr[64];
    if (!honour_range || !range || strncmp(range, "bytes=0-", 8) != 0 ||
        ag_parse_u64(range + 8, UINT64_MAX, &last))
        return send_buffer(c, 200, "image/jpeg", jpeg, sizeof(jpeg), NULL, NULL);
    size_t n = last + 1 < sizeof(jpeg) ? (size_t)last + 1 : sizeof(jpeg);
    snprintf(cr, sizeof(cr), "bytes 0-%zu/%zu", n - 1, sizeof(jpeg));
    return send_buffer(c, 206, "image/jpeg", jpeg, n, "Content-Range", cr);
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                               const char *version, const char *upload_data, size_t *upload_data_size,
                               void **req_cls)
{
    uint64_t mb;
    (void)cls, (void)version, (void)upload_data, (void)upload_data_size, (void)req_cls;
    if (strcmp(url, "/img.jpg") == 0)
        return send_image(c, 1);
    if (strcmp(url, "/norange.jpg") == 0)
        return send_image(c, 0);
    if (strcmp(url, "/head405.jpg") == 0)
        return strcmp(method, "HEAD") == 0 ? send_buffer(c, 405, "text/plain", "no", 2, NULL, NULL)
                                           : send_image(c, 1);
    if (strcmp(url, "/img.png") == 0)
        return send_buffer(c, 200, "image/jpeg", png, sizeof(png), NULL, NULL); /* the header lies */
    if (strcmp(url, "/page") == 0)
        return send_buffer(c, 200, "text/html", "<!DOCTYPE html><html><body>log in</body></html>\n", 49, NULL,
                           NULL);
    if (strcmp(url, "/moved") == 0)
        return send_buffer(c, 302, "text/plain", "", 0, "Location", "/img.jpg");
    if (strcmp(url, "/loop") == 0)
        return send_buffer(c, 302, "text/plain", "", 0, "Location", "/loop");
    if (strcmp(url, "/busy") == 0)
        return send_buffer(c, 503, "text/plain", "busy", 4, NULL, NULL);
    if (strcmp(url, "/big") == 0)
        return send_generated(c, BIG_SIZE, BIG_SIZE);
    if (strcmp(url, "/short") == 0)
        return send_generated(c, SHORT_CLAIM, SHORT_SENT);
    if (strncmp(url, "/stream/", 8) == 0 && ag_parse_u64(url + 8, 1 << 20, &mb) == 0)
        return send_generated(c, mb << 20, mb << 20);
    return send_buffer(c, 404, "text/plain", "no", 2, NULL, NULL);
}

static int setup(void **state)
{
    (void)state;
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = 0};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof(dir), "%s/agoras-test-fetch-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir))
        return -1;
    make_jpeg();
    daemon_ = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION, 0, NULL, NULL,
                               handler, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_END);
    if (!daemon_)
        return -1;
    port = MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_BIND_PORT)->port;
    ag_http_set_backoff(1, 1);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    MHD_stop_daemon(daemon_);
    return rmdir(dir);
}

static const char *url_for(const char *path)
{
    static char url[2][128];
    static int i;
    i = !i;
    snprintf(url[i], sizeof(url[i]), "http://127.0.0.1:%u%s", (unsigned)port, path);
    return url[i];
}

static int files_left(const char *d)
{
    int n = 0;
    DIR *h = opendir(d);
    for (struct dirent *e; h && (e = readdir(h));)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    if (h)
        closedir(h);
    return n;
}

/* Download path with opts into dir; on success check and discard. Returns the rc. */
static int download(const char *path, struct ag_media_fetch_opts opts, struct ag_error *err,
                    struct ag_media_info *info)
{
    struct ag_media_download d = {0};
    struct stat st;
    opts.tmp_dir = dir;
    if (info)
        ag_media_info_init(info);
    int rc = ag_media_download_url(url_for(path), &opts, &d, err);
    if (rc == 0) {
        assert_int_equal(stat(d.path, &st), 0);
        assert_int_equal(st.st_mode & 0777, 0600);
        assert_int_equal((uint64_t)st.st_size, d.info.size);
        if (info)
            *info = d.info;
        ag_media_download_discard(&d);
        ag_media_download_discard(&d); /* twice is harmless */
    }
    assert_int_equal(files_left(dir), 0); /* removed on success and on every failure */
    return rc;
}

#define EXPECT_MSG(err, text)                                                                                \
    do {                                                                                                     \
        if (!strstr((err).msg, (text)))                                                                      \
            fail_msg("message '%s' lacks '%s'", (err).msg, (text));                                          \
    } while (0)

static void test_download_ok(void **state)
{
    (void)state;
    struct ag_error err;
    struct ag_media_info info;
    struct ag_media_fetch_opts opts = {0};
    assert_int_equal(download("/img.jpg", opts, &err, &info), 0);
    assert_int_equal(info.type, AG_MEDIA_JPEG);
    assert_int_equal(info.size, IMAGE_SIZE);
    assert_int_equal(download("/img.png", opts, &err, &info), 0);
    assert_int_equal(info.type, AG_MEDIA_PNG); /* by content, whatever Content-Type said */
    assert_int_equal(download("/moved", opts, &err, &info), 0);
    assert_int_equal(info.type, AG_MEDIA_JPEG);
}

static void test_download_refusals(void **state)
{
    (void)state;
    struct ag_error err;
    struct ag_media_fetch_opts opts = {.max_bytes = 1u << 20};
    assert_true(download("/big", opts, &err, NULL) < 0);
    EXPECT_MSG(err, "larger than the 1048576 bytes allowed");
    opts.max_bytes = 0;
    assert_true(download("/loop", opts, &err, NULL) < 0);
    EXPECT_MSG(err, "edirect");
    opts.max_redirects = -1;
    assert_int_equal(download("/moved", opts, &err, NULL), -AG_EFAIL);
    EXPECT_MSG(err, "redirects");
    assert_int_equal(download("/missing", opts, &err, NULL), -AG_EFAIL);
    EXPECT_MSG(err, "HTTP 404");
    assert_int_equal(download("/busy", opts, &err, NULL), -AG_ETEMP);
    EXPECT_MSG(err, "HTTP 503");
    assert_int_equal(download("/page", opts, &err, NULL), -AG_EINVALID);
    EXPECT_MSG(err, "is a web page or text (text/");
    EXPECT_MSG(err, "Content-Type text/html), not media");
    /* Announces 100000 bytes, sends 50000 and hangs up. */
    assert_int_equal(download("/short", opts, &err, NULL), -AG_ETEMP);
    assert_null(strstr(err.msg, "?"));
}

static void test_download_memory_is_flat(void **state)
{
    (void)state;
    struct rusage before, after;
    struct ag_error err;
    struct ag_media_info info;
    struct ag_media_fetch_opts opts = {.max_bytes = (uint64_t)8 << 30};
    uint64_t mb = 64;
    const char *env = getenv("AGORAS_TEST_DOWNLOAD_MB");
    char path[64];
    if (env)
        assert_int_equal(ag_parse_u64(env, 1 << 20, &mb), 0);
    snprintf(path, sizeof(path), "/stream/%llu", (unsigned long long)mb);
    getrusage(RUSAGE_SELF, &before);
    assert_int_equal(download(path, opts, &err, &info), 0);
    getrusage(RUSAGE_SELF, &after);
    assert_int_equal(info.size, mb << 20);
    long grew_kb = after.ru_maxrss - before.ru_maxrss;
    fprintf(stderr, "download of %llu MiB: max RSS %ld KiB -> %ld KiB (+%ld KiB)\n", (unsigned long long)mb,
            before.ru_maxrss, after.ru_maxrss, grew_kb);
    assert_true(grew_kb < 16L * 1024);
}

static void test_temp_removed_on_signal_and_exit(void **state)
{
    (void)state;
    for (int how = 0; how < 3; how++) {
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            char *path = NULL;
            if (ag_media_temp_create(dir, "sig", &path, NULL) < 0)
                _exit(3);
            if (how == 0)
                raise(SIGTERM);
            else if (how == 1)
                raise(SIGINT);
            exit(0); /* how == 2: the atexit path */
        }
        int status = 0;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        if (how < 2) {
            assert_true(WIFSIGNALED(status)); /* re-raised: the process still dies of the signal */
            assert_int_equal(WTERMSIG(status), how == 0 ? SIGTERM : SIGINT);
        } else {
            assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        }
        assert_int_equal(files_left(dir), 0);
    }
}

static void test_preflight(void **state)
{
    (void)state;
    struct ag_error err;
    struct ag_media_info info;
    static const char *const ok[] = {"/img.jpg", "/head405.jpg", "/norange.jpg"};
    for (size_t i = 0; i < 3; i++) {
        ag_media_info_init(&info);
        assert_int_equal(ag_media_preflight(url_for(ok[i]), NULL, &info, &err), 0);
        assert_int_equal(info.type, AG_MEDIA_JPEG);
        assert_true(info.size_known);
        assert_int_equal(info.size, IMAGE_SIZE);
        assert_int_equal(info.width, 1440);
        assert_int_equal(info.height, 1920);
    }
    assert_int_equal(ag_media_preflight(url_for("/moved"), NULL, &info, &err), -AG_EINVALID);
    EXPECT_MSG(err, "must not redirect");
    assert_int_equal(ag_media_preflight(url_for("/missing"), NULL, &info, &err), -AG_EINVALID);
    EXPECT_MSG(err, "HTTP 404");
    assert_int_equal(ag_media_preflight(url_for("/busy"), NULL, &info, &err), -AG_ETEMP);
    assert_int_equal(ag_media_preflight("http://example.invalid/x.jpg", NULL, &info, &err), -AG_EUSAGE);
}

static void test_check_url(void **state)
{
    (void)state;
    struct ag_error err;
    assert_int_equal(ag_media_check_url(url_for("/img.jpg?sig=SECRET"),
                                        ag_network_limits(&ag_tiktok_network, AG_MEDIA_IMAGE), NULL, &err),
                     -AG_EINVALID);
    EXPECT_MSG(err, "img.jpg': 1440x1920 px, TikTok accepts at most 1080 px on the short side");
    assert_null(strstr(err.msg, "SECRET")); /* query strings can carry signatures */
    assert_int_equal(ag_media_check_url(url_for("/img.png"),
                                        ag_network_limits(&ag_tiktok_network, AG_MEDIA_IMAGE), NULL, &err),
                     -AG_EINVALID);
    EXPECT_MSG(err, "PNG image, TikTok accepts JPEG, WebP images");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_download_ok),
        cmocka_unit_test(test_download_refusals),
        cmocka_unit_test(test_download_memory_is_flat),
        cmocka_unit_test(test_temp_removed_on_signal_and_exit),
        cmocka_unit_test(test_preflight),
        cmocka_unit_test(test_check_url),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
