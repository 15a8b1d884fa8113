/*
 * X's media records (§2.6, §2.8): the categories with their types and size limits, lookups, and
 * the answer of finalize, STATUS and the one-shot upload.
 *
 * Processing: images are ready at finalize (no processing_info).  Videos and GIFs answer
 * processing_info pending at finalize, in_progress at the next STATUS, then succeeded -- or failed
 * with error.message "Unsupported video format" when media_fail is set or x:media_finalize=failed
 * was queued -- each with check_after_secs.  A media id lives media_ttl_secs (renewed at finalize);
 * after that every use of it is refused.  A media id is its uploader's: others get "unknown".
 *
 * A record: {id, media_key, owner_id, media_type, media_category, total_bytes,
 * segments {"0": bytes, ...}, state uploading|pending|in_progress|succeeded|failed, processed, fail,
 * size, sha256, name (the file in the media directory), expires_at (ms)}.  Callers hold the lock.
 */
#include "sandbox/x/x.h"

#include <stdio.h>
#include <string.h>

static const char *const media_types[] = {
    "video/mp4",  "video/webm", "video/mp2t",  "video/quicktime", "image/jpeg", "image/gif", "image/png",
    "image/webp", "image/bmp",  "image/pjpeg", "image/tiff",      "text/srt",   "text/vtt",  NULL};

enum { TWEET_IMAGE, TWEET_VIDEO = 2, SUBTITLES = 7 }; /* the defaults of x_category_for_type */

/* A category, the media types it takes (by prefix) and its size limit. */
static const struct x_category categories[] = {
    [TWEET_IMAGE] = {"tweet_image", "image/", X_IMAGE_MAX, false},
    {"tweet_gif", "image/gif", X_GIF_MAX, true},
    [TWEET_VIDEO] = {"tweet_video", "video/", X_VIDEO_MAX, true},
    {"amplify_video", "video/", X_VIDEO_MAX, true},
    {"dm_image", "image/", X_IMAGE_MAX, false},
    {"dm_gif", "image/gif", X_GIF_MAX, true},
    {"dm_video", "video/", X_VIDEO_MAX, true},
    [SUBTITLES] = {"subtitles", "text/", 1 * SBX_MB, false},
};

const struct x_category *x_category_named(const char *name)
{
    for (size_t i = 0; name && i < sizeof(categories) / sizeof(categories[0]); i++)
        if (strcmp(categories[i].name, name) == 0)
            return &categories[i];
    return NULL;
}

const struct x_category *x_category_for_type(const char *type)
{
    return &categories[strncmp(type, "video/", 6) == 0  ? TWEET_VIDEO
                       : strncmp(type, "text/", 5) == 0 ? SUBTITLES
                                                        : TWEET_IMAGE];
}

bool x_media_type_known(const char *type)
{
    for (const char *const *t = media_types; type && *t; t++)
        if (strcmp(*t, type) == 0)
            return true;
    return false;
}

void x_media_path(struct sbx *s, const char *name, char *out, size_t size)
{
    snprintf(out, size, "%s/%s", s->data_dir, name);
}

json_t *x_media_find(struct sbx *s, const char *id, const char *user_id, const char **why)
{
    json_t *m = sbx_find(x_list(s, "media"), "id", id);
    if (!m || strcmp(sbx_str(m, "owner_id"), user_id) != 0)
        *why = "unknown media id";
    else if (sbx_int(m, "expires_at") <= sbx_now_ms())
        *why = "the media id has expired";
    else
        return m;
    return NULL;
}

const char *x_media_usable(struct sbx *s, const char *id, const char *user_id, const char **kind)
{
    const char *why = NULL;
    json_t *m = x_media_find(s, id, user_id, &why);
    const char *state = sbx_str(m, "state"), *category = sbx_str(m, "media_category");
    if (!m)
        return why;
    *kind = category;
    if (strcmp(state, "succeeded") != 0)
        return strcmp(state, "failed") == 0 ? "its processing failed" : "it is not processed yet";
    if (strncmp(category, "tweet_", 6) != 0 && strcmp(category, "amplify_video") != 0)
        return "its media_category is not for posts";
    return NULL;
}

json_t *x_media_object(struct sbx *s, json_t *m)
{
    long long left = (sbx_int(m, "expires_at") - sbx_now_ms()) / 1000;
    json_t *data =
        json_pack("{s:s, s:s, s:I, s:I}", "id", sbx_str(m, "id"), "media_key",
                  sbx_str(m, "media_key") ? sbx_str(m, "media_key") : "", "size",
                  (json_int_t)sbx_int(m, "size"), "expires_after_secs", (json_int_t)(left > 0 ? left : 0));
    const char *state = sbx_str(m, "state");
    if (sbx_bool(m, "processed")) {
        int percent = strcmp(state, "pending") == 0 ? 0 : strcmp(state, "in_progress") == 0 ? 50 : 100;
        json_t *info = json_pack("{s:s, s:i}", "state", state, "progress_percent", percent);
        if (strcmp(state, "pending") == 0 || strcmp(state, "in_progress") == 0)
            json_object_set_new(info, "check_after_secs", json_integer(x_option(s, "check_after_secs")));
        if (strcmp(state, "failed") == 0)
            json_object_set_new(info, "error",
                                json_pack("{s:i, s:s, s:s}", "code", 1, "name", "InvalidMedia", "message",
                                          "Unsupported video format"));
        json_object_set_new(data, "processing_info", info);
    }
    return json_pack("{s:o}", "data", data);
}

json_t *x_media_new(struct sbx *s, struct x_call *c, const char *type, const struct x_category *cat,
                    long long total, char id[24])
{
    char key[40];
    x_next_id(s, id);
    snprintf(key, sizeof(key), "%s_%s",
             strncmp(cat->name, "tweet_gif", 9) == 0 || strcmp(cat->name, "dm_gif") == 0 ? "16"
             : strstr(cat->name, "video")                                                ? "7"
                                                                                         : "3",
             id);
    json_t *m = json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:{}, s:s, s:b, s:I}", "id", id, "media_key", key,
                          "owner_id", c->user_id, "media_type", type ? type : "", "media_category", cat->name,
                          "total_bytes", (json_int_t)total, "segments", "state", "uploading", "processed",
                          cat->processed, "expires_at",
                          (json_int_t)(sbx_now_ms() + x_option(s, "media_ttl_secs") * 1000));
    json_array_append_new(x_list(s, "media"), m);
    return m;
}

void x_media_done(struct sbx_req *r, json_t *m, const char *sha256, long long size)
{
    sbx_set_str(m, "sha256", sha256);
    sbx_set_int(m, "size", size);
    sbx_set_str(m, "state", sbx_bool(m, "processed") ? "pending" : "succeeded");
    json_object_set_new(
        m, "fail", json_boolean(sbx_bool(x_world(r->sbx), "media_fail") || strcmp(r->fault, "failed") == 0));
    sbx_set_int(m, "expires_at", sbx_now_ms() + x_option(r->sbx, "media_ttl_secs") * 1000);
}
