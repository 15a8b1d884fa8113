/*
 * One Discord HTTP API v10 request (LINKEDIN_YOUTUBE_DISCORD_TELEGRAM_API.md §3.1): <base>/api/v10<path>
 * with "Authorization: Bot <token>" (added per attempt, never logged) and the User-Agent Discord
 * requires, a JSON or multipart body, the rate limits of §3.6 (ratelimit.h) and the answer mapped to
 * exit codes (reply.h).
 *
 * Retries: a read or a delete is sent up to 3 times on no answer or a 5xx.  A 429 is waited
 * (retry_after, fractional seconds) when at most DC_MAX_WAIT_S, else exit 5 naming the wait.  A
 * create carries a nonce with enforce_nonce (the caller puts it in the body), and Discord answers a
 * repeated nonce with the message it already created: so a create whose answer was lost (no answer,
 * 5xx, unreadable 2xx) is sent once more with the same body, and only when that one is lost too is
 * the outcome unknown (exit 6, DC_MAYBE_POSTED).
 */
#ifndef AG_DISCORD_API_H
#define AG_DISCORD_API_H

#include <jansson.h>

#include "core/error.h"
#include "core/http.h"

#define DC_DEFAULT_API_BASE "https://discord.com"

/* Longest wait Discord may ask for (429 retry_after, an empty bucket's reset) that agoras sleeps. */
#define DC_MAX_WAIT_S 60

#define DC_MAYBE_POSTED "discord: the message may have been posted: check the channel before retrying"

struct dc_request {
    const char *method; /* "GET", "POST", "DELETE" */
    const char *path;   /* after /api/v10, with its query: "/users/@me/guilds?limit=200" */
    const char *route;  /* the rate-limit route: the path with only major ids ("messages 123") */
    const char *what;   /* for messages: "listing the servers", "posting to #general" */
    json_t *json;       /* POST: the JSON body; or */
    const struct ag_http_part *parts; /* multipart/form-data (payload_json + files[n]) */
    int create;                       /* POST that creates a message (see above) */
};

/*
 * Register token with ag_log_add_secret and check that it can go in a header: missing is -AG_EAUTH,
 * white space or control characters -AG_EUSAGE; messages name DISCORD_BOT_TOKEN, never the value.
 */
int dc_token_check(const char *token, struct ag_error *err);

/* Send r; on success *out is the parsed JSON answer (NULL for 204 No Content; caller json_decref). */
int dc_call(const char *token, const struct dc_request *r, json_t **out, struct ag_error *err);

#endif
