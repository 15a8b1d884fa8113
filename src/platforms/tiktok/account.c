/* agoras tiktok whoami | revoke | status (SPEC §2.5). */
#include <stdio.h>
#include <stdlib.h>

#include "core/interrupt.h"
#include "core/log.h"
#include "platforms/tiktok/interrupted.h"
#include "platforms/tiktok/options.h"
#include "platforms/tiktok/creator.h"
#include "platforms/tiktok/status.h"
#include "platforms/tiktok/tiktok.h"

int ag_tiktok_run_whoami(struct ag_args *args, struct ag_error *err)
{
    (void)args;
    struct ag_session s;
    struct tt_creator c;
    int rc = tt_session_open(&s, err);
    if (rc < 0)
        return rc;
    rc = tt_creator_query(&s, &c, err);
    if (rc == 0) {
        char *text = json_dumps(c.data, JSON_COMPACT | JSON_SORT_KEYS);
        if (text)
            printf("%s\n", text);
        free(text);
        if (tt_creator_check_username(&c, tt_session_username(&s), err) < 0) {
            rc = -err->code;
        }
        tt_creator_free(&c);
    }
    ag_session_close(&s);
    return rc;
}

int ag_tiktok_run_revoke(struct ag_args *args, struct ag_error *err)
{
    (void)args;
    struct ag_session s;
    int rc = tt_session_open(&s, err);
    if (rc < 0)
        return rc;
    rc = ag_session_ensure_token(&s, 0, err);
    if (rc == 0)
        rc = tt_oauth_revoke(ag_session_get(&s, "client_key"), ag_session_get(&s, "client_secret"),
                             s.access_token, err);
    if (rc == 0)
        rc = ag_session_forget(&s, err);
    if (rc == 0)
        ag_info("Revoked agoras's access to @%s and deleted its stored credentials", tt_session_username(&s));
    ag_session_close(&s);
    return rc;
}

int ag_tiktok_run_status(struct ag_args *args, struct ag_error *err)
{
    const struct tt_status_opts *o = args->opts;
    struct ag_session s;
    const char *publish_id = o->publish_id;
    int rc = tt_session_open(&s, err);
    if (rc < 0)
        return rc;
    json_t *data = NULL;
    ag_interrupt_install();
    /* Asked first, even with --wait: an id TikTok does not know is its answer (exit 1), not a lost post. */
    rc = tt_status_fetch(&s, publish_id, &data, err);
    if (rc == 0 && o->wait.wait) {
        json_decref(data);
        data = NULL;
        rc = tt_status_wait(&s, publish_id, o->wait.timeout, &data, err);
    }
    if (ag_interrupt_is(rc)) /* only watching: the post is never cancelled from here */
        rc = tt_interrupted_wait(&s, publish_id, data, 0, err);
    else if (rc == 0)
        tt_status_print(publish_id, data);
    json_decref(data);
    ag_session_close(&s);
    return rc;
}
