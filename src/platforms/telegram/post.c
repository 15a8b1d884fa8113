/*
 * agoras telegram post: no image -> sendMessage (the link is the one previewed), one -> sendPhoto,
 * 2-4 -> sendMediaGroup with the caption on the first photo.  Images are https URLs Telegram
 * fetches, or local files uploaded as multipart parts.  Everything is checked before the one send.
 */
#include <stdio.h>
#include <stdlib.h>

#include "platforms/telegram/api.h"
#include "platforms/telegram/chat.h"
#include "platforms/telegram/options.h"
#include "platforms/telegram/request.h"
#include "platforms/telegram/send.h"
#include "platforms/telegram/telegram.h"
#include "net/local_media.h"

#define MAX_IMAGES 4

struct post_job {
    const char *images[MAX_IMAGES]; /* as given, in order, empty ones left out */
    size_t n;
    char media[MAX_IMAGES][24]; /* what the request names: the URL, or "attach://photoN" */
    const char *refs[MAX_IMAGES];
    char parts[MAX_IMAGES][16];
    struct ag_local_media files[MAX_IMAGES];
    struct tg_upload uploads[MAX_IMAGES];
    size_t n_uploads;
};

/* Open and check every local image; refs[i] is the URL or the attach:// name of part photoN. */
static int prepare_images(struct post_job *j, struct ag_error *err)
{
    for (size_t i = 0; i < j->n; i++) {
        if (ag_is_http_url(j->images[i])) {
            j->refs[i] = j->images[i];
            continue;
        }
        struct ag_local_media *f = &j->files[j->n_uploads];
        int rc = ag_local_media_open(&ag_telegram_network, j->images[i], AG_MEDIA_IMAGE, f, err);
        if (rc < 0)
            return rc;
        /* One photo is the part "photo" itself; an album's items name theirs. */
        if (j->n == 1)
            snprintf(j->parts[i], sizeof(j->parts[i]), "photo");
        else
            snprintf(j->parts[i], sizeof(j->parts[i]), "photo%zu", i + 1);
        snprintf(j->media[i], sizeof(j->media[i]), "attach://%s", j->parts[i]);
        j->refs[i] = j->n == 1 ? NULL : j->media[i];
        j->uploads[j->n_uploads++] = (struct tg_upload){.part = j->parts[i],
                                                        .fd = f->fd,
                                                        .size = f->size,
                                                        .filename = f->basename,
                                                        .content_type = f->content_type};
    }
    return 0;
}

static int build(const struct post_job *j, const char *chat, const char *text, const char *link,
                 enum tg_parse_mode mode, json_t **params, const char **method, struct ag_error *err)
{
    if (j->n == 0) {
        *method = "sendMessage";
        return tg_req_send_message(chat, text, mode, link, params, err);
    }
    if (j->n == 1) {
        *method = "sendPhoto";
        return tg_req_send_photo(chat, j->refs[0], text, mode, params, err);
    }
    *method = "sendMediaGroup";
    return tg_req_send_media_group(chat, j->refs, j->n, text, mode, params, err);
}

int ag_telegram_run_post(struct ag_args *args, struct ag_error *err)
{
    const struct tg_post_opts *o = args->opts;
    struct post_job j = {0};
    char chat[TG_CHAT_ID_MAX], *text = NULL;
    enum tg_parse_mode mode;
    json_t *params = NULL, *result = NULL;
    const char *method = NULL;
    for (size_t i = 0; i < MAX_IMAGES; i++)
        if (o->content.image[i] && *o->content.image[i])
            j.images[j.n++] = o->content.image[i];

    int rc = tg_creds_check(&o->c, chat, sizeof(chat), err);
    if (rc == 0)
        rc = tg_parse_mode_parse(o->parse_mode, &mode, err);
    if (rc == 0)
        rc = tg_post_text(o->content.text, o->content.link, j.n, mode, &text, err);
    if (rc == 0)
        rc = prepare_images(&j, err);
    if (rc == 0)
        rc = build(&j, chat, text, o->content.link, mode, &params, &method, err);
    if (rc == 0)
        rc = tg_call(o->c.bot_token, method, params, j.uploads, j.n_uploads, 1, &result, err);
    if (rc == 0)
        rc = tg_print_sent(result, chat, err);
    for (size_t i = 0; i < j.n_uploads; i++)
        ag_local_media_close(&j.files[i]);
    json_decref(result);
    json_decref(params);
    free(text);
    return rc;
}
