/*
 * Response helpers shared by every network: raw, JSON, HTML and redirect answers, errors in the
 * addressed network's shape; plus random ids, clocks, form decoding, UTF-8 and hashing.
 */
#include "sandbox/sandbox.h"

#include <ctype.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "core/text.h"

long long sbx_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void sbx_sleep_ms(struct sbx *s, long ms)
{
    /* Small steps so SIGTERM does not wait for a 30 s stall to finish. */
    while (ms > 0 && !s->stopping) {
        long step = ms < 50 ? ms : 50;
        struct timespec ts = {step / 1000, (step % 1000) * 1000000L};
        nanosleep(&ts, NULL);
        ms -= step;
    }
}

void sbx_reply(struct sbx_req *r, unsigned status, const char *ctype, const char *body, size_t len)
{
    if (r->answered) /* a handler answering twice is a bug; keep the first answer */
        return;
    r->answered = true;
    r->status = status;
    ag_buf_reset(&r->out);
    if (body && ag_buf_append(&r->out, body, len) < 0)
        r->status = 500;
    if (ctype)
        sbx_add_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
}

/* Bytes that are not UTF-8 (a request path, a message cut short) become '?': JSON needs UTF-8. */
void sbx_utf8_scrub(char *s)
{
    for (size_t n; *s; s += n ? n : 1)
        if (!(n = sbx_utf8_seq(s)))
            *s = '?';
}

void sbx_reply_json(struct sbx_req *r, unsigned status, json_t *obj)
{
    char *text = obj ? json_dumps(obj, JSON_COMPACT) : NULL;
    json_decref(obj);
    if (!text) { /* out of memory: still an answer */
        sbx_reply(r, 500, "application/json; charset=UTF-8", "{}", 2);
        return;
    }
    sbx_reply(r, status, "application/json; charset=UTF-8", text, strlen(text));
    free(text);
}

void sbx_reply_error(struct sbx_req *r, unsigned status, const char *code, const char *fmt, ...)
{
    char msg[512] = "";
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    sbx_utf8_scrub(msg);
    (r->net ? r->net : &sbx_tiktok)->reply_error(r, status, code, msg);
}

void sbx_reply_html(struct sbx_req *r, unsigned status, const char *html)
{
    sbx_reply(r, status, "text/html; charset=UTF-8", html, strlen(html));
}

void sbx_reply_redirect(struct sbx_req *r, const char *location)
{
    sbx_reply(r, 302, "text/plain", "", 0);
    sbx_add_header(r, MHD_HTTP_HEADER_LOCATION, location);
}

#define RANDOM_MAX 64

/* n (at most RANDOM_MAX) random bytes into raw; returns how many. */
static size_t random_bytes(unsigned char raw[RANDOM_MAX], size_t n)
{
    if (n > RANDOM_MAX)
        n = RANDOM_MAX;
    if (RAND_bytes(raw, (int)n) != 1)
        abort(); /* a sandbox handing out predictable tokens would hide nothing, but never guess */
    return n;
}

void sbx_random_hex(char *out, size_t nbytes)
{
    unsigned char raw[RANDOM_MAX];
    nbytes = random_bytes(raw, nbytes);
    ag_hex_encode(raw, nbytes, out);
}

void sbx_random_digits(char *out, size_t ndigits)
{
    unsigned char raw[RANDOM_MAX];
    ndigits = random_bytes(raw, ndigits);
    for (size_t i = 0; i < ndigits; i++)
        out[i] = (char)('0' + raw[i] % 10);
    out[ndigits] = '\0';
}

bool sbx_media_type_is(struct sbx_req *r, const char *type)
{
    const char *ct = sbx_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);
    size_t n = strlen(type);
    if (!ct || strncasecmp(ct, type, n) != 0)
        return false;
    ct += n;
    while (*ct == ' ')
        ct++;
    return *ct == '\0' || *ct == ';';
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = tolower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

