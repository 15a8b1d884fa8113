/*
 * An authorized session with a network, for every action but authorize (SPEC §2.2): credentials
 * from env, gaps filled from the account's stored record; an access token reused until 5 minutes
 * before expiry (half its lifetime when short), else refreshed; rotated refresh tokens persisted
 * atomically under the network's lock *before* the new access token is used, so concurrent runs
 * never lose a rotation; a stale env refresh token recognised from the digests of the tokens the
 * chain superseded; a call the network refused with its auth-error code retried once after a refresh.
 */
#ifndef AG_NET_SESSION_H
#define AG_NET_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "net/network.h"

#define AG_SESSION_MAX_CREDENTIALS 8

struct ag_session {
    const struct ag_network *net;
    char *cred[AG_SESSION_MAX_CREDENTIALS]; /* one per row of net->credentials (secrets wiped on close) */
    char *access_token;                     /* secret; NULL until obtained */
    int64_t expires_at;                     /* Unix seconds; 0 = unknown */
    int64_t obtained_at;                    /* Unix seconds the access token was issued; 0 = unknown */
    int refresh_from_env;
};

/* An empty session for net (values set with ag_session_set, or by ag_session_open). */
void ag_session_init(struct ag_session *s, const struct ag_network *net);

/* Resolve credentials (env > store). Missing ones -> -AG_EAUTH with the fix; several stored accounts
 * and no default -> -AG_EUSAGE listing them. Free with ag_session_close. */
int ag_session_open(struct ag_session *s, const struct ag_network *net, struct ag_error *err);
void ag_session_close(struct ag_session *s);

/* The credential stored under field ("username"); NULL when unset. */
const char *ag_session_get(const struct ag_session *s, const char *field);
/* Set it (a copy; secrets registered for redaction). Returns 0, or -1 when out of memory. */
int ag_session_set(struct ag_session *s, const char *field, const char *value);
/* The account's id (the AG_CRED_ID credential), NULL when unset. */
const char *ag_session_id(const struct ag_session *s);

/* Make sure s->access_token is valid (refreshing if needed, or always when force). */
int ag_session_ensure_token(struct ag_session *s, int force, struct ag_error *err);

/*
 * One API call with the session's token: fn gets the access token and fills code with the API's
 * error code (or "") on failure.  When the network answers with its auth_error_code, the token is
 * refreshed once and the call made once more (the network refused the first, so even a create
 * may be re-sent).
 */
typedef int (*ag_session_call_fn)(const char *access_token, void *ctx, char *code, size_t code_size,
                                  struct ag_error *err);
int ag_session_call(struct ag_session *s, ag_session_call_fn fn, void *ctx, char *code, size_t code_size,
                    struct ag_error *err);

/* Forget the stored account of s (revoke). */
int ag_session_forget(struct ag_session *s, struct ag_error *err);

/* Store a freshly authorized account (s's credentials and token) under <net>-<id> and <net>-default;
 * force replaces stored files that cannot be decrypted or parsed. A new authorization starts a new
 * chain (no superseded digests). */
int ag_session_store_new(const struct ag_session *s, const struct ag_token *token, int force,
                         struct ag_error *err);

/* Tests: the clock the session reads (Unix seconds); NULL restores time(). */
void ag_session_set_clock(int64_t (*now)(void));

#endif
