/*
 * Media upload v2 (§2.6): initialize (JSON only: media_type, total_bytes, media_category),
 * append (multipart `media` + segment_index 0-999; a segment sent again replaces the first),
 * finalize (the segments 0..N-1 must add up to total_bytes; they become one file whose size and
 * sha256 the state records), STATUS (one processing step per call) and the one-shot upload
 * (multipart `media` + media_category).  The records and processing: media_record.c.
 */
#include "sandbox/x/x.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/num.h"

static bool allowed_fields(struct x_call *c, json_t *body)
{
    const char *k;
    json_t *v;
    json_object_foreach(body, k, v)
    {
        if (strcmp(k, "media_type") != 0 && strcmp(k, "total_bytes") != 0 &&
            strcmp(k, "media_category") != 0 && strcmp(k, "additional_owners") != 0 &&
            strcmp(k, "shared") != 0) {
            x_invalid(c->r, k, "", "The field is not allowed in a media initialize request.");
            return false;
        }
    }
    return true;
}

void x_media_initialize(struct sbx_req *r)
{
    struct x_call *c = x_call_ready(r, X_ACCESS_TOKEN);
    json_t *body;
    if (!c || !x_require_write(c) || !(body = x_body_json(c)))
        return;
    const char *type = json_string_value(json_object_get(body, "media_type"));
    const char *cname = json_string_value(json_object_get(body, "media_category"));
    json_t *total = json_object_get(body, "total_bytes");
    const struct x_category *cat = cname ? x_category_named(cname) : type ? x_category_for_type(type) : NULL;
    char msg[160], id[24];
    if (!allowed_fields(c, body))
        ;
    else if (!x_media_type_known(type))
        x_invalid(r, "media_type", type,
                  "media_type is one of video/mp4, video/webm, video/mp2t, video/quicktime, "
                  "image/jpeg, image/gif, image/png, image/webp, image/bmp, image/pjpeg, "
                  "image/tiff, text/srt, text/vtt.");
    else if (!cat)
        x_invalid(
            r, "media_category", cname,
            "media_category is one of tweet_image, tweet_gif, tweet_video, amplify_video, dm_image, dm_gif, "
            "dm_video, subtitles.");
    else if (strncmp(type, cat->types, strlen(cat->types)) != 0) {
        snprintf(msg, sizeof(msg), "media_category %s does not take media_type %s.", cat->name, type);
        x_invalid(r, "media_category", cat->name, msg);
    } else if (!json_is_integer(total) || json_integer_value(total) < 1 ||
               json_integer_value(total) > cat->max) {
        snprintf(msg, sizeof(msg), "total_bytes is the whole file's size, 1 to %lld bytes for %s.", cat->max,
                 cat->name);
        x_invalid(r, "total_bytes", "", msg);
    } else {
        pthread_mutex_lock(&r->sbx->lock);
        json_t *m = x_media_new(r->sbx, c, type, cat, json_integer_value(total), id);
        json_t *answer =
            json_pack("{s:{s:s, s:O, s:I}}", "data", "id", id, "media_key", json_object_get(m, "media_key"),
                      "expires_after_secs", (json_int_t)x_option(r->sbx, "media_ttl_secs"));
        pthread_mutex_unlock(&r->sbx->lock);
        x_reply_json(r, 200, answer);
    }
    json_decref(body);
}

