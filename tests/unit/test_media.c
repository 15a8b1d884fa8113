/*
 * Unit tests for core/media: sniffing, probing in the agoras-probe child, budgets, limits and the
 * validation messages.  Fixtures are generated here with the ffmpeg CLI into a temp dir; tests that
 * need them are skipped when ffmpeg is absent.  The helper is $AGORAS_PROBE, else the build tree's
 * src/cli/agoras-probe next to this test's ../.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "platforms/registry.h"
#include "platforms/tiktok/tiktok.h"
#include "core/media.h"

#define TT_VIDEO ag_network_limits(&ag_tiktok_network, AG_MEDIA_VIDEO)
#define TT_IMAGE ag_network_limits(&ag_tiktok_network, AG_MEDIA_IMAGE)

static char dir[512];
static int have_fixtures;

static const char *at(const char *name)
{
    static char p[4][1024];
    static int i;
    i = (i + 1) % 4;
    snprintf(p[i], sizeof(p[i]), "%s/%s", dir, name);
    return p[i];
}

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
    char cmd[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof(cmd), fmt, ap);
    va_end(ap);
    int rc = system(cmd);
    return rc == 0 ? 0 : -1;
}

/* A test-pattern clip: mpeg4 needs no optional encoder, so every ffmpeg build can make it. */
static int clip(const char *name, int w, int h, int fps, int secs, const char *codec)
{
    return sh("cd '%s' && ffmpeg -nostdin -v error -y -f lavfi -i testsrc=size=%dx%d:rate=%d:duration=%d "
              "-c:v %s -q:v 20 '%s'",
              dir, w, h, fps, secs, codec, name);
}

static int image(const char *name, int w, int h)
{
    return sh("cd '%s' && ffmpeg -nostdin -v error -y -f lavfi -i testsrc=size=%dx%d:rate=1 -frames:v 1 '%s'",
              dir, w, h, name);
}

static int write_file(const char *path, const void *data, size_t len, mode_t mode)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
    if (fd < 0)
        return -1;
    ssize_t n = write(fd, data, len);
    close(fd);
    return n == (ssize_t)len ? 0 : -1;
}

/* Set the duration fields of the first mvhd box to 2^31-1 units: a file that claims ~25 days. */
static int claim_huge_duration(const char *from, const char *to)
{
    static unsigned char d[1 << 20];
    FILE *f = fopen(from, "rb");
    size_t n = f ? fread(d, 1, sizeof(d), f) : 0;
    if (f)
        fclose(f);
    for (size_t i = 0; i + 24 <= n; i++)
        if (memcmp(d + i, "mvhd", 4) == 0) {
            memcpy(d + i + 20, "\x7f\xff\xff\xff", 4);
            return write_file(to, d, n, 0644);
        }
    return -1;
}

static int make_fixtures(void)
{
    unsigned char noise[4096];
    for (size_t i = 0; i < sizeof(noise); i++)
        noise[i] = (unsigned char)(rand() & 0xff);
    if (write_file(at("random.bin"), noise, sizeof(noise), 0644) || write_file(at("empty.mp4"), "", 0, 0644))
        return -1;
    if (sh("command -v ffmpeg >/dev/null 2>&1") != 0)
        return 0; /* fixtures need ffmpeg: those tests skip */
    if (clip("ok.mp4", 640, 360, 25, 1, "mpeg4") || clip("fast.mp4", 640, 360, 61, 1, "mpeg4") ||
        clip("slow.mp4", 640, 360, 20, 1, "mpeg4") || clip("small.mp4", 200, 200, 25, 1, "mpeg4") ||
        clip("long.mp4", 640, 360, 25, 4, "mpeg4") || clip("ok.mov", 640, 360, 25, 1, "mpeg4") ||
        clip("ok.webm", 640, 360, 25, 1, "libvpx -deadline realtime -cpu-used 8") ||
        image("ok.jpg", 320, 240) || image("big.jpg", 1440, 1920) || image("ok.png", 320, 240) ||
        image("ok.webp", 320, 240) || image("ok.gif", 320, 240))
        return -1;
    if (sh("cd '%s' && cp ok.mp4 trick.jpg && head -c 3000 ok.mp4 > trunc.mp4", dir) ||
        sh("cd '%s' && ffmpeg -nostdin -v error -y -i ok.mp4 -c copy -movflags +faststart fs.mp4", dir) ||
        claim_huge_duration(at("fs.mp4"), at("huge.mp4")))
        return -1;
    have_fixtures = 1;
    return 0;
}

