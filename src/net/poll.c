/* The status poller (see poll.h). */
#include "net/poll.h"

#include <time.h>

#include "core/interrupt.h"

static int64_t elapsed_ms(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int64_t)(now.tv_sec - start->tv_sec) * 1000 + (now.tv_nsec - start->tv_nsec) / 1000000;
}

int ag_poll_run(const struct ag_poll *p, json_t **data, struct ag_error *err)
{
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    int64_t waited_ms = 0;
    json_t *d = NULL;
    *data = NULL;
    for (int attempt = 0;; attempt++) {
        long delay = p->delay_ms(attempt);
        if (waited_ms + delay > p->timeout_s * 1000)
            break;
        if (ag_interrupt_sleep_ms(delay) < 0) {
            *data = d;
            return ag_interrupt_error(err, "while waiting for %s", p->subject);
        }
        waited_ms = elapsed_ms(&start);
        json_t *previous = d;
        d = NULL;
        int rc = p->fetch(p->ctx, &d, err);
        if (ag_interrupt_is(rc)) {
            *data = previous;
            return rc;
        }
        json_decref(previous);
        if (rc < 0)
            return rc;
        if (p->is_final(p->ctx, d)) {
            *data = d;
            return 0;
        }
    }
    json_decref(d);
    return 1;
}
