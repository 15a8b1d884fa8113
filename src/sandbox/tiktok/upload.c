/*
 * PUT {upload_url}: the chunked file transfer of TIKTOK_API.md §2.4.
 *
 * Each request must carry Content-Type video/mp4|quicktime|webm, Content-Length and
 * Content-Range "bytes FIRST-LAST/TOTAL" (inclusive), and must be exactly the next chunk of the
 * plan given at init (in order).  A new PUT of the chunk in transfer supersedes it (a stalled
 * connection must not block the client's retry): the older transfer's bytes stop counting and
 * it is answered 416.  Answers: 206 chunk accepted, 201 all parts
 * received, 400 bad headers or wrong length, 403 upload_url expired, 404 no such upload, 416
 * range does not match progress.  Every answer carries "Content-Range: bytes 0-UPLOADED/TOTAL"
 * with UPLOADED the byte count received so far, written literally as the guide shows it.
 * Bodies stream straight to disk; the state lock is not held while bytes arrive.
 */
#include "sandbox/tiktok/tiktok.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/log.h"
#include "core/num.h"

struct upload {
    json_t *post; /* borrowed: posts are never removed from the state */
    int fd;
    long long first, last, received;
    long long writer; /* this transfer's number: it owns the chunk while the post's _writer is it */
    bool broken;
};

static atomic_llong writers;

void sbx_upload_url(struct sbx *s, json_t *post, char *out, size_t outlen)
{
    char id[20], token[33];
    sbx_random_digits(id, 19);
    id[0] = (char)('1' + id[0] % 9);
    sbx_random_hex(token, 16);
    sbx_set_str(post, "upload_id", id);
    sbx_set_str(post, "upload_token", token);
    sbx_set_int(post, "upload_expires_at", sbx_now_ms() + s->cfg.upload_ttl * 1000);
    sbx_set_int(post, "next_chunk", 0);
    snprintf(out, outlen, "%s/video/?upload_id=%s&upload_token=%s", s->base_url, id, token);
}

static void reply_progress(struct sbx_req *r, unsigned status, json_t *post, const char *code,
                           const char *msg)
{
    char range[96];
    if (code)
        sbx_reply_api(r, status, NULL, code, "%s", msg);
    else
        sbx_reply(r, status, NULL, "", 0);
    if (post) {
        snprintf(range, sizeof(range), "bytes 0-%lld/%lld", sbx_int(post, "uploaded_bytes"),
                 sbx_int(post, "video_size"));
        sbx_add_header(r, "Content-Range", range);
    }
}

/* One decimal field of a header, ending at stop (or at the end when stop is '\0'). */
static bool header_number(const char **p, char stop, long long *out)
{
    char num[24];
    int64_t v;
    size_t n = stop ? strcspn(*p, (char[]){stop, '\0'}) : strlen(*p);
    if (n == 0 || n >= sizeof(num) || (stop && (*p)[n] != stop))
        return false;
    memcpy(num, *p, n);
    num[n] = '\0';
    if (ag_parse_i64(num, 0, INT64_MAX, &v) < 0)
        return false;
    *out = v;
    *p += n + (stop ? 1 : 0);
    return true;
}

/* Strict "bytes FIRST-LAST/TOTAL": digits only, FIRST <= LAST < TOTAL. */
static bool parse_range(const char *h, long long *first, long long *last, long long *total)
{
    if (!h || strncmp(h, "bytes ", 6) != 0)
        return false;
    h += 6;
    return header_number(&h, '-', first) && header_number(&h, '/', last) && header_number(&h, '\0', total) &&
           *first <= *last && *last < *total;
}

/* The documented media type the request declares, or NULL. */
static const char *content_type(struct sbx_req *r)
{
    static const char *const types[] = {"video/mp4", "video/quicktime", "video/webm"};
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
        if (sbx_media_type_is(r, types[i]))
            return types[i];
    return NULL;
}

/* Check the request line and headers against the post's plan; NULL after answering. */
static json_t *check_headers(struct sbx_req *r, long long *first, long long *last)
{
    long long total, len = -1;
    const char *id = sbx_query(r, "upload_id"), *token = sbx_query(r, "upload_token");
    const char *clen = sbx_header(r, MHD_HTTP_HEADER_CONTENT_LENGTH);
    json_t *post = sbx_find(tt_list(r->sbx, "posts"), "upload_id", id);
    if (!post || !token || strcmp(token, sbx_str(post, "upload_token")) != 0) {
        reply_progress(r, 404, NULL, "upload_not_found", "No such upload task.");
        return NULL;
    }
    if (sbx_int(post, "upload_expires_at") <= sbx_now_ms()) {
        reply_progress(r, 403, post, "upload_url_expired", "The upload_url has expired.");
        return NULL;
    }
    long long size = sbx_int(post, "video_size"), chunk = sbx_int(post, "chunk_size");
    long long count = sbx_int(post, "total_chunk_count"), next = sbx_int(post, "next_chunk");
    if (!content_type(r) || !parse_range(sbx_header(r, "Content-Range"), first, last, &total) ||
        total != size || !clen || !header_number(&clen, '\0', &len) || len != *last - *first + 1) {
        reply_progress(r, 400, post, "invalid_params",
                       "Content-Type, Content-Length or Content-Range is missing or invalid");
        return NULL;
    }
    if (next >= count || *first != next * chunk) {
        reply_progress(r, 416, post, "range_not_satisfiable",
                       "Content-Range does not match the upload progress");
        return NULL;
    }
    long long want_last = next == count - 1 ? size - 1 : *first + chunk - 1;
    if (*last != want_last) {
        reply_progress(r, 400, post, "invalid_params", "The chunk length does not follow the chunk plan");
        return NULL;
    }
    return post;
}

