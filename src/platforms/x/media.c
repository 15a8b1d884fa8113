/* Media checks and the v2 upload (see media.h). */
#include "platforms/x/media.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "core/interrupt.h"
#include "net/network.h"
#include "net/upload.h"
#include "platforms/x/x.h"

static int is_url(const char *s)
{
    return strncasecmp(s, "http://", 7) == 0 || strncasecmp(s, "https://", 8) == 0;
}

int x_media_is_gif(const struct x_media *m)
{
    return m->info.type == AG_MEDIA_GIF;
}

int x_media_open(const char *source, enum ag_media_kind kind, int allow_private, struct x_media *m,
                 struct ag_error *err)
{
    const struct ag_media_limits *lim = ag_network_limits(&ag_x_network, kind);
    memset(m, 0, sizeof(*m));
    m->source = source;
    m->fd = -1;
    int rc = 0;
    if (is_url(source)) {
        struct ag_media_fetch_opts opts = {.max_bytes = kind == AG_MEDIA_IMAGE ? x_gif_limits.max_bytes
                                                                               : lim->max_bytes,
                                           .allow_private = allow_private};
        rc = ag_media_download_url(source, &opts, &m->download, err);
        if (rc == -AG_EFAIL) /* the URL gave no media (4xx…): bad input, caught before X saw anything */
            rc = -(err->code = AG_EINVALID);
        m->path = m->download.path;
    } else {
        m->path = (char *)source;
    }
    if (rc == 0)
        rc = ag_media_inspect(m->path, &m->info, err);
    if (rc < 0)
        return rc;
    if (kind == AG_MEDIA_IMAGE && x_media_is_gif(m))
        lim = &x_gif_limits;
    rc = ag_media_validate(lim, source, &m->info, 0, err);
    if (rc == 0 && (m->fd = open(m->path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) < 0)
        rc = ag_error_set(err, AG_EINVALID, "cannot read '%s': %s", source, strerror(errno));
    return rc;
}

void x_media_close(struct x_media *m)
{
    if (m->fd >= 0)
        close(m->fd);
    m->fd = -1;
    ag_media_download_discard(&m->download);
}

static const char *category(const struct x_media *m)
{
    if (ag_media_type_kind(m->info.type) == AG_MEDIA_VIDEO)
        return "tweet_video";
    return x_media_is_gif(m) ? "tweet_gif" : "tweet_image";
}

static const char *file_name(const struct x_media *m)
{
    const char *slash = strrchr(m->path, '/');
    return slash ? slash + 1 : m->path;
}

/* The media id of a data object: "id" (v2) or "media_id_string"; malloc'd, NULL when absent. */
static char *media_id_of(json_t *data)
{
    const char *id = json_string_value(json_object_get(data, "id"));
    if (!id)
        id = json_string_value(json_object_get(data, "media_id_string"));
    return id && *id && strspn(id, "0123456789") == strlen(id) ? strdup(id) : NULL;
}

static int one_shot(const struct x_creds *c, const struct x_media *m, json_t **data, struct ag_error *err)
{
    const struct ag_http_part parts[] = {
        {.name = "media",
         .fd = m->fd,
         .len = m->info.size,
         .filename = file_name(m),
         .content_type = ag_media_type_mime(m->info.type)},
        {.name = "media_category", .value = category(m), .fd = -1},
        {0},
    };
    struct x_call call = {.method = "POST",
                          .path = "/2/media/upload",
                          .parts = parts,
                          .what = "media upload",
                          .timeout_s = 600};
    return x_call_json(c, &call, data, err);
}

struct chunked {
    const struct x_creds *c;
    const struct x_media *m;
    const char *id;
};

static int append_chunk(void *ctx, uint64_t i, uint64_t *next, uint64_t *have, struct ag_error *err)
{
    struct chunked *k = ctx;
    char path[128], index[24];
    uint64_t off = i * X_CHUNK_BYTES,
             len = k->m->info.size - off < X_CHUNK_BYTES ? k->m->info.size - off : X_CHUNK_BYTES;
    snprintf(path, sizeof(path), "/2/media/upload/%s/append", k->id);
    snprintf(index, sizeof(index), "%" PRIu64, i);
    const struct ag_http_part parts[] = {
        {.name = "media",
         .fd = k->m->fd,
         .offset = off,
         .len = len,
         .filename = "blob",
         .content_type = "application/octet-stream"},
        {.name = "segment_index", .value = index, .fd = -1},
        {0},
    };
    struct x_call call = {
        .method = "POST", .path = path, .parts = parts, .what = "media append", .timeout_s = 600};
    struct ag_http_response res;
    ag_http_response_init(&res);
    int rc = x_send(k->c, &call, &res, err);
    ag_http_response_free(&res);
    *next = i + 1;
    *have = off + len;
    return rc;
}

static int chunked(const struct x_creds *c, const struct x_media *m, char **id, json_t **data,
                   struct ag_error *err)
{
    json_t *body = json_pack("{s:s, s:I, s:s}", "media_type", ag_media_type_mime(m->info.type), "total_bytes",
                             (json_int_t)m->info.size, "media_category", category(m));
    struct x_call init = {
        .method = "POST", .path = "/2/media/upload/initialize", .json = body, .what = "media initialize"};
    json_t *d = NULL;
    int rc = body ? x_call_json(c, &init, &d, err) : ag_error_set(err, AG_EFAIL, "out of memory");
    json_decref(body);
    if (rc == 0 && !(*id = media_id_of(d)))
        rc = ag_error_set(err, AG_EFAIL, "x: media initialize: X's answer has no media id");
    json_decref(d);
    if (rc < 0)
        return rc;
    struct chunked k = {c, m, *id};
    struct ag_chunks chunks = {.total_bytes = m->info.size,
                               .count = (m->info.size + X_CHUNK_BYTES - 1) / X_CHUNK_BYTES,
                               .send = append_chunk,
                               .ctx = &k,
                               .progress = isatty(STDERR_FILENO) && !getenv("NO_COLOR")};
    rc = ag_upload_chunks(&chunks, err);
    char path[128];
    snprintf(path, sizeof(path), "/2/media/upload/%s/finalize", *id);
    struct x_call fin = {.method = "POST", .path = path, .what = "media finalize"};
    return rc < 0 ? rc : x_call_json(c, &fin, data, err);
}

/* Until processing_info says succeeded (or is absent), asking again after check_after_secs. */
static int wait_processed(const struct x_creds *c, const char *id, json_t *data, int64_t wait_s,
                          struct ag_error *err)
{
    time_t deadline = time(NULL) + (time_t)wait_s;
    char path[160];
    snprintf(path, sizeof(path), "/2/media/upload?command=STATUS&media_id=%s", id);
    json_t *d = json_incref(data);
    int rc = 0;
    for (;;) {
        json_t *info = json_object_get(d, "processing_info");
        const char *state = json_string_value(json_object_get(info, "state"));
        if (!info || (state && strcmp(state, "succeeded") == 0))
            break;
        if (state && strcmp(state, "failed") == 0) {
            const char *why = json_string_value(json_object_get(json_object_get(info, "error"), "message"));
            rc = ag_error_set(err, AG_EFAIL, "x: X could not process the media: %s (nothing was posted)",
                              why ? why : "no reason given");
            break;
        }
        json_int_t after = json_integer_value(json_object_get(info, "check_after_secs"));
        after = after < 1 ? 1 : after > 60 ? 60 : after;
        if (time(NULL) + after > deadline) {
            rc = ag_error_set(err, AG_ETEMP,
                              "x: X is still processing the media after %" PRId64
                              " s (nothing was posted): try again with a longer --wait-timeout",
                              wait_s);
            break;
        }
        if (ag_interrupt_sleep_ms((long)after * 1000) < 0) {
            rc = ag_interrupt_error(err, "while waiting for X to process the media (nothing was posted)");
            break;
        }
        json_decref(d);
        d = NULL;
        struct x_call status = {.method = "GET", .path = path, .what = "media status"};
        if ((rc = x_call_json(c, &status, &d, err)) < 0)
            break;
    }
    json_decref(d);
    return rc;
}

int x_media_upload(const struct x_creds *c, const struct x_media *m, int64_t wait_s, char **media_id,
                   struct ag_error *err)
{
    json_t *data = NULL;
    *media_id = NULL;
    int rc = strcmp(category(m), "tweet_image") == 0 ? one_shot(c, m, &data, err)
                                                     : chunked(c, m, media_id, &data, err);
    if (rc == 0 && !*media_id && !(*media_id = media_id_of(data)))
        rc = ag_error_set(err, AG_EFAIL, "x: media upload: X's answer has no media id");
    if (rc == 0)
        rc = wait_processed(c, *media_id, data, wait_s, err);
    if (rc < 0)
        ag_error_wrap(err, "uploading '%s'", m->source);
    json_decref(data);
    if (rc < 0) {
        free(*media_id);
        *media_id = NULL;
    }
    return rc;
}
