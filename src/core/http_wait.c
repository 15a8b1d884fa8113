/* How long a server asks a client to wait (Retry-After, X's reset time, Telegram's JSON). */
#include <curl/curl.h>
#include <jansson.h>

#include "core/http.h"
#include "core/num.h"

#define MAX_WAIT_S   INT32_MAX
#define MAX_JSON_LEN 65536 /* a rate-limit answer is small; a big body is not parsed */

static long until(int64_t when, time_t now)
{
    return when > (int64_t)now ? (long)(when - (int64_t)now < MAX_WAIT_S ? when - (int64_t)now : MAX_WAIT_S)
                               : 0;
}

/* Retry-After: delay-seconds or an HTTP-date (RFC 9110 section 10.2.3). */
static long retry_after(const char *v, time_t now)
{
    int64_t s;
    if (ag_parse_i64(v, 0, MAX_WAIT_S, &s) == 0)
        return (long)s;
    time_t when = curl_getdate(v, &now);
    return when == (time_t)-1 ? -1 : until(when, now);
}

/* {"retry_after": N} or Telegram's {"parameters": {"retry_after": N}}. */
static long json_wait(const char *body, size_t len)
{
    if (!body || len == 0 || len > MAX_JSON_LEN)
        return -1;
    json_t *root = json_loadb(body, len, 0, NULL);
    json_t *v = json_object_get(root, "retry_after");
    if (!v)
        v = json_object_get(json_object_get(root, "parameters"), "retry_after");
    json_int_t s = json_is_integer(v) ? json_integer_value(v) : -1;
    json_decref(root);
    return s >= 0 && s <= MAX_WAIT_S ? (long)s : -1;
}

long ag_http_wait_s(long status, const char *retry_after_v, const char *reset_v, const char *body, size_t len,
                    time_t now)
{
    long s = retry_after_v ? retry_after(retry_after_v, now) : -1;
    int64_t reset;
    if (s >= 0 || status != 429)
        return s;
    if (reset_v && ag_parse_i64(reset_v, 0, INT64_MAX, &reset) == 0)
        return until(reset, now);
    return json_wait(body, len);
}
