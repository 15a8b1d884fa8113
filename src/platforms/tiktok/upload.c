#include "platforms/tiktok/upload.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/http.h"
#include "core/interrupt.h"
#include "core/log.h"
#include "core/num.h"
#include "net/upload.h"

#define CHUNK_ATTEMPTS 5
#define MAX_RESUMES    5

int tt_chunk_plan(uint64_t size, struct tt_chunk_plan *out, struct ag_error *err)
{
    if (size == 0)
        return ag_error_set(err, AG_EINVALID, "the video is empty");
    if (size > TT_VIDEO_MAX_BYTES)
        return ag_error_set(err, AG_EINVALID, "the video is %" PRIu64 " bytes; TikTok accepts at most 4 GB",
                            size);
    out->video_size = size;
    if (size <= TT_SINGLE_CHUNK_MAX) {
        out->chunk_size = size;
        out->chunk_count = 1;
    } else {
        out->chunk_size = TT_CHUNK_SIZE;
        out->chunk_count = size / TT_CHUNK_SIZE;
    }
    return 0;
}

void tt_chunk_range(const struct tt_chunk_plan *p, uint64_t i, uint64_t *first, uint64_t *last)
{
    *first = i * p->chunk_size;
    *last = i + 1 == p->chunk_count ? p->video_size - 1 : *first + p->chunk_size - 1;
}

/* One decimal number of at most 19 digits ending at stop; advances *p past it. */
static int range_number(const char **p, char stop, uint64_t *out)
{
    char digits[24];
    size_t n = strspn(*p, "0123456789");
    if (n == 0 || n >= 20 || (*p)[n] != stop)
        return -1;
    memcpy(digits, *p, n);
    digits[n] = '\0';
    if (ag_parse_u64(digits, UINT64_MAX, out) < 0)
        return -1;
    *p += n + (stop ? 1 : 0);
    return 0;
}

/* Bytes received -> the index of the chunk that starts there (chunk_count: everything arrived). */
static int chunk_at(const struct tt_chunk_plan *p, uint64_t received, uint64_t *index)
{
    if (received == p->video_size) {
        *index = p->chunk_count;
        return 0;
    }
    if (received % p->chunk_size != 0 || received / p->chunk_size >= p->chunk_count)
        return -1;
    *index = received / p->chunk_size;
    return 0;
}

int tt_upload_resume_point(const char *content_range, const struct tt_chunk_plan *p, uint64_t *index)
{
    uint64_t first, n, total;
    const char *s = content_range;
    if (!s || p->chunk_size == 0)
        return -1;
    while (*s == ' ')
        s++;
    if (strncmp(s, "bytes ", 6) == 0)
        s += 6;
    if (range_number(&s, '-', &first) < 0 || range_number(&s, '/', &n) < 0 ||
        range_number(&s, '\0', &total) < 0 || first != 0 || total != p->video_size || n > total)
        return -1;
    /* The guide writes "bytes 0-{UPLOADED_BYTES}/{TOTAL}": N is a byte count.  Read as an inclusive
     * HTTP range it would be the last byte received; accept that reading when only it fits. */
    if (chunk_at(p, n, index) == 0)
        return 0;
    return n < total ? chunk_at(p, n + 1, index) : -1;
}

static int put_chunk(const char *url, int fd, const char *mime, const struct tt_chunk_plan *p, uint64_t i,
                     struct ag_http_response *res, struct ag_error *err)
{
    uint64_t first, last;
    tt_chunk_range(p, i, &first, &last);
    char range[96];
    snprintf(range, sizeof(range), "Content-Range: bytes %" PRIu64 "-%" PRIu64 "/%" PRIu64, first, last,
             p->video_size);
    const char *headers[] = {range, NULL};
    struct ag_http_request req;
    ag_http_request_init(&req);
    req.method = "PUT";
    req.url = url;
    req.content_type = mime;
    req.headers = headers;
    req.body_fd = fd;
    req.file_offset = first;
    req.file_len = last - first + 1;
    req.max_attempts = CHUNK_ATTEMPTS;
    req.idempotent = 1; /* the same bytes at the same range: re-sending a chunk is safe */
    req.timeout_s = 600;
    req.public_only = 1; /* a URL from the server must not reach into the user's network */
    ag_debug("PUT chunk %" PRIu64 "/%" PRIu64 " bytes %" PRIu64 "-%" PRIu64, i + 1, p->chunk_count, first,
             last);
    return ag_http_perform(&req, res, err);
}

