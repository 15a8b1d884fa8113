/*
 * TikTok's answer shapes: the {data, error} envelope of the Content Posting API with its log_id,
 * and the flat error JSON of the OAuth endpoints.
 */
#include "sandbox/tiktok/tiktok.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

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
    sbx_utf8_scrub(msg);
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
    char log_id[48], text[512];
    snprintf(text, sizeof(text), "%s", desc);
    sbx_utf8_scrub(text);
    sbx_log_id(log_id);
    sbx_reply_json(r, status,
                   json_pack("{s:s, s:s, s:s}", "error", error, "error_description", text, "log_id", log_id));
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
