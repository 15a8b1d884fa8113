/*
 * Threads' side of the shared session (net/session.h): the long-lived token is its own refresh token,
 * refreshed before an action once it is at least 24 h old and past half its life (Threads refuses a
 * refresh of a younger token; past half, a missed run still leaves weeks before it dies), and stored
 * under the account lock before use.  Graph calls go through ag_session_call (refreshed once on 190).
 */
#ifndef AG_THREADS_SESSION_H
#define AG_THREADS_SESSION_H

#include <stdint.h>

#include <jansson.h>

#include "core/error.h"
#include "net/session.h"
#include "platforms/threads/api.h"

#define TH_MIN_REFRESH_AGE_S ((int64_t)24 * 3600)

/* 1 when a token obtained at obtained_at, expiring at expires_at, is due for a refresh at now. */
int th_refresh_due(int64_t obtained_at, int64_t expires_at, int64_t now);

/* ag_session_open for Threads, then the refresh when due (a failed one on an expired token: exit 3). */
int th_session_open(struct ag_session *s, struct ag_error *err);

/* The user id the Graph paths use: the session's user_id. */
const char *th_session_user(const struct ag_session *s);

/* th_api_call with the session's token; code and subcode as there (subcode may be NULL). */
int th_session_call(struct ag_session *s, const struct th_call *call, json_t **out, char *code,
                    size_t code_size, char *subcode, size_t subcode_size, struct ag_error *err);

/* The descriptor's refresh. */
int th_session_refresh(const struct ag_session *s, struct ag_token *out, struct ag_error *err);

#endif
