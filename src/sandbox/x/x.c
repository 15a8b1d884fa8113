/*
 * X as a network of the sandbox, under /x: the real paths of api.x.com (§1.3, §2), each with its
 * route key (x:tweets, x:media_append...) for counts and faults.  Every answer carries the
 * x-rate-limit-* headers (§3.3).  Error shapes (§3.1): v2 problem details on /2/, the legacy
 * {"errors":[{"code","message"}]} on /oauth/.
 *
 * Faults: the generic kinds (400-599, drop, stall) plus two of X's own, left for the handler:
 * x:tweets=commit_drop (the post is created, then the connection is closed without an answer) and
 * x:media_finalize=failed (that upload's processing ends failed).  An injected 429 has
 * x-rate-limit-remaining 0 and a reset --retry-after seconds away; a 402 says the credits are spent.
 */
#include "sandbox/x/x.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void x_begin(struct sbx_req *r);
static void x_data(struct sbx_req *r, const char *data, size_t len);
static void x_free(struct sbx_req *r);

#define STREAMED .stream_begin = x_begin, .stream_data = x_data, .stream_free = x_free

static const struct sbx_route routes[] = {
    {"POST", "/oauth/request_token", .key = "request_token", .fn = x_request_token, STREAMED},
    {"POST", "/oauth/access_token", .key = "access_token", .fn = x_access_token, STREAMED},
    {NULL, "/oauth/authorize", .key = "authorize", .fn = x_authorize, STREAMED},
    {"POST", "/2/tweets", .key = "tweets", .fn = x_tweets_create, STREAMED},
    {"DELETE", "/2/tweets/", .prefix = true, .key = "delete", .fn = x_tweets_delete, STREAMED},
    {"GET", "/2/users/me", .key = "users_me", .fn = x_users_me, STREAMED},
    {"POST", "/2/users/", .prefix = true, .fn = x_users_action, STREAMED}, /* likes, retweets */
    {"POST", "/2/media/upload/initialize", .key = "media_initialize", .fn = x_media_initialize, STREAMED},
    {"POST", "/2/media/upload/", .prefix = true, .fn = x_media_chunk, STREAMED}, /* append, finalize */
    {"GET", "/2/media/upload", .key = "media_status", .fn = x_media_status, STREAMED},
    {"POST", "/2/media/upload", .key = "media_upload", .fn = x_media_upload, STREAMED},
};

/* ---- answers ---- */

void x_reply_json(struct sbx_req *r, unsigned status, json_t *obj)
{
    x_rate_headers(r);
    sbx_reply_json(r, status, obj);
}

void x_problem(struct sbx_req *r, unsigned status, const char *title, const char *type, const char *detail,
               json_t *extra)
{
    json_t *obj = json_pack("{s:s, s:s, s:i, s:s}", "title", title, "type", type, "status", (int)status,
                            "detail", detail);
    if (extra)
        json_object_update(obj, extra);
    json_decref(extra);
    x_rate_headers(r);
    char *text = json_dumps(obj, JSON_COMPACT);
    json_decref(obj);
    sbx_reply(r, status, "application/problem+json", text ? text : "{}", text ? strlen(text) : 2);
    free(text);
}

void x_invalid(struct sbx_req *r, const char *parameter, const char *value, const char *message)
{
    char *v = strdup(value ? value : "");
    if (v)
        sbx_utf8_scrub(v); /* a path or field may hold bytes that are not UTF-8: JSON needs UTF-8 */
    json_t *errors = json_pack("[{s:{s:[s]}, s:s}]", "parameters", parameter, v ? v : "", "message", message);
    free(v);
    x_problem(r, 400, "Invalid Request", "https://api.twitter.com/2/problems/invalid-request",
              "One or more parameters to your request was invalid.", json_pack("{s:o}", "errors", errors));
}

void x_legacy(struct sbx_req *r, unsigned status, int code, const char *message)
{
    x_reply_json(r, status, json_pack("{s:[{s:i, s:s}]}", "errors", "code", code, "message", message));
}

void x_reply_form(struct sbx_req *r, const char *const *kv)
{
    struct ag_buf b;
    ag_buf_init(&b, 0);
    for (size_t i = 0; kv[i]; i += 2) {
        char *v = sbx_url_encode(kv[i + 1] ? kv[i + 1] : "");
        ag_buf_printf(&b, "%s%s=%s", i ? "&" : "", kv[i], v ? v : "");
        free(v);
    }
    x_rate_headers(r);
    sbx_reply(r, 200, "application/x-www-form-urlencoded", b.data, b.len);
    ag_buf_free(&b);
}

