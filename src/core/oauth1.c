/* OAuth 1.0a signing (see oauth1.h). */
#include "core/oauth1.h"

#include <curl/curl.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/secret.h"

#define MAX_PARAMS 64

int ag_oauth1_encode(struct ag_buf *out, const char *s, size_t len)
{
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        int keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                   c == '.' || c == '_' || c == '~';
        char pct[3] = {'%', hex[c >> 4], hex[c & 15]};
        if (keep ? ag_buf_append(out, &s[i], 1) : ag_buf_append(out, pct, 3))
            return -1;
    }
    return 0;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Form decoding of len bytes at s ('+' is a space, %XY a byte), appended to out. */
static int form_decode(struct ag_buf *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '+') {
            c = ' ';
        } else if (c == '%' && i + 2 < len && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
            c = (char)(hexval(s[i + 1]) << 4 | hexval(s[i + 2]));
            i += 2;
        }
        if (ag_buf_append(out, &c, 1) < 0)
            return -1;
    }
    return 0;
}

/* Form decoding, then RFC 3986 encoding, into out. */
static int decode_encode(struct ag_buf *out, const char *s, size_t len)
{
    struct ag_buf raw;
    ag_buf_init(&raw, 0);
    int rc = form_decode(&raw, s, len);
    if (rc == 0)
        rc = ag_oauth1_encode(out, raw.data, raw.len);
    ag_buf_free_secret(&raw);
    return rc;
}

char *ag_oauth1_form_value(const char *form, const char *name)
{
    size_t name_len = strlen(name);
    for (const char *p = form; p && *p;) {
        size_t n = strcspn(p, "&");
        if (n > name_len && strncmp(p, name, name_len) == 0 && p[name_len] == '=') {
            struct ag_buf v;
            ag_buf_init(&v, 0);
            if (form_decode(&v, p + name_len + 1, n - name_len - 1) < 0) {
                ag_buf_free_secret(&v);
                return NULL;
            }
            char *out = ag_buf_detach(&v);
            ag_buf_free(&v);
            return out;
        }
        p += p[n] ? n + 1 : n;
    }
    return NULL;
}

/* One normalised parameter: "pct(name)=pct(value)", and the length of pct(name). */
struct param {
    char *pair;
    size_t name_len;
};

struct params {
    struct param p[MAX_PARAMS];
    size_t n;
};

static int add_encoded(struct params *ps, const char *name, size_t name_len, const char *value,
                       size_t value_len, int decode)
{
    if (ps->n == MAX_PARAMS)
        return -1;
    struct ag_buf b;
    ag_buf_init(&b, 0);
    int rc = decode ? decode_encode(&b, name, name_len) : ag_oauth1_encode(&b, name, name_len);
    size_t nl = b.len;
    rc = rc || ag_buf_append(&b, "=", 1);
    rc = rc || (decode ? decode_encode(&b, value, value_len) : ag_oauth1_encode(&b, value, value_len));
    if (rc) {
        ag_buf_free_secret(&b);
        return -1;
    }
    ps->p[ps->n++] = (struct param){ag_buf_detach(&b), nl};
    ag_buf_free(&b); /* detach leaves a fresh empty buffer */
    return 0;
}

/* Every name=value pair of a query or a form body (already encoded as on the wire). */
static int add_query(struct params *ps, const char *q)
{
    while (q && *q) {
        size_t n = strcspn(q, "&");
        const char *eq = memchr(q, '=', n);
        if (n > 0 && add_encoded(ps, q, eq ? (size_t)(eq - q) : n, eq ? eq + 1 : q + n,
                                 eq ? n - (size_t)(eq - q) - 1 : 0, 1) < 0)
            return -1;
        q += q[n] ? n + 1 : n;
    }
    return 0;
}

/* Sort by encoded name, then by encoded value (RFC 5849 §3.4.1.3.2). */
static int by_pair(const void *a, const void *b)
{
    const struct param *x = a, *y = b;
    size_t n = x->name_len < y->name_len ? x->name_len : y->name_len;
    int c = memcmp(x->pair, y->pair, n);
    if (c == 0 && x->name_len != y->name_len)
        return x->name_len < y->name_len ? -1 : 1;
    return c ? c : strcmp(x->pair + x->name_len, y->pair + y->name_len);
}