/* The helper of this build tree unless AGORAS_PROBE says otherwise. */
static int find_probe(void)
{
    char self[PATH_MAX], probe[PATH_MAX + 32];
    if (getenv("AGORAS_PROBE"))
        return 0;
    ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
    if (n <= 0)
        return -1;
    self[n] = '\0';
    *strrchr(self, '/') = '\0';
    snprintf(probe, sizeof(probe), "%s/../src/cli/agoras-probe", self);
    return setenv("AGORAS_PROBE", probe, 1);
}

static int setup(void **state)
{
    (void)state;
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof(dir), "%s/agoras-test-media-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir) || find_probe() < 0)
        return -1;
    return make_fixtures();
}

static int teardown(void **state)
{
    (void)state;
    return sh("rm -rf '%s'", dir);
}

static int reset_budget(void **state)
{
    (void)state;
    ag_media_probe_set_budget(NULL);
    return 0;
}

#define NEED_FIXTURES()                                                                                      \
    do {                                                                                                     \
        if (!have_fixtures)                                                                                  \
            skip();                                                                                          \
    } while (0)

static enum ag_media_type sniffed(const char *name)
{
    struct ag_media_info info;
    struct ag_error err;
    ag_media_info_init(&info);
    int fd = open(at(name), O_RDONLY);
    assert_true(fd >= 0);
    assert_int_equal(ag_media_sniff_fd(fd, name, &info, &err), 0);
    close(fd);
    return info.type;
}

static void test_sniff_by_content(void **state)
{
    (void)state;
    assert_int_equal(sniffed("random.bin"), AG_MEDIA_OTHER);
    NEED_FIXTURES();
    assert_int_equal(sniffed("trick.jpg"), AG_MEDIA_MP4); /* the name says JPEG, the bytes say MP4 */
    assert_int_equal(sniffed("ok.mov"), AG_MEDIA_MOV);
    assert_int_equal(sniffed("ok.webm"), AG_MEDIA_WEBM);
    assert_int_equal(sniffed("ok.jpg"), AG_MEDIA_JPEG);
    assert_int_equal(sniffed("ok.png"), AG_MEDIA_PNG);
    assert_int_equal(sniffed("ok.webp"), AG_MEDIA_WEBP);
    assert_int_equal(sniffed("ok.gif"), AG_MEDIA_GIF);
    assert_string_equal(ag_media_type_mime(AG_MEDIA_MOV), "video/quicktime");
}

static void test_image_dimensions(void **state)
{
    (void)state;
    NEED_FIXTURES();
    static const char *const names[] = {"ok.jpg", "ok.png", "ok.webp", "ok.gif"};
    struct ag_media_info info;
    struct ag_error err;
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(ag_media_inspect(at(names[i]), &info, &err), 0);
        assert_int_equal(info.width, 320);
        assert_int_equal(info.height, 240);
    }
    /* Headers that stop short or lie say nothing rather than something wrong. */
    int w = 0, h = 0;
    const unsigned char jpeg[] = {0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J'};
    assert_int_equal(ag_media_image_size(AG_MEDIA_JPEG, jpeg, sizeof(jpeg), &w, &h), -1);
    assert_int_equal(ag_media_image_size(AG_MEDIA_PNG, (const unsigned char *)"\x89PNG", 4, &w, &h), -1);
}

static void test_probe_results(void **state)
{
    (void)state;
    NEED_FIXTURES();
    struct ag_media_info info;
    struct ag_error err;
    assert_int_equal(ag_media_inspect(at("trick.jpg"), &info, &err), 0);
    assert_int_equal(info.type, AG_MEDIA_MP4);
    assert_true(info.duration_ms >= 950 && info.duration_ms <= 1100);
    assert_int_equal(info.width, 640);
    assert_int_equal(info.height, 360);
    assert_true(info.fps > 24.99 && info.fps < 25.01);
    assert_string_equal(info.video_codec, "mpeg4");
    assert_non_null(strstr(info.container, "mp4"));
    assert_int_equal(ag_media_inspect(at("ok.webm"), &info, &err), 0);
    assert_string_equal(info.video_codec, "vp8");
    assert_non_null(strstr(info.container, "webm"));
    assert_int_equal(ag_media_inspect(at("fast.mp4"), &info, &err), 0);
    assert_true(info.fps > 60.99 && info.fps < 61.01);
}

