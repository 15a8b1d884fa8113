#include "platforms/tiktok/status.h"

#include <inttypes.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "core/interrupt.h"
#include "core/log.h"
#include "net/poll.h"
#include "net/result.h"
#include "platforms/tiktok/errors.h"

int tt_status_fetch(struct ag_session *s, const char *publish_id, json_t **data, struct ag_error *err)
{
    json_t *body = json_pack("{s:s}", "publish_id", publish_id);
    if (!body)
        return ag_error_set(err, AG_EFAIL, "out of memory");
    int rc = tt_session_post(s, "/v2/post/publish/status/fetch/", body, 1, data, err);
    json_decref(body);
    return rc;
}

/*
 * 1 s three times, then every 2.1 s: at most ~29 calls a minute, under TikTok's 30/min for
 * status/fetch, while a finished post is noticed within about 2 s.
 */
static long poll_delay_ms(int attempt)
{
    return attempt < 3 ? 1000 : 2100;
}

static int final_state(const char *status)
{
    return strcmp(status, "PUBLISH_COMPLETE") == 0 || strcmp(status, "SEND_TO_USER_INBOX") == 0 ||
           strcmp(status, "FAILED") == 0;
}

struct wait_ctx {
    struct ag_session *s;
    const char *publish_id;
    char last[64]; /* a copy: the answer holding the status is freed before the message */
};

static int fetch(void *ctx, json_t **data, struct ag_error *err)
{
    struct wait_ctx *w = ctx;
    return tt_status_fetch(w->s, w->publish_id, data, err);
}

static int is_final(void *ctx, json_t *data)
{
    struct wait_ctx *w = ctx;
    const char *status = json_string_value(json_object_get(data, "status"));
    snprintf(w->last, sizeof(w->last), "%s", status ? status : "unknown");
    ag_debug("status of %s: %s", w->publish_id, w->last);
    return status && final_state(status);
}

int tt_status_wait(struct ag_session *s, const char *publish_id, int64_t timeout_s, json_t **data,
                   struct ag_error *err)
{
    char subject[160];
    snprintf(subject, sizeof(subject), "post '%s'", publish_id);
    struct wait_ctx w = {s, publish_id, "unknown"};
    struct ag_poll poll = {timeout_s, poll_delay_ms, fetch, is_final, &w, subject};
    json_t *d = NULL;
    int rc = ag_poll_run(&poll, &d, err);
    if (ag_interrupt_is(rc)) {
        *data = d;
        return rc;
    }
    if (rc < 0) {
        ag_error_wrap(err, "post '%s' was created but its status could not be read", publish_id);
        err->code = AG_EUNKNOWN;
        return -AG_EUNKNOWN;
    }
    if (rc == 1)
        return ag_error_set(err, AG_EUNKNOWN,
                            "post '%s' is still %s after %" PRId64
                            " s: check later with 'agoras tiktok status "
                            "--publish-id %s' (do not post it again)",
                            publish_id, w.last, timeout_s, publish_id);
    if (strcmp(w.last, "FAILED") == 0) {
        const char *reason = json_string_value(json_object_get(d, "fail_reason"));
        ag_error_set(err, AG_EFAIL, "tiktok: post '%s' failed: %s (%s)", publish_id,
                     tt_fail_reason_advice(reason), reason ? reason : "no fail_reason");
        json_decref(d);
        return -AG_EFAIL;
    }
    *data = d;
    return 0;
}

void tt_status_print(const char *publish_id, json_t *data)
{
    const char *status = json_string_value(json_object_get(data, "status"));
    json_t *more = status ? json_object() : NULL;
    if (more) {
        json_t *ids = json_array();
        size_t i;
        json_t *v;
        json_array_foreach(json_object_get(data, "publicaly_available_post_id"), i, v)
        {
            char text[32];
            /* Post ids are 19-digit numbers: printed as strings so no JSON reader rounds them. */
            if (json_is_integer(v))
                snprintf(text, sizeof(text), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
            else if (json_is_string(v))
                snprintf(text, sizeof(text), "%s", json_string_value(v));
            else
                continue;
            json_array_append_new(ids, json_string(text));
        }
        json_object_set_new(more, "status", json_string(status));
        json_object_set_new(more, "post_ids", ids);
        const char *reason = json_string_value(json_object_get(data, "fail_reason"));
        if (reason && *reason)
            json_object_set_new(more, "fail_reason", json_string(reason));
    }
    ag_result_print("publish_id", publish_id, more);
    json_decref(more);
}
