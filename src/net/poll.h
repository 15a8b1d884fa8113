/*
 * Polling a post's status until it is final, within a time budget and a network's rate limit,
 * interruptible (core/interrupt.h).  The network says how to ask and what is final.
 */
#ifndef AG_NET_POLL_H
#define AG_NET_POLL_H

#include <stdint.h>

#include <jansson.h>

#include "core/error.h"

struct ag_poll {
    int64_t timeout_s;
    long (*delay_ms)(int attempt); /* wait before query number attempt (0-based) */
    int (*fetch)(void *ctx, json_t **data, struct ag_error *err); /* one status query */
    int (*is_final)(void *ctx, json_t *data);                     /* also sees every answer */
    void *ctx;
    const char *subject; /* "post '…'", for the interruption's message */
};

/*
 * Query after each delay until is_final.  Returns 0 with *data the final answer; 1 when the next
 * delay would pass timeout_s (*data NULL); the interruption code with *data the last answer seen
 * (NULL if none); or fetch's negative code (*data NULL).
 */
int ag_poll_run(const struct ag_poll *p, json_t **data, struct ag_error *err);

#endif