static void test_bad_files(void **state)
{
    (void)state;
    struct ag_media_info info;
    struct ag_error err;
    assert_int_equal(ag_media_inspect(at("empty.mp4"), &info, &err), -AG_EINVALID);
    assert_non_null(strstr(err.msg, "empty file"));
    assert_int_equal(ag_media_inspect(at("missing.mp4"), &info, &err), -AG_EINVALID);
    assert_non_null(strstr(err.msg, "missing.mp4"));
    assert_int_equal(ag_media_inspect(dir, &info, &err), -AG_EINVALID);
    assert_non_null(strstr(err.msg, "not a regular file"));
    assert_int_equal(ag_media_probe(at("random.bin"), &info, &err), -AG_EINVALID);
    assert_non_null(strstr(err.msg, "random.bin"));
    assert_int_equal(ag_media_check_file(at("random.bin"), TT_VIDEO, 0, NULL, &err), -AG_EINVALID);
    assert_non_null(
        strstr(err.msg, "application/octet-stream content, TikTok accepts MP4, MOV, WebM videos"));
    NEED_FIXTURES();
    assert_int_equal(ag_media_inspect(at("trunc.mp4"), &info, &err), -AG_EINVALID);
    assert_non_null(strstr(err.msg, "trunc.mp4"));
    assert_int_equal(ag_media_check_file(at("huge.mp4"), TT_VIDEO, 600, &info, &err), -AG_EINVALID);
    assert_non_null(strstr(err.msg, "s long, TikTok accepts up to 600 s"));
}

static void test_tiktok_checks(void **state)
{
    (void)state;
    NEED_FIXTURES();
    struct ag_media_info info;
    struct ag_error err;
    assert_int_equal(ag_media_check_file(at("ok.mp4"), TT_VIDEO, 180, &info, &err), 0);
    assert_int_equal(ag_media_check_file(at("ok.mov"), TT_VIDEO, 0, &info, &err), 0);
    assert_int_equal(ag_media_check_file(at("ok.webm"), TT_VIDEO, 0, &info, &err), 0);
    assert_int_equal(ag_media_check_file(at("fast.mp4"), TT_VIDEO, 0, NULL, &err), -AG_EINVALID);
    assert_non_null(strstr(err.msg, "fast.mp4': 61 fps, TikTok accepts 23–60"));
    assert_int_equal(ag_media_check_file(at("slow.mp4"), TT_VIDEO, 0, NULL, &err), -AG_EINVALID);
    assert_non_null(strstr(err.msg, "20 fps, TikTok accepts 23–60"));
    assert_int_equal(ag_media_check_file(at("small.mp4"), TT_VIDEO, 0, NULL, &err), -AG_EINVALID);
    assert_non_null(strstr(err.msg, "200x200 px, TikTok accepts 360–4096 px on each side"));
    assert_int_equal(ag_media_check_file(at("long.mp4"), TT_VIDEO, 3, NULL, &err), -AG_EINVALID);
    assert_non_null(strstr(err.msg, "4 s long, this account accepts up to 3 s"));
    assert_int_equal(ag_media_check_file(at("ok.png"), TT_IMAGE, 0, NULL, &err), -AG_EINVALID);
    assert_non_null(strstr(err.msg, "PNG image, TikTok accepts JPEG, WebP images"));
    assert_int_equal(ag_media_check_file(at("big.jpg"), TT_IMAGE, 0, NULL, &err), -AG_EINVALID);
    assert_non_null(strstr(err.msg, "1440x1920 px, TikTok accepts at most 1080 px on the short side"));
    assert_int_equal(ag_media_check_file(at("ok.webp"), TT_IMAGE, 0, NULL, &err), 0);
}

