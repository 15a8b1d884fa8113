/*
 * Threads as a network of the sandbox (X_THREADS_API.md §5-§7): /threads/oauth/authorize (the
 * consent page), the token endpoints /threads/oauth/access_token (POST form),
 * /threads/access_token and /threads/refresh_access_token (GET), and the Graph API under
 * /threads/v1.0.  Graph calls carry access_token in the query, the form body or an
 * `Authorization: Bearer` header; `me` stands for the token's user.
 *
 * Error shapes (§7.1): the Graph object {"error":{"message","type","code","error_subcode",
 * "is_transient","fbtrace_id"}}; the token endpoints' {"error_type","code","error_message"}; the
 * authorization window's {"error_message","error_code"}.
 *
 * Route keys (counts and faults): threads:authorize, threads:oauth_access_token, threads:exchange,
 * threads:refresh, threads:create, threads:status, threads:publish, threads:repost,
 * threads:delete, threads:limit, threads:me.  Faults: a status answers in the route's shape (429:
 * code 4, throttled; 5xx: code 2, transient; "400:190/463" sends that code and subcode), "drop",
 * "stall"; for threads:publish and threads:repost "commit_drop" (done, then the connection is
 * dropped), and for threads:publish "not_ready" (24/4279009 once, even for a FINISHED container).
 */
#include "sandbox/threads/threads.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void graph(struct sbx_req *r);

static const struct sbx_route routes[] = {
    {NULL, "/oauth/authorize", .key = "authorize", .fn = th_authorize},
    {"POST", "/oauth/access_token", .key = "oauth_access_token", .fn = th_code_exchange},
    {"GET", "/access_token", .key = "exchange", .fn = th_exchange},
    {"GET", "/refresh_access_token", .key = "refresh", .fn = th_refresh},
    {"GET", "/v1.0/", .prefix = true, .fn = graph},
    {"POST", "/v1.0/", .prefix = true, .fn = graph},
    {"DELETE", "/v1.0/", .prefix = true, .fn = graph},
};

void th_graph_error(struct sbx_req *r, unsigned status, int code, int subcode, const char *type,
                    bool transient, const char *fmt, ...)
{
    char message[512], trace[24] = "A";
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof(message), fmt, ap);
    va_end(ap);
    sbx_utf8_scrub(message);
    sbx_random_hex(trace + 1, 10);
    json_t *err =
        json_pack("{s:s, s:s, s:i, s:b, s:s}", "message", message, "type", type ? type : "OAuthException",
                  "code", code, "is_transient", transient, "fbtrace_id", trace);
    if (subcode)
        json_object_set_new(err, "error_subcode", json_integer(subcode));
    sbx_reply_json(r, status, json_pack("{s:o}", "error", err));
}

void th_token_error(struct sbx_req *r, unsigned status, int code, int subcode, const char *message)
{
    json_t *err =
        json_pack("{s:s, s:i, s:s}", "error_type", "OAuthException", "code", code, "error_message", message);
    if (subcode)
        json_object_set_new(err, "error_subcode", json_integer(subcode));
    sbx_reply_json(r, status, err);
}

void th_authorize_error(struct sbx_req *r, unsigned status, int code, const char *message)
{
    sbx_reply_json(r, status, json_pack("{s:s, s:i}", "error_message", message, "error_code", code));
}

const char *th_param(struct sbx_req *r, json_t *form, const char *name)
{
    const char *v = sbx_str(form, name);
    return v ? v : sbx_query(r, name);
}

/* "/v1.0/ID/EDGE" into id and the edge ("" or "/threads"); false when there is no id. */
static bool split_path(const char *sub, char *id, size_t size, const char **edge)
{
    const char *p = sub + strlen("/v1.0/");
    size_t n = strcspn(p, "/");
    if (n == 0 || n >= size)
        return false;
    memcpy(id, p, n);
    id[n] = '\0';
    *edge = p + n;
    return true;
}

static bool is_user(struct sbx *s, const char *id)
{
    if (strcmp(id, "me") == 0)
        return true;
    pthread_mutex_lock(&s->lock);
    bool found = sbx_find(th_list(s, "users"), "id", id) != NULL;
    pthread_mutex_unlock(&s->lock);
    return found;
}

