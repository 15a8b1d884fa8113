/*
 * Login Kit v2 for desktop clients (TIKTOK_API.md §1): the authorize page with consent, the token
 * endpoint (authorization_code with hex-S256 PKCE, refresh_token with rotation) and revoke.
 * OAuth answers are flat {error, error_description, log_id}, never the {data, error} envelope.
 * HTTP statuses are not documented: we use 400, and 401 for invalid_client, as RFC 6749 does.
 */
#include "sandbox/tiktok/tiktok.h"

#include <openssl/crypto.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

#define CONSENT_TTL_MS (3600LL * 1000) /* an unanswered consent page stays usable for an hour */
#define STALE_GRACE_MS (60LL * 1000)   /* keep expired codes a minute, for clearer test failures */

static const char *const known_scopes[] = {"user.info.basic", "user.info.profile", "user.info.stats",
                                           "video.publish",   "video.upload",      "video.list"};

/* A registered desktop URI may use '*' as its port: it then matches any port (TikTok's wildcard). */
static bool uri_matches(const char *registered, const char *uri)
{
    const char *star = strstr(registered, ":*/");
    if (!star)
        return strcmp(registered, uri) == 0;
    size_t head = (size_t)(star - registered) + 1;
    if (strncmp(registered, uri, head) != 0)
        return false;
    const char *p = uri + head;
    size_t digits = strspn(p, "0123456789");
    return digits > 0 && digits <= 5 && strcmp(p + digits, star + 2) == 0;
}

static bool redirect_registered(json_t *app, const char *uri)
{
    size_t i;
    json_t *reg;
    json_array_foreach(json_object_get(app, "redirect_uris"), i, reg)
    {
        if (uri_matches(json_string_value(reg), uri))
            return true;
    }
    return false;
}

static bool in_list(json_t *list, const char *s, size_t n)
{
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v)
    {
        const char *t = json_string_value(v);
        if (t && strlen(t) == n && strncmp(t, s, n) == 0)
            return true;
    }
    return false;
}

/* Comma-separated scopes, each known and approved for the app (else the whole sign-in fails). */
static bool scopes_valid(json_t *app, const char *scope)
{
    const char *p = scope;
    if (!scope || !*scope)
        return false;
    for (;;) {
        size_t n = strcspn(p, ",");
        bool known = false;
        for (size_t i = 0; i < sizeof(known_scopes) / sizeof(known_scopes[0]); i++)
            known |= strlen(known_scopes[i]) == n && strncmp(known_scopes[i], p, n) == 0;
        if (n == 0 || !known || !in_list(json_object_get(app, "scopes"), p, n))
            return false;
        if (!p[n])
            return true;
        p += n + 1;
    }
}

static bool is_lower_hex(const char *s, size_t len)
{
    return s && strlen(s) == len && strspn(s, "0123456789abcdef") == len;
}

static void redirect_with(struct sbx_req *r, const char *uri, const char *const *kv)
{
    struct ag_buf b;
    ag_buf_init(&b, 0);
    ag_buf_puts(&b, uri);
    for (int i = 0; kv[i]; i += 2) {
        char *v = sbx_url_encode(kv[i + 1] ? kv[i + 1] : "");
        ag_buf_printf(&b, "%c%s=%s", i == 0 ? '?' : '&', kv[i], v);
        free(v);
    }
    sbx_reply_redirect(r, b.data);
    ag_buf_free(&b);
}

static void redirect_error(struct sbx_req *r, const char *uri, const char *state, const char *error,
                           const char *desc)
{
    const char *kv[] = {"error", error, "error_description", desc, "state", state, NULL};
    redirect_with(r, uri, kv);
}

static void error_page(struct sbx_req *r, const char *what)
{
    struct ag_buf b;
    ag_buf_init(&b, 0);
    ag_buf_puts(&b, "<!doctype html><meta charset=utf-8><title>TikTok sandbox: error</title>"
                    "<h1>Something went wrong</h1><p>");
    sbx_html_escape(&b, what);
    ag_buf_puts(&b, "</p>");
    sbx_reply_html(r, 400, b.data);
    ag_buf_free(&b);
}