static void test_validation_messages(void **state)
{
    (void)state;
    const struct ag_media_limits *video = TT_VIDEO;
    const struct ag_media_limits *photo = TT_IMAGE;
    struct ag_media_info v;
    struct ag_error err;
    assert_non_null(video);
    assert_non_null(photo);
    ag_media_info_init(&v);
    v.type = AG_MEDIA_MOV, v.size = 1000, v.size_known = 1, v.duration_ms = 12500;
    v.width = 1080, v.height = 1920, v.fps = 61;
    assert_int_equal(ag_media_validate(video, "clip.mov", &v, 0, &err), -AG_EINVALID);
    assert_string_equal(err.msg, "'clip.mov': 61 fps, TikTok accepts 23–60");
    v.fps = 60000.0 / 1001, v.width = 300;
    assert_int_equal(ag_media_validate(video, "clip.mov", &v, 10, &err), -AG_EINVALID);
    assert_string_equal(err.msg, "'clip.mov': 300x1920 px, TikTok accepts 360–4096 px on each side; "
                                 "12.5 s long, this account accepts up to 10 s");
    v.width = 1080, v.size = ((uint64_t)4 << 30) + 1;
    assert_int_equal(ag_media_validate(video, "clip.mov", &v, 0, &err), -AG_EINVALID);
    assert_string_equal(err.msg, "'clip.mov': 4294967297 bytes, TikTok accepts up to 4294967296 (4GB)");
    v.size = 1000, v.duration_ms = -1;
    assert_int_equal(ag_media_validate(video, "clip.mov", &v, 0, &err), -AG_EINVALID);
    assert_string_equal(err.msg, "'clip.mov': duration unknown, TikTok accepts up to 600 s");
    v.duration_ms = 600000;
    assert_int_equal(ag_media_validate(video, "clip.mov", &v, 0, &err), 0);
    assert_int_equal(ag_media_validate(video, "clip.mov", &v, 900, &err), 0); /* the API caps at 600 s */
    v.width = v.height = 0;
    assert_int_equal(ag_media_validate(video, "a.mp4", &v, 0, &err), -AG_EINVALID);
    assert_string_equal(err.msg, "'a.mp4': no video stream found");
    ag_media_info_init(&v);
    v.type = AG_MEDIA_GIF, v.size = 25u << 20, v.size_known = 1;
    assert_int_equal(ag_media_validate(photo, "https://x/y.gif", &v, 0, &err), -AG_EINVALID);
    assert_string_equal(err.msg, "'https://x/y.gif': GIF image, TikTok accepts JPEG, WebP images; "
                                 "26214400 bytes, TikTok accepts up to 20971520 (20MB)");
    v.type = AG_MEDIA_JPEG, v.size_known = 0; /* a remote image of unknown size and dimensions passes */
    assert_int_equal(ag_media_validate(photo, "u", &v, 0, &err), 0);
}

static void test_limits_table(void **state)
{
    (void)state;
    char h[16];
    assert_string_equal(ag_media_human_size(20u << 20, h, sizeof(h)), "20MB");
    assert_string_equal(ag_media_human_size((uint64_t)4 << 30, h, sizeof(h)), "4GB");
    assert_string_equal(ag_media_human_size(1536, h, sizeof(h)), "1KB");
    assert_string_equal(ag_media_human_size(12, h, sizeof(h)), "12B");
    assert_string_equal(ag_media_human_size(0, h, sizeof(h)), "unknown");
    const struct ag_media_limits *v = TT_VIDEO;
    assert_int_equal(v->min_side, 360);
    assert_int_equal(v->max_side, 4096);
    /* Every registered network's rows name it, one row per kind. */
    for (const struct ag_network *const *n = ag_networks; *n; n++)
        for (const struct ag_media_limits *l = (*n)->media_limits; l && l->platform; l++) {
            assert_string_equal(l->platform, (*n)->name);
            assert_ptr_equal(ag_network_limits(*n, l->kind), l);
        }
    enum ag_media_kind k;
    assert_int_equal(ag_media_kind_parse("image", &k), 0);
    assert_int_equal(k, AG_MEDIA_IMAGE);
    assert_int_equal(ag_media_kind_parse("audio", &k), -1);
}

