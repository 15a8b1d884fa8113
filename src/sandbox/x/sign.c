/*
 * OAuth 1.0a request verification (RFC 5849 §3.4, X_THREADS_API.md §1.2), written from the RFC and
 * the doc: the Authorization header's quoted, percent-encoded parameters; the signature base string
 * from the method, the URL as requested (http:// + the Host header + the raw path) and the
 * parameters (the header's oauth_* but oauth_signature and realm, the query string, and a body
 * only when it is application/x-www-form-urlencoded); HMAC-SHA1 keyed with the consumer secret and
 * the token secret; a constant-time comparison; a timestamp window; single-use nonces.
 *
 * Refusals: 401 with the problem {"title":"Unauthorized",...} on /2/, the legacy code 32 "Could not
 * authenticate you." on /oauth/ (89 "Invalid or expired token." for a request token that is unknown
 * or expired), and everywhere 401 code 135 "Timestamp out of bounds." for a stale timestamp.  The
 * sandbox log says which check failed (never a secret).
 */
#include "sandbox/x/x.h"

#include <ctype.h>
#include <openssl/crypto.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/log.h"
#include "core/num.h"

#define TIMESTAMP_WINDOW_S 300
#define NONCES_KEPT        4096 /* prune the expired ones beyond this many */

/* The header's parameters, decoded: an object, NULL if malformed or a name repeats. */
static json_t *parse_header(const char *h)
{
    if (!h || strncasecmp(h, "OAuth", 5) != 0 || (h[5] != ' ' && h[5] != '\t'))
        return NULL;
    json_t *obj = json_object();
    const char *p = h + 5;
    for (;;) {
        p += strspn(p, " \t");
        if (!*p)
            return obj;
        size_t n = strcspn(p, "= \t,");
        if (n == 0 || p[n] != '=' || p[n + 1] != '"')
            break;
        const char *v = p + n + 2, *end = strchr(v, '"');
        if (!end)
            break;
        char *name = sbx_pct_decode(p, n, false), *value = sbx_pct_decode(v, (size_t)(end - v), false);
        bool fine = name && value && !json_object_get(obj, name);
        if (fine)
            json_object_set_new(obj, name, json_string(value));
        free(name);
        free(value);
        if (!fine)
            break;
        p = end + 1 + strspn(end + 1, " \t");
        if (*p == ',')
            p++;
        else if (*p)
            break;
    }
    json_decref(obj);
    return NULL;
}

static int pair_cmp(const void *a, const void *b)
{
    const char *const *x = a, *const *y = b;
    int c = strcmp(x[0], y[0]);
    return c ? c : strcmp(x[1], y[1]);
}

/* The signature base string (RFC 5849 §3.4.1); pairs is [[name, value], ...] decoded. Caller frees. */
static char *base_string(const char *method, const char *base_url, json_t *pairs)
{
    size_t n = json_array_size(pairs), i;
    char **enc = calloc(2 * n + 1, sizeof(*enc));
    struct ag_buf params, out;
    ag_buf_init(&params, 0);
    ag_buf_init(&out, 0);
    for (i = 0; enc && i < n; i++) {
        enc[2 * i] = sbx_url_encode(json_string_value(json_array_get(json_array_get(pairs, i), 0)));
        enc[2 * i + 1] = sbx_url_encode(json_string_value(json_array_get(json_array_get(pairs, i), 1)));
    }
    if (enc)
        qsort(enc, n, 2 * sizeof(*enc), pair_cmp);
    for (i = 0; enc && i < n; i++)
        ag_buf_printf(&params, "%s%s=%s", i ? "&" : "", enc[2 * i], enc[2 * i + 1]);
    char *url = sbx_url_encode(base_url), *ps = sbx_url_encode(params.data);
    ag_buf_printf(&out, "%s&%s&%s", method, url, ps);
    free(url);
    free(ps);
    for (i = 0; enc && i < 2 * n; i++)
        free(enc[i]);
    free(enc);
    ag_buf_free(&params);
    char *text = ag_buf_detach(&out);
    ag_buf_free(&out);
    return text;
}