char *sbx_pct_decode(const char *s, size_t n, bool plus_is_space)
{
    char *out = malloc(n + 1), *o = out;
    for (size_t i = 0; out && i < n; i++) {
        if (s[i] == '+' && plus_is_space)
            *o++ = ' ';
        else if (s[i] == '%') {
            int hi = i + 2 < n ? hexval((unsigned char)s[i + 1]) : -1;
            int lo = i + 2 < n ? hexval((unsigned char)s[i + 2]) : -1;
            if (hi < 0 || lo < 0 || hi + lo == 0) {
                free(out);
                return NULL;
            }
            *o++ = (char)(hi * 16 + lo);
            i += 2;
        } else
            *o++ = s[i];
    }
    if (out)
        *o = '\0';
    return out;
}

json_t *sbx_form_parse(const char *body)
{
    json_t *obj = json_object();
    const char *p = body;
    while (obj && *p) {
        size_t len = strcspn(p, "&");
        const char *eq = memchr(p, '=', len);
        size_t klen = eq ? (size_t)(eq - p) : len;
        char *k = sbx_pct_decode(p, klen, true);
        char *v = eq ? sbx_pct_decode(eq + 1, len - klen - 1, true) : strdup("");
        /* A repeated field is ambiguous; refuse it rather than silently picking one. */
        if (!k || !v || !*k || json_object_get(obj, k) || json_object_set_new(obj, k, json_string(v))) {
            json_decref(obj);
            obj = NULL;
        }
        free(k);
        free(v);
        p += len;
        if (*p == '&')
            p++;
    }
    return obj;
}

char *sbx_url_encode(const char *s)
{
    struct ag_buf b;
    ag_buf_init(&b, 0);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (isalnum(*p) || strchr("-._~", *p))
            ag_buf_append(&b, p, 1);
        else
            ag_buf_printf(&b, "%%%02X", *p);
    }
    char *out = ag_buf_detach(&b);
    ag_buf_free(&b); /* detach leaves a fresh empty buffer behind */
    return out;
}

/* NUL-terminated text: a sequence is at most 4 bytes, so looking that far ahead is enough. */
size_t sbx_utf8_seq(const char *s)
{
    uint32_t cp;
    size_t n = ag_utf8_decode(s, strnlen(s, 4), &cp);
    return cp == UINT32_MAX ? 0 : n;
}

bool sbx_utf8_valid(const char *s)
{
    return ag_utf8_valid(s, strlen(s));
}

void sbx_html_escape(struct ag_buf *b, const char *s)
{
    static const char *const named[] = {
        ['<'] = "&lt;", ['>'] = "&gt;", ['&'] = "&amp;", ['"'] = "&quot;", ['\''] = "&#39;"};
    for (size_t n; s && *s; s += n ? n : 1) {
        n = sbx_utf8_seq(s);
        if (!n)
            ag_buf_puts(b, "\xef\xbf\xbd"); /* U+FFFD for a byte that is not UTF-8 */
        else if (n == 1 && (unsigned char)*s < sizeof(named) / sizeof(named[0]) && named[(unsigned char)*s])
            ag_buf_puts(b, named[(unsigned char)*s]);
        else
            ag_buf_append(b, s, n);
    }
}

void sbx_sha256_file(const char *path, char out[65])
{
    unsigned char md[EVP_MAX_MD_SIZE], buf[65536];
    unsigned mdlen = 0;
    ssize_t n;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    out[0] = '\0';
    if (fd < 0 || !ctx || !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL))
        goto out;
    while ((n = read(fd, buf, sizeof(buf))) > 0)
        EVP_DigestUpdate(ctx, buf, (size_t)n);
    if (n == 0 && EVP_DigestFinal_ex(ctx, md, &mdlen))
        ag_hex_encode(md, mdlen, out);
out:
    EVP_MD_CTX_free(ctx);
    if (fd >= 0)
        close(fd);
}
