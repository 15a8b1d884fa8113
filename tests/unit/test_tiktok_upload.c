/* Unit tests for platforms/tiktok/upload.c: the FILE_UPLOAD chunk plan and the 416 resume point. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "platforms/tiktok/upload.h"

struct plan_case {
    uint64_t size, chunk_size, count, last_chunk_bytes;
};

static uint64_t last_chunk_bytes(const struct tt_chunk_plan *p)
{
    uint64_t first, last;
    tt_chunk_range(p, p->chunk_count - 1, &first, &last);
    return last - first + 1;
}

static void test_plan_sizes(void **state)
{
    (void)state;
    static const struct plan_case cases[] = {
        {1, 1, 1, 1},
        {28422, 28422, 1, 28422},
        {50000123, 50000123, 1, 50000123}, /* the guide's example fits one chunk under our plan */
        {64000000, 64000000, 1, 64000000}, /* 64 MB decimal: still one chunk */
        {64000001, 10000000, 6, 14000001}, /* one byte more: chunked, the last takes the rest */
        {129999999, 10000000, 12, 19999999},
        {130000000, 10000000, 13, 10000000},
        {132647760, 10000000, 13, 12647760},
        {4000000000ULL, 10000000, 400, 10000000}, /* 4 GB: the largest TikTok takes */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct ag_error err = {0};
        struct tt_chunk_plan p = {0};
        if (tt_chunk_plan(cases[i].size, &p, &err) != 0)
            fail_msg("size %llu refused: %s", (unsigned long long)cases[i].size, err.msg);
        assert_true(p.video_size == cases[i].size);
        assert_true(p.chunk_size == cases[i].chunk_size);
        assert_true(p.chunk_count == cases[i].count);
        assert_true(last_chunk_bytes(&p) == cases[i].last_chunk_bytes);
        /* TikTok's rules: 1-1000 chunks, every chunk but the last exactly chunk_size, the last
         * at least chunk_size (or the whole file) and at most 128 MB. */
        assert_true(p.chunk_count >= 1 && p.chunk_count <= 1000);
        assert_true(p.chunk_count == (p.chunk_count == 1 ? 1 : p.video_size / p.chunk_size));
        assert_true(last_chunk_bytes(&p) >= p.chunk_size && last_chunk_bytes(&p) <= 128000000);
        uint64_t next = 0;
        for (uint64_t c = 0; c < p.chunk_count; c++) {
            uint64_t first, last;
            tt_chunk_range(&p, c, &first, &last);
            assert_true(first == next);
            if (c + 1 < p.chunk_count)
                assert_true(last - first + 1 == p.chunk_size);
            next = last + 1;
        }
        assert_true(next == p.video_size);
    }
}

static void test_plan_refusals(void **state)
{
    (void)state;
    struct ag_error err = {0};
    struct tt_chunk_plan p = {0};
    assert_int_equal(tt_chunk_plan(0, &p, &err), -AG_EINVALID);
    assert_int_equal(err.code, AG_EINVALID);
    err = (struct ag_error){0};
    assert_int_equal(tt_chunk_plan(4000000001ULL, &p, &err), -AG_EINVALID);
    assert_non_null(strstr(err.msg, "4 GB"));
    assert_int_equal(tt_chunk_plan(UINT64_MAX, &p, &err), -AG_EINVALID);
}

static int resume(const char *header, uint64_t size, uint64_t *index)
{
    struct ag_error err = {0};
    struct tt_chunk_plan p;
    if (tt_chunk_plan(size, &p, &err) != 0)
        fail_msg("plan: %s", err.msg);
    *index = 777;
    return tt_upload_resume_point(header, &p, index);
}

