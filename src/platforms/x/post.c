/*
 * agoras x post: "<text> <link>" weighed as X counts it (never cut), up to 4 images (or one animated GIF)
 * checked by content and limits, all of them before anything is sent; each uploaded (any failure stops
 * before the post); then the post, sent once.
 */
#include <stdlib.h>

#include "platforms/x/media.h"
#include "platforms/x/options.h"
#include "platforms/x/text.h"
#include "platforms/x/tweet.h"
#include "platforms/x/x.h"

#define MAX_IMAGES 4

/* An image is uploaded at once (no processing); a GIF may take X a while. */
#define GIF_WAIT_S 300

int ag_x_run_post(struct ag_args *args, struct ag_error *err)
{
    const struct x_post_opts *o = args->opts;
    const struct x_creds creds = {o->c.consumer_key, o->c.consumer_secret, o->c.oauth_token,
                                  o->c.oauth_secret};
    struct x_media media[MAX_IMAGES];
    char *ids[MAX_IMAGES] = {0}, *text = NULL;
    size_t n = 0, opened = 0, gifs = 0;
    for (size_t i = 0; i < MAX_IMAGES; i++)
        if (o->content.image[i] && *o->content.image[i])
            n++;
    int rc = x_text_build(o->content.text, o->content.link, " ", &text, err);
    if (rc == 0 && !*text && n == 0)
        rc = ag_error_set(err, AG_EUSAGE, "nothing to post: give --text, --link or --image-1..4");
    for (size_t i = 0; rc == 0 && i < MAX_IMAGES; i++) {
        if (!o->content.image[i] || !*o->content.image[i])
            continue;
        rc = x_media_open(o->content.image[i], AG_MEDIA_IMAGE, o->allow_private_urls, &media[opened], err);
        if (rc == 0)
            gifs += x_media_is_gif(&media[opened++]);
    }
    if (rc == 0 && gifs && n > 1)
        rc = ag_error_set(err, AG_EINVALID,
                          "an animated GIF must be posted alone: X takes up to 4 images or one GIF");
    for (size_t i = 0; rc == 0 && i < opened; i++)
        rc = x_media_upload(&creds, &media[i], GIF_WAIT_S, &ids[i], err);
    if (rc == 0)
        rc = x_tweet_create(&creds, text, ids, opened, err);
    for (size_t i = 0; i < opened; i++) {
        x_media_close(&media[i]);
        free(ids[i]);
    }
    free(text);
    return rc;
}
