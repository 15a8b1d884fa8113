#include "core/oauth.h"

#include <curl/curl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/http.h"
#include "core/log.h"
#include "core/secret.h"
#include "core/text.h"

#define STATE_BYTES 32
#define SHA256_LEN  32
#define B64_MAX     64 /* base64 of up to 45 bytes, with padding and NUL */

/* RFC 7636 section 4.1: the characters a code verifier may use. */
static const char unreserved[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

void ag_oauth_secret_free(char *s)
{
    ag_secret_free(s);
}

int ag_oauth_pkce_verifier(size_t len, char **out, struct ag_error *err)
{
    const size_t alphabet = sizeof(unreserved) - 1;
    const unsigned limit = 256 - 256 % alphabet; /* bytes >= limit are dropped: no modulo bias */
    unsigned char pool[64];
    size_t n = 0;
    if (len == 0)
        len = AG_OAUTH_VERIFIER_DEFAULT;
    if (len < AG_OAUTH_VERIFIER_MIN || len > AG_OAUTH_VERIFIER_MAX)
        return ag_error_set(err, AG_EUSAGE, "a PKCE verifier must have 43 to 128 characters, not %zu", len);
    char *v = malloc(len + 1);
    if (!v)
        return ag_error_set(err, AG_EFAIL, "out of memory");
    while (n < len) {
        if (RAND_bytes(pool, sizeof(pool)) != 1) {
            OPENSSL_cleanse(v, n);
            free(v);
            return ag_error_set(err, AG_EFAIL, "the random number generator failed");
        }
        for (size_t i = 0; i < sizeof(pool) && n < len; i++)
            if (pool[i] < limit)
                v[n++] = unreserved[pool[i] % alphabet];
    }
    v[len] = '\0';
    OPENSSL_cleanse(pool, sizeof(pool));
    ag_log_add_secret(v); /* a server may echo the token request, verifier included */
    *out = v;
    return 0;
}

static int sha256(const char *text, unsigned char md[SHA256_LEN], struct ag_error *err)
{
    unsigned int len = 0;
    if (!text || EVP_Digest(text, strlen(text), md, &len, EVP_sha256(), NULL) != 1 || len != SHA256_LEN)
        return ag_error_set(err, AG_EFAIL, "cannot compute the PKCE challenge");
    return 0;
}

int ag_oauth_pkce_challenge_hex(const char *verifier, char out[AG_OAUTH_HEX_CHALLENGE_SIZE],
                                struct ag_error *err)
{
    unsigned char md[SHA256_LEN] = {0};
    int rc = sha256(verifier, md, err);
    if (rc < 0)
        return rc;
    ag_hex_encode(md, SHA256_LEN, out);
    return 0;
}

/* base64url without padding (RFC 4648 section 5) of n <= 45 bytes into out (B64_MAX bytes). */
static void base64url(const unsigned char *in, size_t n, char out[B64_MAX])
{
    int len = EVP_EncodeBlock((unsigned char *)out, in, (int)n);
    for (int i = 0; i < len; i++)
        out[i] = out[i] == '+' ? '-' : out[i] == '/' ? '_' : out[i];
    while (len > 0 && out[len - 1] == '=')
        out[--len] = '\0';
}

int ag_oauth_pkce_challenge_b64(const char *verifier, char out[AG_OAUTH_B64_CHALLENGE_SIZE],
                                struct ag_error *err)
{
    unsigned char md[SHA256_LEN];
    char b64[B64_MAX];
    int rc = sha256(verifier, md, err);
    if (rc < 0)
        return rc;
    base64url(md, sizeof(md), b64);
    memcpy(out, b64, AG_OAUTH_B64_CHALLENGE_SIZE); /* 43 characters and the NUL */
    return 0;
}

int ag_oauth_state(char **out, struct ag_error *err)
{
    unsigned char raw[STATE_BYTES];
    char b64[B64_MAX];
    int rc = 0;
    if (RAND_bytes(raw, sizeof(raw)) != 1)
        return ag_error_set(err, AG_EFAIL, "the random number generator failed");
    base64url(raw, sizeof(raw), b64);
    char *s = strdup(b64);
    if (!s)
        rc = ag_error_set(err, AG_EFAIL, "out of memory");
    else
        *out = s;
    OPENSSL_cleanse(raw, sizeof(raw));
    OPENSSL_cleanse(b64, sizeof(b64));
    return rc;
}

int ag_oauth_equal(const char *a, const char *b)
{
    if (!a || !b)
        return 0;
    size_t n = strlen(a);
    return n == strlen(b) && CRYPTO_memcmp(a, b, n) == 0;
}

int ag_oauth_authorize_url(const char *base, const char *const *params, char **out, struct ag_error *err)
{
    struct ag_buf pair;
    char *url = NULL;
    CURLU *h = NULL;
    int rc = ag_http_check_url(base, err);
    if (rc < 0)
        return rc;
    ag_buf_init(&pair, 0);
    if (!(h = curl_url()) || curl_url_set(h, CURLUPART_URL, base, 0) != CURLUE_OK) {
        rc = ag_error_set(err, AG_EUSAGE, "invalid authorize URL '%s'", base);
        goto out;
    }
    for (size_t i = 0; params && params[i]; i += 2) {
        if (!params[i + 1])
            continue;
        ag_buf_reset(&pair);
        /* URLENCODE with APPENDQUERY encodes everything but the first '=': name and value both. */
        if (ag_buf_printf(&pair, "%s=%s", params[i], params[i + 1]) < 0 ||
            curl_url_set(h, CURLUPART_QUERY, pair.data, CURLU_APPENDQUERY | CURLU_URLENCODE) != CURLUE_OK) {
            rc = ag_error_set(err, AG_EFAIL, "cannot add '%s' to the authorize URL", params[i]);
            goto out;
        }
    }
    if (curl_url_get(h, CURLUPART_URL, &url, 0) != CURLUE_OK || !(*out = strdup(url)))
        rc = ag_error_set(err, AG_EFAIL, "cannot build the authorize URL");
out:
    curl_free(url);
    curl_url_cleanup(h);
    ag_buf_free(&pair);
    return rc;
}

void ag_oauth_result_init(struct ag_oauth_result *r)
{
    memset(r, 0, sizeof(*r));
}

void ag_oauth_result_free(struct ag_oauth_result *r)
{
    if (!r)
        return;
    ag_oauth_secret_free(r->code);
    ag_oauth_secret_free(r->state);
    ag_oauth_secret_free(r->error);
    ag_oauth_secret_free(r->error_description);
    ag_oauth_secret_free(r->scopes);
    ag_oauth_result_init(r);
}

/* application/x-www-form-urlencoded decoding of p[0..n): new string, or NULL (also for an encoded NUL). */
static char *form_decode(const char *p, size_t n)
{
    char *plus = malloc(n + 1), *dec = NULL, *res = NULL;
    int len = 0;
    if (!plus)
        return NULL;
    for (size_t i = 0; i < n; i++)
        plus[i] = p[i] == '+' ? ' ' : p[i];
    plus[n] = '\0';
    dec = curl_easy_unescape(NULL, plus, (int)n, &len);
    if (dec && strlen(dec) == (size_t)len)
        res = strdup(dec);
    OPENSSL_cleanse(plus, n);
    free(plus);
    if (dec)
        OPENSSL_cleanse(dec, (size_t)len);
    curl_free(dec);
    return res;
}

static int take_param(const char *p, size_t n, struct ag_oauth_result *r, struct ag_error *err)
{
    /* OAuth 1.0a's callback (RFC 5849 §2.2) maps onto the same roles: the request token is checked as the
     * state is, the verifier is exchanged as a code is; X's refusal, denied=<request token>, is checked
     * as a state too and then ends the wait as access_denied does. */
    static const char *const names[] = {"code",   "state", "error",       "error_description",
                                        "scopes", "scope", "oauth_token", "oauth_verifier",
                                        "denied"};
    char **slots[] = {&r->code,  &r->state, &r->error, &r->error_description, &r->scopes, &r->scopes,
                      &r->state, &r->code,  &r->state};
    const char *eq = memchr(p, '=', n);
    size_t name_len = eq ? (size_t)(eq - p) : n;
    char *name = form_decode(p, name_len);
    int rc = 0;
    if (!name)
        return ag_error_set(err, AG_EUSAGE, "undecodable parameter name in the callback");
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (strcmp(name, names[i]) != 0)
            continue;
        if (*slots[i])
            rc = ag_error_set(err, AG_EUSAGE, "repeated parameter '%s' in the callback", names[i]);
        else if (!(*slots[i] = form_decode(eq ? eq + 1 : p + n, eq ? n - name_len - 1 : 0)))
            rc = ag_error_set(err, AG_EUSAGE, "undecodable value of '%s' in the callback", names[i]);
        else if (strcmp(name, "denied") == 0 && !r->error && !(r->error = strdup("access_denied")))
            rc = ag_error_set(err, AG_EUSAGE, "out of memory");
        break;
    }
    free(name);
    return rc;
}

