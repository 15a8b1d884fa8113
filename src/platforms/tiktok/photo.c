/*
 * agoras tiktok post (SPEC §2.4): a photo post of 1-35 images that TikTok pulls from their URLs.
 * Every image is checked before anything is sent; then content/init, then the status wait.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/http.h"
#include "core/interrupt.h"
#include "core/log.h"
#include "core/url.h"
#include "platforms/tiktok/media_check.h"
#include "platforms/tiktok/options.h"
#include "platforms/tiktok/publish.h"
#include "platforms/tiktok/tiktok.h"

#define CONTENT_INIT "/v2/post/publish/content/init/"
#define MAX_IMAGES   35

/* --image-1..4 first (Agoras's flags), then every --image, in order. */
static int collect_images(const struct tt_post_opts *o, json_t *images, struct ag_error *err)
{
    size_t given = 0;
    for (size_t i = 0; i < 4 + o->more_images.n; i++) {
        const char *url = i < 4 ? o->image[i] : o->more_images.items[i - 4];
        if (!url)
            continue;
        given++;
        /* json_string refuses text that is not UTF-8: never drop an image silently. */
        if (json_array_append_new(images, json_string(url)) < 0)
            return ag_error_set(err, AG_EUSAGE, "image %zu: the URL is not valid UTF-8", given);
    }
    size_t total = json_array_size(images);
    if (total == 0)
        return ag_error_set(err, AG_EUSAGE, "missing images: give 1 to 35 with --image-1..4 or --image URL");
    if (total > MAX_IMAGES)
        return ag_error_set(err, AG_EINVALID, "%zu images given; TikTok accepts 1 to %d per photo post",
                            total, MAX_IMAGES);
    if ((size_t)o->cover_index >= total)
        return ag_error_set(err, AG_EUSAGE, "--cover-index %lld is out of range for %zu image(s) (0-based)",
                            (long long)o->cover_index, total);
    return 0;
}

