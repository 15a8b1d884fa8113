/*
 * Content Posting API endpoints that start posts (TIKTOK_API.md §2.1–2.3, §2.5): creator_info,
 * direct and inbox video init (FILE_UPLOAD and PULL_FROM_URL) and photo content/init.  Check order
 * per request: token, scope, rate limit, body shape (400), privacy (403), audit rule (403),
 * posting caps (403), URL ownership (403).
 *
 * Photos: media_type PHOTO, post_mode DIRECT_POST (scope video.publish) or MEDIA_UPLOAD (scope
 * video.upload), source PULL_FROM_URL only with 1-35 verified photo_images and a
 * photo_cover_index inside them, title at most 90 and description at most 4000 UTF-16 units.
 */
#include "sandbox/tiktok/tiktok.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/log.h"

#define MAX_PHOTOS 35

json_t *sbx_cp_body(struct sbx_req *r)
{
    json_error_t jerr;
    if (!sbx_media_type_is(r, "application/json")) {
        sbx_reply_api(r, 400, NULL, "invalid_params", "Content-Type must be application/json; charset=UTF-8");
        return NULL;
    }
    json_t *body = json_loadb(r->body.data, r->body.len, JSON_REJECT_DUPLICATES, &jerr);
    if (!json_is_object(body)) {
        sbx_reply_api(r, 400, NULL, "invalid_params", "The request body is not a JSON object: %s",
                      body ? "wrong type" : jerr.text);
        json_decref(body);
        return NULL;
    }
    return body;
}

void sbx_cp_creator_info(struct sbx_req *r)
{
    pthread_mutex_lock(&r->sbx->lock);
    json_t *grant = sbx_access_check(r, "video.publish", NULL, SBX_RL_CREATOR_INFO), *body = NULL;
    /* No body is documented; clients send nothing or {}. Anything else must still be JSON. */
    if (grant && r->body.len > 0 && !(body = sbx_cp_body(r)))
        grant = NULL;
    if (grant) {
        json_t *acc = sbx_grant_account(r->sbx, grant);
        const char *block = sbx_posting_block(r->sbx, grant, false);
        if (block) /* HTTP 200 on purpose, as documented: clients must read error.code */
            sbx_reply_api(r, 200, NULL, block, "The creator cannot post right now.");
        else
            sbx_reply_ok(r, json_pack("{s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:O}", "creator_avatar_url",
                                      json_object_get(acc, "avatar_url"), "creator_username",
                                      json_object_get(acc, "username"), "creator_nickname",
                                      json_object_get(acc, "nickname"), "privacy_level_options",
                                      json_object_get(acc, "privacy_level_options"), "comment_disabled",
                                      json_object_get(acc, "comment_disabled"), "duet_disabled",
                                      json_object_get(acc, "duet_disabled"), "stitch_disabled",
                                      json_object_get(acc, "stitch_disabled"), "max_video_post_duration_sec",
                                      json_object_get(acc, "max_video_post_duration_sec")));
    }
    pthread_mutex_unlock(&r->sbx->lock);
    json_decref(body);
}

static const char *check_video_post_info(json_t *pi, bool inbox)
{
    static const char *const bools[] = {"disable_duet",
                                        "disable_stitch",
                                        "disable_comment",
                                        "brand_content_toggle",
                                        "brand_organic_toggle",
                                        "is_aigc",
                                        NULL};
    const char *bad;
    if (!pi)
        return inbox ? NULL : "post_info is required";
    if (!json_is_object(pi))
        return "post_info must be an object";
    if ((bad = sbx_check_bools(pi, bools)) || (bad = sbx_check_text(pi, "title", 2200)))
        return bad;
    json_t *ts = json_object_get(pi, "video_cover_timestamp_ms");
    if (ts && (!json_is_integer(ts) || json_integer_value(ts) < 0 || json_integer_value(ts) > INT32_MAX))
        return "video_cover_timestamp_ms must be an int32 of milliseconds";
    json_t *privacy = json_object_get(pi, "privacy_level");
    if (privacy && !json_is_string(privacy))
        return "privacy_level must be a string";
    return NULL;
}

