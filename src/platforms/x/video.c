/*
 * agoras x video: the text "<title> - <text>" checked first (never cut); the video a local file or a URL
 * downloaded to a temp file (bounded by X's 512 MB), checked by content and limits; uploaded in chunks
 * streamed from disk and processed by X (media.h); then the post, sent once.
 */
#include <stdlib.h>

#include "platforms/x/media.h"
#include "platforms/x/options.h"
#include "platforms/x/text.h"
#include "platforms/x/tweet.h"
#include "platforms/x/x.h"

static int present(const char *s)
{
    return s && *s;
}

int ag_x_run_video(struct ag_args *args, struct ag_error *err)
{
    const struct x_video_opts *o = args->opts;
    const struct x_creds creds = {o->c.consumer_key, o->c.consumer_secret, o->c.oauth_token,
                                  o->c.oauth_secret};
    struct x_media m = {.fd = -1};
    char *text = NULL, *id = NULL;
    int rc = 0;
    if (present(o->video.url) == present(o->video.file))
        rc = ag_error_set(err, AG_EUSAGE,
                          present(o->video.url)
                              ? "give --video-url or --video-file, not both"
                              : "no video: give --video-url (or TWITTER_VIDEO_URL) or --video-file");
    if (rc == 0)
        rc = x_text_build(o->video.title, o->text, " - ", &text, err);
    if (rc == 0)
        rc = x_media_open(present(o->video.file) ? o->video.file : o->video.url, AG_MEDIA_VIDEO,
                          o->allow_private_urls, &m, err);
    if (rc == 0)
        rc = x_media_upload(&creds, &m, o->wait_timeout, &id, err);
    if (rc == 0)
        rc = x_tweet_create(&creds, text, &id, 1, err);
    x_media_close(&m);
    free(id);
    free(text);
    return rc;
}