/* http://host[:port]/raw/path: the host lower-cased, port 80 left out (RFC 5849 §3.4.1.2). */
static void base_url(struct sbx_req *r, char *out, size_t size)
{
    const char *host = sbx_header(r, MHD_HTTP_HEADER_HOST);
    const char *t = r->target ? r->target : "";
    char h[256];
    snprintf(h, sizeof(h), "%s", host ? host : "");
    for (char *c = h; *c; c++)
        *c = (char)tolower((unsigned char)*c);
    size_t hl = strlen(h);
    if (hl > 3 && strcmp(h + hl - 3, ":80") == 0)
        h[hl - 3] = '\0';
    snprintf(out, size, "http://%s%.*s", h, (int)strcspn(t, "?#"), t);
}

static void hmac_sha1_b64(const char *key, const char *text, char out[64])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned mdlen = 0;
    out[0] = '\0';
    if (HMAC(EVP_sha1(), key, (int)strlen(key), (const unsigned char *)text, strlen(text), md, &mdlen))
        EVP_EncodeBlock((unsigned char *)out, md, (int)mdlen);
}

static bool add_pair(json_t *pairs, json_t *params, const char *name, const char *value)
{
    if (json_object_get(params, name))
        return false; /* X takes no repeated parameter */
    json_object_set_new(params, name, json_string(value));
    json_array_append_new(pairs, json_pack("[s, s]", name, value));
    return true;
}

/* The signed parameters into c->params and pairs; NULL when the request is malformed. */
static const char *collect(struct x_call *c, json_t *header, json_t *pairs)
{
    struct sbx_req *r = c->r;
    const char *k;
    json_t *v;
    c->params = json_object();
    json_object_foreach(header, k, v)
    {
        if (strcmp(k, "oauth_signature") != 0 && strcmp(k, "realm") != 0 &&
            !add_pair(pairs, c->params, k, json_string_value(v)))
            return "a parameter is repeated";
    }
    for (size_t i = 0; i < r->args.n; i++)
        if (!add_pair(pairs, c->params, r->args.items[2 * i], r->args.items[2 * i + 1]))
            return "a parameter is repeated";
    if (c->kind == X_BODY_FORM) {
        json_t *form = sbx_form_parse(c->body.data);
        bool fine = form != NULL;
        json_object_foreach(form, k, v)
        {
            fine = fine && add_pair(pairs, c->params, k, json_string_value(v));
        }
        json_decref(form);
        if (!fine)
            return "the form body is malformed or repeats a parameter";
    }
    return NULL;
}

const char *x_oauth_param(struct x_call *c, const char *name)
{
    return json_string_value(json_object_get(c->params, name));
}

static bool legacy(struct x_call *c)
{
    return strncmp(c->r->sub, "/oauth/", 7) == 0;
}

static bool refuse(struct x_call *c, int code, const char *why)
{
    ag_info("x: %s %s refused: %s", c->r->method, c->key, why);
    if (code == 135)
        x_legacy(c->r, 401, 135, "Timestamp out of bounds.");
    else if (legacy(c))
        x_legacy(c->r, 401, code, code == 89 ? "Invalid or expired token." : "Could not authenticate you.");
    else
        x_problem(c->r, 401, "Unauthorized", "about:blank", "Unauthorized", NULL);
    return false;
}

/* The token's record for kind, NULL if unknown (or expired); under the lock. */
static json_t *find_token(struct sbx *s, enum x_token_kind kind, const char *token, const char *consumer)
{
    json_t *t = sbx_find(x_list(s, kind == X_REQUEST_TOKEN ? "_request_tokens" : "tokens"), "token", token);
    const char *bound = sbx_str(t, "consumer_key");
    if (!t || (bound && strcmp(bound, consumer) != 0))
        return NULL;
    if (kind == X_REQUEST_TOKEN && sbx_int(t, "expires_at") <= sbx_now_ms())
        return NULL;
    return t;
}

/* A nonce seen before for this consumer, token and timestamp; records it otherwise.  Under the lock. */
static bool replayed(struct sbx *s, const char *consumer, const char *token, const char *nonce,
                     const char *ts)
{
    json_t *seen = json_object_get(x_world(s), "_nonces");
    char id[1024];
    long long now = sbx_now_ms() / 1000;
    if (!json_is_object(seen))
        json_object_set_new(x_world(s), "_nonces", seen = json_object());
    snprintf(id, sizeof(id), "%s&%s&%s&%s", consumer, token, nonce, ts);
    if (json_object_get(seen, id))
        return true;
    if (json_object_size(seen) >= NONCES_KEPT) {
        const char *k;
        json_t *v, *tmp;
        json_object_foreach_safe(seen, tmp, k, v)
        {
            if (json_integer_value(v) < now)
                json_object_del(seen, k);
        }
    }
    /* Past the window the timestamp check refuses it anyway. */
    json_object_set_new(seen, id, json_integer(now + 2 * TIMESTAMP_WINDOW_S));
    return false;
}