/* Concatenate the segments 0..n-1 into the media's file; 0, or -1 with the message. */
static int join_segments(struct sbx *s, json_t *m, char *msg, size_t msglen)
{
    json_t *segs = json_object_get(m, "segments");
    size_t n = json_object_size(segs);
    long long sum = 0;
    char key[24], path[4096], name[64];
    for (size_t i = 0; i < n; i++) {
        snprintf(key, sizeof(key), "%zu", i);
        if (!json_object_get(segs, key)) {
            snprintf(msg, msglen, "Segment %zu is missing: segments are numbered from 0 without gaps.", i);
            return -1;
        }
        sum += sbx_int(segs, key);
    }
    if (sum != sbx_int(m, "total_bytes")) {
        snprintf(msg, msglen, "The segments add up to %lld bytes but total_bytes is %lld.", sum,
                 sbx_int(m, "total_bytes"));
        return -1;
    }
    snprintf(name, sizeof(name), "x-%s", sbx_str(m, "id"));
    x_media_path(s, name, path, sizeof(path));
    int out = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    int rc = out < 0 ? -1 : 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        char seg[4200], buf[65536];
        snprintf(seg, sizeof(seg), "%s-%zu", path, i);
        int in = open(seg, O_RDONLY | O_CLOEXEC);
        ssize_t got;
        rc = in < 0 ? -1 : 0;
        while (rc == 0 && (got = read(in, buf, sizeof(buf))) > 0)
            rc = write(out, buf, (size_t)got) == got ? 0 : -1;
        if (in >= 0)
            close(in);
        unlink(seg);
    }
    if (out >= 0 && close(out) != 0)
        rc = -1;
    if (rc != 0)
        snprintf(msg, msglen, "The sandbox could not store the media: %s.", strerror(errno));
    sbx_set_str(m, "name", name);
    return rc;
}

/* The media id in /2/media/upload/ID/append or /finalize. */
static void path_id(struct sbx_req *r, char *out, size_t size)
{
    const char *id = r->sub + strlen("/2/media/upload/");
    snprintf(out, size, "%.*s", (int)strcspn(id, "/"), id);
}

static void append(struct x_call *c, const char *id)
{
    struct sbx_req *r = c->r;
    const char *index = x_field(c, "segment_index"), *why = NULL;
    int64_t seg = -1;
    if (c->kind != X_BODY_MULTIPART) {
        x_invalid(r, "media", "",
                  "append takes multipart/form-data with the fields media and segment_index.");
        return;
    }
    if (!index || ag_parse_i64(index, 0, X_SEGMENTS - 1, &seg) != 0) {
        x_invalid(r, "segment_index", index, "segment_index is a number from 0 to 999.");
        return;
    }
    if (!c->file_path) {
        x_invalid(r, "media", "", "The media field (the segment's bytes) is missing.");
        return;
    }
    char key[16], path[4096], name[64];
    long long expires = 0;
    snprintf(key, sizeof(key), "%lld", (long long)seg);
    pthread_mutex_lock(&r->sbx->lock);
    json_t *m = x_media_find(r->sbx, id, c->user_id, &why);
    if (m && strcmp(sbx_str(m, "state"), "uploading") != 0)
        why = "the media is finalized already";
    if (!why) {
        snprintf(name, sizeof(name), "x-%s", id);
        x_media_path(r->sbx, name, path, sizeof(path));
        snprintf(path + strlen(path), sizeof(path) - strlen(path), "-%s", key);
        c->file_kept = rename(c->file_path, path) == 0;
        if (c->file_kept)
            sbx_set_int(json_object_get(m, "segments"), key, c->file_size);
        else
            why = "the sandbox could not store the segment";
        expires = sbx_int(m, "expires_at") / 1000;
    }
    pthread_mutex_unlock(&r->sbx->lock);
    if (why)
        x_invalid(r, "id", id, why);
    else
        x_reply_json(r, 200, json_pack("{s:{s:I}}", "data", "expires_at", (json_int_t)expires));
}

static void finalize(struct x_call *c, const char *id)
{
    struct sbx_req *r = c->r;
    const char *why = NULL;
    char msg[200], sha[65], path[4096];
    pthread_mutex_lock(&r->sbx->lock);
    json_t *m = x_media_find(r->sbx, id, c->user_id, &why), *answer = NULL;
    if (m && strcmp(sbx_str(m, "state"), "uploading") != 0)
        why = "the media is finalized already";
    if (!why && join_segments(r->sbx, m, msg, sizeof(msg)) == 0) {
        x_media_path(r->sbx, sbx_str(m, "name"), path, sizeof(path));
        sbx_sha256_file(path, sha);
        x_media_done(r, m, sha, sbx_int(m, "total_bytes"));
        answer = x_media_object(r->sbx, m);
    } else if (!why)
        why = msg;
    pthread_mutex_unlock(&r->sbx->lock);
    if (answer)
        x_reply_json(r, 200, answer);
    else
        x_invalid(r, "id", id, why);
}

