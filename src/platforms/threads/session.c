/* Threads' calls through the shared session (see session.h). */
#include "platforms/threads/session.h"

#include <time.h>

#include "core/log.h"
#include "platforms/threads/threads.h"

int th_refresh_due(int64_t obtained_at, int64_t expires_at, int64_t now)
{
    if (obtained_at <= 0 || expires_at <= obtained_at)
        return 0; /* its age is unknown: used until Threads refuses it */
    int64_t age = now - obtained_at;
    return age >= TH_MIN_REFRESH_AGE_S && age >= (expires_at - obtained_at) / 2;
}

int th_session_open(struct ag_session *s, struct ag_error *err)
{
    int rc = ag_session_open(s, &ag_threads_network, err);
    if (rc == 0 && th_refresh_due(s->obtained_at, s->expires_at, (int64_t)time(NULL))) {
        ag_info("refreshing the Threads long-lived token (it expires in %lld days)",
                (long long)((s->expires_at - (int64_t)time(NULL)) / 86400));
        rc = ag_session_ensure_token(s, 1, err);
        if (rc < 0)
            ag_session_close(s);
    }
    return rc;
}

const char *th_session_user(const struct ag_session *s)
{
    return ag_session_get(s, "user_id");
}

struct call_ctx {
    const struct th_call *call;
    json_t **out;
    char *subcode;
    size_t subcode_size;
};

static int call_once(const char *token, void *ctx, char *code, size_t code_size, struct ag_error *err)
{
    struct call_ctx *c = ctx;
    return th_api_call(token, c->call, c->out, code, code_size, c->subcode, c->subcode_size, err);
}

int th_session_call(struct ag_session *s, const struct th_call *call, json_t **out, char *code,
                    size_t code_size, char *subcode, size_t subcode_size, struct ag_error *err)
{
    char sub[64];
    struct call_ctx c = {call, out, subcode ? subcode : sub, subcode ? subcode_size : sizeof(sub)};
    return ag_session_call(s, call_once, &c, code, code_size, err);
}

int th_session_refresh(const struct ag_session *s, struct ag_token *out, struct ag_error *err)
{
    int rc = th_oauth_refresh(ag_session_get(s, "refresh_token"), out, err);
    /* Agoras keeps using a dead token here; the code table's advice says to authorize again. */
    return rc < 0 ? ag_error_wrap(err, "the Threads token could not be refreshed") : 0;
}
