#include "platforms/telegram/api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/http.h"
#include "core/log.h"
#include "net/create.h"
#include "platforms/telegram/reply.h"
#include "platforms/telegram/request.h"

/* Room for "<base>/bot<token>/<method>". */
#define URL_MAX 2048

/* Reads are tried this often; a send twice at most (once more after a flood-control refusal). */
#define READ_ATTEMPTS   3
#define CREATE_ATTEMPTS 2

/* Up to 50 MB and its answer: 600 s is about 85 kB/s (Python Agoras allows 300 s per write). */
#define UPLOAD_TIMEOUT_S 600

void tg_token_hide(const char *token)
{
    if (!token)
        return;
    ag_log_add_secret(token);
    const char *colon = strchr(token, ':');
    if (colon)
        ag_log_add_secret(colon + 1);
}

/* A parameter as a form field: strings as they are, anything else as its JSON text (malloc'd). */
static char *field_text(json_t *v)
{
    if (json_is_string(v))
        return strdup(json_string_value(v));
    if (json_is_integer(v)) {
        char n[32];
        snprintf(n, sizeof(n), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return strdup(n);
    }
    return json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
}

/*
 * The multipart body: every parameter, then the files.  *parts and the texts they point to are
 * malloc'd (free_parts).
 */
static int build_parts(json_t *params, const struct tg_upload *files, size_t n_files,
                       struct ag_http_part **out, struct ag_error *err)
{
    size_t n = json_object_size(params), i = 0;
    struct ag_http_part *parts = calloc(n + n_files + 1, sizeof(*parts));
    if (!parts)
        return ag_error_set(err, AG_EFAIL, "out of memory");
    const char *key;
    json_t *v;
    json_object_foreach(params, key, v)
    {
        parts[i] = (struct ag_http_part){.name = key, .value = field_text(v), .fd = -1};
        if (!parts[i++].value) {
            *out = parts;
            return ag_error_set(err, AG_EFAIL, "out of memory");
        }
    }
    for (size_t f = 0; f < n_files; f++, i++)
        parts[i] = (struct ag_http_part){.name = files[f].part,
                                         .fd = files[f].fd,
                                         .len = files[f].size,
                                         .filename = files[f].filename,
                                         .content_type = files[f].content_type};
    *out = parts;
    return 0;
}

static void free_parts(struct ag_http_part *parts)
{
    for (struct ag_http_part *p = parts; p && p->name; p++)
        if (p->fd < 0)
            free((char *)p->value);
    free(parts);
}

int tg_call(const char *token, const char *method, json_t *params, const struct tg_upload *files,
            size_t n_files, int create, json_t **result, struct ag_error *err)
{
    char url[URL_MAX];
    *result = NULL;
    tg_token_hide(token);
    int rc = tg_method_url(token, method, url, sizeof(url), err);
    if (rc < 0)
        return rc;

    struct ag_http_request req;
    struct ag_http_response res;
    struct ag_http_part *parts = NULL;
    char *body = NULL;
    ag_http_request_init(&req);
    ag_http_response_init(&res);
    req.method = "POST";
    req.url = url;
    req.idempotent = !create;
    req.max_attempts = create ? CREATE_ATTEMPTS : READ_ATTEMPTS;
    req.max_wait_s = TG_MAX_WAIT_S;
    if (n_files) {
        rc = build_parts(params, files, n_files, &parts, err);
        req.parts = parts;
        req.timeout_s = UPLOAD_TIMEOUT_S;
    } else if (!(body = json_dumps(params, JSON_COMPACT))) {
        rc = ag_error_set(err, AG_EFAIL, "out of memory");
    } else {
        req.content_type = "application/json";
        req.body = body;
        req.body_len = strlen(body);
    }
    if (rc == 0)
        rc = ag_http_perform(&req, &res, err);

    struct tg_reply reply = {0};
    if (rc == 0)
        rc = tg_reply_parse(res.status, res.body.data, res.body.len, method, &reply, err);
    if (rc < 0 && create && res.status >= 500) /* reply.c's "try again later" is not for a send */
        ag_error_set(err, AG_ETEMP, "telegram: %s: Telegram answered HTTP %ld", method, res.status);
    if (create)
        rc = ag_create_settle(rc, res.status, reply.envelope, TG_MAYBE_POSTED, err);
    if (rc == 0)
        *result = json_incref(reply.result);
    tg_reply_free(&reply);
    ag_http_response_free(&res);
    free_parts(parts);
    free(body);
    return rc;
}