/* The raw query of a URL, a path ("/cb?x=1") or a bare query ("?x=1", "x=1"). *out: new string. */
static int raw_query(const char *text, char **out, struct ag_error *err)
{
    char *q = NULL;
    if (strstr(text, "://")) {
        CURLU *h = curl_url();
        CURLUcode uc =
            h ? curl_url_set(h, CURLUPART_URL, text, CURLU_NON_SUPPORT_SCHEME) : CURLUE_OUT_OF_MEMORY;
        if (uc == CURLUE_OK && curl_url_get(h, CURLUPART_QUERY, &q, 0) == CURLUE_OK)
            *out = strdup(q);
        else
            *out = strdup("");
        curl_free(q);
        curl_url_cleanup(h);
        if (uc != CURLUE_OK)
            return ag_error_set(err, AG_EUSAGE, "not a URL: %s", curl_url_strerror(uc));
    } else {
        const char *start = text[0] == '/' ? strchr(text, '?') : text;
        start = !start ? "" : *start == '?' ? start + 1 : start;
        *out = strndup(start, strcspn(start, "#"));
    }
    return *out ? 0 : ag_error_set(err, AG_EFAIL, "out of memory");
}

int ag_oauth_parse_callback(const char *text, struct ag_oauth_result *out, struct ag_error *err)
{
    struct ag_oauth_result r;
    char *query = NULL;
    ag_oauth_result_init(&r);
    while (text && (*text == ' ' || *text == '\t'))
        text++;
    size_t len = text ? strcspn(text, "\r\n") : 0;
    while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\t'))
        len--;
    char *line = text ? strndup(text, len) : NULL;
    int rc = line ? raw_query(line, &query, err) : ag_error_set(err, AG_EUSAGE, "empty callback");
    if (rc < 0)
        goto out;
    if (!query || !*query) {
        rc = ag_error_set(err, AG_EUSAGE, "the callback URL has no query parameters");
        goto out;
    }
    for (char *p = query; *p && rc == 0;) {
        size_t n = strcspn(p, "&");
        rc = take_param(p, n, &r, err);
        p += p[n] ? n + 1 : n;
    }
    if (rc == 0) {
        ag_log_add_secret(r.code); /* single-use, but live until exchanged: never printed */
        ag_oauth_result_free(out);
        *out = r;
        ag_oauth_result_init(&r);
    }
out:
    ag_oauth_result_free(&r);
    ag_oauth_secret_free(query);
    ag_oauth_secret_free(line);
    return rc;
}

