/* TikTok's calls through the shared session (see session.h). */
#include "platforms/tiktok/session.h"

#include "platforms/tiktok/tiktok.h"

int tt_session_open(struct ag_session *s, struct ag_error *err)
{
    return ag_session_open(s, &ag_tiktok_network, err);
}

const char *tt_session_username(const struct ag_session *s)
{
    return ag_session_id(s);
}

int tt_session_refresh(const struct ag_session *s, struct ag_token *out, struct ag_error *err)
{
    return tt_oauth_refresh(ag_session_get(s, "client_key"), ag_session_get(s, "client_secret"),
                            ag_session_get(s, "refresh_token"), out, err);
}

struct post_call {
    const char *path;
    json_t *body;
    int idempotent;
    json_t **data;
};

static int post_once(const char *access_token, void *ctx, char *code, size_t code_size, struct ag_error *err)
{
    struct post_call *c = ctx;
    return tt_api_post(access_token, c->path, c->body, c->idempotent, c->data, code, code_size, err);
}

int tt_session_post(struct ag_session *s, const char *path, json_t *body, int idempotent, json_t **data,
                    struct ag_error *err)
{
    char code[64];
    return tt_session_post_code(s, path, body, idempotent, data, code, sizeof(code), err);
}

int tt_session_post_code(struct ag_session *s, const char *path, json_t *body, int idempotent, json_t **data,
                         char *code, size_t code_size, struct ag_error *err)
{
    struct post_call c = {path, body, idempotent, data};
    return ag_session_call(s, post_once, &c, code, code_size, err);
}
