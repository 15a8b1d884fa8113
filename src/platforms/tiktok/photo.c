/*
 * agoras tiktok post (SPEC §2.4): a photo post of 1-35 images that TikTok pulls from their URLs.
 * Every image is checked before anything is sent; then content/init, then the status wait.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/http.h"
#include "core/log.h"
#include "platforms/tiktok/media_check.h"
#include "platforms/tiktok/publish.h"
#include "platforms/tiktok/tiktok.h"

#define CONTENT_INIT "/v2/post/publish/content/init/"
#define MAX_IMAGES   35

/* --image-1..4 first (Agoras's flags), then every --image, in order. */
static int collect_images(const struct ag_args *args, json_t *images, struct ag_error *err)
{
    static const char *const numbered[] = {"image-1", "image-2", "image-3", "image-4"};
    for (size_t i = 0; i < 4; i++)
        if (ag_args_str(args, numbered[i]))
            json_array_append_new(images, json_string(ag_args_str(args, numbered[i])));
    size_t n;
    char *const *more = ag_args_list(args, "image", &n);
    for (size_t i = 0; i < n; i++)
        json_array_append_new(images, json_string(more[i]));
    size_t total = json_array_size(images);
    if (total == 0)
        return ag_error_set(err, AG_EUSAGE, "missing images: give 1 to 35 with --image-1..4 or --image URL");
    if (total > MAX_IMAGES)
        return ag_error_set(err, AG_EINVALID, "%zu images given; TikTok accepts 1 to %d per photo post",
                            total, MAX_IMAGES);
    if ((size_t)ag_args_num(args, "cover-index") >= total)
        return ag_error_set(err, AG_EUSAGE, "--cover-index %lld is out of range for %zu image(s) (0-based)",
                            (long long)ag_args_num(args, "cover-index"), total);
    return 0;
}

static int check_arguments(const struct ag_args *args, json_t *images, struct ag_error *err)
{
    if (ag_args_num(args, "allow-duet"))
        return ag_error_set(err, AG_EUSAGE, "--allow-duet is not available for photo posts");
    if (ag_args_num(args, "allow-stitch"))
        return ag_error_set(err, AG_EUSAGE, "--allow-stitch is not available for photo posts");
    int rc = collect_images(args, images, err);
    if (rc == 0)
        rc = tt_check_text("title", ag_args_str(args, "title"), 90, err);
    if (rc == 0)
        rc = tt_check_text("description", ag_args_str(args, "description"), 4000, err);
    size_t i;
    json_t *v;
    json_array_foreach(images, i, v)
    {
        if (rc < 0)
            break;
        rc = ag_http_check_url(json_string_value(v), err);
        if (rc < 0)
            ag_error_wrap(err, "image %zu", i + 1);
    }
    return rc;
}

static int preflight_images(json_t *images, struct ag_error *err)
{
    size_t i;
    json_t *v;
    json_array_foreach(images, i, v)
    {
        char label[32];
        snprintf(label, sizeof(label), "image %zu", i + 1);
        int rc = tt_image_preflight(label, json_string_value(v), err);
        if (rc < 0)
            return rc;
    }
    return 0;
}

static json_t *build_body(const struct ag_args *args, const struct tt_creator *c, json_t *images)
{
    int draft = (int)ag_args_num(args, "draft");
    json_t *info = json_object();
    if (ag_args_str(args, "title"))
        json_object_set_new(info, "title", json_string(ag_args_str(args, "title")));
    if (ag_args_str(args, "description"))
        json_object_set_new(info, "description", json_string(ag_args_str(args, "description")));
    if (!draft) {
        int disable_comment = !ag_args_num(args, "allow-comments") || c->comment_disabled;
        if (ag_args_num(args, "allow-comments") && c->comment_disabled)
            ag_info("comments are turned off for this account; posting with comments off");
        json_object_set_new(info, "privacy_level", json_string(ag_args_str(args, "privacy")));
        json_object_set_new(info, "disable_comment", json_boolean(disable_comment));
        json_object_set_new(info, "auto_add_music", json_boolean(ag_args_num(args, "auto-add-music")));
        json_object_set_new(info, "brand_content_toggle", json_boolean(ag_args_num(args, "brand-content")));
        json_object_set_new(info, "brand_organic_toggle", json_boolean(ag_args_num(args, "brand-organic")));
    }
    return json_pack("{s:o,s:{s:s,s:O,s:I},s:s,s:s}", "post_info", info, "source_info", "source",
                     "PULL_FROM_URL", "photo_images", images, "photo_cover_index",
                     (json_int_t)ag_args_num(args, "cover-index"), "post_mode",
                     draft ? "MEDIA_UPLOAD" : "DIRECT_POST", "media_type", "PHOTO");
}

static int send_post(struct tt_session *s, const struct ag_args *args, json_t *body, struct ag_error *err)
{
    json_t *data = NULL;
    int rc = tt_session_post(s, CONTENT_INIT, body, 0, &data, err);
    if (rc < 0)
        return rc;
    const char *publish_id = json_string_value(json_object_get(data, "publish_id"));
    if (publish_id)
        rc = tt_publish_finish(s, args, publish_id, err);
    else
        rc = ag_error_set(err, AG_EFAIL, "tiktok: the content/init answer lacks publish_id");
    json_decref(data);
    return rc;
}

int ag_tiktok_run_post(struct ag_args *args, struct ag_error *err)
{
    struct tt_session session = {0};
    struct tt_creator creator = {0};
    json_t *images = json_array();
    json_t *body = NULL;
    int rc = images ? check_arguments(args, images, err) : ag_error_set(err, AG_EFAIL, "out of memory");
    if (rc == 0)
        rc = tt_publish_begin(&session, &creator, err);
    if (rc < 0)
        goto out;
    if (!ag_args_num(args, "draft"))
        rc = tt_check_privacy(&creator, ag_args_str(args, "privacy"), (int)ag_args_num(args, "brand-content"),
                              err);
    if (rc == 0)
        rc = preflight_images(images, err);
    if (rc < 0)
        goto out;
    tt_print_notices((int)ag_args_num(args, "brand-organic"), (int)ag_args_num(args, "brand-content"));
    body = build_body(args, &creator, images);
    if (!body)
        rc = ag_error_set(err, AG_EFAIL, "out of memory");
    else if (ag_args_num(args, "dry-run"))
        tt_print_dry_run(CONTENT_INIT, body);
    else
        rc = send_post(&session, args, body, err);
out:
    json_decref(body);
    json_decref(images);
    tt_creator_free(&creator);
    tt_session_close(&session);
    return rc;
}
