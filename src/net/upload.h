/*
 * The chunk loop of an upload: chunks sent in order, the network's transport deciding for each where
 * to go on (the next chunk, or where the server says it is after a lost answer), with a progress bar
 * on stderr.
 */
#ifndef AG_NET_UPLOAD_H
#define AG_NET_UPLOAD_H

#include <stdint.h>

#include "core/error.h"

struct ag_chunks {
    uint64_t total_bytes;
    uint64_t count;
    /*
     * Send chunk i.  On success set *next to the chunk to send next (i + 1, another index to resume
     * at, or count when the server has every byte) and *have to the bytes the server now holds
     * (0: not known, the bar stays as it is).
     */
    int (*send)(void *ctx, uint64_t i, uint64_t *next, uint64_t *have, struct ag_error *err);
    void *ctx;
    int progress; /* draw a bar on stderr */
};

/* Send every chunk; returns 0 or the first send's error (the bar's line ended first). */
int ag_upload_chunks(const struct ag_chunks *c, struct ag_error *err);

#endif
