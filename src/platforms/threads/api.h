/*
 * Threads' HTTP API as the client sees it (X_THREADS_API.md §5.3, §6): Graph calls under
 * <AGORAS_THREADS_API_BASE or https://graph.threads.net>/v1.0 with the token as a query parameter
 * (GET, DELETE) or in the form body (POST), and the three token endpoints.  Refusals are mapped by
 * codes.h; a call that creates something follows the create-once rule (net/create.h).
 */
#ifndef AG_THREADS_API_H
#define AG_THREADS_API_H

#include <stddef.h>

#include <jansson.h>

#include "core/error.h"
#include "net/network.h"

#define TH_DEFAULT_API_BASE      "https://graph.threads.net"
#define TH_DEFAULT_AUTHORIZE_URL "https://threads.net/oauth/authorize"

/* Longest token lifetime believed from a server (10 years): bounds every time computed from one. */
#define TH_MAX_LIFETIME_S ((long long)10 * 366 * 24 * 3600)

struct th_call {
    const char *method;        /* "GET", "POST", "DELETE" */
    const char *path;          /* under /v1.0: "/me/threads" */
    const char *const *params; /* name, value pairs, NULL-terminated (NULL values skipped); may be NULL */
    const char *what;          /* for messages: "publish" */
    /* NULL: may be re-sent.  Else sent once, and an uncertain outcome is -AG_EUNKNOWN with this message. */
    const char *maybe_created;
};

/*
 * One Graph call with token.  0 with *out the answer's JSON object (a new reference); else the mapped
 * refusal, with code (and subcode, may be NULL) set to Threads' error code or "".
 */
int th_api_call(const char *token, const struct th_call *call, json_t **out, char *code, size_t code_size,
                char *subcode, size_t subcode_size, struct ag_error *err);

/* The consent page with params (the authorize base: AGORAS_THREADS_AUTHORIZE_URL or Threads'). */
int th_authorize_url(const char *const *params, char **out, struct ag_error *err);

/* Authorization code -> short-lived token and the user id (a string: 17 digits). Free both. */
int th_oauth_code(const char *app_id, const char *app_secret, const char *redirect_uri, const char *code,
                  char **short_token, char **user_id, struct ag_error *err);

/* Short-lived -> long-lived token (access_token == refresh_token, 60 days). */
int th_oauth_long_lived(const char *app_secret, const char *short_token, struct ag_token *out,
                        struct ag_error *err);

/* A long-lived token (≥ 24 h old, unexpired) -> a new one for 60 days. */
int th_oauth_refresh(const char *long_token, struct ag_token *out, struct ag_error *err);

#endif
