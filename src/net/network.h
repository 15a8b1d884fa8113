/*
 * A network's descriptor: everything agoras knows about a network that is not code.  The shared
 * layer (accounts, session, error codes, `utils tokens`, `utils media-limits`, help, man page and
 * completion) reads it; a network's folder under src/platforms/ defines one and the registry
 * (platforms/registry.c) lists it.
 */
#ifndef AG_NET_NETWORK_H
#define AG_NET_NETWORK_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/error.h"
#include "core/media.h"
#include "net/opts.h"

enum {
    AG_CRED_SECRET = 1 << 0,  /* never printed, wiped, redacted from logs */
    AG_CRED_ID = 1 << 1,      /* names the account: its record is <network>-<value> */
    AG_CRED_REFRESH = 1 << 2, /* the refresh token the session rotates */
    AG_CRED_TOKEN = 1 << 3, /* the token the API takes: alone (token-only networks), or with AG_CRED_REFRESH a
                               token that is its own refresh token (Threads) */
};

/* One credential, declared once: the flag of authorize, the env variable, the store field. */
struct ag_credential {
    const char *flag;        /* authorize's option name ("client-key"), or NULL: env and store only */
    const char *env;         /* "TIKTOK_CLIENT_KEY" */
    const char *store_field; /* "client_key" */
    unsigned flags;          /* AG_CRED_* */
    const char *help;        /* one line, shown in help, man page and completion */
};

/* An API base URL, overridable from the environment (tests point it at the sandbox). */
struct ag_api_base {
    const char *key; /* "api", "auth" */
    const char *def; /* "https://open.tiktokapis.com" */
    const char *env; /* "AGORAS_TIKTOK_API_BASE" */
};

/* An error code of the network's API, with its exit code (SPEC §1) and advice a user can act on. */
struct ag_code {
    const char *code;
    int exit_code;
    const char *advice;
};

/* Tokens from a token endpoint (authorize or refresh). */
struct ag_token {
    char *access_token;         /* secret */
    char *refresh_token;        /* secret; NULL when the network does not rotate */
    char *scope;                /* may be NULL */
    int64_t expires_in;         /* seconds */
    int64_t refresh_expires_in; /* seconds, 0: not said */
    json_t *extra;              /* more fields for the account record (TikTok's open_id), or NULL */
};
void ag_token_free(struct ag_token *t);

struct ag_session;

/* What only the network's code can do; a NULL member: the network has no such thing. */
struct ag_network_ops {
    /* Exchange s's refresh token (and client credentials) for new tokens. */
    int (*refresh)(const struct ag_session *s, struct ag_token *out, struct ag_error *err);
};

struct ag_network {
    const char *name;                        /* "tiktok": the command word and the store's prefix */
    const char *display;                     /* "TikTok" in messages */
    const char *summary;                     /* one line for 'agoras --help' */
    const char *const *aliases;              /* other command words ("twitter" for x), NULL-terminated */
    const struct ag_action *const *actions;  /* NULL-terminated, in help order */
    const struct ag_credential *credentials; /* terminated by a row with env == NULL; NULL: none */
    const char *store_header;                /* unattended-format's section title: "# TikTok - OAuth 2.0" */
    const struct ag_api_base *api_bases;     /* terminated by a row with key == NULL */
    const struct ag_code *api_codes;         /* terminated by a row with code == NULL */
    const struct ag_code *oauth_codes;
    const struct ag_code *fail_reasons;         /* a post's final failure reasons (exit_code unused) */
    const struct ag_media_limits *media_limits; /* terminated by a row with platform == NULL; NULL: none */
    const char *auth_error_code;                /* the API's "this access token is no good" code */
    const struct ag_network_ops *ops;           /* NULL for a token-only network */
};

/* The credential row with this store field, or with flag set in its flags; NULL if none. */
const struct ag_credential *ag_network_credential(const struct ag_network *net, const char *store_field);
const struct ag_credential *ag_network_credential_with(const struct ag_network *net, unsigned flag);

/* The API base named key: its env override when set and not empty, else its default. */
const char *ag_network_api_base(const struct ag_network *net, const char *key);

/* net's limits for kind; NULL (a bug in the network's folder, not user input) aborts. */
const struct ag_media_limits *ag_network_limits(const struct ag_network *net, enum ag_media_kind kind);

#endif
