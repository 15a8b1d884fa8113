/*
 * POST /v2/oauth/token/ and /v2/oauth/revoke/ (TIKTOK_API.md §1.4–1.6).  Form-encoded only.
 * Codes are single-use and short-lived; the desktop PKCE check is hex(SHA-256(code_verifier));
 * refresh rotates both tokens and the previous refresh token stops working (the 2026 docs).
 * Lifetimes come from --access-ttl / --refresh-ttl so clients must honour expires_in.
 * A grant holds one access token: a refresh replaces it, so the previous access token stops
 * working too (the docs are silent; this is the stricter reading, and it catches clients that
 * keep using a stale token after refreshing).
 */
#include "sandbox/tiktok/tiktok.h"

#include <openssl/crypto.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

static bool secret_equal(const char *a, const char *b)
{
    size_t n = strlen(a);
    return n == strlen(b) && CRYPTO_memcmp(a, b, n) == 0;
}

/* Parse the form and authenticate the client; NULL after answering the error. */
static json_t *client_from_form(struct sbx_req *r, json_t **form_out)
{
    if (!sbx_media_type_is(r, "application/x-www-form-urlencoded")) {
        sbx_reply_oauth(r, 400, "invalid_request", "Content-Type must be application/x-www-form-urlencoded");
        return NULL;
    }
    json_t *form = sbx_form_parse(r->body.data);
    if (!form) {
        sbx_reply_oauth(r, 400, "invalid_request", "malformed form body");
        return NULL;
    }
    *form_out = form;
    const char *key = sbx_str(form, "client_key"), *secret = sbx_str(form, "client_secret");
    if (!key || !secret) {
        sbx_reply_oauth(r, 400, "invalid_request", "client_key and client_secret are required");
        return NULL;
    }
    json_t *app = sbx_find(tt_list(r->sbx, "apps"), "client_key", key);
    if (!app || !secret_equal(sbx_str(app, "client_secret"), secret)) {
        sbx_reply_oauth(r, 401, "invalid_client", "Client key or secret is invalid");
        return NULL;
    }
    return app;
}

static void new_tokens(json_t *grant)
{
    char hex[41], tok[64];
    sbx_random_hex(hex, 20);
    snprintf(tok, sizeof(tok), "act.%s", hex);
    sbx_set_str(grant, "access_token", tok);
    sbx_random_hex(hex, 20);
    snprintf(tok, sizeof(tok), "rft.%s", hex);
    sbx_set_str(grant, "refresh_token", tok);
}

static void reply_tokens(struct sbx_req *r, json_t *grant)
{
    long long now = sbx_now_ms();
    json_t *obj = json_object();
    json_object_set(obj, "access_token", json_object_get(grant, "access_token"));
    sbx_set_int(obj, "expires_in", (sbx_int(grant, "access_expires_at") - now + 999) / 1000);
    json_object_set(obj, "open_id", json_object_get(grant, "open_id"));
    json_object_set(obj, "refresh_token", json_object_get(grant, "refresh_token"));
    sbx_set_int(obj, "refresh_expires_in", (sbx_int(grant, "refresh_expires_at") - now + 999) / 1000);
    json_object_set(obj, "scope", json_object_get(grant, "scope"));
    sbx_set_str(obj, "token_type", "Bearer");
    sbx_reply_json(r, 200, obj);
}

/* RFC 7636 verifier alphabet and length, as the desktop page repeats. */
static bool verifier_valid(const char *v)
{
    size_t n = v ? strlen(v) : 0;
    return n >= 43 && n <= 128 &&
           strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~") == n;
}

static bool pkce_matches(const char *verifier, const char *challenge)
{
    unsigned char md[SHA256_DIGEST_LENGTH];
    char hex[2 * SHA256_DIGEST_LENGTH + 1];
    SHA256((const unsigned char *)verifier, strlen(verifier), md);
    ag_hex_encode(md, sizeof(md), hex);
    return challenge && strlen(challenge) == 64 && CRYPTO_memcmp(hex, challenge, 64) == 0;
}