/* Pending consents and codes are short-lived; drop the stale ones so a long run stays small. */
static void prune_expired(json_t *list)
{
    long long now = sbx_now_ms();
    for (size_t i = json_array_size(list); i-- > 0;)
        if (sbx_int(json_array_get(list, i), "expires_at") < now - STALE_GRACE_MS)
            json_array_remove(list, i);
}

/* Issue a single-use code and send the browser back to the client. */
static void grant_code(struct sbx_req *r, json_t *consent, const char *username, const char *scopes)
{
    char hex[41], tail[9], code[64];
    sbx_random_hex(hex, 20);
    sbx_random_hex(tail, 4);
    /* Real codes carry characters like '*' and '!': a client that forgets to URL-decode fails. */
    snprintf(code, sizeof(code), "%s*!%s.va", hex, tail);
    prune_expired(tt_list(r->sbx, "_codes"));
    json_array_append_new(tt_list(r->sbx, "_codes"),
                          json_pack("{s:s, s:O, s:s, s:O, s:s, s:O, s:I}", "code", code, "client_key",
                                    json_object_get(consent, "client_key"), "username", username,
                                    "redirect_uri", json_object_get(consent, "redirect_uri"), "scope", scopes,
                                    "code_challenge", json_object_get(consent, "code_challenge"),
                                    "expires_at", (json_int_t)(sbx_now_ms() + r->sbx->cfg.code_ttl * 1000)));
    const char *kv[] = {"code", code, "scopes", scopes, "state", sbx_str(consent, "state"), NULL};
    redirect_with(r, sbx_str(consent, "redirect_uri"), kv);
}

static void consent_page(struct sbx_req *r, json_t *consent, json_t *app)
{
    struct ag_buf b;
    size_t i;
    json_t *acc;
    const char *scopes = sbx_str(consent, "scope");
    ag_buf_init(&b, 0);
    ag_buf_puts(&b, "<!doctype html><meta charset=utf-8><title>TikTok sandbox: authorize</title>"
                    "<style>body{font-family:sans-serif;max-width:32em;margin:3em auto}</style>"
                    "<h1>Authorize ");
    sbx_html_escape(&b, sbx_str(app, "client_key"));
    ag_buf_puts(&b,
                "</h1><form method=post action=\"/v2/auth/authorize/\"><input type=hidden name=consent_id "
                "value=\"");
    sbx_html_escape(&b, sbx_str(consent, "id"));
    ag_buf_puts(&b, "\"><p>Log in as <select name=account>");
    json_array_foreach(tt_list(r->sbx, "accounts"), i, acc)
    {
        ag_buf_puts(&b, "<option value=\"");
        sbx_html_escape(&b, sbx_str(acc, "username"));
        ag_buf_puts(&b, "\">");
        sbx_html_escape(&b, sbx_str(acc, "nickname"));
        ag_buf_puts(&b, "</option>");
    }
    ag_buf_puts(&b, "</select></p><p>This app will be able to:</p>");
    for (const char *p = scopes; *p;) {
        size_t n = strcspn(p, ",");
        /* user.info.basic comes with Login Kit; the other scopes can be turned off by the user. */
        bool fixed = n == 15 && strncmp(p, "user.info.basic", n) == 0;
        ag_buf_printf(&b,
                      "<label><input type=checkbox name=\"grant_%.*s\" value=1 checked%s> %.*s</label><br>",
                      (int)n, p, fixed ? " disabled" : "", (int)n, p);
        p += n + (p[n] == ',');
    }
    ag_buf_puts(&b, "<p><button name=decision value=approve id=approve>Approve</button> "
                    "<button name=decision value=deny id=deny>Deny</button></p></form>");
    sbx_reply_html(r, 200, b.data);
    ag_buf_free(&b);
}