/* Write an executable fake helper and point AGORAS_PROBE at it. */
static void fake_probe(const char *body)
{
    char script[2048];
    snprintf(script, sizeof(script), "#!/bin/sh\n%s\n", body);
    assert_int_equal(write_file(at("fake-probe"), script, strlen(script), 0755), 0);
    assert_int_equal(setenv("AGORAS_PROBE", at("fake-probe"), 1), 0);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The real helper's path (caller frees), to restore after a fake one. */
static char *saved_probe(void)
{
    const char *p = getenv("AGORAS_PROBE");
    assert_non_null(p);
    char *copy = strdup(p);
    assert_non_null(copy);
    return copy;
}

static void with_fake_probe(const char *body, int expect_rc, const char *expect_msg, double max_s)
{
    char *real = saved_probe();
    struct ag_media_info info;
    struct ag_error err;
    ag_media_info_init(&info);
    fake_probe(body);
    double t0 = now_s();
    int rc = ag_media_probe(at("random.bin"), &info, &err);
    double took = now_s() - t0;
    setenv("AGORAS_PROBE", real, 1);
    free(real);
    assert_int_equal(rc, expect_rc);
    if (!strstr(err.msg, expect_msg))
        fail_msg("message '%s' lacks '%s'", err.msg, expect_msg);
    assert_true(took < max_s);
}

static void test_probe_wall_clock_budget(void **state)
{
    (void)state;
    struct ag_media_budget b = {.wall_s = 1};
    ag_media_probe_set_budget(&b);
    /* Sleeping uses no CPU: only the wall-clock deadline can stop it (and its child, the sleep). */
    with_fake_probe("/bin/sleep 30", -AG_EINVALID, "probing took longer than 1 s", 5);
}

static void test_probe_cpu_budget(void **state)
{
    (void)state;
    struct ag_media_budget b = {.wall_s = 30, .cpu_s = 1};
    ag_media_probe_set_budget(&b);
    with_fake_probe("while :; do :; done", -AG_EINVALID, "more than 1 s of CPU", 10);
}

static void test_probe_isolation(void **state)
{
    (void)state;
    char body[512];
    /* A descriptor without O_CLOEXEC is inherited through exec unless the child closes it. */
    int fd = open(at("random.bin"), O_RDONLY), leak = dup2(fd, 40);
    close(fd);
    assert_int_equal(leak, 40);
    setenv("TIKTOK_CLIENT_SECRET", "sekrit-value", 1);
    snprintf(
        body, sizeof(body),
        "echo \"error secret=[$TIKTOK_CLIENT_SECRET] fd=$([ -e /proc/$$/fd/%d ] && echo open || echo closed) "
        "stdin=$(/usr/bin/head -c 0 && echo ok)\"",
        leak);
    with_fake_probe(body, -AG_EINVALID, "secret=[] fd=closed stdin=ok", 10);
    unsetenv("TIKTOK_CLIENT_SECRET");
    close(leak);
}

static void test_probe_helper_failures(void **state)
{
    (void)state;
    with_fake_probe("echo nonsense", -AG_EFAIL, "unreadable answer", 10);
    with_fake_probe("exit 3", -AG_EINVALID, "failed without an answer", 10);
    with_fake_probe("/usr/bin/head -c 100000 /dev/zero", -AG_EFAIL, "unreadable answer", 10);
    char *real = saved_probe();
    struct ag_media_info info;
    struct ag_error err;
    ag_media_info_init(&info);
    setenv("AGORAS_PROBE", at("no-such-helper"), 1);
    assert_int_equal(ag_media_probe(at("random.bin"), &info, &err), -AG_EFAIL);
    assert_non_null(strstr(err.msg, "AGORAS_PROBE"));
    setenv("AGORAS_PROBE", real, 1);
    free(real);
}

/* The publisher itself never maps FFmpeg, even after probing. */
static void test_no_ffmpeg_in_process(void **state)
{
    (void)state;
    char line[1024];
    FILE *maps = fopen("/proc/self/maps", "r");
    assert_non_null(maps);
    while (fgets(line, sizeof(line), maps))
        if (strstr(line, "libavformat") || strstr(line, "libavcodec"))
            fail_msg("libav* mapped: %s", line);
    fclose(maps);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sniff_by_content),
        cmocka_unit_test(test_image_dimensions),
        cmocka_unit_test(test_probe_results),
        cmocka_unit_test(test_bad_files),
        cmocka_unit_test(test_tiktok_checks),
        cmocka_unit_test(test_validation_messages),
        cmocka_unit_test(test_limits_table),
        cmocka_unit_test_teardown(test_probe_wall_clock_budget, reset_budget),
        cmocka_unit_test_teardown(test_probe_cpu_budget, reset_budget),
        cmocka_unit_test(test_probe_isolation),
        cmocka_unit_test(test_probe_helper_failures),
        cmocka_unit_test(test_no_ffmpeg_in_process),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