bool x_verify(struct x_call *c, enum x_token_kind kind)
{
    if (kind == X_NO_AUTH)
        return true;
    struct sbx_req *r = c->r;
    struct sbx *s = r->sbx;
    json_t *header = parse_header(sbx_header(r, "Authorization"));
    json_t *pairs = json_array();
    const char *why = header ? collect(c, header, pairs) : "no OAuth Authorization header";
    const char *consumer = sbx_str(header, "oauth_consumer_key"), *token = sbx_str(header, "oauth_token");
    const char *sig = sbx_str(header, "oauth_signature"), *nonce = sbx_str(header, "oauth_nonce");
    const char *ts = sbx_str(header, "oauth_timestamp"), *method = sbx_str(header, "oauth_signature_method");
    const char *version = sbx_str(header, "oauth_version");
    int64_t stamp = 0;
    int code = 32;
    if (token && !*token)
        token = NULL;
    if (!why && (!consumer || !sig || !nonce || !*nonce || !ts || !method))
        why = "a required oauth_ parameter is missing";
    else if (!why && strcmp(method, "HMAC-SHA1") != 0)
        why = "oauth_signature_method is not HMAC-SHA1";
    else if (!why && version && strcmp(version, "1.0") != 0)
        why = "oauth_version is not 1.0";
    else if (!why &&
             (strspn(ts, "0123456789") != strlen(ts) || ag_parse_i64(ts, 0, INT64_MAX / 2, &stamp) != 0))
        why = "oauth_timestamp is not a number of seconds";
    else if (!why && (kind == X_NO_TOKEN) != (token == NULL))
        why = kind == X_NO_TOKEN ? "request_token takes no oauth_token" : "oauth_token is missing";
    if (why) {
        json_decref(header);
        json_decref(pairs);
        return refuse(c, code, why);
    }
    char url[1400], key[600], expected[64];
    base_url(r, url, sizeof(url));
    char *base = base_string(r->method, url, pairs);
    json_decref(pairs);

    pthread_mutex_lock(&s->lock);
    json_t *app = sbx_find(x_list(s, "apps"), "consumer_key", consumer);
    json_t *tok = token ? find_token(s, kind, token, consumer) : NULL;
    char *cs = sbx_url_encode(sbx_str(app, "consumer_secret") ? sbx_str(app, "consumer_secret") : "");
    char *tsec = sbx_url_encode(sbx_str(tok, "secret") ? sbx_str(tok, "secret") : "");
    snprintf(key, sizeof(key), "%s&%s", cs, tsec);
    OPENSSL_cleanse(cs, strlen(cs));
    OPENSSL_cleanse(tsec, strlen(tsec));
    free(cs);
    free(tsec);
    hmac_sha1_b64(key, base, expected);
    OPENSSL_cleanse(key, sizeof(key));
    long long skew = sbx_now_ms() / 1000 - stamp;
    if (!app)
        why = "unknown consumer key";
    else if (token && !tok)
        why = "unknown or expired token", code = kind == X_REQUEST_TOKEN ? 89 : 32;
    else if (strlen(sig) != strlen(expected) || CRYPTO_memcmp(sig, expected, strlen(sig)) != 0)
        why = "signature mismatch";
    else if (skew > TIMESTAMP_WINDOW_S || skew < -TIMESTAMP_WINDOW_S)
        why = "timestamp out of the 300 s window", code = 135;
    else if (replayed(s, consumer, token ? token : "", nonce, ts))
        why = "nonce already used";
    else {
        c->authed = true;
        snprintf(c->consumer_key, sizeof(c->consumer_key), "%s", consumer);
        snprintf(c->token, sizeof(c->token), "%s", token ? token : "");
        snprintf(c->user_id, sizeof(c->user_id), "%s",
                 sbx_str(tok, "user_id") ? sbx_str(tok, "user_id") : "");
        c->read_only = sbx_str(tok, "access") && strcmp(sbx_str(tok, "access"), "read") == 0;
        c->enrolled = !json_is_false(json_object_get(app, "enrolled"));
    }
    pthread_mutex_unlock(&s->lock);
    free(base);
    json_decref(header);
    return c->authed ? true : refuse(c, code, why);
}
