/*
 * The request lifecycle without any socket: a request is its method, raw target, headers and
 * body; it ends with one answer (status, headers, body) or a drop.  server.c feeds it from
 * libmicrohttpd, tests/fuzz/fuzz_sandbox.c from bytes, so both exercise the same code.
 *
 * Routing: a path under a network's prefix (/telegram/...) goes to that network's route table;
 * the sandbox's own conveniences (/_sandbox/..., /media/, /) and each network's own routes match
 * the full path; everything else goes to the network served at the root (TikTok, whose clients
 * predate the prefixes).  Emulated routes match exactly, trailing slash included, as the networks
 * document them.  Each emulated request is counted (/_sandbox/requests) and may meet a queued fault.
 */
#include "sandbox/sandbox.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define BODY_MAX ((size_t)1 << 20) /* bodies kept in memory; streaming routes write to disk instead */

static const struct sbx_route own_routes[] = {
    {"GET", "/_sandbox/state", .own = true, .fn = sbx_admin_state},
    {"POST", "/_sandbox/fault", .own = true, .fn = sbx_admin_fault},
    {"GET", "/_sandbox/requests", .own = true, .fn = sbx_admin_requests},
    {"DELETE", "/_sandbox/requests", .own = true, .fn = sbx_admin_requests},
    {"GET", "/media/", .prefix = true, .own = true, .fn = sbx_page_local_media},
    {"GET", "/", .own = true, .fn = sbx_page_index},
};

/* ---- name/value lists ---- */

static void kvs_add(struct sbx_kvs *l, char *name, char *value)
{
    char **grown = realloc(l->items, (l->n + 1) * 2 * sizeof(*grown));
    if (!grown || !name || !value) {
        free(name);
        free(value);
        if (grown)
            l->items = grown;
        return;
    }
    l->items = grown;
    l->items[2 * l->n] = name;
    l->items[2 * l->n + 1] = value;
    l->n++;
}

static const char *kvs_get(const struct sbx_kvs *l, const char *name, bool any_case)
{
    for (size_t i = 0; i < l->n; i++)
        if ((any_case ? strcasecmp : strcmp)(l->items[2 * i], name) == 0)
            return l->items[2 * i + 1];
    return NULL;
}

static void kvs_free(struct sbx_kvs *l)
{
    for (size_t i = 0; i < 2 * l->n; i++)
        free(l->items[i]);
    free(l->items);
    l->items = NULL;
    l->n = 0;
}

const char *sbx_header(struct sbx_req *r, const char *name)
{
    return kvs_get(&r->headers, name, true);
}

const char *sbx_query(struct sbx_req *r, const char *name)
{
    return kvs_get(&r->args, name, false);
}

bool sbx_query_repeated(struct sbx_req *r)
{
    for (size_t i = 0; i < r->args.n; i++)
        for (size_t j = i + 1; j < r->args.n; j++)
            if (strcmp(r->args.items[2 * i], r->args.items[2 * j]) == 0)
                return true;
    return false;
}

bool sbx_query_utf8(struct sbx_req *r)
{
    for (size_t i = 0; i < 2 * r->args.n; i++)
        if (!sbx_utf8_valid(r->args.items[i]))
            return false;
    return true;
}

/* ---- the target ---- */

/* "/path?a=1&b" into the decoded path and arguments; false if an escape is malformed. */
static bool parse_target(struct sbx_req *r)
{
    const char *t = r->target ? r->target : "";
    size_t plen = strcspn(t, "?#");
    char *path = sbx_pct_decode(t, plen, false);
    bool ok = path && strlen(path) < sizeof(r->path);
    if (ok)
        snprintf(r->path, sizeof(r->path), "%s", path);
    free(path);
    if (t[plen] != '?')
        return ok;
    for (const char *p = t + plen + 1; ok && *p && *p != '#';) {
        size_t len = strcspn(p, "&#");
        const char *eq = memchr(p, '=', len);
        size_t klen = eq ? (size_t)(eq - p) : len;
        char *k = sbx_pct_decode(p, klen, true);
        char *v = eq ? sbx_pct_decode(eq + 1, len - klen - 1, true) : strdup("");
        ok = k && v;
        if (len > 0)
            kvs_add(&r->args, k, v);
        else {
            free(k);
            free(v);
        }
        p += len + (p[len] == '&');
    }
    return ok;
}

/* ---- the lifecycle ---- */

void sbx_req_init(struct sbx_req *r, struct sbx *s, const char *method, const char *target)
{
    memset(r, 0, sizeof(*r));
    r->sbx = s;
    r->out_fd = -1;
    snprintf(r->method, sizeof(r->method), "%s", method);
    r->target = strdup(target ? target : "");
    r->started_ms = sbx_now_ms();
    ag_buf_init(&r->body, BODY_MAX);
    ag_buf_init(&r->out, 0);
}

void sbx_req_add_header(struct sbx_req *r, const char *name, const char *value)
{
    kvs_add(&r->headers, strdup(name), strdup(value));
}

static bool path_matches(const struct sbx_route *rt, const char *path)
{
    return rt->prefix ? strncmp(path, rt->path, strlen(rt->path)) == 0 : strcmp(path, rt->path) == 0;
}

