/*
 * An authorized TikTok session for every action but authorize (SPEC §2.2): credentials from
 * env, gaps filled from the store; an access token reused until 5 minutes before expiry, else
 * refreshed; rotated refresh tokens persisted atomically under the store's lock *before* the new
 * access token is used, so concurrent runs never lose a rotation.
 */
#ifndef AG_TIKTOK_SESSION_H
#define AG_TIKTOK_SESSION_H

#include <stdint.h>

#include <jansson.h>

#include "core/error.h"
#include "platforms/tiktok/api.h"

struct tt_session {
    char *username;
    char *client_key;
    char *client_secret; /* secret */
    char *refresh_token; /* secret */
    char *access_token;  /* secret; NULL until obtained */
    int64_t expires_at;  /* Unix seconds; 0 = unknown */
    int refresh_from_env;
    int64_t obtained_at; /* Unix seconds the access token was issued; 0 = unknown */
};

/* Resolve credentials (env > store). Missing ones → -AG_EAUTH with the fix; several stored accounts
 * and no default → -AG_EUSAGE listing them. Free with tt_session_close. */
int tt_session_open(struct tt_session *s, struct ag_error *err);
void tt_session_close(struct tt_session *s);

/* Make sure s->access_token is valid (refreshing if needed, or always when force). */
int tt_session_ensure_token(struct tt_session *s, int force, struct ag_error *err);

/*
 * Content Posting call with this session's token: on 401 access_token_invalid, refresh once and
 * retry once. *data as for tt_api_post.
 */
int tt_session_post(struct tt_session *s, const char *path, json_t *body, int idempotent, json_t **data,
                    struct ag_error *err);

/* Same, also giving TikTok's error code (or "") in api_code on failure. */
int tt_session_post_code(struct tt_session *s, const char *path, json_t *body, int idempotent, json_t **data,
                         char *api_code, size_t api_code_size, struct ag_error *err);

/* Forget the stored credentials of s->username (revoke). */
int tt_session_forget(struct tt_session *s, struct ag_error *err);

/* Store a freshly authorized account under tiktok-<username> and tiktok-default (authorize);
 * force replaces stored files that cannot be decrypted or parsed. */
int tt_session_store_new(const char *username, const char *client_key, const char *client_secret,
                         const struct tt_token *token, int force, struct ag_error *err);

#endif