/* The route key of a Graph call: what the method and the edge name. */
static const char *graph_key(struct sbx_req *r)
{
    char id[64];
    const char *edge;
    bool get = strcmp(r->method, "GET") == 0, post = strcmp(r->method, "POST") == 0;
    if (strncmp(r->sub, "/v1.0/", 6) != 0 || !split_path(r->sub, id, sizeof(id), &edge))
        return NULL;
    if (post && strcmp(edge, "/threads") == 0)
        return "create";
    if (post && strcmp(edge, "/threads_publish") == 0)
        return "publish";
    if (get && strcmp(edge, "/threads_publishing_limit") == 0)
        return "limit";
    if (post && strcmp(edge, "/repost") == 0)
        return "repost";
    if (strcmp(r->method, "DELETE") == 0 && !*edge)
        return "delete";
    if (get && !*edge)
        return is_user(r->sbx, id) ? "me" : "status";
    return NULL;
}

static void route_key(struct sbx_req *r, const char *sub, char *out, size_t size)
{
    (void)sub;
    const char *key = graph_key(r);
    if (key)
        snprintf(out, size, "%s", key);
}

/* access_token from the query, the form body or an Authorization: Bearer header. */
static const char *token_of(struct sbx_req *r, json_t *form)
{
    const char *t = th_param(r, form, "access_token"), *auth = sbx_header(r, MHD_HTTP_HEADER_AUTHORIZATION);
    if (t)
        return t;
    return auth && strncmp(auth, "Bearer ", 7) == 0 ? auth + 7 : NULL;
}

/* The token's user into c->user_id, or false after answering 190. */
static bool authenticate(struct th_call *c)
{
    const char *token = token_of(c->r, c->form);
    bool expired = false;
    if (!token || !*token) {
        th_graph_error(c->r, 400, 2500, 0, NULL, false,
                       "An active access token must be used to query information about the current user.");
        return false;
    }
    pthread_mutex_lock(&c->r->sbx->lock);
    json_t *t = th_token_find(c->r->sbx, token, &expired);
    if (t && !expired)
        snprintf(c->user_id, sizeof(c->user_id), "%s", sbx_str(t, "user_id"));
    pthread_mutex_unlock(&c->r->sbx->lock);
    if (!t)
        th_graph_error(c->r, 400, 190, 0, NULL, false,
                       "Invalid OAuth access token - Cannot parse access token");
    else if (expired)
        th_graph_error(c->r, 400, 190, 463, NULL, false,
                       "Error validating access token: Session has expired. Refresh the long-lived token "
                       "before it expires, or authorize again.");
    return t && !expired;
}

static void graph(struct sbx_req *r)
{
    struct th_call c = {.r = r};
    const char *key = *r->key ? strchr(r->key, ':') + 1 : NULL;
    if (sbx_media_type_is(r, "application/x-www-form-urlencoded") && r->body.len > 0 &&
        !(c.form = sbx_form_parse(r->body.data))) {
        th_graph_error(r, 400, 100, 0, NULL, false, "Invalid parameter: the form body is malformed");
        return;
    }
    if (!key || !split_path(r->sub, c.id, sizeof(c.id), &c.edge))
        th_graph_error(r, 400, 100, 0, NULL, false,
                       "Unsupported %s request: no such endpoint %s (see the Threads API reference)",
                       r->method, r->sub);
    else if (authenticate(&c)) {
        if (strcmp(c.id, "me") == 0)
            snprintf(c.id, sizeof(c.id), "%s", c.user_id);
        bool user_edge = strcmp(key, "create") == 0 || strcmp(key, "publish") == 0 ||
                         strcmp(key, "limit") == 0 || strcmp(key, "me") == 0;
        if (user_edge && strcmp(c.id, c.user_id) != 0)
            th_graph_error(r, 400, 100, 33, NULL, false,
                           "Unsupported request. Object with ID '%s' does not exist, cannot be loaded due to "
                           "missing permissions, or does not support this operation",
                           c.id);
        else if (strcmp(key, "create") == 0)
            th_create(&c);
        else if (strcmp(key, "publish") == 0)
            th_publish(&c);
        else if (strcmp(key, "limit") == 0)
            th_limit(&c);
        else if (strcmp(key, "me") == 0)
            th_me(&c);
        else if (strcmp(key, "repost") == 0)
            th_repost(&c);
        else if (strcmp(key, "delete") == 0)
            th_delete(&c);
        else
            th_status(&c);
    }
    json_decref(c.form);
}

