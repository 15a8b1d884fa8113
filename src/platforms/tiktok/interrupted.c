#include "platforms/tiktok/interrupted.h"

#include <string.h>

#include "core/interrupt.h"
#include "core/log.h"

#define CANCEL_PATH "/v2/post/publish/cancel/"

/* Best effort: 0 if TikTok cancelled the post, else err says why not. */
static int cancel(struct ag_session *s, const char *publish_id, struct ag_error *err)
{
    json_t *body = json_pack("{s:s}", "publish_id", publish_id), *data = NULL;
    if (!body)
        return ag_error_set(err, AG_EFAIL, "out of memory");
    ag_interrupt_begin_cleanup();
    ag_info("Interrupted: cancelling post '%s' (press Ctrl-C again to exit at once)", publish_id);
    int rc = tt_session_post(s, CANCEL_PATH, body, 1, &data, err);
    json_decref(data);
    json_decref(body);
    return rc;
}

int tt_interrupted_wait(struct ag_session *s, const char *publish_id, json_t *last, int cancel_pull,
                        struct ag_error *err)
{
    const char *status = json_string_value(json_object_get(last, "status"));
    struct ag_error why = {0};
    if (cancel_pull && (!status || strcmp(status, "PROCESSING_DOWNLOAD") == 0)) {
        if (cancel(s, publish_id, &why) == 0)
            return ag_interrupt_error(err,
                                      "while TikTok was downloading the media of post '%s': the post was "
                                      "cancelled and will not be published",
                                      publish_id);
        return ag_interrupt_error(err,
                                  "while TikTok was downloading the media of post '%s', which could not be "
                                  "cancelled (%s); it goes on without agoras: follow it with 'agoras tiktok "
                                  "status --publish-id %s --wait'",
                                  publish_id, why.msg, publish_id);
    }
    return ag_interrupt_error(
        err,
        "while waiting for TikTok to process post '%s' (%s); it goes on without agoras: "
        "follow it with 'agoras tiktok status --publish-id %s --wait'",
        publish_id, status ? status : "status not read yet", publish_id);
}
