/*
 * Discord as a network of the sandbox (§3.1, §3.7): /discord/api/v10/<resource> (v9 too: both are
 * "Available"), every error {"code":N,"message":"..."} (+ "errors" for 50035).
 *
 * Checks in the order a request meets them at Discord: the API version (another one is 400), the
 * User-Agent `DiscordBot (<url>, <version>)` (else Cloudflare's 403 with code 40333), then
 * `Authorization: Bot <token>` (else 401 code 0), the route (404/405 code 0), snowflake ids in the
 * path (50035), the route's rate-limit bucket (429), then the route itself.
 *
 * Route keys (counts and faults): discord:users_me, discord:guilds, discord:channels,
 * discord:messages (create), discord:delete.  Faults: a status answers in Discord's shape
 * (429: rate limited, retry_after from --retry-after; "429:global" sets the global flag, "429:shared"
 * the shared scope; "403:50013" sends that JSON code), "drop", "stall", and for discord:messages
 * "commit_drop": the message is created, then the connection is closed without an answer.
 */
#include "sandbox/discord/discord.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/num.h"

static void dc_begin(struct sbx_req *r);
static void dc_end(struct sbx_req *r);
static void dc_free(struct sbx_req *r);

static const struct sbx_route routes[] = {
    {"GET", "/api/", .prefix = true, .fn = dc_end, .stream_begin = dc_begin, .stream_free = dc_free},
    {"DELETE", "/api/", .prefix = true, .fn = dc_end, .stream_begin = dc_begin, .stream_free = dc_free},
    {"POST", "/api/", .prefix = true, .fn = dc_end, .stream_begin = dc_begin, .stream_data = dc_body_data,
     .stream_free = dc_free},
    {"GET", "/_sandbox/discord/attachments/", .prefix = true, .own = true, .fn = dc_page_attachment},
};

static const char *const kind_keys[] = {
    [DC_USERS_ME] = "users_me", [DC_GUILDS] = "guilds", [DC_CHANNELS] = "channels",
    [DC_CREATE] = "messages",   [DC_DELETE] = "delete",
};

const char *dc_kind_key(enum dc_kind kind)
{
    return kind_keys[kind];
}

void dc_reply_error(struct sbx_req *r, unsigned status, int code, const char *message)
{
    sbx_reply_json(r, status, json_pack("{s:i, s:s}", "code", code, "message", message));
}

void dc_reply_invalid(struct sbx_req *r, json_t *errors)
{
    sbx_reply_json(
        r, 400,
        json_pack("{s:i, s:s, s:o}", "code", 50035, "message", "Invalid Form Body", "errors", errors));
}

void dc_error_at(json_t *errors, const char *path, const char *code, const char *message)
{
    json_t *at = errors;
    char part[64];
    for (const char *p = path; *p;) {
        size_t n = strcspn(p, ".");
        snprintf(part, sizeof(part), "%.*s", (int)(n < sizeof(part) ? n : sizeof(part) - 1), p);
        json_t *next = json_object_get(at, part);
        if (!json_is_object(next))
            json_object_set_new(at, part, next = json_object());
        at = next;
        p += n + (p[n] == '.');
    }
    json_array_append_new(sbx_array(at, "_errors"),
                          json_pack("{s:s, s:s}", "code", code, "message", message));
}

/* "<status>: <reason>", the message of Discord's code-0 answers. */
static void reply_status(struct sbx_req *r, unsigned status)
{
    const char *reason = status == 400   ? "Bad Request"
                         : status == 401 ? "Unauthorized"
                         : status == 403 ? "Forbidden"
                         : status == 404 ? "Not Found"
                         : status == 405 ? "Method Not Allowed"
                         : status == 413 ? "Request Entity Too Large"
                         : status == 502 ? "Bad Gateway"
                         : status == 503 ? "Service Unavailable"
                         : status >= 500 ? "Internal Server Error"
                                         : "Error";
    char msg[64];
    snprintf(msg, sizeof(msg), "%u: %s", status, reason);
    dc_reply_error(r, status, 0, msg);
}

/*
 * The path after /api/v10 or /api/v9 ("/users/@me"); NULL with *version_ok false for any other
 * version, or none (which Discord routes to the deprecated v6: refused here, as nothing is v6).
 */
static const char *api_path(const char *sub, bool *version_ok)
{
    *version_ok = true;
    if (strncmp(sub, "/api/v10/", 9) == 0)
        return sub + 8;
    if (strncmp(sub, "/api/v9/", 8) == 0)
        return sub + 7;
    *version_ok = false;
    return NULL;
}