static void free_params(struct params *ps)
{
    for (size_t i = 0; i < ps->n; i++)
        ag_secret_free(ps->p[i].pair);
    ps->n = 0;
}

/* scheme://host[:port]/path of url, scheme and host lower-case, a default port left out; and its query. */
static int split_url(const char *url, struct ag_buf *base, char **query)
{
    CURLU *h = curl_url();
    char *scheme = NULL, *host = NULL, *port = NULL, *path = NULL;
    int rc = -1;
    *query = NULL;
    if (h && curl_url_set(h, CURLUPART_URL, url, 0) == CURLUE_OK &&
        curl_url_get(h, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
        curl_url_get(h, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
        curl_url_get(h, CURLUPART_PATH, &path, 0) == CURLUE_OK) {
        curl_url_get(h, CURLUPART_PORT, &port, 0);
        curl_url_get(h, CURLUPART_QUERY, query, 0);
        for (char *p = scheme; *p; p++)
            *p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
        for (char *p = host; *p; p++)
            *p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
        int dflt = !port || (strcmp(scheme, "https") == 0 && strcmp(port, "443") == 0) ||
                   (strcmp(scheme, "http") == 0 && strcmp(port, "80") == 0);
        rc = ag_buf_printf(base, "%s://%s%s%s%s", scheme, host, dflt ? "" : ":", dflt ? "" : port, path);
    }
    curl_free(scheme);
    curl_free(host);
    curl_free(port);
    curl_free(path);
    curl_url_cleanup(h);
    return rc;
}

int ag_oauth1_base_string(const char *method, const char *url, const char *const *oauth_params,
                          const char *form_body, struct ag_buf *out, struct ag_error *err)
{
    struct params ps = {.n = 0};
    struct ag_buf base, joined;
    char *query = NULL;
    ag_buf_init(&base, 0);
    ag_buf_init(&joined, 0);
    int rc = 0;
    if (split_url(url, &base, &query) < 0) {
        rc = ag_error_set(err, AG_EUSAGE, "cannot sign a request to an unparsable URL");
        goto out;
    }
    int bad = add_query(&ps, query) < 0 || add_query(&ps, form_body) < 0;
    for (const char *const *p = oauth_params; !bad && p && p[0]; p += 2)
        if (p[1])
            bad = add_encoded(&ps, p[0], strlen(p[0]), p[1], strlen(p[1]), 0) < 0;
    if (!bad) {
        qsort(ps.p, ps.n, sizeof(ps.p[0]), by_pair);
        for (size_t i = 0; i < ps.n && !bad; i++)
            bad = ag_buf_printf(&joined, "%s%s", i ? "&" : "", ps.p[i].pair) < 0;
    }
    for (const char *m = method; !bad && *m; m++) {
        char c = (char)(*m >= 'a' && *m <= 'z' ? *m - 32 : *m);
        bad = ag_buf_append(out, &c, 1) < 0;
    }
    bad = bad || ag_buf_append(out, "&", 1) < 0 || ag_oauth1_encode(out, base.data, base.len) < 0 ||
          ag_buf_append(out, "&", 1) < 0 || ag_oauth1_encode(out, joined.data, joined.len) < 0;
    if (bad)
        rc = ag_error_set(err, AG_EFAIL, "cannot sign the request: too many parameters or out of memory");
out:
    free_params(&ps);
    curl_free(query);
    ag_buf_free(&base);
    ag_buf_free_secret(&joined);
    return rc;
}

int ag_oauth1_sign(const char *base, const char *consumer_secret, const char *token_secret,
                   char sig[AG_OAUTH1_SIG_SIZE], struct ag_error *err)
{
    struct ag_buf key;
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int md_len = 0;
    ag_buf_init(&key, 0);
    int bad = ag_oauth1_encode(&key, consumer_secret, strlen(consumer_secret)) < 0 ||
              ag_buf_append(&key, "&", 1) < 0 ||
              (token_secret && ag_oauth1_encode(&key, token_secret, strlen(token_secret)) < 0);
    bad = bad ||
          !HMAC(EVP_sha1(), key.data, (int)key.len, (const unsigned char *)base, strlen(base), md, &md_len);
    ag_buf_free_secret(&key);
    if (bad || md_len != 20)
        return ag_error_set(err, AG_EFAIL, "cannot compute the OAuth 1.0a signature");
    EVP_EncodeBlock((unsigned char *)sig, md, 20);
    return 0;
}

int ag_oauth1_header(const struct ag_oauth1 *o, const char *method, const char *url, const char *nonce,
                     time_t timestamp, struct ag_buf *header, struct ag_error *err)
{
    char ts[24], sig[AG_OAUTH1_SIG_SIZE];
    snprintf(ts, sizeof(ts), "%lld", (long long)timestamp);
    /* Sorted by name, which is also the header's order. */
    const char *params[] = {"oauth_callback",
                            o->callback,
                            "oauth_consumer_key",
                            o->consumer_key,
                            "oauth_nonce",
                            nonce,
                            "oauth_signature_method",
                            "HMAC-SHA1",
                            "oauth_timestamp",
                            ts,
                            "oauth_token",
                            o->token,
                            "oauth_verifier",
                            o->verifier,
                            "oauth_version",
                            "1.0",
                            NULL};
    struct ag_buf base;
    ag_buf_init(&base, 0);
    int rc = ag_oauth1_base_string(method, url, params, o->form_body, &base, err);
    if (rc == 0)
        rc = ag_oauth1_sign(base.data, o->consumer_secret, o->token_secret, sig, err);
    ag_buf_free_secret(&base);
    if (rc < 0)
        return rc;
    int bad = ag_buf_puts(header, "Authorization: OAuth ") < 0;
    for (const char *const *p = params; !bad && p[0]; p += 2) {
        if (!p[1])
            continue;
        bad = ag_buf_printf(header, "%s=\"", p[0]) < 0 || ag_oauth1_encode(header, p[1], strlen(p[1])) < 0 ||
              ag_buf_puts(header, "\", ") < 0;
        if (!bad && strcmp(p[0], "oauth_nonce") == 0) /* the signature's place in name order */
            bad = ag_buf_puts(header, "oauth_signature=\"") < 0 ||
                  ag_oauth1_encode(header, sig, strlen(sig)) < 0 || ag_buf_puts(header, "\", ") < 0;
    }
    if (bad)
        return ag_error_set(err, AG_EFAIL, "cannot build the OAuth 1.0a header: out of memory");
    header->len -= 2; /* the last ", " */
    header->data[header->len] = '\0';
    return 0;
}

int ag_oauth1_nonce(char out[AG_OAUTH1_NONCE_LEN + 1], struct ag_error *err)
{
    static const char alnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    unsigned char r[AG_OAUTH1_NONCE_LEN];
    size_t n = 0;
    while (n < AG_OAUTH1_NONCE_LEN) {
        if (RAND_bytes(r, sizeof(r)) != 1)
            return ag_error_set(err, AG_EFAIL, "no random bytes for the OAuth 1.0a nonce");
        for (size_t i = 0; i < sizeof(r) && n < AG_OAUTH1_NONCE_LEN; i++)
            if (r[i] < 248) /* 248 = 4 * 62: no modulo bias */
                out[n++] = alnum[r[i] % 62];
    }
    out[n] = '\0';
    return 0;
}

int ag_oauth1_auth(void *auth_ctx, const char *method, const char *url, struct ag_buf *header,
                   struct ag_error *err)
{
    char nonce[AG_OAUTH1_NONCE_LEN + 1];
    int rc = ag_oauth1_nonce(nonce, err);
    return rc < 0 ? rc
                  : ag_oauth1_header(auth_ctx, method ? method : "GET", url, nonce, time(NULL), header, err);
}
