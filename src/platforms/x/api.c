/* One signed call to X (see api.h). */
#include "platforms/x/api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/oauth.h"
#include "core/oauth1.h"
#include "net/create.h"
#include "net/network.h"
#include "platforms/x/codes.h"
#include "platforms/x/x.h"

#define URL_MAX         2048
#define READ_ATTEMPTS   3
#define CREATE_ATTEMPTS 2 /* once more only after a 429: X refused the first */

static int api_url(const char *path, char *out, size_t size, struct ag_error *err)
{
    const char *base = ag_network_api_base(&ag_x_network, "api");
    size_t n = strlen(base);
    while (n > 0 && base[n - 1] == '/')
        n--;
    if ((size_t)snprintf(out, size, "%.*s%s", (int)n, base, path) >= size)
        return ag_error_set(err, AG_EUSAGE, "AGORAS_X_API_BASE is too long");
    return 0;
}

int x_send(const struct x_creds *c, const struct x_call *call, struct ag_http_response *res,
           struct ag_error *err)
{
    char url[URL_MAX];
    int rc = api_url(call->path, url, sizeof(url), err);
    if (rc < 0)
        return rc;
    struct ag_oauth1 signer = {.consumer_key = c->consumer_key,
                               .consumer_secret = c->consumer_secret,
                               .token = c->token,
                               .token_secret = c->token_secret,
                               .callback = call->callback,
                               .verifier = call->verifier,
                               .form_body = call->form};
    struct ag_http_request req;
    char *body = NULL;
    ag_http_request_init(&req);
    req.method = call->method;
    req.url = url;
    req.auth = ag_oauth1_auth;
    req.auth_ctx = &signer;
    req.idempotent = call->maybe_created == NULL;
    req.max_attempts = call->maybe_created ? CREATE_ATTEMPTS : READ_ATTEMPTS;
    req.max_wait_s = X_MAX_WAIT_S;
    req.timeout_s = call->timeout_s;
    if (call->json) {
        if (!(body = json_dumps(call->json, JSON_COMPACT)))
            return ag_error_set(err, AG_EFAIL, "out of memory");
        req.content_type = "application/json";
        req.body = body;
        req.body_len = strlen(body);
    } else if (call->form) {
        req.content_type = "application/x-www-form-urlencoded";
        req.body = call->form;
        req.body_len = strlen(call->form);
    } else {
        req.parts = call->parts;
    }
    rc = ag_http_perform(&req, res, err);
    free(body);
    if (rc == 0 && (res->status < 200 || res->status > 299))
        rc = x_answer_error(res, call->what, err);
    return rc;
}

int x_call_json(const struct x_creds *c, const struct x_call *call, json_t **data, struct ag_error *err)
{
    struct ag_http_response res;
    ag_http_response_init(&res);
    *data = NULL;
    int rc = x_send(c, call, &res, err);
    json_t *j = rc == 0 ? json_loadb(res.body.data, res.body.len, 0, NULL) : NULL;
    json_t *d = json_object_get(j, "data");
    if (rc == 0 && !json_is_object(d))
        rc = ag_error_set(err, AG_EFAIL, "x: %s: X answered HTTP %ld without a readable 'data' object",
                          call->what, res.status);
    if (call->maybe_created) /* a 429 is X's refusal: nothing was created */
        rc = ag_create_settle(rc, res.status, res.status == 429 || (rc == 0), call->maybe_created, err);
    if (rc == 0)
        *data = json_incref(d);
    json_decref(j);
    ag_http_response_free(&res);
    return rc;
}

int x_authorize_url(const char *request_token, char **out, struct ag_error *err)
{
    const char *params[] = {"oauth_token", request_token, NULL};
    const char *env = getenv("AGORAS_X_AUTHORIZE_URL");
    char base[URL_MAX];
    int rc = 0;
    if (env && *env) /* else the consent page is on the API's host, as on api.x.com */
        snprintf(base, sizeof(base), "%s", env);
    else
        rc = api_url("/oauth/authorize", base, sizeof(base), err);
    return rc < 0 ? rc : ag_oauth_authorize_url(base, params, out, err);
}
