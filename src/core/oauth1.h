/*
 * OAuth 1.0a request signing (RFC 5849, HMAC-SHA1), as X documents it: RFC 3986 percent-encoding
 * with upper-case hex, the parameters of the query and of an application/x-www-form-urlencoded body
 * (never of a JSON or multipart body) plus the oauth_* values, sorted; the signature base string;
 * HMAC-SHA1 keyed with pct(consumer secret)&pct(token secret), base64; the Authorization header.
 *
 * ag_oauth1_auth plugs into core/http.h's per-attempt hook, so every attempt (a retry too) carries a
 * fresh nonce (32 random alphanumerics) and timestamp.  Secrets never reach a message.
 */
#ifndef AG_OAUTH1_H
#define AG_OAUTH1_H

#include <stddef.h>
#include <time.h>

#include "core/buf.h"
#include "core/error.h"

#define AG_OAUTH1_NONCE_LEN 32
#define AG_OAUTH1_SIG_SIZE  29 /* base64 of 20 bytes + NUL */

/* Who signs, and the extra oauth_* values of the three-legged flow.  NULL members are absent. */
struct ag_oauth1 {
    const char *consumer_key, *consumer_secret;
    const char *token, *token_secret; /* NULL at request_token */
    const char *callback;             /* oauth_callback (request_token) */
    const char *verifier;             /* oauth_verifier (access_token) */
    const char *form_body;            /* the request's form-urlencoded body, signed; NULL otherwise */
};

/* Append s (len bytes) percent-encoded: A-Z a-z 0-9 - . _ ~ kept, every other byte %XY. 0 or -1. */
int ag_oauth1_encode(struct ag_buf *out, const char *s, size_t len);

/*
 * The signature base string of a request to url (query included) with the oauth_* pairs given
 * (NULL-terminated name, value list) and o->form_body.  -AG_EUSAGE for a URL that cannot be parsed.
 */
int ag_oauth1_base_string(const char *method, const char *url, const char *const *oauth_params,
                          const char *form_body, struct ag_buf *out, struct ag_error *err);

/* base64(HMAC-SHA1(pct(consumer_secret)&pct(token_secret), base)) into sig. 0 or -AG_EFAIL. */
int ag_oauth1_sign(const char *base, const char *consumer_secret, const char *token_secret,
                   char sig[AG_OAUTH1_SIG_SIZE], struct ag_error *err);

/* "Authorization: OAuth ..." for this request with the given nonce and timestamp, appended to header. */
int ag_oauth1_header(const struct ag_oauth1 *o, const char *method, const char *url, const char *nonce,
                     time_t timestamp, struct ag_buf *header, struct ag_error *err);

/*
 * The decoded value of name in a form-urlencoded body (request_token and access_token answer so, RFC
 * 5849 §2); malloc'd, NULL when absent or out of memory.  The first occurrence wins.
 */
char *ag_oauth1_form_value(const char *form, const char *name);

/* A fresh nonce: AG_OAUTH1_NONCE_LEN random alphanumerics (OpenSSL CSPRNG), NUL-terminated. */
int ag_oauth1_nonce(char out[AG_OAUTH1_NONCE_LEN + 1], struct ag_error *err);

/* The ag_http_auth_fn: auth_ctx is a struct ag_oauth1; a new nonce and the wall clock per attempt. */
int ag_oauth1_auth(void *auth_ctx, const char *method, const char *url, struct ag_buf *header,
                   struct ag_error *err);

#endif
