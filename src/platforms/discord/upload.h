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

struct dc_file {
    int fd;                   /* -1 when closed */
    uint64_t size;            /* bytes sent: the size when checked */
    char filename[32];        /* what Discord shows: "<stem>.<ext>", the extension by content */
    const char *content_type; /* by content */
};

/* 1 if s is an http:// or https:// URL, 0 if it is a local path. */
int dc_is_url(const char *s);

/*
 * Open path and check it as kind: a readable regular file, at most the limit (else -AG_EINVALID
 * naming the file's size and the limit), its type by content.  Close with dc_file_close.
 */
int dc_file_open(const char *path, enum ag_media_kind kind, const char *stem, struct dc_file *out,
                 struct ag_error *err);
void dc_file_close(struct dc_file *f);

#endif
