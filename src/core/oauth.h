/*
 * Provider-neutral pieces of the OAuth 2.0 authorization-code flow with PKCE (RFC 7636):
 * verifier, challenge and state generation (OpenSSL CSPRNG), the authorize URL, and parsing
 * plus checking of the redirected callback (from the loopback server or a pasted URL).
 *
 * Secrets (verifier, state, code) are returned in heap strings that the caller releases with
 * ag_oauth_secret_free, which wipes them first.  They never appear in error messages.
 */
#ifndef AG_OAUTH_H
#define AG_OAUTH_H

#include <stddef.h>

#include "core/error.h"

#define AG_OAUTH_VERIFIER_MIN       43
#define AG_OAUTH_VERIFIER_MAX       128
#define AG_OAUTH_VERIFIER_DEFAULT   64
#define AG_OAUTH_HEX_CHALLENGE_SIZE 65 /* 64 hex digits + NUL */
#define AG_OAUTH_B64_CHALLENGE_SIZE 44 /* 43 base64url characters + NUL */

/* Wipe and free a secret string; NULL is fine. */
void ag_oauth_secret_free(char *s);

/*
 * A fresh PKCE code verifier of len characters (0 = AG_OAUTH_VERIFIER_DEFAULT; otherwise
 * 43..128) drawn uniformly from [A-Za-z0-9-._~].  *out: new string, ag_oauth_secret_free.
 */
int ag_oauth_pkce_verifier(size_t len, char **out, struct ag_error *err);

/* TikTok's desktop rule: challenge = lower-case hex of SHA-256(verifier), written to out. */
int ag_oauth_pkce_challenge_hex(const char *verifier, char out[AG_OAUTH_HEX_CHALLENGE_SIZE],
                                struct ag_error *err);

/* RFC 7636 S256: challenge = base64url(SHA-256(verifier)) without padding, written to out. */
int ag_oauth_pkce_challenge_b64(const char *verifier, char out[AG_OAUTH_B64_CHALLENGE_SIZE],
                                struct ag_error *err);

/* A fresh state: 32 random bytes, base64url without padding (43 chars). *out: ag_oauth_secret_free. */
int ag_oauth_state(char **out, struct ag_error *err);

/* 1 if a and b are equal (content compared in constant time; lengths are not secret), else 0. NULL is
 * unequal. */
int ag_oauth_equal(const char *a, const char *b);

/*
 * base (https, or http to loopback, as ag_http_check_url) plus query parameters: params is a
 * NULL-terminated list of name, value pairs (NULL values skipped), URL-encoded and appended to
 * any query base already has.  *out: new string (caller frees; it holds no secret but state).
 */
int ag_oauth_authorize_url(const char *base, const char *const *params, char **out, struct ag_error *err);

/* The parameters of a redirected callback, URL-decoded; absent ones are NULL. All owned. */
struct ag_oauth_result {
    char *code; /* secret: wiped on free */
    char *state;
    char *error;
    char *error_description;
    char *scopes; /* "scopes" (TikTok) or "scope" (RFC 6749) */
};

void ag_oauth_result_init(struct ag_oauth_result *r);
/* Wipe and free every field and reset to empty; NULL is fine. */
void ag_oauth_result_free(struct ag_oauth_result *r);

/*
 * Parse a redirected URL ("http://127.0.0.1:3456/callback/?code=…&state=…"), or just its query
 * ("code=…&state=…", with or without the leading '?').  Values are decoded as
 * application/x-www-form-urlencoded (RFC 6749 appendix B: '+' is a space).  A repeated
 * parameter is an error.  On success *out (initialised by the caller) is replaced; -AG_EUSAGE
 * for something that is not a URL or query.
 */
int ag_oauth_parse_callback(const char *text, struct ag_oauth_result *out, struct ag_error *err);

/*
 * Decide what a parsed callback means: 0 if it carries a code and the expected state
 * (compared in constant time).  Otherwise -AG_EAUTH with a precise message: state missing or
 * mismatched, the provider's error (e.g. "access_denied: the user denied …", control characters
 * removed), or no code.
 */
int ag_oauth_check_callback(const struct ag_oauth_result *r, const char *expected_state,
                            struct ag_error *err);

#endif
