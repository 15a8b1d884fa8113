/*
 * HTTP client (libcurl): JSON and form POST, streaming PUT of a file range, download to a
 * file, timeouts, retries with exponential backoff + jitter honouring Retry-After, and
 * refusal of plain http:// to anything but loopback (127.0.0.0/8, ::1, localhost).
 *
 * Retry rules: a request is retried (up to max_attempts) when the connection could not be
 * made (nothing was sent) or the server answered 429 (it refused the request), and — only if
 * the request is idempotent — on 5xx, timeouts and dropped connections.  POSTs that create
 * something (TikTok's init) set idempotent = 0, so a post is never created twice; such a request
 * always goes out on a fresh connection, closed afterwards, because libcurl silently re-sends a
 * request whose reused connection died before any answer.  A wait the server asks for (429,
 * Retry-After) is honoured up to a cap (max_wait_s); a longer one ends the retries.
 *
 * Debug logs show method, URL (as core/url.h shows it: no user info, query, fragment or token in
 * the path), status, attempt and time — never the Authorization header (the bearer's or the auth
 * hook's) or a body; the bearer is registered with ag_log_add_secret.  Only http/https are
 * spoken; every redirect hop is checked against the same URL policy before anything is sent to
 * it.  A wait of more than 2 s before a retry is announced at INFO level: why, how long, which
 * attempt comes next.
 *
 * Interruption (core/interrupt.h): once SIGINT/SIGTERM arrived, no new attempt is sent, a retry wait
 * ends, and an idempotent transfer in progress is aborted (from libcurl's progress callback); a
 * request that creates something is left to finish.  The result is code 128 + the signal number.
 */
#ifndef AG_HTTP_H
#define AG_HTTP_H

#include <stdint.h>
#include <time.h>

#include <jansson.h>

#include "core/buf.h"
#include "core/error.h"

/* One field of a multipart/form-data body (a list ends with name == NULL). */
struct ag_http_part {
    const char *name;  /* form field name; NULL terminates the list */
    const char *value; /* in-memory value (value_len bytes; value_len 0 = strlen) ... */
    size_t value_len;
    /*
     * ... or, when value is NULL and fd >= 0, streamed from [offset, offset + len) of this file,
     * never read whole.  (value wins, so a designated initializer's fd 0 never means stdin.)
     */
    int fd;
    uint64_t offset, len;
    const char *filename;     /* optional filename="..." */
    const char *content_type; /* optional Content-Type of the part */
};

/*
 * Per-attempt authorization (OAuth 1.0a signs every attempt with a fresh nonce and timestamp):
 * append exactly one header line ("Authorization: ...", no CR/LF) to header, which is empty.
 * Return 0, or a negative code with err set (the request is then not sent).  The line is never
 * logged and is wiped after the attempt.
 */
typedef int (*ag_http_auth_fn)(void *auth_ctx, const char *method, const char *url, struct ag_buf *header,
                               struct ag_error *err);

struct ag_http_request {
    const char *method;         /* "GET", "POST", "PUT", "HEAD"; NULL = GET */
    const char *url;            /* http(s) URL; plain http only for loopback hosts */
    const char *bearer;         /* secret: sent as "Authorization: Bearer …", never logged */
    const char *content_type;   /* Content-Type of the body, or NULL */
    const char *const *headers; /* extra "Name: value" lines, NULL-terminated, or NULL */

    /* Body: either in memory ... */
    const void *body;
    size_t body_len;
    /* ... or streamed from a file range (body_fd >= 0): [file_offset, file_offset + file_len). */
    int body_fd;
    uint64_t file_offset;
    uint64_t file_len;
    /*
     * ... or multipart/form-data (libcurl sets the Content-Type with its boundary, so content_type
     * stays NULL).  File parts are re-read from their offset on a retry.  Not with GET or HEAD.
     */
    const struct ag_http_part *parts;

    ag_http_auth_fn auth; /* called before every attempt, retries included; NULL = none */
    void *auth_ctx;

    /*
     * Response body: to memory (bounded by max_response, 0 = 1 MiB; a larger body is an error) or,
     * if download_fd >= 0, written to it from its current position (bounded by max_response if
     * non-zero).  Non-2xx answers always go to memory (1 MiB) so the caller can read the error.
     * Before a retry a seekable download_fd is rewound and truncated; a pipe is not retried once
     * bytes were written to it.
     */
    int download_fd;
    uint64_t max_response;

