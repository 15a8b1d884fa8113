/* FILE_UPLOAD: the chunk plan (SPEC §2.3) and the chunked PUT to upload_url (TIKTOK_API.md §2.4). */
#ifndef AG_TIKTOK_UPLOAD_H
#define AG_TIKTOK_UPLOAD_H

#include <stdint.h>

#include "core/error.h"

#define TT_SINGLE_CHUNK_MAX 64000000ULL /* decimal bytes: TikTok rejects ~66 MB single chunks */
#define TT_CHUNK_SIZE       10000000ULL
#define TT_VIDEO_MAX_BYTES  4000000000ULL

struct tt_chunk_plan {
    uint64_t video_size;
    uint64_t chunk_size;
    uint64_t chunk_count;
};

/* Whole file if <= 64,000,000 bytes, else 10,000,000-byte chunks, count = floor(size / chunk),
 * the last chunk taking the rest. Empty or > 4 GB files: -AG_EINVALID. */
int tt_chunk_plan(uint64_t size, struct tt_chunk_plan *out, struct ag_error *err);

/* Byte range [*first, *last] of chunk i (0-based). */
void tt_chunk_range(const struct tt_chunk_plan *p, uint64_t i, uint64_t *first, uint64_t *last);

/*
 * Where to continue after a 416, from the server's "Content-Range: bytes 0-N/TOTAL": N is the
 * number of bytes received (TIKTOK_API.md §2.4), or the last byte received when only that reading
 * falls on a chunk boundary.  *index is the chunk to send next, chunk_count when every byte
 * arrived.  -1 if the header is malformed, names another total, or is not on a chunk boundary.
 */
int tt_upload_resume_point(const char *content_range, const struct tt_chunk_plan *p, uint64_t *index);

/*
 * PUT every chunk of fd to upload_url in order, streaming from disk. A chunk is retried on 5xx
 * and network errors; a 416 resumes from the server's Content-Range; 403 (URL expired) and 404
 * are errors. mime is the Content-Type (video/mp4, video/quicktime, video/webm). progress draws a
 * bar on a TTY when non-zero.  An upload_url agoras will not use (not https or loopback http, or a
 * non-public address) is -AG_EUNKNOWN, not a usage error: TikTok gave it after creating the post.
 * Interrupted (core/interrupt.h): the chunk in flight is aborted and the interruption code returned.
 */
int tt_upload_file(const char *upload_url, int fd, const char *mime, const struct tt_chunk_plan *plan,
                   int progress, struct ag_error *err);

#endif