static bool method_matches(const struct sbx_route *rt, const char *method)
{
    return rt->method ? strcmp(rt->method, method) == 0
                      : strcmp(method, "GET") == 0 || strcmp(method, "POST") == 0;
}

/* The route of routes[] for r (own routes against the full path, others against r->sub). */
static const struct sbx_route *find_route(struct sbx_req *r, const struct sbx_route *routes, size_t n,
                                          bool own, bool *path_known)
{
    for (size_t i = 0; i < n; i++) {
        const struct sbx_route *rt = &routes[i];
        if (rt->own != own || !path_matches(rt, own ? r->path : r->sub))
            continue;
        *path_known = true;
        if (method_matches(rt, r->method))
            return rt;
    }
    return NULL;
}

/* Which network and route r addresses; sets r->net, r->sub, r->route and r->key. */
static void route(struct sbx_req *r)
{
    bool known = false;
    r->sub = r->path;
    for (size_t i = 0; i < sbx_n_networks && !r->net; i++) {
        const struct sbx_network *net = sbx_networks[i];
        size_t n = strlen(net->prefix);
        if (strncmp(r->path, net->prefix, n) == 0 && (r->path[n] == '/' || r->path[n] == '\0')) {
            r->net = net;
            r->sub = r->path + n;
        }
    }
    if (!r->net) {
        r->route = find_route(r, own_routes, sizeof(own_routes) / sizeof(own_routes[0]), true, &known);
        for (size_t i = 0; i < sbx_n_networks && !r->route && !known; i++)
            if ((r->route = find_route(r, sbx_networks[i]->routes, sbx_networks[i]->n_routes, true, &known)))
                r->net = sbx_networks[i];
        if (r->route || known)
            return;
        for (size_t i = 0; i < sbx_n_networks && !r->net; i++)
            if (sbx_networks[i]->at_root)
                r->net = sbx_networks[i];
    }
    r->route = find_route(r, r->net->routes, r->net->n_routes, false, &known);
    if (r->route && (r->route->key || !r->net->route_key))
        snprintf(r->key, sizeof(r->key), "%s:%s", r->net->name,
                 r->route->key ? r->route->key : r->route->path);
    else if (r->route) {
        char key[96] = "";
        r->net->route_key(r, r->sub, key, sizeof(key));
        if (*key)
            snprintf(r->key, sizeof(r->key), "%s:%s", r->net->name, key);
    }
}

void sbx_req_begin(struct sbx_req *r)
{
    if (!parse_target(r)) {
        sbx_reply_error(r, 400, "invalid_params", "the request target has a malformed %%-escape");
        return;
    }
    route(r);
    if (*r->key)
        sbx_counts_add(r->sbx, r->key);
    if (!sbx_faults_apply(r) && r->route && r->route->stream_begin)
        r->route->stream_begin(r);
}

void sbx_req_data(struct sbx_req *r, const char *data, size_t len)
{
    if (r->answered || r->drop)
        return; /* already answered (bad headers, fault): the rest of the body is ignored */
    if (r->route && r->route->stream_data)
        r->route->stream_data(r, data, len);
    else if (!r->body_too_big && ag_buf_append(&r->body, data, len) < 0)
        r->body_too_big = true;
}

static void no_route(struct sbx_req *r)
{
    bool known = false;
    if (r->net)
        find_route(r, r->net->routes, r->net->n_routes, false, &known);
    else
        find_route(r, own_routes, sizeof(own_routes) / sizeof(own_routes[0]), true, &known);
    /* Not the networks' codes where they document none: these only say the endpoint does not exist. */
    if (known)
        sbx_reply_error(r, 405, "method_not_allowed", "%s is not allowed on %s", r->method, r->path);
    else
        sbx_reply_error(r, 404, "not_found", "no such endpoint: %s", r->path);
}

void sbx_req_end(struct sbx_req *r)
{
    if (r->answered || r->drop)
        return;
    if (!r->route)
        no_route(r);
    else if (r->body_too_big && !r->route->stream_data)
        sbx_reply_error(r, 413, "invalid_params", "request body too large");
    else
        r->route->fn(r);
    if (!r->answered && !r->drop)
        sbx_reply_error(r, 500, "internal_error", "sandbox handler gave no answer");
}

void sbx_req_free(struct sbx_req *r)
{
    if (r->route && r->route->stream_free)
        r->route->stream_free(r);
    kvs_free(&r->headers);
    kvs_free(&r->args);
    kvs_free(&r->out_headers);
    ag_buf_free(&r->body);
    ag_buf_free(&r->out);
    if (r->out_fd >= 0)
        close(r->out_fd);
    free(r->target);
}

/* ---- answers ---- */

void sbx_add_header(struct sbx_req *r, const char *name, const char *value)
{
    for (size_t i = 0; i < r->out_headers.n; i++)
        if (strcasecmp(r->out_headers.items[2 * i], name) == 0) {
            char *v = strdup(value);
            if (v) {
                free(r->out_headers.items[2 * i + 1]);
                r->out_headers.items[2 * i + 1] = v;
            }
            return;
        }
    kvs_add(&r->out_headers, strdup(name), strdup(value));
}
