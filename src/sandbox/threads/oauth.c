/*
 * The authorization window and the tokens (§5.2, §5.3).  The consent page checks client_id
 * (1349026 otherwise), redirect_uri against the app's registered ones, exactly (1349168),
 * response_type=code and a scope with threads_basic; with --auto-approve a GET answers the
 * redirect at once, else a form whose POST carries decision=approve|deny.  Approval redirects to
 * redirect_uri?code=C&state=S#_, a denial with error=access_denied.  Codes live in the runtime
 * list "_codes": single use, code_ttl_secs long, for the world's first user.
 */
#include "sandbox/threads/threads.h"

#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool secret_equal(const char *a, const char *b)
{
    return a && b && strlen(a) == strlen(b) && CRYPTO_memcmp(a, b, strlen(a)) == 0;
}

static bool redirect_registered(json_t *app, const char *uri)
{
    size_t i;
    json_t *reg;
    json_array_foreach(json_object_get(app, "redirect_uris"), i, reg)
    {
        if (uri && json_is_string(reg) && strcmp(json_string_value(reg), uri) == 0)
            return true;
    }
    return false;
}

/* scope is comma- or space-separated (§5.2); true if it names threads_basic. */
static bool scope_has_basic(const char *scope)
{
    for (const char *p = scope; p && *p;) {
        size_t n = strcspn(p, ", ");
        if (n == strlen("threads_basic") && strncmp(p, "threads_basic", n) == 0)
            return true;
        p += n + (p[n] != '\0');
    }
    return false;
}

/* redirect_uri?k=v... (after a query it already has), with state and the fragment when given. */
static void redirect(struct sbx_req *r, const char *uri, const char *pairs, const char *state,
                     const char *fragment)
{
    struct ag_buf b;
    ag_buf_init(&b, 0);
    ag_buf_printf(&b, "%s%c%s", uri, strchr(uri, '?') ? '&' : '?', pairs);
    if (state) {
        char *e = sbx_url_encode(state);
        ag_buf_printf(&b, "&state=%s", e ? e : "");
        free(e);
    }
    ag_buf_puts(&b, fragment);
    sbx_reply_redirect(r, b.data);
    ag_buf_free(&b);
}

static void hidden(struct ag_buf *b, const char *name, const char *value)
{
    if (!value)
        return;
    ag_buf_printf(b, "<input type=hidden name=%s value=\"", name);
    sbx_html_escape(b, value);
    ag_buf_puts(b, "\">");
}

static void consent_page(struct sbx_req *r, json_t *p)
{
    static const char *const fields[] = {"client_id", "redirect_uri", "scope", "response_type", "state"};
    struct ag_buf b;
    ag_buf_init(&b, 0);
    ag_buf_puts(&b, "<!doctype html><title>Threads: authorize</title><h1>Allow this app to use your Threads "
                    "account?</h1><p>Signed in as @sbx_threads (sandbox). Scopes: ");
    sbx_html_escape(&b, sbx_str(p, "scope"));
    ag_buf_puts(&b, "</p><form method=post action=\"/threads/oauth/authorize\">");
    for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
        hidden(&b, fields[i], sbx_str(p, fields[i]));
    ag_buf_puts(&b, "<button name=decision value=approve>Allow</button> "
                    "<button name=decision value=deny>Cancel</button></form>");
    sbx_reply_html(r, 200, b.data);
    ag_buf_free(&b);
}

