/*
 * Local media files to upload (SPEC §6 Media): a value of --image-N or --video-file that is not an
 * http(s) URL is a path, checked against the network's limits (size first, so a file too big is
 * refused without reading it; then the type by content) before anything is sent, then streamed
 * from its descriptor.
 */
#ifndef AG_NET_LOCAL_MEDIA_H
#define AG_NET_LOCAL_MEDIA_H

#include <stdint.h>

#include "core/error.h"
#include "core/media.h"

struct ag_network;

struct ag_local_media {
    int fd;                   /* -1 when closed */
    uint64_t size;            /* bytes to send: the size when checked */
    const char *basename;     /* the path's last component (points into it) */
    enum ag_media_type type;  /* by content */
    const char *content_type; /* its MIME type */
};

/* 1 if s is an http:// or https:// URL (the network or agoras fetches it), 0 if it is a local path. */
int ag_is_http_url(const char *s);

/*
 * Open path and check it as kind against net's limits: a readable regular file, its size within
 * the limit, its type by content.  Every refusal is -AG_EINVALID naming the file (and the limit).
 * Close with ag_local_media_close, also after a failure.
 */
int ag_local_media_open(const struct ag_network *net, const char *path, enum ag_media_kind kind,
                        struct ag_local_media *out, struct ag_error *err);
void ag_local_media_close(struct ag_local_media *f);

#endif
