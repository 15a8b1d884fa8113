/*
 * Files uploaded as attachments (LINKEDIN_YOUTUBE_DISCORD_TELEGRAM_API.md §3.4): checked by size
 * (first, before reading it), then by content against Discord's limits (limits.c), then streamed
 * from the descriptor as a files[n] part, never read whole.
 */
#ifndef AG_DISCORD_UPLOAD_H
#define AG_DISCORD_UPLOAD_H

#include <stdint.h>

#include "core/error.h"
#include "core/media.h"
#include "net/local_media.h"

struct dc_file {
    struct ag_local_media media; /* checked against Discord's limits (net/local_media.h) */
    char filename[32];           /* what Discord shows: "<stem>.<ext>", the extension by content */
};

/* Open path and check it as kind (ag_local_media_open); close with dc_file_close. */
int dc_file_open(const char *path, enum ag_media_kind kind, const char *stem, struct dc_file *out,
                 struct ag_error *err);
void dc_file_close(struct dc_file *f);

#endif