/* One path segment "/SEG" into out (a bounded copy; "-" when too long to be an id). */
static const char *segment(const char *p, char *out, size_t size)
{
    if (*p != '/')
        return NULL;
    p++;
    size_t n = strcspn(p, "/");
    if (n == 0)
        return NULL;
    snprintf(out, size, "%.*s", n < size ? (int)n : 1, n < size ? p : "-");
    return p + n;
}

/* The route of a path under the version and its ids; *known: the path exists for some method. */
static enum dc_kind parse_route(const char *path, const char *method, char id[24], char sub_id[24],
                                bool *known)
{
    char seg[24];
    enum dc_kind kind = DC_NONE;
    const char *p;
    *known = true;
    if (strcmp(path, "/users/@me") == 0)
        kind = DC_USERS_ME;
    else if (strcmp(path, "/users/@me/guilds") == 0)
        kind = DC_GUILDS;
    else if ((p = segment(path, seg, sizeof(seg))) && strcmp(seg, "guilds") == 0 &&
             (p = segment(p, id, 24)) && strcmp(p, "/channels") == 0)
        kind = DC_CHANNELS;
    else if ((p = segment(path, seg, sizeof(seg))) && strcmp(seg, "channels") == 0 &&
             (p = segment(p, id, 24)) && strncmp(p, "/messages", 9) == 0) {
        if (p[9] == '\0')
            return strcmp(method, "POST") == 0 ? DC_CREATE : DC_NONE;
        if (segment(p + 9, sub_id, 24) && !strchr(p + 10, '/'))
            return strcmp(method, "DELETE") == 0 ? DC_DELETE : DC_NONE;
        *known = false;
        return DC_NONE;
    } else {
        *known = false;
        return DC_NONE;
    }
    return strcmp(method, "GET") == 0 ? kind : DC_NONE;
}

static enum dc_kind route_of(struct sbx_req *r, char id[24], char sub_id[24], bool *version_ok, bool *known)
{
    const char *path = api_path(r->sub, version_ok);
    *known = false;
    return path ? parse_route(path, r->method, id, sub_id, known) : DC_NONE;
}

static void route_key(struct sbx_req *r, const char *sub, char *out, size_t size)
{
    char id[24], sub_id[24];
    bool version_ok, known;
    (void)sub;
    enum dc_kind kind = route_of(r, id, sub_id, &version_ok, &known);
    if (kind != DC_NONE)
        snprintf(out, size, "%s", kind_keys[kind]);
}

/*
 * `DiscordBot (<url>, <version>)`, both parts non-empty (§3.1); Discord's reference lets clients
 * append more after it.
 */
static bool user_agent_ok(const char *ua)
{
    if (!ua || strncmp(ua, "DiscordBot (", 12) != 0)
        return false;
    const char *url = ua + 12, *comma = strstr(url, ", ");
    if (!comma || comma == url || memchr(url, ')', (size_t)(comma - url)))
        return false;
    const char *version = comma + 2, *close = strchr(version, ')');
    return close && close > version && version[0] != ' ';
}

static bool authorized(struct sbx_req *r)
{
    const char *auth = sbx_header(r, MHD_HTTP_HEADER_AUTHORIZATION);
    if (!auth || strncmp(auth, "Bot ", 4) != 0)
        return false;
    pthread_mutex_lock(&r->sbx->lock);
    const char *token = sbx_str(dc_bot(r->sbx), "token");
    bool ok = token && strcmp(auth + 4, token) == 0;
    pthread_mutex_unlock(&r->sbx->lock);
    return ok;
}

static bool ids_valid(struct dc_call *c)
{
    json_t *errors = json_object();
    char msg[96];
    const char *name = c->kind == DC_CHANNELS ? "guild_id" : "channel_id";
    if (c->kind != DC_USERS_ME && c->kind != DC_GUILDS && !dc_is_snowflake(c->id)) {
        snprintf(msg, sizeof(msg), "Value \"%s\" is not snowflake.", c->id);
        sbx_utf8_scrub(msg);
        dc_error_at(errors, name, "NUMBER_TYPE_COERCE", msg);
    }
    if (c->kind == DC_DELETE && !dc_is_snowflake(c->sub_id)) {
        snprintf(msg, sizeof(msg), "Value \"%s\" is not snowflake.", c->sub_id);
        sbx_utf8_scrub(msg);
        dc_error_at(errors, "message_id", "NUMBER_TYPE_COERCE", msg);
    }
    if (json_object_size(errors) == 0) {
        json_decref(errors);
        return true;
    }
    dc_reply_invalid(c->r, errors);
    return false;
}