static void exchange_code(struct sbx_req *r, json_t *app, json_t *form)
{
    const char *code = sbx_str(form, "code"), *uri = sbx_str(form, "redirect_uri");
    const char *verifier = sbx_str(form, "code_verifier");
    if (!code || !uri || !verifier) {
        sbx_reply_oauth(r, 400, "invalid_request", "code, redirect_uri and code_verifier are required");
        return;
    }
    json_t *c = sbx_find(tt_list(r->sbx, "_codes"), "code", code);
    if (!c || sbx_bool(c, "used") || sbx_int(c, "expires_at") <= sbx_now_ms() ||
        strcmp(sbx_str(c, "client_key"), sbx_str(app, "client_key")) != 0) {
        sbx_reply_oauth(r, 400, "invalid_grant", "Authorization code is expired, used or invalid.");
        return;
    }
    if (strcmp(sbx_str(c, "redirect_uri"), uri) != 0) {
        sbx_reply_oauth(r, 400, "invalid_grant", "redirect_uri does not match the authorization request");
        return;
    }
    if (!verifier_valid(verifier) || !pkce_matches(verifier, sbx_str(c, "code_challenge"))) {
        sbx_reply_oauth(r, 400, "invalid_request", "Code verifier or code challenge is invalid.");
        return;
    }
    json_object_set_new(c, "used", json_true());

    char open_id[33];
    long long now = sbx_now_ms();
    sbx_open_id(sbx_str(app, "client_key"), sbx_str(c, "username"), open_id);
    json_t *grant = json_pack(
        "{s:O, s:O, s:s, s:O, s:I, s:I, s:I, s:b}", "client_key", json_object_get(app, "client_key"),
        "username", json_object_get(c, "username"), "open_id", open_id, "scope", json_object_get(c, "scope"),
        "access_expires_at", (json_int_t)(now + r->sbx->cfg.access_ttl * 1000), "refresh_expires_at",
        (json_int_t)(now + r->sbx->cfg.refresh_ttl * 1000), "created_at", (json_int_t)now, "revoked", 0);
    new_tokens(grant);
    json_array_append_new(tt_list(r->sbx, "grants"), grant);
    reply_tokens(r, grant);
}

static void refresh(struct sbx_req *r, json_t *app, json_t *form)
{
    const char *token = sbx_str(form, "refresh_token");
    if (!token) {
        sbx_reply_oauth(r, 400, "invalid_request", "refresh_token is required");
        return;
    }
    /* Only the current refresh token is stored: a rotated-out one is simply unknown. */
    json_t *grant = sbx_find(tt_list(r->sbx, "grants"), "refresh_token", token);
    if (!grant || sbx_bool(grant, "revoked") || sbx_int(grant, "refresh_expires_at") <= sbx_now_ms() ||
        strcmp(sbx_str(grant, "client_key"), sbx_str(app, "client_key")) != 0) {
        sbx_reply_oauth(r, 400, "invalid_grant", "Refresh token is invalid or expired.");
        return;
    }
    new_tokens(grant);
    sbx_set_int(grant, "access_expires_at", sbx_now_ms() + r->sbx->cfg.access_ttl * 1000);
    reply_tokens(r, grant);
}

void sbx_oauth_token(struct sbx_req *r)
{
    json_t *form = NULL;
    pthread_mutex_lock(&r->sbx->lock);
    json_t *app = client_from_form(r, &form);
    const char *type = sbx_str(form, "grant_type");
    if (!app)
        ; /* answered */
    else if (!type)
        sbx_reply_oauth(r, 400, "invalid_request", "grant_type is required");
    else if (strcmp(type, "authorization_code") == 0)
        exchange_code(r, app, form);
    else if (strcmp(type, "refresh_token") == 0)
        refresh(r, app, form);
    else
        sbx_reply_oauth(r, 400, "unsupported_grant_type",
                        "grant_type must be authorization_code or refresh_token");
    pthread_mutex_unlock(&r->sbx->lock);
    json_decref(form);
}

void sbx_oauth_revoke(struct sbx_req *r)
{
    json_t *form = NULL;
    pthread_mutex_lock(&r->sbx->lock);
    json_t *app = client_from_form(r, &form);
    const char *token = sbx_str(form, "token");
    json_t *grant = sbx_find(tt_list(r->sbx, "grants"), "access_token", token);
    if (!app)
        ; /* answered */
    else if (!token)
        sbx_reply_oauth(r, 400, "invalid_request", "token (the user's access token) is required");
    else if (!grant || sbx_bool(grant, "revoked") ||
             strcmp(sbx_str(grant, "client_key"), sbx_str(app, "client_key")) != 0)
        sbx_reply_oauth(r, 400, "invalid_grant", "Access token is invalid or already revoked.");
    else {
        json_object_set_new(grant, "revoked", json_true());
        sbx_post_fail_for_grant(r->sbx, grant, "auth_removed");
        sbx_reply_json(r, 200, json_object());
    }
    pthread_mutex_unlock(&r->sbx->lock);
    json_decref(form);
}
