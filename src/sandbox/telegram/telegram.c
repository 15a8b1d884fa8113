/*
 * Telegram as a network of the sandbox (§4.1): POST or GET /telegram/bot<token>/<method>, the
 * method name case-insensitive, every answer {"ok":true,"result":...} or
 * {"ok":false,"error_code":N,"description":"...","parameters"?:{...}}.
 *
 * A path that is not /bot<token>/<method> with a token of the documented shape (digits, ':',
 * then letters, digits, '_' or '-') answers 404 "Not Found"; a well-formed token the world does
 * not know 401 "Unauthorized"; a method the sandbox does not emulate 404 "Not Found" (§6.2).
 * Faults are keyed by the method's documented name (telegram:sendMessage); an injected 429 is
 * flood control with parameters.retry_after (--retry-after).
 */
#include "sandbox/telegram/telegram.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static void tg_begin(struct sbx_req *r);
static void tg_end(struct sbx_req *r);

static const struct sbx_route routes[] = {
    {NULL, "/bot", .prefix = true, .fn = tg_end, .stream_begin = tg_begin, .stream_data = tg_stream_data,
     .stream_free = tg_stream_free},
    {"GET", "/_sandbox/telegram/media/", .prefix = true, .own = true, .fn = tg_page_media},
};

void tg_reply_ok(struct sbx_req *r, json_t *result)
{
    sbx_reply_json(r, 200, json_pack("{s:b, s:o}", "ok", 1, "result", result ? result : json_null()));
}

static void reply_described(struct sbx_req *r, unsigned status, const char *description, json_t *parameters)
{
    json_t *obj =
        json_pack("{s:b, s:i, s:s}", "ok", 0, "error_code", (int)status, "description", description);
    if (parameters)
        json_object_set_new(obj, "parameters", parameters);
    sbx_reply_json(r, status, obj);
}

void tg_reply_error(struct sbx_req *r, unsigned status, const char *fmt, ...)
{
    char text[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    sbx_utf8_scrub(text);
    reply_described(r, status, text, NULL);
}

void tg_reply_flood(struct sbx_req *r, long long retry_after_s)
{
    char text[80];
    snprintf(text, sizeof(text), "Too Many Requests: retry after %lld", retry_after_s);
    reply_described(r, 429, text, json_pack("{s:I}", "retry_after", (json_int_t)retry_after_s));
}

/* The description that goes with a status, as Telegram words them. */
static const char *status_text(unsigned status)
{
    switch (status) {
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 409:
        return "Conflict";
    case 413:
        return "Request Entity Too Large";
    case 429:
        return "Too Many Requests";
    case 502:
        return "Bad Gateway";
    default:
        return status >= 500 ? "Internal Server Error" : "Bad Request";
    }
}

/* Unknown endpoints, methods not allowed and oversized bodies: the envelope with Telegram's words. */
static void reply_error(struct sbx_req *r, unsigned status, const char *code, const char *message)
{
    (void)code;
    (void)message; /* the generic message could name the path, which holds the token */
    tg_reply_error(r, status, "%s", status_text(status));
}

/* --fault telegram:METHOD=CODE[:DESCRIPTION]: the description replaces the status's own words. */
static void reply_fault(struct sbx_req *r, unsigned status, const char *description)
{
    if (status == 429)
        tg_reply_flood(r, r->sbx->cfg.retry_after_s);
    else if (description)
        tg_reply_error(r, status, "%s", description);
    else
        tg_reply_error(r, status, "%s: injected fault", status_text(status));
}

/* "/bot<token>/<method>" into its parts; false if the path has another shape. */
static bool split_path(const char *sub, const char **token, size_t *token_len, const char **method)
{
    if (strncmp(sub, "/bot", 4) != 0)
        return false;
    *token = sub + 4;
    *token_len = strcspn(*token, "/");
    if ((*token)[*token_len] != '/')
        return false;
    *method = *token + *token_len + 1;
    return **method && !strchr(*method, '/');
}

static bool token_well_formed(const char *t, size_t n)
{
    size_t digits = strspn(t, "0123456789");
    if (digits == 0 || digits >= n || t[digits] != ':' || digits + 1 == n)
        return false;
    for (size_t i = digits + 1; i < n; i++)
        if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-", t[i]))
            return false;
    return true;
}

static void route_key(struct sbx_req *r, const char *sub, char *out, size_t size)
{
    const char *token, *method;
    size_t len;
    (void)r;
    if (!split_path(sub, &token, &len, &method) || !token_well_formed(token, len))
        return;
    const char *name = tg_method_name(method);
    if (name)
        snprintf(out, size, "%s", name);
    else if (strlen(method) < 64 &&
             strspn(method, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") ==
                 strlen(method))
        snprintf(out, size, "%s", method); /* counted (and faultable) under the name given */
}

static void tg_begin(struct sbx_req *r)
{
    const char *token, *method;
    size_t len;
    char given[256];
    if (!split_path(r->sub, &token, &len, &method) || !token_well_formed(token, len) ||
        len >= sizeof(given)) {
        tg_reply_error(r, 404, "Not Found");
        return;
    }
    memcpy(given, token, len);
    given[len] = '\0';
    pthread_mutex_lock(&r->sbx->lock);
    json_t *bot = tg_find_bot(r->sbx, given);
    pthread_mutex_unlock(&r->sbx->lock);
    const char *name = tg_method_name(method);
    if (!bot)
        tg_reply_error(r, 401, "Unauthorized");
    else if (!name)
        tg_reply_error(r, 404, "Not Found");
    else
        tg_stream_begin(r, name, bot);
}

static void tg_end(struct sbx_req *r)
{
    struct tg_call *c = tg_call_finish(r);
    if (c)
        tg_dispatch(c);
}

const struct sbx_network sbx_telegram = {
    .name = "telegram",
    .display = "Telegram",
    .prefix = "/telegram",
    .secret_in_path = true,
    .routes = routes,
    .n_routes = sizeof(routes) / sizeof(routes[0]),
    .route_key = route_key,
    .reply_error = reply_error,
    .reply_fault = reply_fault,
    .state_check = tg_state_check,
    .state_init = tg_state_init,
    .page_section = tg_page_section,
    .print_exports = tg_print_exports,
    .endpoints_help =
        "  GET|POST /bot<token>/getMe           the bot (validates a token)\n"
        "  GET|POST /bot<token>/getChat         a chat by chat_id (an integer or @username)\n"
        "  GET|POST /bot<token>/sendMessage     text 1-4096 characters after parse_mode\n"
        "  GET|POST /bot<token>/sendPhoto       photo: upload (10 MB), URL (5 MB) or file_id; caption "
        "0-1024\n"
        "  GET|POST /bot<token>/sendVideo       video: upload (50 MB), URL (20 MB) or file_id\n"
        "  GET|POST /bot<token>/sendMediaGroup  media: 2-10 InputMedia, attach://NAME for uploaded parts\n"
        "  GET|POST /bot<token>/deleteMessage   chat_id and message_id, within 48 hours\n"
        "Parameters in the query string, application/x-www-form-urlencoded, application/json or\n"
        "multipart/form-data; answers {\"ok\":true,\"result\":...} or {\"ok\":false,\"error_code\":N,...}.\n",
};
