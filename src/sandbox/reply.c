/*
 * Response shapes and request helpers shared by every emulated endpoint: TikTok's {data, error}
 * envelope, the flat OAuth error shape, HTML, redirects; plus ids, clocks and form decoding.
 */
#include "sandbox/sandbox.h"

#include <ctype.h>
#include <openssl/rand.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

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

static void set_response(struct sbx_req *r, unsigned status, struct MHD_Response *resp)
{
    if (r->resp) /* a handler answering twice is a bug; keep the first answer */
        MHD_destroy_response(resp);
    else {
        r->resp = resp;
        r->status = status;
    }
}

void sbx_reply(struct sbx_req *r, unsigned status, const char *ctype, const char *body, size_t len)
{
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(len, (void *)(body ? body : ""), MHD_RESPMEM_MUST_COPY);
    if (!resp)
        return;
    if (ctype)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
    set_response(r, status, resp);
}

/* Set (or replace) a header on the queued answer. */
void sbx_add_header(struct sbx_req *r, const char *name, const char *value)
{
    if (!r->resp)
        return;
    const char *old = MHD_get_response_header(r->resp, name);
    if (old)
        MHD_del_response_header(r->resp, name, old);
    MHD_add_response_header(r->resp, name, value);
}

void sbx_reply_json(struct sbx_req *r, unsigned status, json_t *obj)
{
    char *text = json_dumps(obj, JSON_COMPACT);
    sbx_reply(r, status, "application/json; charset=UTF-8", text, text ? strlen(text) : 0);
    free(text);
    json_decref(obj);
}

void sbx_reply_api(struct sbx_req *r, unsigned status, json_t *data, const char *code, const char *fmt, ...)
{
    char msg[512] = "";
    char log_id[48];
    if (fmt) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof(msg), fmt, ap);
        va_end(ap);
    }
    sbx_log_id(log_id);
    json_t *obj = json_pack("{s:o, s:{s:s, s:s, s:s}}", "data", data ? data : json_object(), "error", "code",
                            code, "message", msg, "log_id", log_id);
    sbx_reply_json(r, status, obj);
    if (status == 429)
        sbx_add_header(r, "Retry-After", "1");
}

void sbx_reply_ok(struct sbx_req *r, json_t *data)
{
    sbx_reply_api(r, 200, data, "ok", NULL);
}

void sbx_reply_oauth(struct sbx_req *r, unsigned status, const char *error, const char *desc)
{
    char log_id[48];
    sbx_log_id(log_id);
    sbx_reply_json(r, status,
                   json_pack("{s:s, s:s, s:s}", "error", error, "error_description", desc, "log_id", log_id));
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

/* TikTok log ids look like "202210112248442CB9319E1FB30C1073F3": a UTC timestamp then hex. */
void sbx_log_id(char out[48])
{
    time_t t = time(NULL);
    struct tm tm;
    char stamp[16], hex[21];
    gmtime_r(&t, &tm);
    strftime(stamp, sizeof(stamp), "%Y%m%d%H%M%S", &tm);
    sbx_random_hex(hex, 10);
    for (char *p = hex; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    snprintf(out, 48, "%s%s", stamp, hex);
}

void sbx_random_hex(char *out, size_t nbytes)
{
    unsigned char raw[64];
    if (nbytes > sizeof(raw))
        nbytes = sizeof(raw);
    if (RAND_bytes(raw, (int)nbytes) != 1)
        abort(); /* a sandbox handing out predictable tokens would hide nothing, but never guess */
    for (size_t i = 0; i < nbytes; i++)
        sprintf(out + 2 * i, "%02x", raw[i]);
    out[2 * nbytes] = '\0';
}

void sbx_random_digits(char *out, size_t ndigits)
{
    unsigned char raw[64];
    if (ndigits > sizeof(raw))
        ndigits = sizeof(raw);
    if (RAND_bytes(raw, (int)ndigits) != 1)
        abort();
    for (size_t i = 0; i < ndigits; i++)
        out[i] = (char)('0' + raw[i] % 10);
    out[ndigits] = '\0';
}

const char *sbx_header(struct sbx_req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *sbx_query(struct sbx_req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
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

/* Decode one application/x-www-form-urlencoded component; NULL on a bad %-escape. */
static char *form_decode(const char *s, size_t n)
{
    char *out = malloc(n + 1), *o = out;
    for (size_t i = 0; out && i < n; i++) {
        if (s[i] == '+')
            *o++ = ' ';
        else if (s[i] == '%') {
            int hi = i + 2 < n ? hexval((unsigned char)s[i + 1]) : -1;
            int lo = i + 2 < n ? hexval((unsigned char)s[i + 2]) : -1;
            if (hi < 0 || lo < 0) {
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
        char *k = form_decode(p, klen);
        char *v = eq ? form_decode(eq + 1, len - klen - 1) : strdup("");
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

void sbx_html_escape(struct ag_buf *b, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '<':
            ag_buf_puts(b, "&lt;");
            break;
        case '>':
            ag_buf_puts(b, "&gt;");
            break;
        case '&':
            ag_buf_puts(b, "&amp;");
            break;
        case '"':
            ag_buf_puts(b, "&quot;");
            break;
        case '\'':
            ag_buf_puts(b, "&#39;");
            break;
        default:
            ag_buf_append(b, s, 1);
        }
    }
}
