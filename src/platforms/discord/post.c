/*
 * agoras discord post: one message with the text as content, the link as an embed with its page's
 * OpenGraph title, description and image (core/opengraph.h; a page that cannot be read puts the link
 * in the content instead, with a warning), and each image as an embed: an https URL Discord fetches
 * (as Python Agoras does), or a local file uploaded as an attachment the embed shows.  Every check
 * that needs no network comes before the first request.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/opengraph.h"
#include "platforms/discord/discord.h"
#include "platforms/discord/message.h"
#include "platforms/discord/options.h"
#include "platforms/discord/send.h"
#include "platforms/discord/target.h"
#include "platforms/discord/upload.h"

#define MAX_IMAGES 4

struct post_job {
    const char *images[MAX_IMAGES]; /* as given, in order, empty ones left out */
    size_t n;
    int file_of[MAX_IMAGES]; /* index into files, or -1 for a URL */
    struct dc_file files[MAX_IMAGES];
    size_t n_files;
};

static int present(const char *s)
{
    return s && *s;
}

static int open_images(struct post_job *j, struct ag_error *err)
{
    char stem[16];
    for (size_t i = 0; i < j->n; i++) {
        j->file_of[i] = -1;
        if (ag_is_http_url(j->images[i]))
            continue;
        snprintf(stem, sizeof(stem), "image-%zu", i + 1);
        int rc = dc_file_open(j->images[i], AG_MEDIA_IMAGE, stem, &j->files[j->n_files], err);
        if (rc < 0)
            return rc;
        j->file_of[i] = (int)j->n_files++;
    }
    return 0;
}

/* The link's embed, or (its page unreadable) the link on a line after the text, in the content. */
static int add_link(json_t *msg, const char *text, const char *link, struct ag_error *err)
{
    struct ag_og og;
    struct ag_error why = {0};
    if (ag_og_fetch(link, &og, &why) == 0) {
        int rc = dc_message_add_link(msg, link, &og, err);
        ag_og_free(&og);
        return rc;
    }
    ag_warn("discord: no preview of the link (%s): it goes in the text", why.msg);
    size_t n = (text ? strlen(text) : 0) + strlen(link) + 2;
    char *content = malloc(n);
    if (!content)
        return ag_error_set(err, AG_EFAIL, "out of memory");
    snprintf(content, n, "%s%s%s", present(text) ? text : "", present(text) ? "\n" : "", link);
    int rc = dc_message_set_content(msg, content, err);
    free(content);
    return rc;
}

static int add_images(json_t *msg, const struct post_job *j, struct ag_error *err)
{
    char ref[64];
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < j->n; i++) {
        if (j->file_of[i] < 0) {
            rc = dc_message_add_image(msg, j->images[i], err);
            continue;
        }
        const struct dc_file *f = &j->files[j->file_of[i]];
        snprintf(ref, sizeof(ref), "attachment://%s", f->filename);
        rc = dc_message_add_attachment(msg, (size_t)j->file_of[i], f->filename, err);
        if (rc == 0)
            rc = dc_message_add_image(msg, ref, err);
    }
    return rc;
}

int ag_discord_run_post(struct ag_args *args, struct ag_error *err)
{
    const struct dc_post_opts *o = args->opts;
    const char *text = o->content.text, *link = o->content.link;
    struct post_job j = {0};
    struct dc_target t;
    json_t *msg = NULL;
    for (size_t i = 0; i < MAX_IMAGES; i++)
        if (present(o->content.image[i]))
            j.images[j.n++] = o->content.image[i];

    int rc = 0;
    if (!present(text) && !present(link) && j.n == 0)
        rc = ag_error_set(err, AG_EUSAGE, "discord: nothing to post: give --text, --link or --image-1");
    else if (present(link) && !ag_is_http_url(link))
        rc = ag_error_set(err, AG_EUSAGE,
                          "discord: --link '%.80s' is not an http(s) URL: give the page's URL", link);
    if (rc == 0)
        rc = dc_message_new(text, &msg, err);
    if (rc == 0)
        rc = open_images(&j, err);
    if (rc == 0)
        rc = dc_target_for(args, &o->c, &t, err);
    if (rc == 0 && present(link))
        rc = add_link(msg, text, link, err);
    if (rc == 0)
        rc = add_images(msg, &j, err);
    if (rc == 0)
        rc = dc_send(o->c.bot_token, &t, msg, j.files, j.n_files, err);
    for (size_t i = 0; i < j.n_files; i++)
        dc_file_close(&j.files[i]);
    json_decref(msg);
    return rc;
}
