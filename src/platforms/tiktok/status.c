#include "platforms/tiktok/status.h"

#include <inttypes.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/interrupt.h"
#include "core/log.h"
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

int tt_status_wait(struct ag_session *s, const char *publish_id, int64_t timeout_s, json_t **data,
                   struct ag_error *err)
{
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    int64_t waited_ms = 0;
    char last[64] = "unknown"; /* a copy: d, which holds the status string, is freed before the message */
    json_t *d = NULL;
    for (int attempt = 0;; attempt++) {
        long delay = poll_delay_ms(attempt);
        if (waited_ms + delay > timeout_s * 1000)
            break;
        if (ag_interrupt_sleep_ms(delay) < 0) {
            *data = d;
            return ag_interrupt_error(err, "while waiting for post '%s'", publish_id);
        }
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        waited_ms = (int64_t)(now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000;
        json_t *previous = d;
        d = NULL;
        int rc = tt_status_fetch(s, publish_id, &d, err);
        if (ag_interrupt_is(rc)) {
            *data = previous;
            return rc;
        }
        json_decref(previous);
        if (rc < 0) {
            ag_error_wrap(err, "post '%s' was created but its status could not be read", publish_id);
            err->code = AG_EUNKNOWN;
            return -AG_EUNKNOWN;
        }
        const char *status = json_string_value(json_object_get(d, "status"));
        snprintf(last, sizeof(last), "%s", status ? status : "unknown");
        ag_debug("status of %s: %s", publish_id, last);
        if (!status || !final_state(status))
            continue;
        if (strcmp(status, "FAILED") == 0) {
            const char *reason = json_string_value(json_object_get(d, "fail_reason"));
            ag_error_set(err, AG_EFAIL, "tiktok: post '%s' failed: %s (%s)", publish_id,
                         tt_fail_reason_advice(reason), reason ? reason : "no fail_reason");
            json_decref(d);
            return -AG_EFAIL;
        }
        *data = d;
        return 0;
    }
    json_decref(d);
    return ag_error_set(err, AG_EUNKNOWN,
                        "post '%s' is still %s after %" PRId64 " s: check later with 'agoras tiktok status "
                        "--publish-id %s' (do not post it again)",
                        publish_id, last, timeout_s, publish_id);
}

void tt_status_print(const char *publish_id, json_t *data)
{
    json_t *out = json_pack("{s:s}", "publish_id", publish_id);
    const char *status = json_string_value(json_object_get(data, "status"));
    if (out && status) {
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
        json_object_set_new(out, "status", json_string(status));
        json_object_set_new(out, "post_ids", ids);
        const char *reason = json_string_value(json_object_get(data, "fail_reason"));
        if (reason && *reason)
            json_object_set_new(out, "fail_reason", json_string(reason));
    }
    char *text = out ? json_dumps(out, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    if (text)
        printf("%s\n", text);
    fflush(stdout);
    free(text);
    json_decref(out);
}