/* The parameters of the window: the query of a GET, the form of a POST. */
static json_t *window_params(struct sbx_req *r)
{
    if (strcmp(r->method, "POST") == 0)
        return r->body.len ? sbx_form_parse(r->body.data) : json_object();
    json_t *p = json_object();
    static const char *const names[] = {"client_id", "redirect_uri", "scope", "response_type", "state"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (sbx_query(r, names[i]))
            json_object_set_new(p, names[i], json_string(sbx_query(r, names[i])));
    return p;
}

static void approve(struct sbx_req *r, json_t *p, const char *user_id)
{
    char code[64] = "AQB", pairs[80];
    sbx_random_hex(code + 3, 24);
    pthread_mutex_lock(&r->sbx->lock);
    json_t *codes = th_list(r->sbx, "_codes");
    for (size_t i = json_array_size(codes); i-- > 0;) /* forget expired ones */
        if (sbx_int(json_array_get(codes, i), "expires_ms") <= th_now())
            json_array_remove(codes, i);
    json_array_append_new(
        codes, json_pack("{s:s, s:s, s:s, s:s, s:I}", "code", code, "user_id", user_id, "client_id",
                         sbx_str(p, "client_id"), "redirect_uri", sbx_str(p, "redirect_uri"), "expires_ms",
                         (json_int_t)(th_now() + th_option(r->sbx, "code_ttl_secs") * 1000)));
    pthread_mutex_unlock(&r->sbx->lock);
    snprintf(pairs, sizeof(pairs), "code=%s", code);
    redirect(r, sbx_str(p, "redirect_uri"), pairs, sbx_str(p, "state"), "#_");
}

void th_authorize(struct sbx_req *r)
{
    json_t *p = window_params(r);
    char user_id[24] = "";
    if (!p) {
        th_authorize_error(r, 400, 100, "Invalid Request: the form body is malformed");
        return;
    }
    pthread_mutex_lock(&r->sbx->lock);
    json_t *app = json_object_get(th_world(r->sbx), "app");
    bool client_ok = sbx_str(p, "client_id") && sbx_str(app, "id") &&
                     strcmp(sbx_str(p, "client_id"), sbx_str(app, "id")) == 0;
    bool redirect_ok = redirect_registered(app, sbx_str(p, "redirect_uri"));
    snprintf(user_id, sizeof(user_id), "%s", sbx_str(json_array_get(th_list(r->sbx, "users"), 0), "id"));
    pthread_mutex_unlock(&r->sbx->lock);
    const char *decision = sbx_str(p, "decision"), *rt = sbx_str(p, "response_type");
    bool post = strcmp(r->method, "POST") == 0;
    if (!client_ok)
        th_authorize_error(r, 400, 1349026,
                           "No application data was given: client_id is not this app's Threads app ID");
    else if (!redirect_ok)
        th_authorize_error(
            r, 400, 1349168,
            "URL Blocked: This redirect failed because the redirect URI is not whitelisted in the "
            "app's Client OAuth Settings (it must match a registered one exactly)");
    else if (!rt || strcmp(rt, "code") != 0)
        th_authorize_error(r, 400, 100, "Invalid Request: response_type must be code");
    else if (!scope_has_basic(sbx_str(p, "scope")))
        th_authorize_error(r, 400, 100, "Invalid Scopes: the scope must include threads_basic");
    else if (post && (!decision || (strcmp(decision, "approve") != 0 && strcmp(decision, "deny") != 0)))
        th_authorize_error(r, 400, 100, "Invalid Request: the consent form posts decision=approve or deny");
    else if (post && strcmp(decision, "deny") == 0)
        redirect(
            r, sbx_str(p, "redirect_uri"),
            "error=access_denied&error_reason=user_denied&error_description=The+user+denied+your+request",
            sbx_str(p, "state"), "#_");
    else if (post || r->sbx->cfg.auto_approve)
        approve(r, p, user_id);
    else
        consent_page(r, p);
    json_decref(p);
}

/* The app's secret matches (and client_id, when given, is the app's). */
static bool app_ok(struct sbx *s, const char *client_id, const char *secret)
{
    pthread_mutex_lock(&s->lock);
    json_t *app = json_object_get(th_world(s), "app");
    bool ok = (!client_id || (sbx_str(app, "id") && strcmp(client_id, sbx_str(app, "id")) == 0)) &&
              secret_equal(secret, sbx_str(app, "secret"));
    pthread_mutex_unlock(&s->lock);
    return ok;
}

void th_code_exchange(struct sbx_req *r)
{
    json_t *form = sbx_media_type_is(r, "application/x-www-form-urlencoded") && r->body.len
                       ? sbx_form_parse(r->body.data)
                       : NULL;
    const char *grant = th_param(r, form, "grant_type"), *code = th_param(r, form, "code");
    const char *client_id = th_param(r, form, "client_id"), *uri = th_param(r, form, "redirect_uri");
    char token[64], user_id[24] = "";
    int found = 0; /* 1: the code, 2: and its redirect_uri matches */
    if (!grant || strcmp(grant, "authorization_code") != 0) {
        th_token_error(r, 400, 100, 0, "Invalid parameter: grant_type must be authorization_code");
    } else if (!client_id || !app_ok(r->sbx, client_id, th_param(r, form, "client_secret"))) {
        th_token_error(r, 400, 101, 0,
                       "Error validating client secret (client_id and client_secret are the "
                       "Threads app's)");
    } else if (!code || !*code) {
        th_token_error(r, 400, 100, 0, "Invalid parameter: code is required");
    } else {
        pthread_mutex_lock(&r->sbx->lock);
        json_t *codes = th_list(r->sbx, "_codes");
        for (size_t i = 0; i < json_array_size(codes) && !found; i++) {
            json_t *c = json_array_get(codes, i);
            if (!secret_equal(code, sbx_str(c, "code")) || sbx_int(c, "expires_ms") <= th_now())
                continue;
            found = 1;
            if (uri && strcmp(uri, sbx_str(c, "redirect_uri")) == 0 &&
                strcmp(client_id, sbx_str(c, "client_id")) == 0) {
                found = 2;
                snprintf(user_id, sizeof(user_id), "%s", sbx_str(c, "user_id"));
                json_array_remove(codes, i); /* single use */
                th_token_issue(r->sbx, "short", user_id, th_option(r->sbx, "short_token_ttl_secs"), token);
            }
        }
        pthread_mutex_unlock(&r->sbx->lock);
        if (found == 0)
            th_token_error(r, 400, 400, 0, "Matching code was not found or was already used");
        else if (found == 1)
            th_token_error(
                r, 400, 36008, 0,
                "Error validating verification code. Please make sure your redirect_uri is identical "
                "to the one you used in the OAuth dialog request");
        else
            sbx_reply_json(r, 200,
                           json_pack("{s:s, s:I}", "access_token", token, "user_id",
                                     (json_int_t)strtoll(user_id, NULL, 10)));
    }
    json_decref(form);
}

/* The token of a GET token call; kind "short" or "long" wanted.  Answers and returns false if unfit. */
static bool token_fit(struct sbx_req *r, const char *kind, char user_id[24], long long *issued_ms)
{
    const char *token = sbx_query(r, "access_token");
    bool expired = false;
    pthread_mutex_lock(&r->sbx->lock);
    json_t *t = th_token_find(r->sbx, token, &expired);
    bool right_kind = t && strcmp(sbx_str(t, "kind"), kind) == 0;
    if (t) {
        snprintf(user_id, 24, "%s", sbx_str(t, "user_id"));
        *issued_ms = sbx_int(t, "issued_ms");
    }
    pthread_mutex_unlock(&r->sbx->lock);
    if (!t)
        th_token_error(r, 400, 190, 0, "Invalid OAuth access token - Cannot parse access token");
    else if (expired)
        th_token_error(r, 400, 190, 463, "Error validating access token: Session has expired");
    else if (!right_kind)
        th_token_error(
            r, 400, 100, 0,
            strcmp(kind, "short") == 0
                ? "Invalid parameter: only a short-lived token can be exchanged (refresh a long-lived one)"
                : "Invalid parameter: only a long-lived token can be refreshed (exchange a short-lived one)");
    return t && !expired && right_kind;
}

static void reply_long(struct sbx_req *r, const char *user_id)
{
    char token[64];
    pthread_mutex_lock(&r->sbx->lock);
    long long ttl = th_option(r->sbx, "long_token_ttl_secs");
    th_token_issue(r->sbx, "long", user_id, ttl, token);
    pthread_mutex_unlock(&r->sbx->lock);
    sbx_reply_json(r, 200,
                   json_pack("{s:s, s:s, s:I}", "access_token", token, "token_type", "bearer", "expires_in",
                             (json_int_t)ttl));
}

void th_exchange(struct sbx_req *r)
{
    const char *grant = sbx_query(r, "grant_type");
    char user_id[24];
    long long issued_ms;
    if (!grant || strcmp(grant, "th_exchange_token") != 0)
        th_token_error(r, 400, 100, 0, "Invalid parameter: grant_type must be th_exchange_token");
    else if (!app_ok(r->sbx, NULL, sbx_query(r, "client_secret")))
        th_token_error(r, 400, 101, 0, "Error validating client secret");
    else if (token_fit(r, "short", user_id, &issued_ms))
        reply_long(r, user_id);
}

void th_refresh(struct sbx_req *r)
{
    const char *grant = sbx_query(r, "grant_type");
    char user_id[24];
    long long issued_ms;
    if (!grant || strcmp(grant, "th_refresh_token") != 0)
        th_token_error(r, 400, 100, 0, "Invalid parameter: grant_type must be th_refresh_token");
    else if (!token_fit(r, "long", user_id, &issued_ms))
        return;
    else {
        pthread_mutex_lock(&r->sbx->lock);
        bool young = th_now() - issued_ms < th_option(r->sbx, "refresh_min_age_secs") * 1000;
        pthread_mutex_unlock(&r->sbx->lock);
        if (young)
            th_token_error(
                r, 400, 100, 0,
                "Invalid parameter: a long-lived token can be refreshed once it is at least 24 hours old");
        else
            reply_long(r, user_id);
    }
}