/* One pull URL replaced by the URL the pull will fetch; JSON null if it cannot be normalised. */
static json_t *normalized(json_t *url)
{
    char *n = sbx_url_normalize(json_string_value(url));
    json_t *v = n ? json_string(n) : json_null();
    free(n);
    return v;
}

/* Ownership and pullability are judged on the normalised URLs of source_info, which replace the sent ones. */
static void normalize_urls(json_t *si)
{
    size_t i;
    json_t *url;
    if (json_is_string(json_object_get(si, "video_url")))
        json_object_set_new(si, "video_url", normalized(json_object_get(si, "video_url")));
    json_array_foreach(json_object_get(si, "photo_images"), i, url)
    {
        if (json_is_string(url))
            json_array_set_new(json_object_get(si, "photo_images"), i, normalized(url));
    }
}

static const char *check_source_info(json_t *si)
{
    const char *source = sbx_str(si, "source");
    if (!json_is_object(si))
        return "source_info is required";
    if (source && strcmp(source, "FILE_UPLOAD") == 0)
        return sbx_check_chunk_plan(si);
    if (source && strcmp(source, "PULL_FROM_URL") == 0) {
        if (!sbx_url_pullable(sbx_str(si, "video_url")))
            return "source_info.video_url must be an https URL";
        return NULL;
    }
    return "source_info.source must be FILE_UPLOAD or PULL_FROM_URL";
}

/* privacy_level must be one of creator_info's options; unaudited clients: SELF_ONLY, private account. */
const char *sbx_privacy_refusal(struct sbx *s, json_t *grant, json_t *pi)
{
    const char *level = sbx_str(pi, "privacy_level");
    json_t *acc = sbx_grant_account(s, grant), *opt;
    size_t i;
    bool offered = false;
    json_array_foreach(json_object_get(acc, "privacy_level_options"), i, opt)
    {
        const char *option = json_string_value(opt);
        offered |= level && option && strcmp(option, level) == 0;
    }
    if (!offered || !sbx_privacy_known(level))
        return "privacy_level_option_mismatch";
    if (!sbx_bool(sbx_grant_app(s, grant), "audited") &&
        (strcmp(level, "SELF_ONLY") != 0 || !sbx_bool(acc, "private_account")))
        return "unaudited_client_can_only_post_to_private_accounts";
    return NULL;
}

void sbx_copy_fields(json_t *to, json_t *from, const char *const *keys)
{
    for (; *keys; keys++)
        if (json_object_get(from, *keys))
            json_object_set(to, *keys, json_object_get(from, *keys));
}

static void start_video_post(struct sbx_req *r, json_t *grant, json_t *body, bool inbox)
{
    static const char *const post_keys[] = {"title",
                                            "privacy_level",
                                            "disable_duet",
                                            "disable_stitch",
                                            "disable_comment",
                                            "video_cover_timestamp_ms",
                                            "brand_content_toggle",
                                            "brand_organic_toggle",
                                            "is_aigc",
                                            NULL};
    static const char *const plan_keys[] = {"video_size", "chunk_size", "total_chunk_count", "video_url",
                                            NULL};
    json_t *si = json_object_get(body, "source_info");
    bool upload = strcmp(sbx_str(si, "source"), "FILE_UPLOAD") == 0;
    char prefix[32];
    snprintf(prefix, sizeof(prefix), "v_%s_%s~v2%s.", inbox ? "inbox" : "pub", upload ? "file" : "url",
             upload && !inbox ? "-1" : "");
    json_t *post = sbx_post_new(r->sbx, grant, prefix, sbx_str(si, "source"));
    json_object_set_new(post, "kind", json_string("video"));
    json_object_set_new(post, "inbox", json_boolean(inbox));
    sbx_copy_fields(post, json_object_get(body, "post_info"), post_keys);
    sbx_copy_fields(post, si, plan_keys);
    if (upload) {
        char url[512];
        sbx_upload_url(r->sbx, post, url, sizeof(url));
        sbx_reply_ok(
            r, json_pack("{s:O, s:s}", "publish_id", json_object_get(post, "publish_id"), "upload_url", url));
    } else {
        sbx_pull_start(r->sbx, post);
        sbx_reply_ok(r, json_pack("{s:O}", "publish_id", json_object_get(post, "publish_id")));
    }
}