void x_reply_page(struct sbx_req *r, unsigned status, const char *title, const char *html_body)
{
    struct ag_buf b;
    ag_buf_init(&b, 0);
    ag_buf_puts(&b, "<!doctype html><html><head><meta charset=utf-8><title>");
    sbx_html_escape(&b, title);
    ag_buf_puts(&b, " - X sandbox</title></head><body>");
    ag_buf_puts(&b, html_body);
    ag_buf_puts(&b, "</body></html>");
    x_rate_headers(r);
    sbx_reply_html(r, status, b.data);
    ag_buf_free(&b);
}

static bool legacy_path(struct sbx_req *r)
{
    return strncmp(r->sub, "/oauth/", 7) == 0;
}

static const char *status_title(unsigned status)
{
    switch (status) {
    case 400:
        return "Invalid Request";
    case 401:
        return "Unauthorized";
    case 402:
        return "Payment Required";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found Error";
    case 405:
        return "Method Not Allowed";
    case 413:
        return "Payload Too Large";
    case 429:
        return "Too Many Requests";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return status >= 500 ? "Internal Server Error" : "Bad Request";
    }
}

/* No such endpoint, method not allowed, body too large: X's words for the status. */
static void reply_error(struct sbx_req *r, unsigned status, const char *code, const char *message)
{
    (void)code;
    if (legacy_path(r))
        x_legacy(r, status, status == 404 ? 34 : 32, message);
    else
        x_problem(r, status, status_title(status), "about:blank", message, NULL);
}

/*
 * --fault x:ROUTE=CODE[:DETAIL].  402: credits spent (the doc did not capture X's body: this one is
 * the sandbox's wording, with X's problem shape).  429: the window is spent until --retry-after.
 */
static void reply_fault(struct sbx_req *r, unsigned status, const char *detail)
{
    char reset[24];
    snprintf(reset, sizeof(reset), "%lld", sbx_now_ms() / 1000 + r->sbx->cfg.retry_after_s);
    if (status == 429) {
        sbx_add_header(r, "x-rate-limit-remaining", "0");
        sbx_add_header(r, "x-rate-limit-reset", reset);
    }
    if (legacy_path(r))
        x_legacy(r, status, status == 429 ? 88 : 131,
                 detail          ? detail
                 : status == 429 ? "Rate limit exceeded"
                                 : "Internal error");
    else if (status == 402)
        x_problem(r, 402, "Payment Required", "about:blank",
                  detail ? detail
                         : "Your enrolled account does not have any credits to fulfill this request.",
                  NULL);
    else
        x_problem(r, status, status_title(status), "about:blank", detail ? detail : status_title(status),
                  NULL);
}

static int fault_kind(const char *key, const char *code)
{
    if (strcmp(code, "commit_drop") == 0)
        return strcmp(key, "tweets") == 0;
    if (strcmp(code, "failed") == 0)
        return strcmp(key, "media_finalize") == 0;
    return -1;
}

/* Prefix routes: the key from the rest of the path. */
static void route_key(struct sbx_req *r, const char *sub, char *out, size_t size)
{
    (void)r;
    const char *slash, *rest;
    if (strncmp(sub, "/2/users/", 9) == 0 && (slash = strchr(sub + 9, '/'))) {
        rest = slash + 1;
        if (strcmp(rest, "likes") == 0 || strcmp(rest, "retweets") == 0)
            snprintf(out, size, "%s", rest);
    } else if (strncmp(sub, "/2/media/upload/", 16) == 0 && (slash = strchr(sub + 16, '/'))) {
        rest = slash + 1;
        if (strcmp(rest, "append") == 0 || strcmp(rest, "finalize") == 0)
            snprintf(out, size, "media_%s", rest);
    }
}