static void test_resume_point(void **state)
{
    (void)state;
    const uint64_t size = 132647760; /* 13 chunks */
    uint64_t i;
    /* "bytes 0-{UPLOADED_BYTES}/{TOTAL}" as the guide writes it (and the sandbox sends). */
    assert_int_equal(resume("bytes 0-0/132647760", size, &i), 0);
    assert_true(i == 0);
    assert_int_equal(resume("bytes 0-30000000/132647760", size, &i), 0);
    assert_true(i == 3);
    assert_int_equal(resume("bytes 0-120000000/132647760", size, &i), 0);
    assert_true(i == 12);
    assert_int_equal(resume("bytes 0-132647760/132647760", size, &i), 0);
    assert_true(i == 13); /* everything arrived */
    /* The same progress as an inclusive HTTP range. */
    assert_int_equal(resume("bytes 0-29999999/132647760", size, &i), 0);
    assert_true(i == 3);
    assert_int_equal(resume("bytes 0-132647759/132647760", size, &i), 0);
    assert_true(i == 13);
    assert_int_equal(resume("0-30000000/132647760", size, &i), 0); /* without the unit */
    assert_true(i == 3);

    static const char *const bad[] = {
        NULL,
        "",
        "bytes */132647760",
        "bytes 0-15000000/132647760",  /* not on a chunk boundary */
        "bytes 0-130000000/132647760", /* inside the last, larger chunk */
        "bytes 0-30000000/132647761",  /* another file */
        "bytes 0-132647761/132647760", /* more than the file */
        "bytes 10-30000000/132647760",
        "bytes 0-30000000",
        "bytes 0--1/132647760",
        "bytes 0-30000000/132647760x",
        "bytes 0-99999999999999999999/132647760",
        "bytes 0-3e7/132647760",
    };
    for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
        if (resume(bad[k], size, &i) != -1)
            fail_msg("'%s' should not give a resume point", bad[k] ? bad[k] : "(null)");
    }

    /* One chunk: nothing yet, or all of it. */
    assert_int_equal(resume("bytes 0-0/28422", 28422, &i), 0);
    assert_true(i == 0);
    assert_int_equal(resume("bytes 0-28422/28422", 28422, &i), 0);
    assert_true(i == 1);
    assert_int_equal(resume("bytes 0-28421/28422", 28422, &i), 0);
    assert_true(i == 1);
    assert_int_equal(resume("bytes 0-100/28422", 28422, &i), -1);
}

/*
 * A bad upload_url from TikTok comes after the post was created: exit 6 (outcome unknown), not a
 * usage error.  Every URL here is refused before any connection is made.
 */
static void test_bad_upload_url(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "ftp://127.0.0.1/video/?upload_id=1",        /* scheme */
        "http://upload.example/video/",              /* plain http off loopback */
        "https://0.0.0.0:9/video/",                  /* reaches this host */
        "https://0x7f.1:9/video/",                   /* loopback in disguise */
        "https://[::ffff:127.0.0.1]:9/video/",       /* mapped loopback */
        "https://169.254.169.254/latest/meta-data/", /* cloud metadata */
        "https://10.1.2.3/video/",                   /* private */
        "https://[fd00::1]/video/",                  /* unique local */
        "not a url",
    };
    struct tt_chunk_plan p;
    struct ag_error err = {0};
    char path[] = "/tmp/agoras-test-upload-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    unlink(path);
    assert_int_equal(write(fd, "0123456789", 10), 10);
    assert_int_equal(tt_chunk_plan(10, &p, &err), 0);
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        int rc = tt_upload_file(bad[i], fd, "video/mp4", &p, 0, &err);
        if (rc != -AG_EUNKNOWN || err.code != AG_EUNKNOWN)
            fail_msg("'%s': rc %d, code %d: %s", bad[i], rc, err.code, err.msg);
        assert_non_null(strstr(err.msg, "upload_url"));
    }
    close(fd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plan_sizes),
        cmocka_unit_test(test_plan_refusals),
        cmocka_unit_test(test_resume_point),
        cmocka_unit_test(test_bad_upload_url),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