static void dc_begin(struct sbx_req *r)
{
    struct dc_call *c = calloc(1, sizeof(*c));
    bool version_ok, known;
    if (!c) {
        reply_status(r, 500);
        return;
    }
    r->stream = c;
    c->r = r;
    c->kind = route_of(r, c->id, c->sub_id, &version_ok, &known);
    if (!version_ok)
        reply_status(r, 400); /* a discontinued or unknown version */
    else if (!user_agent_ok(sbx_header(r, MHD_HTTP_HEADER_USER_AGENT)))
        dc_reply_error(r, 403, 40333,
                       "internal network error: Cloudflare is blocking your request "
                       "(a User-Agent 'DiscordBot (URL, VERSION)' is required)");
    else if (!authorized(r))
        dc_reply_error(r, 401, 0, "401: Unauthorized");
    else if (c->kind == DC_NONE)
        reply_status(r, known ? 405 : 404);
    else if (ids_valid(c) && dc_bucket_take(c) && c->kind == DC_CREATE)
        dc_body_begin(c);
    if (r->answered)
        dc_bucket_headers(r, c);
}

static void dc_end(struct sbx_req *r)
{
    struct dc_call *c = r->stream;
    if (!c)
        return;
    switch (c->kind) {
    case DC_USERS_ME:
        dc_users_me(c);
        break;
    case DC_GUILDS:
        dc_guilds(c);
        break;
    case DC_CHANNELS:
        dc_channels(c);
        break;
    case DC_CREATE:
        dc_create(c);
        break;
    case DC_DELETE:
        dc_delete(c);
        break;
    case DC_NONE:
        break;
    }
    dc_bucket_headers(r, c);
}

static void dc_free(struct sbx_req *r)
{
    struct dc_call *c = r->stream;
    if (!c)
        return;
    dc_body_free(c);
    free(c);
    r->stream = NULL;
}

/* No such endpoint, method not allowed, a body too large for memory: code 0 with the status. */
static void reply_error(struct sbx_req *r, unsigned status, const char *code, const char *message)
{
    (void)code;
    (void)message;
    reply_status(r, status);
}

/* --fault discord:KEY=STATUS[:CODE]: 429 rate limits (CODE global or shared), else CODE is Discord's JSON
 * code. */
static void reply_fault(struct sbx_req *r, unsigned status, const char *code)
{
    int64_t json_code;
    if (status == 429) {
        struct dc_call c = {.r = r};
        bool version_ok, known;
        c.kind = route_of(r, c.id, c.sub_id, &version_ok, &known);
        bool global = code && strcmp(code, "global") == 0;
        const char *scope = global ? "global" : code && strcmp(code, "shared") == 0 ? "shared" : "user";
        if (!global) { /* the route's own bucket, emptied */
            dc_bucket_empty(&c, r->sbx->cfg.retry_after_s * 1000);
            dc_bucket_headers(r, &c);
        }
        dc_reply_rate_limited(r, r->sbx->cfg.retry_after_s * 1000, global, scope);
    } else if (code && ag_parse_i64(code, 0, 999999, &json_code) == 0)
        dc_reply_error(r, status, (int)json_code, "injected fault");
    else
        reply_status(r, status);
}

static int fault_kind(const char *key, const char *code)
{
    if (strcmp(code, "commit_drop") != 0)
        return -1;
    return strcmp(key, "messages") == 0 ? 1 : 0;
}

const struct sbx_network sbx_discord = {
    .name = "discord",
    .display = "Discord",
    .prefix = "/discord",
    .routes = routes,
    .n_routes = sizeof(routes) / sizeof(routes[0]),
    .route_key = route_key,
    .reply_error = reply_error,
    .reply_fault = reply_fault,
    .fault_kind = fault_kind,
    .state_check = dc_state_check,
    .state_init = dc_state_init,
    .page_section = dc_page_section,
    .print_exports = dc_print_exports,
    .endpoints_help =
        "  GET    /api/v10/users/@me                        the bot (validates a token)\n"
        "  GET    /api/v10/users/@me/guilds                 the bot's guilds: limit 1-200, after, before\n"
        "  GET    /api/v10/guilds/{id}/channels             a guild's channels, threads excluded\n"
        "  POST   /api/v10/channels/{id}/messages           create: JSON, form, or multipart payload_json +\n"
        "                                                   files[n] (10 MiB each, 25 MiB a request)\n"
        "  DELETE /api/v10/channels/{id}/messages/{id}      delete the bot's own message: 204\n"
        "Every request needs 'Authorization: Bot TOKEN' and a User-Agent 'DiscordBot (URL, VERSION)';\n"
        "answers carry X-RateLimit-* headers, errors are {\"code\":N,\"message\":\"...\"}. Fault kind\n"
        "commit_drop (discord:messages only): the message is created, the connection closed unanswered.\n",
};
