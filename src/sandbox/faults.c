/*
 * Fault injection: per-path queues of canned failures, consumed one per request, in order.
 *
 *   --fault /v2/post/publish/video/init/=429,500     next two requests answer 429 then 500
 *   --fault upload=500,drop                          PATH "upload" matches any PUT to an upload_url
 *
 * A code is an HTTP status 400-599, optionally with the error code to send (403:spam_risk_too_many_posts),
 * or "drop" (close the connection without answering) or "stall" (wait --stall-ms, then answer
 * normally, so client timeouts can be exercised).  Error bodies use the shape of the path: flat
 * OAuth JSON under /v2/oauth/, HTML for the authorize page, TikTok's envelope elsewhere.  A 429
 * carries Retry-After: 1 (--retry-after S).  Faults can also be queued at runtime with POST /_sandbox/fault.
 *
 *   --fault processing=internal,spam_risk_text       the next posts whose media pass the checks FAIL
 *                                                    with these fail_reasons (moderation, hiccups)
 */
#include "sandbox/sandbox.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/num.h"

struct sbx_fault_queue {
    json_t *by_path; /* path -> array of code strings, under sbx->lock */
};

int sbx_faults_init(struct sbx *s)
{
    size_t i;
    json_t *spec;
    s->faults = calloc(1, sizeof(*s->faults));
    if (!s->faults)
        return -1;
    s->faults->by_path = json_object();
    json_array_foreach(s->cfg.fault_specs, i, spec)
    {
        const char *text = json_string_value(spec);
        const char *eq = strrchr(text, '=');
        char path[512];
        if (!eq || eq == text || (size_t)(eq - text) >= sizeof(path)) {
            ag_err("invalid --fault '%s': expected PATH=CODE[,CODE...]", text);
            return -1;
        }
        memcpy(path, text, (size_t)(eq - text));
        path[eq - text] = '\0';
        if (sbx_faults_add(s, path, eq + 1) < 0) {
            ag_err("invalid --fault '%s': codes are 400-599[:error_code], drop or stall", text);
            return -1;
        }
    }
    return 0;
}

void sbx_faults_free(struct sbx *s)
{
    if (s->faults)
        json_decref(s->faults->by_path);
    free(s->faults);
    s->faults = NULL;
}

/* fail_reasons a post can get after its transfer, beyond the media checks (status/fetch docs). */
static const char *const processing_reasons[] = {"internal",
                                                 "spam_risk_too_many_posts",
                                                 "spam_risk_user_banned_from_posting",
                                                 "spam_risk_text",
                                                 "spam_risk",
                                                 NULL};

static bool code_valid(const char *path, const char *code)
{
    if (strcmp(path, "processing") == 0) {
        for (const char *const *r = processing_reasons; *r; r++)
            if (strcmp(code, *r) == 0)
                return true;
        return false;
    }
    int64_t status;
    char num[8];
    size_t n = strcspn(code, ":");
    if (strcmp(code, "drop") == 0 || strcmp(code, "stall") == 0)
        return true;
    if (n == 0 || n >= sizeof(num) || (code[n] == ':' && code[n + 1] == '\0'))
        return false;
    memcpy(num, code, n);
    num[n] = '\0';
    return ag_parse_i64(num, 400, 599, &status) == 0;
}

int sbx_faults_add(struct sbx *s, const char *path, const char *codes)
{
    json_t *add = json_array();
    char *copy = strdup(codes), *save = NULL;
    int rc = 0;
    for (char *c = strtok_r(copy, ",", &save); c; c = strtok_r(NULL, ",", &save)) {
        if (!code_valid(path, c))
            rc = -1;
        json_array_append_new(add, json_string(c));
    }
    if (rc == 0 && json_array_size(add) > 0) {
        pthread_mutex_lock(&s->lock);
        json_t *queue = json_object_get(s->faults->by_path, path);
        if (!queue)
            json_object_set_new(s->faults->by_path, path, queue = json_array());
        json_array_extend(queue, add);
        pthread_mutex_unlock(&s->lock);
    } else
        rc = -1;
    json_decref(add);
    free(copy);
    return rc;
}

/* Pop the next queued code for key (caller holds the lock); caller frees. */
static char *pop_fault(struct sbx *s, const char *key)
{
    char *code = NULL;
    json_t *queue = json_object_get(s->faults->by_path, key);
    if (json_array_size(queue) > 0) {
        code = strdup(json_string_value(json_array_get(queue, 0)));
        json_array_remove(queue, 0);
    }
    return code;
}

static char *next_fault(struct sbx *s, const char *key)
{
    pthread_mutex_lock(&s->lock);
    char *code = pop_fault(s, key);
    pthread_mutex_unlock(&s->lock);
    return code;
}

const char *sbx_faults_processing(struct sbx *s)
{
    char *code = pop_fault(s, "processing");
    const char *reason = NULL;
    for (const char *const *r = processing_reasons; code && *r; r++)
        if (strcmp(code, *r) == 0)
            reason = *r;
    free(code);
    return reason;
}

static const char *default_code(unsigned status)
{
    switch (status) {
    case 400:
        return "invalid_params";
    case 401:
        return "access_token_invalid";
    case 403:
        return "access_denied";
    case 404:
        return "not_found";
    case 429:
        return "rate_limit_exceeded";
    default:
        return status >= 500 ? "internal_error" : "invalid_request";
    }
}

static const char *oauth_code(unsigned status)
{
    if (status == 401)
        return "invalid_client";
    if (status == 503 || status == 429)
        return "temporarily_unavailable";
    return status >= 500 ? "server_error" : "invalid_request";
}

static void answer_fault(struct sbx_req *r, const char *code)
{
    char retry_after[24];
    char num[8];
    size_t n = strcspn(code, ":");
    memcpy(num, code, n);
    num[n] = '\0';
    unsigned status = (unsigned)strtoul(num, NULL, 10);
    const char *error = code[n] == ':' ? code + n + 1 : NULL;

    if (strncmp(r->path, "/v2/oauth/", 10) == 0)
        sbx_reply_oauth(r, status, error ? error : oauth_code(status), "injected fault");
    else if (strcmp(r->path, "/v2/auth/authorize/") == 0)
        sbx_reply_html(r, status,
                       "<!doctype html><title>Error</title><p>Something went wrong (injected fault).");
    else
        sbx_reply_api(r, status, NULL, error ? error : default_code(status), "injected fault");
    if (status == 429) {
        snprintf(retry_after, sizeof(retry_after), "%ld", r->sbx->cfg.retry_after_s);
        sbx_add_header(r, "Retry-After", retry_after);
    }
}

bool sbx_faults_apply(struct sbx_req *r)
{
    struct sbx *s = r->sbx;
    bool emulated = strncmp(r->path, "/v2/", 4) == 0 || r->is_upload;
    if (emulated && s->cfg.latency_ms > 0)
        sbx_sleep_ms(s, s->cfg.latency_ms);

    char *code = next_fault(s, r->is_upload ? "upload" : r->path);
    bool answered = false;
    if (!code)
        return false;
    ag_info("fault %s on %s %s", code, r->method, r->path);
    if (strcmp(code, "drop") == 0) {
        r->drop = true;
        answered = true;
    } else if (strcmp(code, "stall") == 0) {
        sbx_sleep_ms(s, s->cfg.stall_ms);
    } else {
        answer_fault(r, code);
        answered = true;
    }
    free(code);
    return answered;
}