void x_media_chunk(struct sbx_req *r)
{
    struct x_call *c = x_call_ready(r, X_ACCESS_TOKEN);
    char id[32];
    if (!c || !x_require_write(c))
        return;
    path_id(r, id, sizeof(id));
    if (strcmp(c->key, "media_append") == 0)
        append(c, id);
    else
        finalize(c, id);
}

void x_media_status(struct sbx_req *r)
{
    struct x_call *c = x_call_ready(r, X_ACCESS_TOKEN);
    const char *command = sbx_query(r, "command"), *id = sbx_query(r, "media_id"), *why = NULL;
    if (!c)
        return;
    if (command && strcmp(command, "STATUS") != 0) {
        x_invalid(r, "command", command, "GET /2/media/upload takes command=STATUS (or none).");
        return;
    }
    if (!id) {
        x_invalid(r, "media_id", "", "media_id is required.");
        return;
    }
    pthread_mutex_lock(&r->sbx->lock);
    json_t *m = x_media_find(r->sbx, id, c->user_id, &why), *answer = NULL;
    const char *state = sbx_str(m, "state");
    if (m && strcmp(state, "uploading") == 0)
        why = "the media is not finalized yet";
    else if (m) {
        if (strcmp(state, "pending") == 0) /* one step per STATUS call */
            sbx_set_str(m, "state", "in_progress");
        else if (strcmp(state, "in_progress") == 0)
            sbx_set_str(m, "state", sbx_bool(m, "fail") ? "failed" : "succeeded");
        answer = x_media_object(r->sbx, m);
    }
    pthread_mutex_unlock(&r->sbx->lock);
    if (answer)
        x_reply_json(r, 200, answer);
    else
        x_invalid(r, "media_id", id, why);
}

void x_media_upload(struct sbx_req *r)
{
    struct x_call *c = x_call_ready(r, X_ACCESS_TOKEN);
    if (!c || !x_require_write(c))
        return;
    const char *cname = x_field(c, "media_category"), *type = x_field(c, "media_type");
    const struct x_category *cat = x_category_named(cname);
    char msg[160], id[24], name[64], path[4096];
    if (c->kind != X_BODY_MULTIPART)
        x_invalid(r, "media", "",
                  "The one-shot upload takes multipart/form-data with media and media_category.");
    else if (!cat)
        x_invalid(r, "media_category", cname,
                  "media_category is required: tweet_image, tweet_gif, tweet_video, amplify_video, dm_image, "
                  "dm_gif, dm_video or subtitles.");
    else if (type && (!x_media_type_known(type) || strncmp(type, cat->types, strlen(cat->types)) != 0))
        x_invalid(r, "media_type", type, "media_type is not one media_category takes.");
    else if (!c->file_path || c->file_size < 1)
        x_invalid(r, "media", "", "The media field (the file's bytes) is missing or empty.");
    else if (c->file_size > cat->max) {
        snprintf(msg, sizeof(msg), "The media is %lld bytes; %s takes at most %lld.", c->file_size, cat->name,
                 cat->max);
        x_invalid(r, "media", "", msg);
    } else {
        pthread_mutex_lock(&r->sbx->lock);
        json_t *m = x_media_new(r->sbx, c, type, cat, c->file_size, id);
        snprintf(name, sizeof(name), "x-%s", id);
        x_media_path(r->sbx, name, path, sizeof(path));
        c->file_kept = rename(c->file_path, path) == 0;
        sbx_set_str(m, "name", name);
        json_object_set_new(json_object_get(m, "segments"), "0", json_integer(c->file_size));
        x_media_done(r, m, c->sha256, c->file_size);
        json_t *answer = x_media_object(r->sbx, m);
        pthread_mutex_unlock(&r->sbx->lock);
        x_reply_json(r, 200, answer);
    }
}
