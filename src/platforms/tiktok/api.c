#include "platforms/tiktok/api.h"

#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/http.h"
#include "core/log.h"
#include "net/create.h"
#include "platforms/tiktok/errors.h"
#include "platforms/tiktok/tiktok.h"

int tt_api_url(char *out, size_t size, const char *path, struct ag_error *err)
{
    const char *base = ag_network_api_base(&ag_tiktok_network, "api");
    size_t blen = strlen(base);
    while (blen && base[blen - 1] == '/')
        blen--;
    int n = snprintf(out, size, "%.*s%s", (int)blen, base, path);
    if (n < 0 || (size_t)n >= size)
        return ag_error_set(err, AG_EUSAGE, "AGORAS_TIKTOK_API_BASE is too long");
    return 0;
}

const char *tt_authorize_base(void)
{
    return ag_network_api_base(&ag_tiktok_network, "authorize");
}

static char *dup_json_string(json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return s ? strdup(s) : NULL;
}

/*
 * A token lifetime from the server, in seconds: a positive integer, clamped to 10 years so that
 * "now + lifetime" cannot overflow; -1 when absent, not an integer, zero or negative (expired).
 */
static int64_t lifetime(json_t *body, const char *key)
{
    json_t *v = json_object_get(body, key);
    if (!json_is_integer(v) || json_integer_value(v) <= 0)
        return -1;
    return json_integer_value(v) < TT_MAX_LIFETIME_S ? (int64_t)json_integer_value(v) : TT_MAX_LIFETIME_S;
}

/* Map the flat OAuth answer (§1.4) to a struct ag_token or an error. */
static int parse_token_answer(long http, json_t *body, struct ag_token *out, struct ag_error *err)
{
    if (!body)
        return ag_error_set(err, http >= 500 ? AG_ETEMP : AG_EFAIL,
                            "tiktok: the token endpoint answered HTTP %ld without JSON", http);
    const char *error = json_string_value(json_object_get(body, "error"));
    if (error && *error)
        return tt_error_from_oauth(err, http, error,
                                   json_string_value(json_object_get(body, "error_description")));
    if (http != 200)
        return tt_error_from_oauth(err, http, NULL, NULL);
    struct ag_token t = {0};
    t.access_token = dup_json_string(body, "access_token");
    t.refresh_token = dup_json_string(body, "refresh_token");
    const char *open_id = json_string_value(json_object_get(body, "open_id"));
    if (open_id)
        t.extra = json_pack("{s:s}", "open_id", open_id);
    t.scope = dup_json_string(body, "scope");
    t.expires_in = lifetime(body, "expires_in");
    /* Not refused when nonsense: the refresh token has already rotated, and losing it is worse. */
    t.refresh_expires_in = lifetime(body, "refresh_expires_in");
    if (t.refresh_expires_in < 0)
        t.refresh_expires_in = 0;
    if (!t.access_token || !*t.access_token || !t.refresh_token || !*t.refresh_token || t.expires_in < 0) {
        ag_token_free(&t);
        return ag_error_set(err, AG_EFAIL,
                            "tiktok: the token endpoint's answer lacks access_token, refresh_token or a "
                            "positive integer expires_in");
    }
    ag_log_add_secret(t.access_token);
    ag_log_add_secret(t.refresh_token);
    *out = t;
    return 0;
}

static int post_token_form(const char *const *fields, struct ag_token *out, struct ag_error *err)
{
    char url[1024];
    int rc = tt_api_url(url, sizeof(url), "/v2/oauth/token/", err);
    if (rc < 0)
        return rc;
    long http = 0;
    json_t *body = NULL;
    /* Not idempotent: a code is single-use and a refresh rotates the token. */
    rc = ag_http_post_form(url, fields, 0, &http, &body, err);
    if (rc == 0)
        rc = parse_token_answer(http, body, out, err);
    json_decref(body);
    return rc;
}