void sbx_oauth_authorize(struct sbx_req *r)
{
    const char *key = sbx_query(r, "client_key"), *uri = sbx_query(r, "redirect_uri");
    const char *state = sbx_query(r, "state"), *scope = sbx_query(r, "scope");
    const char *challenge = sbx_query(r, "code_challenge"), *method = sbx_query(r, "code_challenge_method");
    const char *rtype = sbx_query(r, "response_type");
    char id[33];

    pthread_mutex_lock(&r->sbx->lock);
    json_t *app = sbx_find(tt_list(r->sbx, "apps"), "client_key", key);
    /* Without a known client and a registered URI there is nowhere safe to send the error. */
    if (!app)
        error_page(r, "client_key: unknown or missing client_key");
    else if (!uri || !redirect_registered(app, uri))
        error_page(r, "redirect_uri: missing or not registered for this app");
    else if (sbx_query_repeated(r))
        redirect_error(r, uri, state, "invalid_request", "a parameter is repeated");
    else if (!sbx_query_utf8(r))
        redirect_error(r, uri, state, "invalid_request", "parameters must be UTF-8 text");
    else if (!rtype || strcmp(rtype, "code") != 0)
        redirect_error(r, uri, state, "unsupported_response_type", "response_type must be code");
    else if (!scopes_valid(app, scope))
        redirect_error(r, uri, state, "invalid_scope",
                       "scope must be comma-separated scopes approved for the app");
    else if (!state || !*state)
        redirect_error(r, uri, state, "invalid_request", "state is required");
    else if (!is_lower_hex(challenge, 64))
        redirect_error(
            r, uri, state, "invalid_request",
            "code_challenge must be the hex SHA-256 of the code_verifier (64 lowercase hex digits)");
    else if (!method || strcmp(method, "S256") != 0)
        redirect_error(r, uri, state, "invalid_request", "code_challenge_method must be S256");
    else {
        sbx_random_hex(id, 16);
        json_t *consent =
            json_pack("{s:s, s:I, s:s, s:s, s:s, s:s, s:s}", "id", id, "expires_at",
                      (json_int_t)(sbx_now_ms() + CONSENT_TTL_MS), "client_key", key, "redirect_uri", uri,
                      "state", state, "scope", scope, "code_challenge", challenge);
        if (r->sbx->cfg.auto_approve)
            grant_code(r, consent, sbx_str(json_array_get(tt_list(r->sbx, "accounts"), 0), "username"),
                       scope);
        else {
            prune_expired(tt_list(r->sbx, "_consents"));
            json_array_append(tt_list(r->sbx, "_consents"), consent);
            consent_page(r, consent, app);
        }
        json_decref(consent);
    }
    pthread_mutex_unlock(&r->sbx->lock);
}

/* The scopes the user left ticked, in the order requested. */
static char *granted_scopes(json_t *form, const char *requested)
{
    struct ag_buf b;
    ag_buf_init(&b, 0);
    for (const char *p = requested; *p;) {
        size_t n = strcspn(p, ",");
        char field[64];
        snprintf(field, sizeof(field), "grant_%.*s", (int)n, p);
        if ((n == 15 && strncmp(p, "user.info.basic", n) == 0) || json_object_get(form, field))
            ag_buf_printf(&b, "%s%.*s", b.len ? "," : "", (int)n, p);
        p += n + (p[n] == ',');
    }
    char *out = ag_buf_detach(&b);
    ag_buf_free(&b); /* detach leaves a fresh empty buffer behind */
    return out;
}

void sbx_oauth_consent(struct sbx_req *r)
{
    json_t *form = sbx_form_parse(r->body.data);
    size_t i;
    json_t *c, *consent = NULL;

    pthread_mutex_lock(&r->sbx->lock);
    json_t *consents = tt_list(r->sbx, "_consents");
    json_array_foreach(consents, i, c)
    {
        const char *id = sbx_str(form, "consent_id");
        if (id && strcmp(sbx_str(c, "id"), id) == 0 && sbx_int(c, "expires_at") > sbx_now_ms()) {
            consent = json_incref(c);
            json_array_remove(consents, i); /* a consent is answered once */
            break;
        }
    }
    const char *decision = sbx_str(form, "decision");
    json_t *acc = sbx_find(tt_list(r->sbx, "accounts"), "username", sbx_str(form, "account"));
    if (!consent)
        error_page(r, "this authorization request is unknown or was already answered");
    else if (decision && strcmp(decision, "approve") == 0 && acc) {
        char *scopes = granted_scopes(form, sbx_str(consent, "scope"));
        grant_code(r, consent, sbx_str(acc, "username"), scopes);
        free(scopes);
    } else
        redirect_error(r, sbx_str(consent, "redirect_uri"), sbx_str(consent, "state"), "access_denied",
                       "the user denied the authorization request");
    pthread_mutex_unlock(&r->sbx->lock);
    json_decref(consent);
    json_decref(form);
}
