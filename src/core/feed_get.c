/*
 * ag_feed_get: a polite conditional GET of a feed (FEEDS_SHEETS §3.1, §9.4) over core/http.c.
 * Redirects are followed here, one hop at a time, so that a permanent one (301/308) can be told
 * from a temporary one and remembered; every hop passes http.c's URL policy.  The body is decoded
 * (gzip, deflate) by libcurl and capped on its decoded size.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "core/feed.h"
#include "core/http.h"
#include "core/log.h"
#include "core/url.h"

#define MAX_REDIRECTS     5
#define DEFAULT_TIMEOUT_S 30L

static const char accept_feeds[] =
    "Accept: application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
    "application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5";

static int is_redirect(long status)
{
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

/* location (absolute or relative) resolved against url; NULL if it cannot be. */
static char *resolve(const char *url, const char *location)
{
    CURLU *u = curl_url();
    char *abs = NULL, *out = NULL;
    if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
        curl_url_set(u, CURLUPART_URL, location, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_URL, &abs, 0) == CURLUE_OK)
        out = strdup(abs);
    curl_free(abs);
    curl_url_cleanup(u);
    return out;
}

/* "Name: value" into line, or "" when value is absent or would break the header (a CR or LF). */
static const char *header_line(char *line, size_t size, const char *name, const char *value)
{
    line[0] = '\0';
    if (value && *value && !strpbrk(value, "\r\n") &&
        (size_t)snprintf(line, size, "%s: %s", name, value) >= size)
        line[0] = '\0';
    return line;
}

static long seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec;
}

/* The answer of the last hop: 200 or 304, or an error naming the status. */
static int answer(struct ag_http_response *res, const char *shown, struct ag_feed_body *out,
                  struct ag_error *err)
{
    long s = res->status;
    if (s == 200) {
        const char *etag = ag_http_header(res, "ETag"), *modified = ag_http_header(res, "Last-Modified");
        out->etag = etag ? strdup(etag) : NULL;
        out->last_modified = modified ? strdup(modified) : NULL;
        ag_buf_free(&out->body);
        out->body = res->body;
        ag_buf_init(&res->body, 0);
    }
    if (s == 200 || s == 304) {
        out->status = s;
        return 0;
    }
    if (s == 410)
        return ag_error_set(err, AG_EFAIL,
                            "the feed at '%s' is gone (HTTP 410): its publisher removed it; stop polling it",
                            shown);
    if ((s == 429 || s == 503) && res->retry_after_s >= 0)
        return ag_error_set(err, AG_ETEMP, "the feed server at '%s' answered HTTP %ld and asks to wait %ld s",
                            shown, s, res->retry_after_s);
    if (s == 429 || s >= 500)
        return ag_error_set(err, AG_ETEMP, "the feed server at '%s' answered HTTP %ld; try again later",
                            shown, s);
    if (is_redirect(s))
        return ag_error_set(err, AG_EFAIL, "the feed at '%s' answered HTTP %ld without a usable Location",
                            shown, s);
    return ag_error_set(err, AG_EFAIL, "the feed at '%s' answered HTTP %ld, not 200: check the feed URL",
                        shown, s);
}

/* One hop; 0 with res filled (any status), or a negative code. */
static int hop(const struct ag_feed_fetch *req, const char *url, long timeout_s, struct ag_http_response *res,
               struct ag_error *err)
{
    char if_none_match[1024], if_modified_since[256];
    const char *headers[] = {
        accept_feeds, header_line(if_none_match, sizeof(if_none_match), "If-None-Match", req->etag),
        header_line(if_modified_since, sizeof(if_modified_since), "If-Modified-Since", req->last_modified),
        NULL};
    /* An unusable validator is left out (a full download is the only cost): drop the empty lines. */
    size_t n = 1;
    for (size_t i = 1; headers[i]; i++)
        if (*headers[i])
            headers[n++] = headers[i];
    headers[n] = NULL;
    struct ag_http_request r;
    ag_http_request_init(&r);
    r.url = url;
    r.headers = headers;
    r.max_response = req->max_bytes ? req->max_bytes : AG_FEED_MAX_BYTES;
    r.timeout_s = timeout_s;
    r.idempotent = 1;
    r.accept_encoding = 1;
    return ag_http_perform(&r, res, err);
}

int ag_feed_get(const struct ag_feed_fetch *req, struct ag_feed_body *out, struct ag_error *err)
{
    memset(out, 0, sizeof(*out));
    if (!req->url || !*req->url)
        return ag_error_set(err, AG_EUSAGE, "no feed URL: give one with --feed-url");
    char *url = strdup(req->url);
    if (!url)
        return ag_error_set(err, AG_EFAIL, "out of memory fetching the feed");
    ag_buf_init(&out->body, 0);
    long budget = req->timeout_s > 0 ? req->timeout_s : DEFAULT_TIMEOUT_S, start = seconds_now();
    int permanent = 1; /* every hop so far was permanent: the feed has moved */
    int rc;
    for (int n = 0;; n++) {
        char shown[AG_URL_SHOWN_MAX];
        ag_url_shown(url, shown, sizeof(shown));
        long left = budget - (seconds_now() - start);
        if (left <= 0) {
            rc = ag_error_set(err, AG_ETEMP, "fetching the feed at '%s' took more than %ld s", shown, budget);
            break;
        }
        struct ag_http_response res;
        ag_http_response_init(&res);
        rc = hop(req, url, left, &res, err);
        char *next = rc == 0 && is_redirect(res.status) && res.location ? resolve(url, res.location) : NULL;
        if (rc == 0 && !next)
            rc = answer(&res, shown, out, err);
        else if (next && n == MAX_REDIRECTS)
            rc = ag_error_set(err, AG_EFAIL, "the feed at '%s' redirects more than %d times", shown,
                              MAX_REDIRECTS);
        else if (next) {
            permanent = permanent && (res.status == 301 || res.status == 308);
            if (permanent) {
                free(out->moved_to);
                out->moved_to = strdup(next);
            }
            ag_debug("feed: '%s' redirects (HTTP %ld)%s", shown, res.status,
                     permanent ? ", permanently" : "");
        }
        ag_http_response_free(&res);
        free(url);
        url = next;
        if (!next || rc < 0)
            break;
    }
    free(url);
    if (rc < 0)
        ag_feed_body_free(out);
    return rc;
}

void ag_feed_body_free(struct ag_feed_body *body)
{
    if (!body)
        return;
    ag_buf_free(&body->body);
    free(body->etag);
    free(body->last_modified);
    free(body->moved_to);
    body->etag = body->last_modified = body->moved_to = NULL;
    body->status = 0;
}
