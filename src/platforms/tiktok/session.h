/*
 * TikTok's side of the shared session (net/session.h): the descriptor's refresh, and Content
 * Posting calls made with the session's token (refreshed once on access_token_invalid).
 */
#ifndef AG_TIKTOK_SESSION_H
#define AG_TIKTOK_SESSION_H

#include <stddef.h>

#include <jansson.h>

#include "core/error.h"
#include "net/session.h"
#include "platforms/tiktok/api.h"

/* ag_session_open for TikTok. */
int tt_session_open(struct ag_session *s, struct ag_error *err);

/* The account's username (the session's id). */
const char *tt_session_username(const struct ag_session *s);

/* Content Posting call with this session's token; *data as for tt_api_post. */
int tt_session_post(struct ag_session *s, const char *path, json_t *body, int idempotent, json_t **data,
                    struct ag_error *err);

/* Same, also giving TikTok's error code (or "") in api_code on failure. */
int tt_session_post_code(struct ag_session *s, const char *path, json_t *body, int idempotent, json_t **data,
                         char *api_code, size_t api_code_size, struct ag_error *err);

/* The descriptor's refresh: TikTok's token endpoint with the session's client credentials. */
int tt_session_refresh(const struct ag_session *s, struct ag_token *out, struct ag_error *err);

#endif