int tt_oauth_exchange_code(const char *client_key, const char *client_secret, const char *code,
                           const char *redirect_uri, const char *code_verifier, struct ag_token *out,
                           struct ag_error *err)
{
    const char *fields[] = {
        "client_key", client_key,           "client_secret", client_secret, "code",          code,
        "grant_type", "authorization_code", "redirect_uri",  redirect_uri,  "code_verifier", code_verifier,
        NULL};
    return post_token_form(fields, out, err);
}

int tt_oauth_refresh(const char *client_key, const char *client_secret, const char *refresh_token,
                     struct ag_token *out, struct ag_error *err)
{
    const char *fields[] = {"client_key",    client_key,      "client_secret", client_secret, "grant_type",
                            "refresh_token", "refresh_token", refresh_token,   NULL};
    return post_token_form(fields, out, err);
}

int tt_oauth_revoke(const char *client_key, const char *client_secret, const char *access_token,
                    struct ag_error *err)
{
    char url[1024];
    int rc = tt_api_url(url, sizeof(url), "/v2/oauth/revoke/", err);
    if (rc < 0)
        return rc;
    const char *fields[] = {"client_key", client_key, "client_secret", client_secret, "token",
                            access_token, NULL};
    long http = 0;
    json_t *body = NULL;
    rc = ag_http_post_form(url, fields, 1, &http, &body, err);
    if (rc == 0) {
        const char *error = json_string_value(json_object_get(body, "error"));
        if ((error && *error) || http != 200)
            rc = tt_error_from_oauth(err, http, error,
                                     json_string_value(json_object_get(body, "error_description")));
    }
    json_decref(body);
    return rc;
}

static int unwrap_envelope(long http, json_t *body, json_t **data, char *api_code, size_t api_code_size,
                           struct ag_error *err)
{
    json_t *error = json_object_get(body, "error");
    const char *code = json_string_value(json_object_get(error, "code"));
    if (api_code && api_code_size)
        snprintf(api_code, api_code_size, "%s", code ? code : "");
    if (!body || !json_is_object(body))
        return ag_error_set(err, http == 429 || http >= 500 ? AG_ETEMP : AG_EFAIL,
                            "tiktok: unexpected answer (HTTP %ld, not a JSON object)", http);
    /* Success is error.code == "ok", whatever the HTTP status says (creator_info's 200 errors). */
    if (!code || strcmp(code, "ok") != 0 || http < 200 || http > 299)
        return tt_error_from_api(err, http, code, json_string_value(json_object_get(error, "message")),
                                 json_string_value(json_object_get(error, "log_id")));
    json_t *d = json_object_get(body, "data");
    *data = d ? json_incref(d) : json_object();
    return 0;
}

/*
 * Whether TikTok's answer to a creating request (init) proves its outcome: only a refusal TikTok
 * documents (rate_limit_exceeded on a 429) or a readable envelope does; a request that never left
 * (connection refused, http 0) is settled by net/create.c.
 */
static int answer_understood(long http, const char *code)
{
    return http == 429 ? strcmp(code, "rate_limit_exceeded") == 0 : *code != '\0';
}

int tt_api_post(const char *bearer, const char *path, json_t *body, int idempotent, json_t **data,
                char *api_code, size_t api_code_size, struct ag_error *err)
{
    char url[1024], code[64] = "";
    int rc = tt_api_url(url, sizeof(url), path, err);
    if (rc < 0)
        return rc;
    /* creator_info documents no body; "{}" is what TikTok's own examples send for empty requests. */
    json_t *empty = body ? NULL : json_object();
    long status = 0;
    json_t *parsed = NULL;
    rc = ag_http_post_json(url, bearer, body ? body : empty, idempotent, &status, &parsed, err);
    if (rc == 0)
        rc = unwrap_envelope(status, parsed, data, code, sizeof(code), err);
    if (!idempotent)
        rc = ag_create_settle(rc, status, answer_understood(status, code), TT_MAYBE_CREATED, err);
    if (api_code && api_code_size)
        snprintf(api_code, api_code_size, "%s", code);
    json_decref(parsed);
    json_decref(empty);
    return rc;
}
