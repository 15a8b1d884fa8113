/*
 * Local media files to upload (SPEC §6 Media): a value of --image-N or --video-file that is not an
 * http(s) URL is a path, checked by content against Telegram's limits (limits.c) before anything is
 * sent, then streamed from its descriptor (api.h's struct tg_upload).
 */
#ifndef AG_TELEGRAM_UPLOAD_H
#define AG_TELEGRAM_UPLOAD_H

#include <stdint.h>

#include "core/error.h"
#include "core/media.h"

struct tg_local {
    int fd;                   /* -1 when closed */
    uint64_t size;            /* bytes sent: the size when checked */
    const char *filename;     /* base name of the path (points into it) */
    const char *content_type; /* by content */
};

/* 1 if s is an http:// or https:// URL (Telegram fetches it), 0 if it is a local path. */
int tg_is_url(const char *s);

/*
 * Open path and check it as kind (image or video): readable regular file, size within the limit
 * (checked first, so a file too big is refused without reading it), type by content.  All
 * refusals are -AG_EINVALID naming the file and the limit.  Close with tg_local_close.
 */
int tg_local_open(const char *path, enum ag_media_kind kind, struct tg_local *out, struct ag_error *err);
void tg_local_close(struct tg_local *f);

#endif
