/*
 * agoras threads post: text (with --link as the preview card of a text post), one image, or 2-4 images
 * as a carousel.  Threads fetches images from public URLs itself, so a local path is refused (SPEC §6).
 * Every rule is checked before anything is sent, then the quota, then the containers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "platforms/threads/container.h"
#include "platforms/threads/options.h"
#include "platforms/threads/session.h"
#include "platforms/threads/text.h"
#include "platforms/threads/threads.h"

#define MAX_IMAGES 4

static int is_url(const char *s)
{
    return strncasecmp(s, "https://", 8) == 0 || strncasecmp(s, "http://", 7) == 0;
}

/* The images given, in order; a local path is a usage error. */
static int collect_images(const struct ag_content_opts *c, const char **urls, size_t *n, struct ag_error *err)
{
    *n = 0;
    for (size_t i = 0; i < MAX_IMAGES; i++) {
        const char *v = c->image[i];
        if (!v || !*v)
            continue;
        if (!is_url(v))
            return ag_error_set(
                err, AG_EUSAGE,
                "--image-%zu '%s' is not a URL: Threads fetches images from public http(s) URLs "
                "only, so put the file on a web server and pass its URL",
                i + 1, v);
        urls[(*n)++] = v;
    }
    return 0;
}

/* 2-4 images: each child FINISHED before the carousel that names them. */
static int post_carousel(struct ag_session *s, const char *const *urls, size_t n, struct th_container *parent,
                         int64_t timeout_s, struct ag_error *err)
{
    char *ids[MAX_IMAGES] = {0};
    struct ag_buf children;
    ag_buf_init(&children, 0);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        struct th_container child = {.media_type = "IMAGE", .image_url = urls[i], .carousel_item = 1};
        rc = th_container_create(s, &child, &ids[i], err);
        if (rc == 0)
            rc = th_container_wait(s, ids[i], timeout_s, err);
        if (rc == 0 && ag_buf_printf(&children, "%s%s", i ? "," : "", ids[i]) < 0)
            rc = ag_error_set(err, AG_EFAIL, "out of memory");
    }
    parent->children = children.data;
    if (rc == 0)
        rc = th_container_post(s, parent, timeout_s, err);
    for (size_t i = 0; i < n; i++)
        free(ids[i]);
    ag_buf_free(&children);
    return rc;
}

int ag_threads_run_post(struct ag_args *args, struct ag_error *err)
{
    const struct th_post_opts *o = args->opts;
    const char *urls[MAX_IMAGES];
    size_t n = 0;
    const char *text = o->content.text && *o->content.text ? o->content.text : NULL;
    const char *link = o->content.link && *o->content.link ? o->content.link : NULL;
    char *joined = NULL;
    int rc = collect_images(&o->content, urls, &n, err);
    if (rc == 0 && !text && !link && n == 0)
        rc = ag_error_set(err, AG_EUSAGE, "nothing to post: give --text, --link or --image-1..4");
    if (rc == 0 && link && !is_url(link))
        rc = ag_error_set(err, AG_EUSAGE, "--link '%s' is not an http(s) URL", link);
    /* With images the link goes after the text (link_attachment is for text posts only). */
    if (rc == 0 && n > 0 && link)
        rc = th_text_join(text, " ", link, &joined, err);
    if (joined)
        text = joined, link = NULL;
    if (rc == 0)
        rc = th_text_check(text, link, err);
    struct ag_session s;
    if (rc == 0)
        rc = th_session_open(&s, err);
    if (rc < 0) {
        free(joined);
        return rc;
    }
    rc = th_quota_check(&s, err);
    struct th_container c = {.text = text, .reply_control = o->who_can_reply};
    if (rc == 0 && n == 0) {
        c.media_type = "TEXT";
        c.link_attachment = link;
        rc = th_container_post(&s, &c, o->wait_timeout, err);
    } else if (rc == 0 && n == 1) {
        c.media_type = "IMAGE";
        c.image_url = urls[0];
        rc = th_container_post(&s, &c, o->wait_timeout, err);
    } else if (rc == 0) {
        c.media_type = "CAROUSEL";
        rc = post_carousel(&s, urls, n, &c, o->wait_timeout, err);
    }
    ag_session_close(&s);
    free(joined);
    return rc;
}