struct x_call *x_call_ready(struct sbx_req *r, enum x_token_kind kind)
{
    struct x_call *c = r->stream;
    if (!c || !x_body_end(c) || !x_verify(c, kind))
        return NULL;
    if (kind == X_NO_AUTH)
        return c;
    if (!x_rate_take(r, kind == X_ACCESS_TOKEN ? c->user_id : c->consumer_key, c->consumer_key)) {
        if (legacy_path(r))
            x_legacy(r, 429, 88, "Rate limit exceeded");
        else
            x_problem(r, 429, "Too Many Requests", "about:blank", "Too Many Requests", NULL);
        return NULL;
    }
    if (kind == X_ACCESS_TOKEN && !c->enrolled) { /* §1.1, §3.2 */
        static const char detail[] = "When authenticating requests to the Twitter API v2 endpoints, you must "
                                     "use keys and tokens from a "
                                     "Twitter developer App that is attached to a Project. You can create a "
                                     "project via the developer portal.";
        x_problem(r, 403, "Client Forbidden", "https://api.twitter.com/2/problems/client-forbidden", detail,
                  json_pack("{s:s, s:s, s:s, s:s}", "reason", "client-not-enrolled", "client_id",
                            c->consumer_key, "required_enrollment", "Appropriate Level of API Access",
                            "registration_url", "https://developer.twitter.com/en/docs/projects/overview"));
        return NULL;
    }
    return c;
}

bool x_require_write(struct x_call *c)
{
    if (!c->read_only)
        return true;
    x_problem(
        c->r, 403, "Forbidden", "https://api.twitter.com/2/problems/oauth1-permissions",
        "Your client app is not configured with the appropriate oauth1 app permissions for this endpoint.",
        NULL);
    return false;
}

/* ---- the request as a stream: body first, then the handler ---- */

static void x_begin(struct sbx_req *r)
{
    if (!*r->key) { /* a prefix route with an unknown rest */
        reply_error(r, 404, "not_found", "Sorry, that page does not exist");
        return;
    }
    struct x_call *c = calloc(1, sizeof(*c));
    if (!c) {
        reply_error(r, 500, "internal_error", "out of memory");
        return;
    }
    r->stream = c;
    c->r = r;
    c->key = r->key + strlen("x:");
    x_body_begin(c);
}

static void x_data(struct sbx_req *r, const char *data, size_t len)
{
    if (r->stream)
        x_body_data(r->stream, data, len);
}

static void x_free(struct sbx_req *r)
{
    struct x_call *c = r->stream;
    if (c) {
        x_body_free(c);
        json_decref(c->params);
    }
    free(c);
    r->stream = NULL;
}

const struct sbx_network sbx_x = {
    .name = "x",
    .display = "X",
    .prefix = "/x",
    .routes = routes,
    .n_routes = sizeof(routes) / sizeof(routes[0]),
    .route_key = route_key,
    .reply_error = reply_error,
    .reply_fault = reply_fault,
    .fault_kind = fault_kind,
    .state_check = x_state_check,
    .state_init = x_state_init,
    .page_section = x_page_section,
    .print_exports = x_print_exports,
    .endpoints_help =
        "  POST /oauth/request_token          oauth_callback: http://127.0.0.1:PORT/callback or oob\n"
        "  GET  /oauth/authorize              ?oauth_token=: consent (or --auto-approve), PIN page for oob\n"
        "  POST /oauth/access_token           oauth_verifier: user_id and screen_name\n"
        "  POST /2/tweets                     JSON text (280 weighted) and media.media_ids (1-4): 201\n"
        "  DELETE /2/tweets/ID                the caller's own posts\n"
        "  GET  /2/users/me                   the caller\n"
        "  POST /2/users/ID/likes             JSON tweet_id (403 when likes_forbidden)\n"
        "  POST /2/users/ID/retweets          JSON tweet_id\n"
        "  POST /2/media/upload/initialize    JSON media_type, total_bytes, media_category\n"
        "  POST /2/media/upload/ID/append     multipart media and segment_index (0-999)\n"
        "  POST /2/media/upload/ID/finalize   bytes must add up to total_bytes; video and GIF process\n"
        "  GET  /2/media/upload?command=STATUS&media_id=ID   pending, in_progress, succeeded or failed\n"
        "  POST /2/media/upload               one-shot multipart media and media_category\n"
        "Every call is signed (OAuth 1.0a HMAC-SHA1, the base-string URL being http://HOST:PORT/x/...);\n"
        "timestamps within 300 s, nonces single-use.  Faults x:ROUTE (request_token, access_token,\n"
        "tweets, delete, users_me, likes, retweets, media_initialize, media_append, media_finalize,\n"
        "media_status, media_upload), also x:tweets=commit_drop and x:media_finalize=failed.\n",
};
