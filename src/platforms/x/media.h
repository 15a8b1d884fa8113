/*
 * Media for a post (X_THREADS_API.md §2.6, §2.8): a local file or a URL (downloaded first to a private
 * temp file, bounded by the limit), checked by content against X's limits before anything is sent to X,
 * then uploaded through the v2 endpoints: an image in one multipart request (tweet_image); an animated
 * GIF (tweet_gif) or a video (tweet_video) by initialize, appends of 4 MiB streamed from disk, finalize,
 * then STATUS polled as check_after_secs says until succeeded, within a time budget.
 */
#ifndef AG_X_MEDIA_H
#define AG_X_MEDIA_H

#include <stdint.h>

#include "core/media.h"
#include "platforms/x/api.h"

#define X_CHUNK_BYTES ((uint64_t)4 << 20)

struct x_media {
    const char *source; /* as the user gave it */
    char *path;         /* the local file (the temp file of a download) */
    int fd;             /* -1 when closed */
    struct ag_media_info info;
    struct ag_media_download download; /* path is set when downloaded */
};

/* Fetch (a URL) and check source as kind; refusals are -AG_EINVALID naming it.  Close with x_media_close. */
int x_media_open(const char *source, enum ag_media_kind kind, int allow_private, struct x_media *m,
                 struct ag_error *err);
void x_media_close(struct x_media *m);

/* 1 for an animated GIF (uploaded as tweet_gif, and alone in a post). */
int x_media_is_gif(const struct x_media *m);

/* Upload m and wait until X has processed it (at most wait_s); *media_id: malloc'd. */
int x_media_upload(const struct x_creds *c, const struct x_media *m, int64_t wait_s, char **media_id,
                   struct ag_error *err);

#endif