struct put_ctx {
    const char *url;
    int fd;
    const char *mime;
    const struct tt_chunk_plan *plan;
    int resumes;
};

/* One chunk and what TikTok's answer says about where to go on (net/upload.h's send). */
static int send_chunk(void *ctx, uint64_t i, uint64_t *next, uint64_t *have, struct ag_error *err)
{
    struct put_ctx *c = ctx;
    const struct tt_chunk_plan *plan = c->plan;
    struct ag_http_response res;
    ag_http_response_init(&res);
    int rc = put_chunk(c->url, c->fd, c->mime, plan, i, &res, err);
    int final = i + 1 == plan->chunk_count;
    uint64_t resume = 0, first, last;
    if (rc < 0) {
        ag_error_wrap(err, "chunk %" PRIu64 " of %" PRIu64, i + 1, plan->chunk_count);
    } else if (res.status == (final ? 201 : 206)) {
        tt_chunk_range(plan, i, &first, &last);
        *have = last + 1;
    } else if (res.status == 416 && c->resumes < MAX_RESUMES &&
               tt_upload_resume_point(res.content_range, plan, &resume) == 0) {
        /* TikTok's progress differs from ours: a chunk arrived whose answer was lost, or one
         * is still being received.  Continue from where TikTok is (the file is on disk). */
        c->resumes++;
        if (resume == plan->chunk_count)
            ag_info("TikTok already has all %" PRIu64 " bytes", plan->video_size);
        else if (resume == i) {
            if (ag_interrupt_sleep_ms(500L * c->resumes) < 0) /* the lost attempt may still be arriving */
                rc = ag_interrupt_error(err, "during the upload");
        } else
            ag_info("TikTok already has %s; resuming at chunk %" PRIu64, res.content_range, resume + 1);
        *next = resume;
    } else if (res.status == 403) {
        rc =
            ag_error_set(err, AG_EFAIL, "the upload URL expired (TikTok allows 1 hour for the whole upload)");
    } else if (res.status == 404) {
        rc = ag_error_set(err, AG_EFAIL, "TikTok does not know this upload (HTTP 404)");
    } else if (res.status >= 500 || res.status == 429) {
        rc = ag_error_set(err, AG_ETEMP, "chunk %" PRIu64 " failed with HTTP %ld after retries", i + 1,
                          res.status);
    } else {
        rc = ag_error_set(err, AG_EFAIL, "TikTok refused chunk %" PRIu64 " with HTTP %ld%s%s", i + 1,
                          res.status, res.content_range ? ", Content-Range " : "",
                          res.content_range ? res.content_range : "");
    }
    ag_http_response_free(&res);
    return rc;
}

int tt_upload_file(const char *upload_url, int fd, const char *mime, const struct tt_chunk_plan *plan,
                   int progress, struct ag_error *err)
{
    struct put_ctx ctx = {upload_url, fd, mime, plan, 0};
    struct ag_chunks chunks = {plan->video_size, plan->chunk_count, send_chunk, &ctx, progress};
    int rc = ag_http_check_url(upload_url, err);
    if (rc == 0)
        rc = ag_upload_chunks(&chunks, err);
    /*
     * A URL refused by agoras's policy (scheme, plain http, non-public address) came from TikTok after
     * the post was created: not a usage error, and what becomes of the post is unknown.
     */
    if (rc == -AG_EUSAGE) {
        err->code = AG_EUNKNOWN;
        rc = ag_error_wrap(err, "TikTok's upload_url cannot be used");
    }
    return rc;
}
