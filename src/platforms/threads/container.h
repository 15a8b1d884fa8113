/*
 * Threads' two-step publishing (X_THREADS_API.md §6.1-§6.4, §10.2): a container is created (invisible
 * until published, so it may be re-sent), waited for until FINISHED within a bound, then published once.
 * The publishing quota is read first.
 */
#ifndef AG_THREADS_CONTAINER_H
#define AG_THREADS_CONTAINER_H

#include <stdint.h>

#include "core/error.h"
#include "net/session.h"

struct th_container {
    const char *media_type;                   /* TEXT, IMAGE, VIDEO, CAROUSEL */
    const char *text, *image_url, *video_url; /* NULL when absent */
    const char *children;                     /* CAROUSEL: comma-separated container ids */
    const char *link_attachment;              /* TEXT only */
    const char *reply_control;                /* NULL: Threads' default */
    int carousel_item;
};

/* Exit 5 with when it frees up if the 24 h publishing quota is spent. */
int th_quota_check(struct ag_session *s, struct ag_error *err);

/* Create c; *id: the container id (free). */
int th_container_create(struct ag_session *s, const struct th_container *c, char **id, struct ag_error *err);

/* Wait until the container is FINISHED: ERROR/EXPIRED exit 1 with Threads' reason, timeout exit 6. */
int th_container_wait(struct ag_session *s, const char *id, int64_t timeout_s, struct ag_error *err);

/* Publish the container once (again only after Threads' own "not ready" refusal); *media_id: free. */
int th_container_publish(struct ag_session *s, const char *id, char **media_id, struct ag_error *err);

/* Create, wait, publish, print {"id":"<media id>"}. */
int th_container_post(struct ag_session *s, const struct th_container *c, int64_t timeout_s,
                      struct ag_error *err);

#endif
