/* Threads' containers (see container.h). */
#include "platforms/threads/container.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/interrupt.h"
#include "core/log.h"
#include "net/poll.h"
#include "net/result.h"
#include "platforms/threads/session.h"

#define PATH_MAX_ 512
/* Threads' "not ready" refusal (24/4279009) can follow FINISHED: the same publish again, this often. */
#define NOT_READY_TRIES   3
#define NOT_READY_WAIT_MS 2000

static int user_path(struct ag_session *s, const char *tail, char *out, size_t size)
{
    return snprintf(out, size, "/%s%s", th_session_user(s), tail) < (int)size ? 0 : -1;
}

int th_quota_check(struct ag_session *s, struct ag_error *err)
{
    char path[PATH_MAX_], code[64];
    const char *params[] = {"fields", "quota_usage,config", NULL};
    json_t *out = NULL;
    user_path(s, "/threads_publishing_limit", path, sizeof(path));
    struct th_call call = {"GET", path, params, "publishing quota", NULL};
    int rc = th_session_call(s, &call, &out, code, sizeof(code), NULL, 0, err);
    if (rc < 0)
        return rc;
    json_t *d = json_array_get(json_object_get(out, "data"), 0);
    json_t *config = json_object_get(d, "config");
    json_int_t used = json_integer_value(json_object_get(d, "quota_usage"));
    json_int_t total = json_integer_value(json_object_get(config, "quota_total"));
    json_int_t window = json_integer_value(json_object_get(config, "quota_duration"));
    if (json_is_integer(json_object_get(config, "quota_total")) && used >= total)
        rc = ag_error_set(err, AG_ETEMP,
                          "threads: the publishing quota is spent (%" JSON_INTEGER_FORMAT
                          " of %" JSON_INTEGER_FORMAT " posts in %" JSON_INTEGER_FORMAT
                          " h): try again once your oldest post of that window is %" JSON_INTEGER_FORMAT
                          " h old (nothing was sent)",
                          used, total, window / 3600, window / 3600);
    json_decref(out);
    return rc;
}

int th_container_create(struct ag_session *s, const struct th_container *c, char **id, struct ag_error *err)
{
    char path[PATH_MAX_], code[64];
    const char *params[] = {"media_type",
                            c->media_type,
                            "text",
                            c->text,
                            "image_url",
                            c->image_url,
                            "video_url",
                            c->video_url,
                            "children",
                            c->children,
                            "link_attachment",
                            c->link_attachment,
                            "reply_control",
                            c->reply_control,
                            "is_carousel_item",
                            c->carousel_item ? "true" : NULL,
                            NULL};
    json_t *out = NULL;
    user_path(s, "/threads", path, sizeof(path));
    /* Re-sendable: an unpublished container is invisible and expires in 24 h. */
    struct th_call call = {"POST", path, params, "container", NULL};
    int rc = th_session_call(s, &call, &out, code, sizeof(code), NULL, 0, err);
    const char *v = json_string_value(json_object_get(out, "id"));
    if (rc == 0 && !v)
        rc = ag_error_set(err, AG_EFAIL, "threads: the container's answer has no id");
    if (rc == 0 && !(*id = strdup(v)))
        rc = ag_error_set(err, AG_EFAIL, "out of memory");
    json_decref(out);
    return rc;
}

static int status_fetch(struct ag_session *s, const char *id, json_t **out, struct ag_error *err)
{
    char path[PATH_MAX_], code[64];
    const char *params[] = {"fields", "id,status,error_message", NULL};
    snprintf(path, sizeof(path), "/%s", id);
    struct th_call call = {"GET", path, params, "container status", NULL};
    return th_session_call(s, &call, out, code, sizeof(code), NULL, 0, err);
}

/* Quick at first (images are ready in seconds), then every 10 s at most (videos take minutes). */
static long poll_delay_ms(int attempt)
{
    long ms = attempt == 0 ? 300 : 1000L * attempt;
    return ms < 10000 ? ms : 10000;
}

struct wait_ctx {
    struct ag_session *s;
    const char *id;
};

static int fetch(void *ctx, json_t **data, struct ag_error *err)
{
    struct wait_ctx *w = ctx;
    return status_fetch(w->s, w->id, data, err);
}

static int is_final(void *ctx, json_t *data)
{
    const char *status = json_string_value(json_object_get(data, "status"));
    ag_debug("container %s: %s", ((struct wait_ctx *)ctx)->id, status ? status : "?");
    return status && strcmp(status, "IN_PROGRESS") != 0;
}

