/* Threads' HTTP API (see api.h). */
#include "platforms/threads/api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/http.h"
#include "core/log.h"
#include "core/oauth.h"
#include "core/secret.h"
#include "net/create.h"
#include "platforms/threads/codes.h"
#include "platforms/threads/threads.h"

#define URL_MAX       2048
#define MAX_PARAMS    24
#define READ_ATTEMPTS 3

/* <base><path> with the base's trailing slashes dropped. */
static int base_url(const char *path, char *out, size_t size, struct ag_error *err)
{
    const char *base = ag_network_api_base(&ag_threads_network, "api");
    size_t n = strlen(base);
    while (n > 0 && base[n - 1] == '/')
        n--;
    if ((size_t)snprintf(out, size, "%.*s%s", (int)n, base, path) >= size)
        return ag_error_set(err, AG_EUSAGE, "AGORAS_THREADS_API_BASE is too long");
    return 0;
}

/* params plus access_token, into fields (MAX_PARAMS pairs at most). */
static int with_token(const char *const *params, const char *token, const char **fields, struct ag_error *err)
{
    size_t n = 0;
    for (; params && params[n]; n += 2) {
        if (n + 4 >= 2 * MAX_PARAMS)
            return ag_error_set(err, AG_EFAIL, "threads: too many parameters");
        fields[n] = params[n];
        fields[n + 1] = params[n + 1];
    }
    fields[n++] = "access_token";
    fields[n++] = token;
    fields[n] = NULL;
    return 0;
}

/* A GET or DELETE with fields in the query: the status and the parsed answer (NULL if not JSON). */
static int send_query(const char *method, const char *url_base, const char *const *fields, int idempotent,
                      long *status, json_t **body, struct ag_error *err)
{
    char *url = NULL;
    int rc = ag_oauth_authorize_url(url_base, fields, &url, err);
    if (rc < 0)
        return rc;
    struct ag_http_request req;
    struct ag_http_response res;
    ag_http_request_init(&req);
    ag_http_response_init(&res);
    req.method = method;
    req.url = url;
    req.idempotent = idempotent;
    req.max_attempts = READ_ATTEMPTS;
    rc = ag_http_perform(&req, &res, err);
    *status = res.status;
    *body = rc == 0 ? json_loadb(res.body.data, res.body.len, 0, NULL) : NULL;
    ag_http_response_free(&res);
    ag_secret_free(url); /* it holds the token */
    return rc;
}

int th_api_call(const char *token, const struct th_call *call, json_t **out, char *code, size_t code_size,
                char *subcode, size_t subcode_size, struct ag_error *err)
{
    char url[URL_MAX], path[URL_MAX], sub[64];
    const char *fields[2 * MAX_PARAMS + 1];
    long status = 0;
    json_t *body = NULL;
    *out = NULL;
    code[0] = '\0';
    if (!subcode)
        subcode = sub, subcode_size = sizeof(sub);
    subcode[0] = '\0';
    snprintf(path, sizeof(path), "/v1.0%s", call->path);
    int rc = base_url(path, url, sizeof(url), err);
    if (rc == 0)
        rc = with_token(call->params, token, fields, err);
    if (rc < 0)
        return rc;
    int idempotent = call->maybe_created == NULL;
    if (strcmp(call->method, "POST") == 0)
        rc = ag_http_post_form(url, fields, idempotent, &status, &body, err);
    else
        rc = send_query(call->method, url, fields, idempotent, &status, &body, err);
    int ok = rc == 0 && status >= 200 && status <= 299 && json_is_object(body);
    if (rc == 0 && !ok) {
        if (json_is_object(body) || status < 200 || status > 299)
            rc = th_error_from_answer(status, body, call->what, code, code_size, subcode, subcode_size, err);
        else
            rc = ag_error_set(err, AG_EFAIL, "threads: %s: Threads answered HTTP %ld without a JSON object",
                              call->what, status);
    }
    /* Threads' own refusal (its error object) proves nothing was done; anything else may have been. */
    if (call->maybe_created)
        rc = ag_create_settle(rc, status, ok || json_is_object(json_object_get(body, "error")),
                              call->maybe_created, err);
    if (rc == 0)
        *out = json_incref(body);
    json_decref(body);
    return rc;
}

int th_authorize_url(const char *const *params, char **out, struct ag_error *err)
{
    return ag_oauth_authorize_url(ag_network_api_base(&ag_threads_network, "authorize"), params, out, err);
}

