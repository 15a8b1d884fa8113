/*
 * The three legs of OAuth 1.0a (§1.3): request_token (signed without a token; oauth_callback a
 * registered URL or oob), the authorize page (consent, or --auto-approve; a redirect with
 * oauth_verifier, or for oob a page with the 7-digit PIN in <code id="pin">; deny redirects with
 * denied=TOKEN), and access_token (signed with the request token, with oauth_verifier), which
 * answers user_id and screen_name.  Request tokens live in the runtime list "_request_tokens":
 * single-use, gone after request_token_ttl_secs.  The consent page approves as the world's first
 * user.
 */
#include "sandbox/x/x.h"

#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A registered callback may use '*' as its port: it then matches any port (loopback listeners). */
static bool callback_matches(const char *registered, const char *uri)
{
    const char *star = strstr(registered, ":*/");
    if (!star)
        return strcmp(registered, uri) == 0;
    size_t head = (size_t)(star - registered) + 1;
    if (strncmp(registered, uri, head) != 0)
        return false;
    size_t digits = strspn(uri + head, "0123456789");
    return digits > 0 && digits <= 5 && strcmp(uri + head + digits, star + 2) == 0;
}

static bool callback_registered(json_t *app, const char *uri)
{
    size_t i;
    json_t *reg;
    json_array_foreach(json_object_get(app, "callback_urls"), i, reg)
    {
        if (json_is_string(reg) && callback_matches(json_string_value(reg), uri))
            return true;
    }
    return false;
}

static void prune_expired(json_t *list)
{
    long long now = sbx_now_ms();
    for (size_t i = json_array_size(list); i-- > 0;)
        if (sbx_int(json_array_get(list, i), "expires_at") <= now)
            json_array_remove(list, i);
}

void x_request_token(struct sbx_req *r)
{
    struct x_call *c = x_call_ready(r, X_NO_TOKEN);
    if (!c)
        return;
    const char *cb = x_oauth_param(c, "oauth_callback"), *access = x_oauth_param(c, "x_auth_access_type");
    if (!cb || !*cb) {
        x_legacy(r, 400, 215, "Bad Authentication data: oauth_callback is required (a callback URL or oob).");
        return;
    }
    if (access && strcmp(access, "read") != 0 && strcmp(access, "write") != 0) {
        x_legacy(r, 400, 215, "Bad Authentication data: x_auth_access_type is read or write.");
        return;
    }
    char token[48] = "sbxrt", secret[41];
    sbx_random_hex(token + 5, 20);
    sbx_random_hex(secret, 20);
    pthread_mutex_lock(&r->sbx->lock);
    json_t *app = sbx_find(x_list(r->sbx, "apps"), "consumer_key", c->consumer_key);
    bool approved = strcmp(cb, "oob") == 0 || callback_registered(app, cb);
    if (approved) {
        json_t *list = x_list(r->sbx, "_request_tokens");
        prune_expired(list);
        json_array_append_new(
            list, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:I}", "token", token, "secret", secret,
                            "consumer_key", c->consumer_key, "callback", cb, "access",
                            access && strcmp(access, "read") == 0 ? "read" : "read-write", "state", "pending",
                            "expires_at",
                            (json_int_t)(sbx_now_ms() + x_option(r->sbx, "request_token_ttl_secs") * 1000)));
    }
    pthread_mutex_unlock(&r->sbx->lock);
    if (!approved) {
        x_legacy(r, 403, 415, "Callback URL not approved for this client application.");
        return;
    }
    const char *kv[] = {"oauth_token", token, "oauth_token_secret", secret, "oauth_callback_confirmed",
                        "true",        NULL};
    x_reply_form(r, kv);
}

static void page(struct sbx_req *r, unsigned status, const char *title, const char *text)
{
    struct ag_buf b;
    ag_buf_init(&b, 0);
    ag_buf_puts(&b, "<h1>");
    sbx_html_escape(&b, title);
    ag_buf_puts(&b, "</h1><p>");
    sbx_html_escape(&b, text);
    ag_buf_puts(&b, "</p>");
    x_reply_page(r, status, title, b.data);
    ag_buf_free(&b);
}

/* Send the browser back: callback?k=v&k=v (appended to a query the callback already has). */
static void redirect(struct sbx_req *r, const char *callback, const char *k1, const char *v1, const char *k2,
                     const char *v2)
{
    struct ag_buf b;
    char *e1 = sbx_url_encode(v1), *e2 = v2 ? sbx_url_encode(v2) : NULL;
    ag_buf_init(&b, 0);
    ag_buf_printf(&b, "%s%c%s=%s", callback, strchr(callback, '?') ? '&' : '?', k1, e1 ? e1 : "");
    if (k2)
        ag_buf_printf(&b, "&%s=%s", k2, e2 ? e2 : "");
    x_rate_headers(r);
    sbx_reply_redirect(r, b.data);
    ag_buf_free(&b);
    free(e1);
    free(e2);
}

static void consent_page(struct sbx_req *r, const char *token, json_t *user)
{
    struct ag_buf b;
    ag_buf_init(&b, 0);
    ag_buf_puts(&b, "<h1>Authorize this app to use your account?</h1><p>Signed in as @");
    sbx_html_escape(&b, sbx_str(user, "username"));
    ag_buf_puts(&b, " (sandbox). The app will be able to post and delete posts, like and repost for you.</p>"
                    "<form method=post action=\"");
    sbx_html_escape(&b, r->path);
    ag_buf_puts(&b, "\"><input type=hidden name=oauth_token value=\"");
    sbx_html_escape(&b, token);
    ag_buf_puts(&b, "\"><button name=decision value=approve>Authorize app</button> "
                    "<button name=decision value=deny>Cancel</button></form>");
    x_reply_page(r, 200, "Authorize", b.data);
    ag_buf_free(&b);
}