static void video_init(struct sbx_req *r, bool inbox)
{
    json_t *body = NULL;
    const char *bad, *refusal = NULL;
    pthread_mutex_lock(&r->sbx->lock);
    json_t *grant = sbx_access_check(r, inbox ? "video.upload" : "video.publish", NULL,
                                     inbox ? SBX_RL_INBOX_INIT : SBX_RL_VIDEO_INIT);
    if (!grant || !(body = sbx_cp_body(r)))
        goto out;
    json_t *pi = json_object_get(body, "post_info"), *si = json_object_get(body, "source_info");
    normalize_urls(si);
    if ((bad = check_video_post_info(pi, inbox)) || (bad = check_source_info(si))) {
        sbx_reply_api(r, 400, NULL, "invalid_params", "%s", bad);
        goto out;
    }
    if (!inbox)
        refusal = sbx_privacy_refusal(r->sbx, grant, pi);
    if (!refusal)
        refusal = sbx_posting_block(r->sbx, grant, inbox);
    if (!refusal && sbx_str(si, "video_url") && strcmp(sbx_str(si, "source"), "PULL_FROM_URL") == 0 &&
        !sbx_url_verified(r->sbx, sbx_str(si, "video_url")))
        refusal = "url_ownership_unverified";
    if (refusal)
        sbx_reply_api(r, 403, NULL, refusal, "The request was refused: %s", refusal);
    else
        start_video_post(r, grant, body, inbox);
out:
    pthread_mutex_unlock(&r->sbx->lock);
    json_decref(body);
}

void sbx_cp_video_init(struct sbx_req *r)
{
    video_init(r, false);
}

void sbx_cp_inbox_init(struct sbx_req *r)
{
    video_init(r, true);
}

/* ---- photos: POST /v2/post/publish/content/init/ (§2.5) ---- */

static const char *check_images(json_t *si)
{
    json_t *images = json_object_get(si, "photo_images"), *url;
    json_t *cover = json_object_get(si, "photo_cover_index");
    size_t i, n = json_array_size(images);
    if (!json_is_object(si) ||
        strcmp(sbx_str(si, "source") ? sbx_str(si, "source") : "", "PULL_FROM_URL") != 0)
        return "source_info.source must be PULL_FROM_URL for photos";
    if (!json_is_array(images) || n < 1 || n > MAX_PHOTOS)
        return "source_info.photo_images must list 1 to 35 URLs";
    json_array_foreach(images, i, url)
    {
        if (!sbx_url_pullable(json_string_value(url)))
            return "every photo_images entry must be an https URL";
    }
    if (!json_is_integer(cover) || json_integer_value(cover) < 0 || (size_t)json_integer_value(cover) >= n)
        return "source_info.photo_cover_index is required and must index photo_images";
    return NULL;
}