/* Provider text for a terminal: printable ASCII only, bounded. */
static void printable(char *dst, size_t size, const char *src)
{
    size_t i = 0;
    for (; src && src[i] && i + 1 < size; i++)
        dst[i] = src[i] >= 0x20 && src[i] < 0x7f ? src[i] : '?';
    dst[i] = '\0';
}

int ag_oauth_check_callback(const struct ag_oauth_result *r, const char *expected_state, struct ag_error *err)
{
    char error[64], desc[200];
    /* State first, also for errors: anyone can make the browser visit the loopback URL. */
    if (!r->state)
        return ag_error_set(err, AG_EAUTH, "the authorization callback has no 'state': refusing it");
    if (!ag_oauth_equal(r->state, expected_state))
        return ag_error_set(err, AG_EAUTH,
                            "state mismatch in the authorization callback (a stale or forged redirect): "
                            "run 'authorize' again");
    if (r->error) {
        printable(error, sizeof(error), r->error);
        printable(desc, sizeof(desc), r->error_description);
        return ag_error_set(err, AG_EAUTH, "authorization refused by the provider: %s%s%s", error,
                            desc[0] ? ": " : "", desc);
    }
    if (!r->code || !*r->code)
        return ag_error_set(err, AG_EAUTH, "the authorization callback has no 'code'");
    return 0;
}
