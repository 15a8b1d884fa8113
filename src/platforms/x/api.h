/*
 * One call to X (X_THREADS_API.md §1.2, §2): <AGORAS_X_API_BASE or https://api.x.com><path>, signed
 * with OAuth 1.0a on every attempt (core/oauth1.h: the query and a form body are signed, a JSON or
 * multipart body is not), the answer's refusals mapped by codes.h, and the create-once rule
 * (net/create.h) for requests that create something.
 */
#ifndef AG_X_API_H
#define AG_X_API_H

#include <jansson.h>

#include "core/error.h"
#include "core/http.h"

#define X_DEFAULT_API_BASE "https://api.x.com"

/* Longest wait for X's rate limit (x-rate-limit-reset) slept before sending again; longer: exit 5. */
#define X_MAX_WAIT_S 60

/* The app's and the user's credentials; token and token_secret are NULL before the user's consent. */
struct x_creds {
    const char *consumer_key, *consumer_secret;
    const char *token, *token_secret;
};

struct x_call {
    const char *method;               /* "GET", "POST", "DELETE" */
    const char *path;                 /* "/2/tweets", with its query if any */
    json_t *json;                     /* a JSON body (not stolen), or NULL */
    const char *form;                 /* a form-urlencoded body (signed), or NULL */
    const struct ag_http_part *parts; /* a multipart body, or NULL */
    const char *callback, *verifier;  /* oauth_callback, oauth_verifier (the three-legged flow) */
    const char *what;                 /* for messages: "post", "media upload" */
    /*
     * NULL: retried on network errors and 5xx.  Else the call creates something: sent once (again only
     * after X's 429 refused it), and an unknown outcome is -AG_EUNKNOWN with this message (exit 6).
     */
    const char *maybe_created;
    long timeout_s; /* 0: the default (60 s) */
};

/* Send call: 0 with *res (initialised by the caller) holding a 2xx answer; else the mapped refusal. */
int x_send(const struct x_creds *c, const struct x_call *call, struct ag_http_response *res,
           struct ag_error *err);

/* x_send, then the answer's JSON "data" object into *data (a new reference). */
int x_call_json(const struct x_creds *c, const struct x_call *call, json_t **data, struct ag_error *err);

/* The consent page for request token: AGORAS_X_AUTHORIZE_URL or <api base>/oauth/authorize. *out: free. */
int x_authorize_url(const char *request_token, char **out, struct ag_error *err);

#endif
