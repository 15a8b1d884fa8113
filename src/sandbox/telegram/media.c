/*
 * InputFile parameters (§4.2, §4.3): a photo or video comes as a multipart upload (the part named
 * like the parameter, or attach://NAME), as an HTTP URL the sandbox fetches itself, or as the
 * file_id of a file sent before.  Limits: uploads 10 MB for photos and 50 MB for other files
 * (413 beyond), URLs 5 MB and 20 MB.  Photos must be images of width + height <= 10000 and aspect
 * ratio <= 20.  URLs are https, or plain http on loopback (the sandbox never leaves the machine
 * for a test).  The stored file gets a file_id and a sha256 in the state.
 */
#include "sandbox/telegram/telegram.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The image or video checks of §4.2 for a received file; the description of a refusal, or NULL. */
static const char *probe(const char *path, bool photo, int *w, int *h)
{
    static const char *const images[] = {"mjpeg", "png", "webp", "bmp", "gif", NULL};
    const char *codec = sbx_media_probe(path, w, h);
    bool image = false;
    for (const char *const *i = images; codec && *i; i++)
        image = image || strcmp(codec, *i) == 0;
    if (!photo)
        return NULL; /* any file can be sent as a video; its size is all that is checked */
    if (!image || *w <= 0 || *h <= 0)
        return "IMAGE_PROCESS_FAILED";
    if (*w + *h > 10000 || *w > 20 * *h || *h > 20 * *w)
        return "PHOTO_INVALID_DIMENSIONS";
    return NULL;
}

/* Record a received file under the lock; name is its file name in the media directory. */
static json_t *record(struct tg_call *c, const char *name, const char *kind, long long size, const char *sha,
                      int w, int h, const char *source)
{
    char id[40], unique[17];
    sbx_random_hex(id + 4, 16);
    memcpy(id, "sbx-", 4);
    sbx_random_hex(unique, 8);
    json_t *file =
        json_pack("{s:s, s:s, s:s, s:s, s:I, s:s, s:s}", "file_id", id, "file_unique_id", unique, "kind",
                  kind, "name", name, "file_size", (json_int_t)size, "sha256", sha, "source", source);
    if (w > 0) {
        sbx_set_int(file, "width", w);
        sbx_set_int(file, "height", h);
    }
    pthread_mutex_lock(&c->r->sbx->lock);
    json_array_append_new(tg_list(c->r->sbx, "files"), file);
    pthread_mutex_unlock(&c->r->sbx->lock);
    return file;
}

static json_t *from_upload(struct tg_call *c, struct tg_file *part, const char *kind)
{
    bool photo = strcmp(kind, "photo") == 0;
    int w, h;
    if (part->size > (photo ? TG_PHOTO_UPLOAD : TG_OTHER_UPLOAD)) {
        tg_reply_error(c->r, 413, "Request Entity Too Large");
        return NULL;
    }
    const char *why = probe(part->path, photo, &w, &h);
    if (why) {
        tg_reply_error(c->r, 400, "Bad Request: %s", why);
        return NULL;
    }
    part->kept = true;
    const char *base = strrchr(part->path, '/');
    return record(c, base + 1, kind, part->size, part->sha256, w, h, "upload");
}

/* https anywhere, http only to a loopback host. */
static bool url_allowed(const char *normalized)
{
    if (strncmp(normalized, "https://", 8) == 0)
        return true;
    if (strncmp(normalized, "http://", 7) != 0)
        return false;
    const char *host = normalized + 7;
    size_t n = strcspn(host, ":/");
    return (n >= 4 && strncmp(host, "127.", 4) == 0) || (n == 9 && strncmp(host, "localhost", 9) == 0) ||
           strncmp(host, "[::1]", 5) == 0;
}

static json_t *from_url(struct tg_call *c, const char *url, const char *kind)
{
    bool photo = strcmp(kind, "photo") == 0;
    char *normalized = sbx_url_normalize(url), hex[33], name[40], sha[65];
    char *path = NULL;
    long long got = 0;
    int w, h, rc = -1;
    json_t *file = NULL;
    if (!normalized || !url_allowed(normalized)) {
        tg_reply_error(c->r, 400, "Bad Request: wrong file identifier/HTTP URL specified");
        goto out;
    }
    sbx_random_hex(hex, 16);
    snprintf(name, sizeof(name), "tg-%s", hex);
    size_t n = strlen(c->r->sbx->data_dir) + sizeof(name) + 2;
    path = malloc(n);
    if (path) {
        snprintf(path, n, "%s/%s", c->r->sbx->data_dir, name);
        rc = sbx_fetch(normalized, path, photo ? TG_PHOTO_URL : TG_OTHER_URL, NULL, NULL, &got);
    }
    if (rc == -2)
        tg_reply_error(c->r, 400, "Bad Request: file is too big");
    else if (rc < 0)
        tg_reply_error(c->r, 400, "Bad Request: failed to get HTTP URL content");
    const char *why = rc == 0 ? probe(path, photo, &w, &h) : NULL;
    if (why)
        tg_reply_error(c->r, 400, "Bad Request: %s", why);
    if (rc == 0 && !why) {
        sbx_sha256_file(path, sha);
        file = record(c, name, kind, got, sha, w, h, "url");
    } else if (path)
        unlink(path);
out:
    free(path);
    free(normalized);
    return file;
}

json_t *tg_input_file(struct tg_call *c, const char *param, const char *value, const char *kind)
{
    if (!value) {
        struct tg_file *part = tg_file_part(c, param);
        if (part)
            return from_upload(c, part, kind);
        tg_reply_error(c->r, 400, "Bad Request: there is no %s in the request", kind);
        return NULL;
    }
    if (strncmp(value, "attach://", 9) == 0) {
        struct tg_file *part = tg_file_part(c, value + 9);
        if (part)
            return from_upload(c, part, kind);
        tg_reply_error(c->r, 400, "Bad Request: file attached as %s is not in the request", value);
        return NULL;
    }
    if (strncmp(value, "http://", 7) == 0 || strncmp(value, "https://", 8) == 0)
        return from_url(c, value, kind);
    pthread_mutex_lock(&c->r->sbx->lock);
    json_t *file = tg_file_find(c->r->sbx, value);
    bool same_kind = file && strcmp(sbx_str(file, "kind"), kind) == 0;
    pthread_mutex_unlock(&c->r->sbx->lock);
    if (!same_kind) {
        tg_reply_error(c->r, 400, "Bad Request: wrong file identifier/HTTP URL specified");
        return NULL;
    }
    return file;
}