/* A token endpoint's refusal or unreadable answer. */
static int token_error(long status, json_t *body, const char *what, struct ag_error *err)
{
    char code[64], sub[64];
    if (!json_is_object(body))
        return ag_error_set(err, status >= 500 || status == 429 ? AG_ETEMP : AG_EFAIL,
                            "threads: %s: Threads answered HTTP %ld without JSON", what, status);
    return th_error_from_answer(status, body, what, code, sizeof(code), sub, sizeof(sub), err);
}

int th_oauth_code(const char *app_id, const char *app_secret, const char *redirect_uri, const char *code,
                  char **short_token, char **user_id, struct ag_error *err)
{
    char url[URL_MAX];
    const char *fields[] = {
        "client_id",    app_id,       "client_secret", app_secret, "grant_type", "authorization_code",
        "redirect_uri", redirect_uri, "code",          code,       NULL};
    long status = 0;
    json_t *body = NULL;
    int rc = base_url("/oauth/access_token", url, sizeof(url), err);
    /* Not idempotent: the code is single-use. */
    if (rc == 0)
        rc = ag_http_post_form(url, fields, 0, &status, &body, err);
    const char *token = json_string_value(json_object_get(body, "access_token"));
    json_t *uid = json_object_get(body, "user_id");
    if (rc == 0 && (status != 200 || !token))
        rc = status == 200
                 ? ag_error_set(err, AG_EFAIL, "threads: the code exchange answered no access_token")
                 : token_error(status, body, "code exchange", err);
    char id[32] = "";
    if (json_is_integer(uid)) /* 17 digits: jansson's 64-bit integer keeps them all */
        snprintf(id, sizeof(id), "%" JSON_INTEGER_FORMAT, json_integer_value(uid));
    else if (json_is_string(uid))
        snprintf(id, sizeof(id), "%s", json_string_value(uid));
    if (rc == 0 && !*id)
        rc = ag_error_set(err, AG_EFAIL, "threads: the code exchange answered no user_id");
    if (rc == 0) {
        *short_token = strdup(token);
        *user_id = strdup(id);
        ag_log_add_secret(*short_token);
        if (!*short_token || !*user_id)
            rc = ag_error_set(err, AG_EFAIL, "out of memory");
    }
    json_decref(body);
    return rc;
}

/* A long-lived token answer ({"access_token","token_type","expires_in"}) into out. */
static int long_lived_answer(long status, json_t *body, const char *what, struct ag_token *out,
                             struct ag_error *err)
{
    const char *token = json_string_value(json_object_get(body, "access_token"));
    json_t *life = json_object_get(body, "expires_in");
    if (status != 200)
        return token_error(status, body, what, err);
    if (!token || !*token || !json_is_integer(life) || json_integer_value(life) <= 0)
        return ag_error_set(err, AG_EFAIL,
                            "threads: %s: the answer lacks access_token or a positive integer expires_in",
                            what);
    memset(out, 0, sizeof(*out));
    out->access_token = strdup(token);
    out->refresh_token = strdup(token); /* the long-lived token is its own refresh token */
    out->expires_in =
        json_integer_value(life) < TH_MAX_LIFETIME_S ? json_integer_value(life) : TH_MAX_LIFETIME_S;
    out->extra = json_pack("{s:I}", "issued_at", (json_int_t)time(NULL));
    if (!out->access_token || !out->refresh_token || !out->extra) {
        ag_token_free(out);
        return ag_error_set(err, AG_EFAIL, "out of memory");
    }
    ag_log_add_secret(out->access_token);
    return 0;
}

static int token_get(const char *path, const char *const *fields, const char *what, struct ag_token *out,
                     struct ag_error *err)
{
    char url[URL_MAX];
    long status = 0;
    json_t *body = NULL;
    int rc = base_url(path, url, sizeof(url), err);
    if (rc == 0)
        rc = send_query("GET", url, fields, 1, &status, &body, err);
    if (rc == 0)
        rc = long_lived_answer(status, body, what, out, err);
    json_decref(body);
    return rc;
}

int th_oauth_long_lived(const char *app_secret, const char *short_token, struct ag_token *out,
                        struct ag_error *err)
{
    const char *fields[] = {
        "grant_type", "th_exchange_token", "client_secret", app_secret, "access_token", short_token, NULL};
    return token_get("/access_token", fields, "long-lived token exchange", out, err);
}

int th_oauth_refresh(const char *long_token, struct ag_token *out, struct ag_error *err)
{
    const char *fields[] = {"grant_type", "th_refresh_token", "access_token", long_token, NULL};
    return token_get("/refresh_access_token", fields, "token refresh", out, err);
}
