/*
 * Fault injection: per-route queues of canned failures, consumed one per request, in order.
 * A queue is keyed "NET:KEY", KEY being what /_sandbox/requests counts (TikTok: the path, or
 * "upload" for any PUT to an upload_url; Telegram: the method name).  Without "NET:" a key is
 * TikTok's, so the fault names from before the prefixes keep working:
 *
 *   --fault /v2/post/publish/video/init/=429,500     next two requests answer 429 then 500
 *   --fault telegram:sendMessage=429,drop            Telegram flood control, then a dropped connection
 *
 * A code is an HTTP status 400-599, optionally with the error code to send (403:spam_risk_too_many_posts),
 * or "drop" (close the connection without answering) or "stall" (wait --stall-ms, then answer
 * normally, so client timeouts can be exercised).  Error bodies take the network's own shape
 * (its reply_fault); a 429 says to retry after --retry-after seconds.  A network may accept other
 * kinds for keys of its own (TikTok: "processing" fail_reasons); one queued on a request's own
 * route key is left in r->fault for the handler (X: x:tweets=commit_drop).  Faults can also be queued at
 * runtime with POST /_sandbox/fault.
 */
#include "sandbox/sandbox.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/num.h"

struct sbx_fault_queue {
    json_t *by_key; /* "net:key" -> array of code strings, under sbx->lock */
};

int sbx_faults_init(struct sbx *s)
{
    size_t i;
    json_t *spec;
    s->faults = calloc(1, sizeof(*s->faults));
    if (!s->faults)
        return -1;
    s->faults->by_key = json_object();
    json_array_foreach(s->cfg.fault_specs, i, spec)
    {
        const char *text = json_string_value(spec);
        const char *eq = strrchr(text, '=');
        char key[512];
        if (!eq || eq == text || (size_t)(eq - text) >= sizeof(key)) {
            ag_err("invalid --fault '%s': expected [NET:]KEY=CODE[,CODE...]", text);
            return -1;
        }
        memcpy(key, text, (size_t)(eq - text));
        key[eq - text] = '\0';
        if (sbx_faults_add(s, key, eq + 1) < 0) {
            ag_err(
                "invalid --fault '%s': NET is tiktok, telegram or x, codes are 400-599[:error_code], drop or "
                "stall",
                text);
            return -1;
        }
    }
    return 0;
}

void sbx_faults_free(struct sbx *s)
{
    if (s->faults)
        json_decref(s->faults->by_key);
    free(s->faults);
    s->faults = NULL;
}

static bool code_valid(const struct sbx_network *net, const char *key, const char *code)
{
    int64_t status;
    char num[8];
    size_t n = strcspn(code, ":");
    int own = net->fault_kind ? net->fault_kind(key, code) : -1;
    if (own >= 0)
        return own == 1;
    if (strcmp(code, "drop") == 0 || strcmp(code, "stall") == 0)
        return true;
    if (n == 0 || n >= sizeof(num) || (code[n] == ':' && code[n + 1] == '\0'))
        return false;
    memcpy(num, code, n);
    num[n] = '\0';
    return ag_parse_i64(num, 400, 599, &status) == 0;
}

/* "net:key" for a key as written; NULL for an unknown network.  A '/' first means a TikTok path. */
static const struct sbx_network *split_key(const char *key, const char **rest)
{
    size_t n = strcspn(key, ":/");
    *rest = key;
    if (key[n] != ':')
        return &sbx_tiktok;
    *rest = key + n + 1;
    return sbx_network_named(key, n);
}

int sbx_faults_add(struct sbx *s, const char *key, const char *codes)
{
    const char *rest;
    const struct sbx_network *net = split_key(key, &rest);
    if (!net || !*rest)
        return -1;
    json_t *add = json_array();
    char *copy = strdup(codes), *save = NULL, full[600];
    int rc = 0;
    snprintf(full, sizeof(full), "%s:%s", net->name, rest);
    for (char *c = strtok_r(copy, ",", &save); c; c = strtok_r(NULL, ",", &save)) {
        if (!code_valid(net, rest, c))
            rc = -1;
        json_array_append_new(add, json_string(c));
    }
    if (rc == 0 && json_array_size(add) > 0) {
        pthread_mutex_lock(&s->lock);
        json_t *queue = json_object_get(s->faults->by_key, full);
        if (!queue)
            json_object_set_new(s->faults->by_key, full, queue = json_array());
        json_array_extend(queue, add);
        pthread_mutex_unlock(&s->lock);
    } else
        rc = -1;
    json_decref(add);
    free(copy);
    return rc;
}

char *sbx_faults_pop(struct sbx *s, const char *full_key)
{
    char *code = NULL;
    json_t *queue = json_object_get(s->faults->by_key, full_key);
    if (json_array_size(queue) > 0) {
        code = strdup(json_string_value(json_array_get(queue, 0)));
        json_array_remove(queue, 0);
    }
    return code;
}

bool sbx_faults_apply(struct sbx_req *r)
{
    struct sbx *s = r->sbx;
    char own[1040];
    if (*r->key && s->cfg.latency_ms > 0)
        sbx_sleep_ms(s, s->cfg.latency_ms);
    /* The sandbox's own paths (a slow /media/ file for pulls) take faults keyed by their path. */
    snprintf(own, sizeof(own), "tiktok:%s", r->path);
    pthread_mutex_lock(&s->lock);
    char *code = sbx_faults_pop(s, *r->key ? r->key : own);
    pthread_mutex_unlock(&s->lock);
    bool answered = false;
    if (!code)
        return false;
    ag_info("fault %s on %s %s", code, r->method, *r->key ? r->key : r->path);
    const struct sbx_network *net = r->net ? r->net : &sbx_tiktok;
    if (*r->key && net->fault_kind && net->fault_kind(r->key + strlen(net->name) + 1, code) == 1) {
        snprintf(r->fault, sizeof(r->fault), "%s", code); /* the handler acts on it */
    } else if (strcmp(code, "drop") == 0) {
        r->drop = true;
        answered = true;
    } else if (strcmp(code, "stall") == 0) {
        sbx_sleep_ms(s, s->cfg.stall_ms);
    } else {
        net->reply_fault(r, (unsigned)strtoul(code, NULL, 10),
                         strchr(code, ':') ? strchr(code, ':') + 1 : NULL);
        answered = true;
    }
    free(code);
    return answered;
}