void sbx_upload_begin(struct sbx_req *r)
{
    struct upload *u = calloc(1, sizeof(*u));
    if (!u)
        return;
    u->fd = -1;
    r->stream = u;
    pthread_mutex_lock(&r->sbx->lock);
    u->post = check_headers(r, &u->first, &u->last);
    if (u->post) {
        char *path = sbx_post_file(r->sbx, u->post, 0);
        u->fd = path ? open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600) : -1;
        if (u->fd < 0) {
            ag_err("cannot write upload '%s': %s", path ? path : "?", strerror(errno));
            reply_progress(r, 500, u->post, "internal_error", "cannot store the chunk");
            u->post = NULL;
        } else {
            u->writer = ++writers; /* supersedes a transfer of this chunk still in progress */
            sbx_set_int(u->post, "_writer", u->writer);
            /* Remembered so the page can label the media for the browser's player. */
            sbx_set_str(u->post, "content_type", content_type(r));
        }
        free(path);
    }
    pthread_mutex_unlock(&r->sbx->lock);
}

/* Whether this transfer still owns its chunk (caller holds the lock). */
static bool current(struct upload *u)
{
    return sbx_int(u->post, "_writer") == u->writer;
}

void sbx_upload_data(struct sbx_req *r, const char *data, size_t len)
{
    struct upload *u = r->stream;
    if (!u || !u->post || u->broken)
        return;
    if (u->received + (long long)len > u->last - u->first + 1) {
        u->broken = true; /* more bytes than Content-Range announced */
        return;
    }
    /* Under the lock, so a superseded transfer can never write over its successor's bytes. */
    pthread_mutex_lock(&r->sbx->lock);
    while (len > 0 && current(u)) {
        ssize_t n = pwrite(u->fd, data, len, (off_t)(u->first + u->received));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            u->broken = true;
            break;
        }
        data += n;
        len -= (size_t)n;
        u->received += n;
    }
    pthread_mutex_unlock(&r->sbx->lock);
}

/* The last chunk arrived: hash and probe without the lock, then record the verdict. */
static void finish_upload(struct sbx_req *r, json_t *post)
{
    char sha[65];
    pthread_mutex_lock(&r->sbx->lock);
    char *path = sbx_post_file(r->sbx, post, 0);
    long long max_sec = sbx_int(sbx_find(tt_list(r->sbx, "accounts"), "username", sbx_str(post, "username")),
                                "max_video_post_duration_sec");
    pthread_mutex_unlock(&r->sbx->lock);

    sbx_sha256_file(path, sha);
    const char *fail = sbx_media_check_video(path, max_sec);

    pthread_mutex_lock(&r->sbx->lock);
    sbx_set_str(post, "sha256", sha);
    sbx_post_verdict(r->sbx, post, fail);
    reply_progress(r, 201, post, NULL, NULL);
    pthread_mutex_unlock(&r->sbx->lock);
    free(path);
}

void sbx_upload_end(struct sbx_req *r)
{
    struct upload *u = r->stream;
    if (!u || !u->post)
        return; /* answered at begin */
    bool whole = !u->broken && u->received == u->last - u->first + 1;
    bool complete = false;
    pthread_mutex_lock(&r->sbx->lock);
    if (!current(u)) {
        reply_progress(r, 416, u->post, "range_not_satisfiable",
                       "A newer PUT of this chunk superseded this one");
        u->post = NULL;
        pthread_mutex_unlock(&r->sbx->lock);
        return;
    }
    json_object_del(u->post, "_writer");
    if (!whole)
        reply_progress(r, 400, u->post, "invalid_params", "The body length does not match Content-Range");
    else {
        sbx_set_int(u->post, "uploaded_bytes", u->last + 1);
        sbx_set_int(u->post, "next_chunk", sbx_int(u->post, "next_chunk") + 1);
        complete = sbx_int(u->post, "next_chunk") == sbx_int(u->post, "total_chunk_count");
        if (!complete)
            reply_progress(r, 206, u->post, NULL, NULL);
    }
    pthread_mutex_unlock(&r->sbx->lock);
    if (complete)
        finish_upload(r, u->post);
}

void sbx_upload_free(struct sbx_req *r)
{
    struct upload *u = r->stream;
    if (!u)
        return;
    if (u->post) { /* the connection died mid-chunk: the chunk simply did not arrive */
        pthread_mutex_lock(&r->sbx->lock);
        if (current(u))
            json_object_del(u->post, "_writer");
        pthread_mutex_unlock(&r->sbx->lock);
    }
    if (u->fd >= 0)
        close(u->fd);
    free(u);
    r->stream = NULL;
}
