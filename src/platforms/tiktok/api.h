/*
 * TikTok's HTTP API as the client sees it: endpoint URLs, the {data, error} envelope of the
 * Content Posting API and the flat JSON of the OAuth endpoints (TIKTOK_API.md §1.4, §3).
 * Request bodies for posting are built by the callers (video.c, photo.c); this file only
 * sends them and maps answers to errors.
 */
#ifndef AG_TIKTOK_API_H
#define AG_TIKTOK_API_H

#include <stdint.h>

#include <jansson.h>

#include "core/error.h"
#include "net/network.h"

#define TT_DEFAULT_API_BASE      "https://open.tiktokapis.com"
#define TT_DEFAULT_AUTHORIZE_URL "https://www.tiktok.com/v2/auth/authorize/"

/* Write base + path to out (AGORAS_TIKTOK_API_BASE or the default base). 0, or -AG_EUSAGE if too long. */
int tt_api_url(char *out, size_t size, const char *path, struct ag_error *err);

/* AGORAS_TIKTOK_AUTHORIZE_URL or the default. */
const char *tt_authorize_base(void);

/* The OAuth token endpoint: answers are net/network.h's struct ag_token (TikTok's open_id in extra). */
/* Longest token lifetime believed from a server (10 years): bounds every time computed from one. */
#define TT_MAX_LIFETIME_S ((int64_t)10 * 366 * 24 * 3600)

int tt_oauth_exchange_code(const char *client_key, const char *client_secret, const char *code,
                           const char *redirect_uri, const char *code_verifier, struct ag_token *out,
                           struct ag_error *err);
int tt_oauth_refresh(const char *client_key, const char *client_secret, const char *refresh_token,
                     struct ag_token *out, struct ag_error *err);
int tt_oauth_revoke(const char *client_key, const char *client_secret, const char *access_token,
                    struct ag_error *err);

/* What a creating request's uncertain outcome tells the user (exit 6). */
#define TT_MAYBE_CREATED                                                                                     \
    "TikTok may or may not have created the post (look for it on the creator's profile, or in their TikTok " \
    "inbox for a draft, before running this again)"

/*
 * POST a JSON body (NULL: "{}") to path with the bearer token and unwrap the envelope.
 * idempotent: may be re-sent after 5xx/timeouts (creator_info, status). Every call is retried
 * on 429 (TikTok refused it, so nothing was created) honouring Retry-After (core/http.c).
 * idempotent == 0 is a request that creates a post (an init): when its outcome cannot be known
 * (no answer after sending, 5xx, a 429 without rate_limit_exceeded, an unreadable 2xx) the result
 * is -AG_EUNKNOWN with TT_MAYBE_CREATED; -AG_ETEMP is left only where nothing was created.
 * On success *data is a new reference to "data" (an empty object if absent).
 * On failure err is filled from the error envelope and, if api_code is not NULL, it receives
 * the TikTok error code (e.g. "access_token_invalid") or "" when there was none.
 */
int tt_api_post(const char *bearer, const char *path, json_t *body, int idempotent, json_t **data,
                char *api_code, size_t api_code_size, struct ag_error *err);

#endif
