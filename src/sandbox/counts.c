/*
 * GET /_sandbox/requests: how many requests each emulated route received, as JSON
 * ({"tiktok:/v2/post/publish/video/init/": 2, "telegram:sendMessage": 1}), so tests count calls
 * instead of grepping the log.  Every request routed to an emulated endpoint counts, answered,
 * faulted or dropped.  Requests are numbered from 1: the answer's X-Sandbox-Requests header is the
 * number of the last one, and ?since=N counts only the requests after N.  DELETE forgets the
 * counts (numbering goes on, so an older N stays meaningful).
 */
#include "sandbox/sandbox.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/num.h"

struct sbx_counts {
    json_t *log; /* the keys of the requests after `forgotten`, in order; under sbx->lock */
    long long forgotten;
};

int sbx_counts_init(struct sbx *s)
{
    s->counts = calloc(1, sizeof(*s->counts));
    if (!s->counts || !(s->counts->log = json_array()))
        return -1;
    return 0;
}

void sbx_counts_free(struct sbx *s)
{
    if (s->counts)
        json_decref(s->counts->log);
    free(s->counts);
    s->counts = NULL;
}

void sbx_counts_add(struct sbx *s, const char *key)
{
    pthread_mutex_lock(&s->lock);
    json_array_append_new(s->counts->log, json_string(key));
    pthread_mutex_unlock(&s->lock);
}

void sbx_admin_requests(struct sbx_req *r)
{
    struct sbx_counts *c = r->sbx->counts;
    const char *since_text = sbx_query(r, "since");
    int64_t since = 0;
    char last[24];
    if (since_text && ag_parse_i64(since_text, 0, INT64_MAX, &since) < 0) {
        sbx_reply_error(r, 400, "invalid_params", "since must be a request number (0 or more)");
        return;
    }
    json_t *counts = json_object();
    pthread_mutex_lock(&r->sbx->lock);
    long long total = c->forgotten + (long long)json_array_size(c->log);
    if (strcmp(r->method, "DELETE") == 0) {
        c->forgotten = total;
        json_array_clear(c->log);
    }
    for (size_t i = since > c->forgotten ? (size_t)(since - c->forgotten) : 0; i < json_array_size(c->log);
         i++) {
        const char *key = json_string_value(json_array_get(c->log, i));
        json_object_set_new(counts, key, json_integer(json_integer_value(json_object_get(counts, key)) + 1));
    }
    pthread_mutex_unlock(&r->sbx->lock);
    snprintf(last, sizeof(last), "%lld", total);
    sbx_reply_json(r, 200, counts);
    sbx_add_header(r, "X-Sandbox-Requests", last);
}
