/*
 * Posts, their status progression and the endpoints that read or stop them: status/fetch and
 * cancel (TIKTOK_API.md §2.6, §2.7).  A post starts in PROCESSING_UPLOAD
 * (FILE_UPLOAD) or PROCESSING_DOWNLOAD (PULL_FROM_URL).  When the transfer ends, the media checks
 * give a verdict that becomes visible --complete-after ms later, as TikTok's processing does:
 * PUBLISH_COMPLETE for direct posts, SEND_TO_USER_INBOX for inbox posts, or FAILED with a
 * fail_reason.  Public direct posts get one 19-digit post id (a JSON number, as TikTok sends).
 * The sbx_post_* helpers expect the caller to hold sbx->lock.
 */
#include "sandbox/tiktok/tiktok.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

json_t *sbx_post_new(struct sbx *s, json_t *grant, const char *id_prefix, const char *source)
{
    char digits[20], id[96], key[33];
    sbx_random_digits(digits, 19);
    digits[0] = (char)('1' + digits[0] % 9);
    snprintf(id, sizeof(id), "%s%s", id_prefix, digits);
    sbx_random_hex(key, 16);
    bool upload = strcmp(source, "FILE_UPLOAD") == 0;
    json_t *post =
        json_pack("{s:s, s:O, s:O, s:O, s:s, s:s, s:I, s:[], s:s}", "publish_id", id, "client_key",
                  json_object_get(grant, "client_key"), "username", json_object_get(grant, "username"),
                  "open_id", json_object_get(grant, "open_id"), "source", source, "status",
                  upload ? "PROCESSING_UPLOAD" : "PROCESSING_DOWNLOAD", "created_at",
                  (json_int_t)sbx_now_ms(), "publicaly_available_post_id", "media_key", key);
    sbx_set_int(post, upload ? "uploaded_bytes" : "downloaded_bytes", 0);
    json_array_append_new(tt_list(s, "posts"), post);
    return post;
}

static bool processing(json_t *post)
{
    return strncmp(sbx_str(post, "status"), "PROCESSING_", 11) == 0;
}

void sbx_post_verdict(struct sbx *s, json_t *post, const char *fail_reason)
{
    if (!processing(post)) /* cancelled or access removed meanwhile: that outcome stands */
        return;
    if (!fail_reason)
        fail_reason = tt_processing_fault(s);
    const char *done = sbx_bool(post, "inbox") ? "SEND_TO_USER_INBOX" : "PUBLISH_COMPLETE";
    sbx_set_str(post, "final_status", fail_reason ? "FAILED" : done);
    if (fail_reason)
        sbx_set_str(post, "final_fail_reason", fail_reason);
    sbx_set_int(post, "ready_at", sbx_now_ms() + s->cfg.complete_after_ms);
}

/* Public posts get one id once "moderation" has passed (here: at once). */
static void publish(json_t *post, bool is_public)
{
    sbx_set_str(post, "status", "PUBLISH_COMPLETE");
    if (is_public) {
        char digits[20];
        sbx_random_digits(digits, 19);
        digits[0] = '7'; /* like real ids, and below INT64_MAX */
        json_array_append_new(json_object_get(post, "publicaly_available_post_id"),
                              json_integer(strtoll(digits, NULL, 10)));
    }
}

void sbx_post_advance(struct sbx *s, json_t *post)
{
    (void)s;
    const char *final = sbx_str(post, "final_status");
    if (!final || !processing(post) || sbx_now_ms() < sbx_int(post, "ready_at"))
        return;
    if (strcmp(final, "PUBLISH_COMPLETE") == 0) {
        const char *privacy = sbx_str(post, "privacy_level");
        publish(post, privacy && strcmp(privacy, "PUBLIC_TO_EVERYONE") == 0);
        return;
    }
    sbx_set_str(post, "status", final);
    if (strcmp(final, "FAILED") == 0)
        json_object_set(post, "fail_reason", json_object_get(post, "final_fail_reason"));
}

int sbx_post_finish_inbox(struct sbx *s, json_t *post, bool is_public)
{
    sbx_post_advance(s, post);
    if (strcmp(sbx_str(post, "status"), "SEND_TO_USER_INBOX") != 0)
        return -1;
    publish(post, is_public);
    return 0;
}