/* The decision on a pending request token; answers the browser. */
static void decide(struct sbx_req *r, json_t *rt, json_t *user, bool approve)
{
    char verifier[33], token[64], callback[1024];
    bool oob = strcmp(sbx_str(rt, "callback"), "oob") == 0;
    snprintf(token, sizeof(token), "%s", sbx_str(rt, "token"));
    snprintf(callback, sizeof(callback), "%s", sbx_str(rt, "callback"));
    if (oob)
        sbx_random_digits(verifier, 7);
    else
        sbx_random_hex(verifier, 16);
    sbx_set_str(rt, "state", approve ? "approved" : "denied");
    if (approve) {
        sbx_set_str(rt, "verifier", verifier);
        json_object_set(rt, "user_id", json_object_get(user, "id"));
    }
    pthread_mutex_unlock(&r->sbx->lock);
    if (!approve && oob)
        page(r, 200, "Authorization denied", "You did not authorize the app. You can close this window.");
    else if (!approve)
        redirect(r, callback, "denied", token, NULL, NULL);
    else if (oob) {
        struct ag_buf b;
        ag_buf_init(&b, 0);
        ag_buf_printf(&b,
                      "<h1>You authorized the app</h1><p>Enter this PIN in the app to complete the "
                      "authorization:</p><p><code id=\"pin\">%s</code></p>",
                      verifier);
        x_reply_page(r, 200, "PIN", b.data);
        ag_buf_free(&b);
    } else
        redirect(r, callback, "oauth_token", token, "oauth_verifier", verifier);
}

void x_authorize(struct sbx_req *r)
{
    struct x_call *c = x_call_ready(r, X_NO_AUTH);
    if (!c)
        return;
    bool post = strcmp(r->method, "POST") == 0;
    json_t *form = post && c->kind == X_BODY_FORM ? sbx_form_parse(c->body.data) : NULL;
    const char *token = post ? sbx_str(form, "oauth_token") : sbx_query(r, "oauth_token");
    const char *decision = sbx_str(form, "decision");
    if (post && (!decision || (strcmp(decision, "approve") != 0 && strcmp(decision, "deny") != 0))) {
        page(r, 400, "Bad request",
             "The consent form posts oauth_token and decision=approve or decision=deny.");
        json_decref(form);
        return;
    }
    pthread_mutex_lock(&r->sbx->lock);
    json_t *rt = sbx_find(x_list(r->sbx, "_request_tokens"), "token", token);
    json_t *user = json_array_get(x_list(r->sbx, "users"), 0);
    if (!rt || sbx_int(rt, "expires_at") <= sbx_now_ms() || strcmp(sbx_str(rt, "state"), "pending") != 0 ||
        !user) {
        pthread_mutex_unlock(&r->sbx->lock);
        page(r, 400, "This page is no longer valid",
             "The oauth_token is unknown, expired or already used: start the authorization again.");
    } else if (post || r->sbx->cfg.auto_approve)
        decide(r, rt, user, !post || strcmp(decision, "approve") == 0); /* unlocks */
    else {
        char copy[64];
        json_t *who = json_deep_copy(user);
        snprintf(copy, sizeof(copy), "%s", token);
        pthread_mutex_unlock(&r->sbx->lock);
        consent_page(r, copy, who);
        json_decref(who);
    }
    json_decref(form);
}

void x_access_token(struct sbx_req *r)
{
    struct x_call *c = x_call_ready(r, X_REQUEST_TOKEN);
    if (!c)
        return;
    const char *verifier = x_oauth_param(c, "oauth_verifier");
    char token[80], secret[41], user_id[24] = "", screen_name[64] = "";
    bool fine = false;
    pthread_mutex_lock(&r->sbx->lock);
    json_t *list = x_list(r->sbx, "_request_tokens");
    json_t *rt = sbx_find(list, "token", c->token);
    const char *expected = sbx_str(rt, "verifier");
    json_t *user = x_find_user(r->sbx, sbx_str(rt, "user_id"));
    if (user && verifier && expected && strcmp(sbx_str(rt, "state"), "approved") == 0 &&
        strlen(verifier) == strlen(expected) && CRYPTO_memcmp(verifier, expected, strlen(expected)) == 0) {
        snprintf(user_id, sizeof(user_id), "%s", sbx_str(user, "id") ? sbx_str(user, "id") : "");
        snprintf(screen_name, sizeof(screen_name), "%s",
                 sbx_str(user, "username") ? sbx_str(user, "username") : "");
        snprintf(token, sizeof(token), "%s-", user_id);
        sbx_random_hex(token + strlen(token), 20);
        sbx_random_hex(secret, 20);
        json_array_append_new(x_list(r->sbx, "tokens"),
                              json_pack("{s:s, s:s, s:s, s:s, s:O}", "token", token, "secret", secret,
                                        "user_id", user_id, "consumer_key", c->consumer_key, "access",
                                        json_object_get(rt, "access")));
        for (size_t i = 0; i < json_array_size(list); i++) /* single use */
            if (json_array_get(list, i) == rt)
                json_array_remove(list, i);
        fine = true;
    }
    pthread_mutex_unlock(&r->sbx->lock);
    if (!fine) {
        x_legacy(r, 401, 32, "Could not authenticate you.");
        return;
    }
    const char *kv[] = {"oauth_token", token,         "oauth_token_secret", secret, "user_id",
                        user_id,       "screen_name", screen_name,          NULL};
    x_reply_form(r, kv);
}