static const char *check_request(json_t *body, bool *direct)
{
    static const char *const bools[] = {"disable_comment", "auto_add_music", "brand_content_toggle",
                                        "brand_organic_toggle", NULL};
    const char *type = sbx_str(body, "media_type"), *mode = sbx_str(body, "post_mode"), *bad;
    json_t *pi = json_object_get(body, "post_info");
    if (!type || strcmp(type, "PHOTO") != 0)
        return "media_type must be PHOTO";
    if (!mode || (strcmp(mode, "DIRECT_POST") != 0 && strcmp(mode, "MEDIA_UPLOAD") != 0))
        return "post_mode must be DIRECT_POST or MEDIA_UPLOAD";
    *direct = strcmp(mode, "DIRECT_POST") == 0;
    if (pi && !json_is_object(pi))
        return "post_info must be an object";
    if (*direct && !pi)
        return "post_info is required for DIRECT_POST";
    if ((bad = sbx_check_text(pi, "title", 90)) || (bad = sbx_check_text(pi, "description", 4000)) ||
        (bad = sbx_check_bools(pi, bools)))
        return bad;
    json_t *privacy = json_object_get(pi, "privacy_level");
    if (privacy && !json_is_string(privacy))
        return "privacy_level must be a string";
    return check_images(json_object_get(body, "source_info"));
}

static const char *unverified_image(struct sbx *s, json_t *si)
{
    size_t i;
    json_t *url;
    json_array_foreach(json_object_get(si, "photo_images"), i, url)
    {
        if (!sbx_url_verified(s, json_string_value(url)))
            return "url_ownership_unverified";
    }
    return NULL;
}

static void start_photo_post(struct sbx_req *r, json_t *grant, json_t *body, bool direct)
{
    static const char *const post_keys[] = {
        "title",          "description",          "privacy_level",        "disable_comment",
        "auto_add_music", "brand_content_toggle", "brand_organic_toggle", NULL};
    static const char *const source_keys[] = {"photo_images", "photo_cover_index", NULL};
    json_t *post = sbx_post_new(r->sbx, grant, direct ? "p_pub_url~v2." : "p_inbox_url~v2.", "PULL_FROM_URL");
    json_object_set_new(post, "kind", json_string("photo"));
    json_object_set_new(post, "inbox", json_boolean(!direct));
    sbx_copy_fields(post, json_object_get(body, "post_info"), post_keys);
    sbx_copy_fields(post, json_object_get(body, "source_info"), source_keys);
    sbx_pull_start(r->sbx, post);
    sbx_reply_ok(r, json_pack("{s:O}", "publish_id", json_object_get(post, "publish_id")));
}

void sbx_cp_content_init(struct sbx_req *r)
{
    json_t *body = NULL;
    const char *bad, *refusal = NULL;
    bool direct = false;
    pthread_mutex_lock(&r->sbx->lock);
    json_t *grant = sbx_access_check(r, "video.publish", "video.upload", SBX_RL_CONTENT_INIT);
    if (!grant || !(body = sbx_cp_body(r)))
        goto out;
    normalize_urls(json_object_get(body, "source_info"));
    if ((bad = check_request(body, &direct))) {
        sbx_reply_api(r, 400, NULL, "invalid_params", "%s", bad);
        goto out;
    }
    if (!sbx_has_scope(grant, direct ? "video.publish" : "video.upload")) {
        sbx_reply_api(r, 401, NULL, "scope_not_authorized",
                      "The user did not authorize the scope required for completing this request.");
        goto out;
    }
    /* MEDIA_UPLOAD needs TikTok app 31.8 or later on the creator's phone; an account can say it has not. */
    if (!direct && sbx_bool(sbx_grant_account(r->sbx, grant), "old_app_version")) {
        sbx_reply_api(r, 400, NULL, "app_version_check_failed",
                      "The creator's TikTok app is older than 31.8.");
        goto out;
    }
    if (direct)
        refusal = sbx_privacy_refusal(r->sbx, grant, json_object_get(body, "post_info"));
    if (!refusal)
        refusal = sbx_posting_block(r->sbx, grant, !direct);
    if (!refusal)
        refusal = unverified_image(r->sbx, json_object_get(body, "source_info"));
    if (refusal)
        sbx_reply_api(r, 403, NULL, refusal, "The request was refused: %s", refusal);
    else
        start_photo_post(r, grant, body, direct);
out:
    pthread_mutex_unlock(&r->sbx->lock);
    json_decref(body);
}