void sbx_post_fail_for_grant(struct sbx *s, json_t *grant, const char *reason)
{
    size_t i;
    json_t *post;
    json_array_foreach(tt_list(s, "posts"), i, post)
    {
        if (processing(post) && strcmp(sbx_str(post, "client_key"), sbx_str(grant, "client_key")) == 0 &&
            strcmp(sbx_str(post, "username"), sbx_str(grant, "username")) == 0) {
            sbx_set_str(post, "status", "FAILED");
            sbx_set_str(post, "fail_reason", reason);
            json_object_set_new(post, "_cancel", json_true());
        }
    }
}

char *sbx_post_file(struct sbx *s, json_t *post, int index)
{
    size_t n = strlen(s->data_dir) + 64;
    char *path = malloc(n);
    if (path)
        snprintf(path, n, "%s/%s-%d", s->data_dir, sbx_str(post, "media_key"), index);
    return path;
}

/* The post named in the body, if this token may see it; NULL after answering. */
static json_t *owned_post(struct sbx_req *r, json_t *grant, json_t **body_out)
{
    json_t *body = sbx_cp_body(r);
    *body_out = body;
    if (!body)
        return NULL;
    json_t *id = json_object_get(body, "publish_id");
    if (!json_is_string(id)) {
        sbx_reply_api(r, 400, NULL, "invalid_params", "publish_id is required");
        return NULL;
    }
    json_t *post = sbx_find(tt_list(r->sbx, "posts"), "publish_id", json_string_value(id));
    if (!post) {
        sbx_reply_api(r, 400, NULL, "invalid_publish_id", "The publish_id does not exist.");
        return NULL;
    }
    if (strcmp(sbx_str(post, "client_key"), sbx_str(grant, "client_key")) != 0 ||
        strcmp(sbx_str(post, "username"), sbx_str(grant, "username")) != 0) {
        sbx_reply_api(r, 400, NULL, "token_not_authorized_for_specified_publish_id",
                      "The access token is not authorized for this publish_id.");
        return NULL;
    }
    return post;
}

void sbx_cp_status(struct sbx_req *r)
{
    json_t *body = NULL, *post = NULL;
    pthread_mutex_lock(&r->sbx->lock);
    json_t *grant = sbx_access_check(r, "video.upload", "video.publish", SBX_RL_STATUS);
    if (grant && (post = owned_post(r, grant, &body))) {
        sbx_post_advance(r->sbx, post);
        const char *status = sbx_str(post, "status");
        json_t *data = json_pack("{s:s, s:O}", "status", status, "publicaly_available_post_id",
                                 json_object_get(post, "publicaly_available_post_id"));
        if (strcmp(status, "FAILED") == 0)
            json_object_set(data, "fail_reason", json_object_get(post, "fail_reason"));
        if (strcmp(sbx_str(post, "source"), "FILE_UPLOAD") == 0)
            json_object_set(data, "uploaded_bytes", json_object_get(post, "uploaded_bytes"));
        else
            json_object_set(data, "downloaded_bytes", json_object_get(post, "downloaded_bytes"));
        sbx_reply_ok(r, data);
    }
    pthread_mutex_unlock(&r->sbx->lock);
    json_decref(body);
}

/* Best effort, as documented: only a PULL_FROM_URL transfer that is still downloading stops. */
void sbx_cp_cancel(struct sbx_req *r)
{
    json_t *body = NULL, *post = NULL;
    pthread_mutex_lock(&r->sbx->lock);
    json_t *grant = sbx_access_check(r, "video.upload", "video.publish", SBX_RL_NONE);
    if (grant && (post = owned_post(r, grant, &body))) {
        sbx_post_advance(r->sbx, post);
        if (strcmp(sbx_str(post, "status"), "PROCESSING_DOWNLOAD") != 0 ||
            json_object_get(post, "final_status"))
            sbx_reply_api(r, 400, NULL, "publish_not_cancellable", "The publish cannot be cancelled now.");
        else {
            json_object_set_new(post, "_cancel", json_true());
            sbx_set_str(post, "status", "FAILED");
            sbx_set_str(post, "fail_reason", "publish_cancelled");
            sbx_reply_ok(r, NULL);
        }
    }
    pthread_mutex_unlock(&r->sbx->lock);
    json_decref(body);
}