    /*
     * Timeouts.  For tests only, the environment variable AGORAS_HTTP_TIMEOUT_S=N (1-3600) caps
     * each of the three at N seconds (an unlimited whole-request timeout stays unlimited), so a
     * stalled server is given up on quickly; it is read in one place, http.c's set_options.
     */
    long connect_timeout_s; /* 0 = 10 */
    long timeout_s;         /* whole request; 0 = 60, < 0 = no limit (big transfers rely on low_speed_s) */
    long low_speed_s;       /* abort if under 1 byte/s for this long; 0 = 30 */
    int max_attempts;       /* 0 = 1 (no retry) */
    /*
     * Longest wait a server may ask for (429 or Retry-After) before a retry, in seconds; 0 = the
     * process default (ag_http_set_backoff).  A longer wait is not slept: the answer (say the 429)
     * is returned with res->retry_after_s set, for the caller to say "retry after N s" (exit 5).
     */
    long max_wait_s;
    int idempotent;    /* may be re-sent after the server might have seen it */
    int max_redirects; /* 0 = no redirects followed */
    /*
     * Media URLs: refuse to connect to a non-public address (private, loopback, link-local…: see
     * core/netaddr.h), checked on the resolved address of every connection, redirects included.
     * Loopback stays allowed when req->url itself names it (127.0.0.1, [::1], localhost).
     */
    int public_only;
    /*
     * Send Accept-Encoding for every decoder libcurl has (gzip, deflate…) and decode the answer:
     * max_response then bounds the decoded bytes, so a compression bomb is cut off (feeds).
     */
    int accept_encoding;
};

/* Defaults for every field: method "GET", no body, fds -1, one attempt. */
void ag_http_request_init(struct ag_http_request *req);

struct ag_http_response {
    long status;             /* final HTTP status, 0 if none was received */
    struct ag_buf body;      /* response body when not downloading to a file (wiped on free) */
    char *content_type;      /* header value or NULL (owned) */
    char *content_range;     /* header value or NULL (owned) */
    char *location;          /* header value or NULL (owned) */
    uint64_t content_length; /* header value, 0 if absent */
    long retry_after_s;      /* wait the server asked for (ag_http_wait_s), -1 if none */
    int attempts;            /* how many times the request was sent */
    struct ag_buf
        headers; /* every header of the final response, NUL-separated "Name: value" (ag_http_header) */
};

void ag_http_response_init(struct ag_http_response *res);
void ag_http_response_free(struct ag_http_response *res);

/* The value of header name (case-insensitive) in the final response, or NULL: ETag,
 * Last-Modified, a network's rate-limit headers.  Valid until res is freed. */
const char *ag_http_header(const struct ag_http_response *res, const char *name);

/*
 * Perform the request. Returns 0 whenever an HTTP response arrived (any status: the caller
 * interprets it), or a negative code: -(AG_EINTERRUPTED + signal) when interrupted, -AG_ETEMP for network
 * failures/timeouts after retries
 * (-AG_EUNKNOWN instead when a non-idempotent request was sent and no answer came back: the server
 * may have carried it out, e.g. created a post),
 * -AG_EUSAGE for a refused URL (plain http to a non-loopback host, bad scheme, or with public_only
 * a non-public address).
 * res must be initialised with ag_http_response_init; it is filled with the last attempt (headers of
 * the final response after redirects).  Error messages name the URL without its query string.
 */
int ag_http_perform(const struct ag_http_request *req, struct ag_http_response *res, struct ag_error *err);

/*
 * POST a JSON body (Content-Type: application/json; charset=UTF-8) and parse the JSON answer.
 * *out receives a new reference (caller json_decref) to the parsed body, or NULL if the body
 * was not JSON (then the caller looks at *status).  body may be NULL for an empty POST.
 * Up to 3 attempts (retried per the rules above); *status and *out are set only when 0 is returned.
 */
int ag_http_post_json(const char *url, const char *bearer, json_t *body, int idempotent, long *status,
                      json_t **out, struct ag_error *err);

/*
 * POST application/x-www-form-urlencoded. fields is a NULL-terminated list of name, value pairs
 * (values are URL-encoded here; NULL values are skipped).  The body holds secrets, so it is
 * never logged.  *out and *status as for ag_http_post_json.
 */
int ag_http_post_form(const char *url, const char *const *fields, int idempotent, long *status, json_t **out,
                      struct ag_error *err);

/*
 * Seconds a server asks to wait before the next try, -1 if it does not say.  In order: the
 * Retry-After header (seconds or HTTP-date, any status), and for a 429 only X's x-rate-limit-reset
 * (Unix time), then a JSON body's retry_after or parameters.retry_after (Telegram).  now: time(NULL).
 */
long ag_http_wait_s(long status, const char *retry_after, const char *rate_limit_reset, const char *body,
                    size_t body_len, time_t now);

/* 0 if url may be fetched: https, or http to a loopback host. Otherwise -AG_EUSAGE with a message. */
int ag_http_check_url(const char *url, struct ag_error *err);

/*
 * Base backoff in milliseconds (default 500): tests set it small. Delay = base * 2^n + jitter,
 * capped by 30 s; a wait the server asks for (ag_http_wait_s) replaces it if it is at most
 * max_retry_after_s (default 60; a request's max_wait_s overrides it), else nothing is retried. Process-wide;
 * not synchronised (set it at start-up).
 */
void ag_http_set_backoff(long base_ms, long max_retry_after_s);

#endif