static bool token_route(const char *sub)
{
    return strcmp(sub, "/oauth/access_token") == 0 || strcmp(sub, "/access_token") == 0 ||
           strcmp(sub, "/refresh_access_token") == 0;
}

/* No such endpoint, a method not allowed, a body too large: in the shape of the path addressed. */
static void reply_error(struct sbx_req *r, unsigned status, const char *code, const char *message)
{
    (void)code;
    if (strcmp(r->sub, "/oauth/authorize") == 0)
        th_authorize_error(r, status, 1, message);
    else if (token_route(r->sub))
        th_token_error(r, status, status >= 500 ? 2 : 100, 0, message);
    else
        th_graph_error(r, status, status >= 500 ? 2 : 100, 0, NULL, status >= 500, "%s", message);
}

/* --fault threads:KEY=STATUS[:CODE[/SUBCODE]]. */
static void reply_fault(struct sbx_req *r, unsigned status, const char *code)
{
    int c = status == 429 ? 4 : status >= 500 ? 2 : 100, sub = 0;
    bool transient = status == 429 || status >= 500;
    if (code) {
        char *end;
        c = (int)strtol(code, &end, 10);
        sub = *end == '/' ? (int)strtol(end + 1, NULL, 10) : 0;
    }
    const char *message = status == 429 ? "Application request limit reached"
                          : status >= 500
                              ? "An unexpected error has occurred. Please retry your request later."
                              : "injected fault";
    if (strcmp(r->key, "threads:authorize") == 0)
        th_authorize_error(r, status, c, message);
    else if (token_route(r->sub))
        th_token_error(r, status, c, sub, message);
    else
        th_graph_error(r, status, c, sub, NULL, transient, "%s", message);
}

static int fault_kind(const char *key, const char *code)
{
    if (strcmp(code, "commit_drop") == 0)
        return strcmp(key, "publish") == 0 || strcmp(key, "repost") == 0;
    if (strcmp(code, "not_ready") == 0)
        return strcmp(key, "publish") == 0;
    return -1;
}

const struct sbx_network sbx_threads = {
    .name = "threads",
    .display = "Threads",
    .prefix = "/threads",
    .routes = routes,
    .n_routes = sizeof(routes) / sizeof(routes[0]),
    .route_key = route_key,
    .reply_error = reply_error,
    .reply_fault = reply_fault,
    .fault_kind = fault_kind,
    .state_check = th_state_check,
    .state_init = th_state_init,
    .state_public = th_state_public,
    .page_section = th_page_section,
    .print_exports = th_print_exports,
    .endpoints_help =
        "  GET    /oauth/authorize                  consent: client_id, redirect_uri (exact), scope,\n"
        "                                           response_type=code, state; 302 to ?code=C&state=S#_\n"
        "  POST   /oauth/access_token               code -> short-lived token (form: client_id,\n"
        "                                           client_secret, grant_type, redirect_uri, code)\n"
        "  GET    /access_token                     th_exchange_token: short -> long-lived (60 days)\n"
        "  GET    /refresh_access_token             th_refresh_token: a long-lived token >= 24 h old\n"
        "  POST   /v1.0/{user|me}/threads           a container: TEXT, IMAGE, VIDEO, CAROUSEL\n"
        "  GET    /v1.0/{container}?fields=status   IN_PROGRESS -> FINISHED | ERROR, EXPIRED, PUBLISHED\n"
        "  POST   /v1.0/{user|me}/threads_publish   creation_id of a FINISHED container -> media id\n"
        "  POST   /v1.0/{media}/repost              a repost of a post\n"
        "  DELETE /v1.0/{media}                     delete an own post\n"
        "  GET    /v1.0/{user|me}/threads_publishing_limit   quota usage and config\n"
        "  GET    /v1.0/me                          the token's user: id, username\n"
        "access_token in the query, the form body or 'Authorization: Bearer'. Fault kinds commit_drop\n"
        "(threads:publish, threads:repost: done, the connection dropped) and not_ready (threads:publish:\n"
        "24/4279009 once).\n",
};