static int check_arguments(const struct ag_args *args, json_t *images, struct ag_error *err)
{
    const struct tt_post_opts *o = args->opts;
    const struct {
        const bool *on;
        const char *flag, *env;
    } video_only[] = {{&o->p.allow_duet, "allow-duet", "TIKTOK_ALLOW_DUET"},
                      {&o->p.allow_stitch, "allow-stitch", "TIKTOK_ALLOW_STITCH"}};
    for (size_t i = 0; i < 2; i++) {
        if (!*video_only[i].on)
            continue;
        if (ag_args_src(args, video_only[i].on) == AG_SRC_ENV)
            return ag_error_set(err, AG_EUSAGE,
                                "--%s is not available for photo posts, and %s turns it on: unset it or pass "
                                "--no-%s",
                                video_only[i].flag, video_only[i].env, video_only[i].flag);
        return ag_error_set(err, AG_EUSAGE, "--%s is not available for photo posts", video_only[i].flag);
    }
    int rc = collect_images(o, images, err);
    if (rc == 0)
        rc = tt_check_text("title", o->p.title, 90, err);
    if (rc == 0)
        rc = tt_check_text("description", o->description, 4000, err);
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

static int preflight_images(json_t *images, int allow_private, struct ag_error *err)
{
    size_t i;
    json_t *v;
    json_array_foreach(images, i, v)
    {
        char label[32];
        snprintf(label, sizeof(label), "image %zu", i + 1);
        int rc = tt_image_preflight(label, json_string_value(v), allow_private, err);
        if (rc < 0)
            return rc;
    }
    return 0;
}

static json_t *build_body(const struct tt_post_opts *o, const struct tt_creator *c, json_t *images)
{
    bool draft = o->p.draft;
    json_t *info = json_object();
    if (o->p.title)
        json_object_set_new(info, "title", json_string(o->p.title));
    if (o->description)
        json_object_set_new(info, "description", json_string(o->description));
    if (!draft) {
        int disable_comment = !o->p.allow_comments || c->comment_disabled;
        if (o->p.allow_comments && c->comment_disabled)
            ag_info("comments are turned off for this account; posting with comments off");
        json_object_set_new(info, "privacy_level", json_string(o->p.privacy));
        json_object_set_new(info, "disable_comment", json_boolean(disable_comment));
        json_object_set_new(info, "auto_add_music", json_boolean(o->p.auto_add_music));
        json_object_set_new(info, "brand_content_toggle", json_boolean(o->p.brand_content));
        json_object_set_new(info, "brand_organic_toggle", json_boolean(o->p.brand_organic));
    }
    return json_pack("{s:o,s:{s:s,s:O,s:I},s:s,s:s}", "post_info", info, "source_info", "source",
                     "PULL_FROM_URL", "photo_images", images, "photo_cover_index", (json_int_t)o->cover_index,
                     "post_mode", draft ? "MEDIA_UPLOAD" : "DIRECT_POST", "media_type", "PHOTO");
}

/* "host:port" of url, without user info (the caller's buffer). */
static const char *url_host(const char *url, char *out, size_t size)
{
    char shown[AG_URL_SHOWN_MAX];
    const char *host = strstr(ag_url_shown(url, shown, sizeof(shown)), "://");
    host = host ? host + 3 : shown;
    snprintf(out, size, "%.*s", (int)strcspn(host, "/"), host);
    return out;
}

/*
 * TikTok only pulls photos (they cannot be uploaded), so the generic advice for an unverified URL,
 * which offers --upload-mode file for videos, does not apply: name the images' hosts instead.
 */
static int unverified_error(json_t *images, struct ag_error *err)
{
    char detail[AG_ERROR_MSG_MAX], hosts[256] = "", host[128];
    const char *paren = strstr(err->msg, " (url_ownership_unverified");
    snprintf(detail, sizeof(detail), "%s", paren ? paren + 1 : "(url_ownership_unverified)");
    json_t *seen = json_object();
    size_t i, len = 0;
    json_t *v;
    json_array_foreach(images, i, v)
    {
        url_host(json_string_value(v), host, sizeof(host));
        if (!seen || json_object_get(seen, host) || len + strlen(host) + 3 >= sizeof(hosts))
            continue;
        json_object_set_new(seen, host, json_true());
        len += (size_t)snprintf(hosts + len, sizeof(hosts) - len, "%s%s", len ? ", " : "", host);
    }
    json_decref(seen);
    return ag_error_set(err, AG_EFAIL,
                        "tiktok: TikTok pulls photos only from a domain or URL prefix verified for your app, "
                        "and not every image is on one: verify %s under URL properties on "
                        "developers.tiktok.com, or host the images on a verified one %s",
                        hosts, detail);
}

static int send_post(struct ag_session *s, const struct tt_post_opts *o, json_t *body, json_t *images,
                     struct ag_error *err)
{
    json_t *data = NULL;
    char code[64];
    int rc = tt_session_post_code(s, CONTENT_INIT, body, 0, &data, code, sizeof(code), err);
    if (rc < 0)
        return strcmp(code, "url_ownership_unverified") == 0 ? unverified_error(images, err) : rc;
    const char *publish_id = tt_publish_id(data, err);
    /* TikTok pulls the photos: an interruption while it downloads them cancels the post. */
    rc = publish_id ? tt_publish_finish(s, &o->p, publish_id, 1, err) : -AG_EUNKNOWN;
    json_decref(data);
    return rc;
}

int ag_tiktok_run_post(struct ag_args *args, struct ag_error *err)
{
    const struct tt_post_opts *o = args->opts;
    struct ag_session session = {0};
    struct tt_creator creator = {0};
    json_t *images = json_array();
    json_t *body = NULL;
    ag_interrupt_install();
    int rc = images ? check_arguments(args, images, err) : ag_error_set(err, AG_EFAIL, "out of memory");
    if (rc == 0)
        rc = tt_publish_begin(&session, &creator, err);
    if (rc < 0)
        goto out;
    if (!o->p.draft)
        rc = tt_check_privacy(&creator, o->p.privacy, o->p.brand_content, err);
    if (rc == 0)
        rc = preflight_images(images, o->p.allow_private_urls, err);
    if (rc < 0)
        goto out;
    tt_print_notices(o->p.brand_organic, o->p.brand_content);
    body = build_body(o, &creator, images);
    if (!body)
        rc = ag_error_set(err, AG_EFAIL, "out of memory");
    else if (o->p.dry_run)
        tt_print_dry_run(CONTENT_INIT, body);
    else
        rc = send_post(&session, o, body, images, err);
out:
    json_decref(body);
    json_decref(images);
    tt_creator_free(&creator);
    ag_session_close(&session);
    return rc;
}