int th_container_wait(struct ag_session *s, const char *id, int64_t timeout_s, struct ag_error *err)
{
    char subject[160];
    snprintf(subject, sizeof(subject), "Threads container '%s'", id);
    struct wait_ctx w = {s, id};
    struct ag_poll poll = {timeout_s, poll_delay_ms, fetch, is_final, &w, subject};
    json_t *d = NULL;
    int rc = ag_poll_run(&poll, &d, err);
    if (rc == 1)
        rc = ag_error_set(err, AG_EUNKNOWN,
                          "threads: container '%s' is still being processed after %" PRId64
                          " s and was not published: run again with a longer --wait-timeout",
                          id, timeout_s);
    const char *status = json_string_value(json_object_get(d, "status"));
    const char *why = json_string_value(json_object_get(d, "error_message"));
    if (rc == 0 && strcmp(status, "FINISHED") != 0)
        rc = ag_error_set(err, AG_EFAIL, "threads: container '%s' is %s%s%s: nothing was published%s", id,
                          status, why ? ": " : "", why ? why : "",
                          strcmp(status, "ERROR") == 0 ? " (check that the media URL is public and its "
                                                         "format within 'agoras utils media-limits')"
                                                       : "");
    json_decref(d);
    return rc;
}

#define MAYBE_PUBLISHED                                                                                      \
    "Threads may or may not have published the post (look at the profile before running this again)"

/* A publish whose answer was lost: the container says whether it happened. */
static int settle_publish(struct ag_session *s, const char *id, struct ag_error *err)
{
    json_t *d = NULL;
    struct ag_error why = {0};
    if (status_fetch(s, id, &d, &why) < 0)
        return -AG_EUNKNOWN; /* err already says the outcome is unknown */
    const char *status = json_string_value(json_object_get(d, "status"));
    int published = status && strcmp(status, "PUBLISHED") == 0;
    json_decref(d);
    return ag_error_set(err, AG_EUNKNOWN,
                        published
                            ? "threads: the post was published (container '%s' is PUBLISHED) but Threads' "
                              "answer with its id was lost: do not post it again"
                            : "threads: the answer to the publish of container '%s' was lost and Threads "
                              "does not show it published yet: look at the profile before running this "
                              "again",
                        id);
}

int th_container_publish(struct ag_session *s, const char *id, char **media_id, struct ag_error *err)
{
    char path[PATH_MAX_], code[64], sub[64];
    const char *params[] = {"creation_id", id, NULL};
    json_t *out = NULL;
    user_path(s, "/threads_publish", path, sizeof(path));
    struct th_call call = {"POST", path, params, "publish", MAYBE_PUBLISHED};
    int rc = 0;
    for (int attempt = 0; attempt < NOT_READY_TRIES; attempt++) {
        rc = th_session_call(s, &call, &out, code, sizeof(code), sub, sizeof(sub), err);
        /* Threads refused it, so nothing was published: the same container again after a pause. */
        if (rc < 0 && strcmp(code, "24") == 0 && strcmp(sub, "4279009") == 0 &&
            attempt + 1 < NOT_READY_TRIES) {
            ag_info("Threads says container '%s' is not ready yet; publishing it again shortly", id);
            if ((rc = ag_interrupt_sleep_ms(NOT_READY_WAIT_MS * (attempt + 1))) < 0)
                return ag_interrupt_error(err, "interrupted before publishing container '%s'", id);
            continue;
        }
        break;
    }
    if (rc == -AG_EUNKNOWN)
        return settle_publish(s, id, err);
    const char *v = json_string_value(json_object_get(out, "id"));
    if (rc == 0 && !v)
        rc = ag_error_set(err, AG_EUNKNOWN, "threads: the publish answer has no id; " MAYBE_PUBLISHED);
    if (rc == 0 && !(*media_id = strdup(v)))
        rc = ag_error_set(err, AG_EFAIL, "out of memory");
    json_decref(out);
    return rc;
}

int th_container_post(struct ag_session *s, const struct th_container *c, int64_t timeout_s,
                      struct ag_error *err)
{
    char *id = NULL, *media_id = NULL;
    int rc = th_container_create(s, c, &id, err);
    if (rc == 0)
        rc = th_container_wait(s, id, timeout_s, err);
    if (rc == 0)
        rc = th_container_publish(s, id, &media_id, err);
    if (rc == 0)
        ag_result_print("id", media_id, NULL);
    free(id);
    free(media_id);
    return rc;
}
