/* X's refusals (see codes.h). */
#include "platforms/x/codes.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/escape.h"
#include "net/codes.h"

/* More than this between X's Date header and our clock breaks OAuth 1.0a timestamps (±300 s). */
#define CLOCK_SLACK_S 300

#define REAUTHORIZE "run 'agoras x authorize' again"

const struct ag_code x_api_codes[] = {
    {"oauth1-permissions", AG_EAUTH,
     "the access token is read-only: in the Developer Console switch the app to Read and Write, then run "
     "'agoras x authorize' again (old tokens keep their old permissions)"},
    {"client-not-enrolled", AG_EFAIL,
     "the app is not attached to a Project with API access: in the Developer Console open Apps, 'Move to "
     "package', choose Pay-per-use and the Production environment"},
    {"client-forbidden", AG_EFAIL, "X does not allow this app here: check its Project and package"},
    {"unsupported-authentication", AG_EAUTH, "X wants user-context OAuth 1.0a credentials: " REAUTHORIZE},
    {"duplicate-content", AG_EFAIL,
     "X refuses a post whose text repeats a recent one of yours: change the text (nothing was posted)"},
    {"402", AG_EFAIL,
     "the app's pay-per-use credits are spent: buy credits in the Developer Console (Billing), then try "
     "again"},
    {"usage-capped", AG_EFAIL,
     "the app reached its plan's usage cap: wait for the next cycle or raise the cap"},
    {"not-authorized-for-resource", AG_EFAIL, "this account may not do that to this post"},
    {"resource-not-found", AG_EFAIL, "no such post: check --post-id"},
    {"invalid-request", AG_EFAIL, "X refused the request"},
    {"32", AG_EAUTH, "X could not authenticate the credentials (wrong key, secret or token): " REAUTHORIZE},
    {"89", AG_EAUTH, "the access token is invalid or was revoked: " REAUTHORIZE},
    {"135", AG_EAUTH, "X says the request's timestamp is out of bounds: sync your clock (NTP) and try again"},
    {"about:blank", AG_EAUTH, "X rejected the credentials: " REAUTHORIZE},
    {0},
};

static void set_code(char *code, size_t size, const char *v)
{
    snprintf(code, size, "%s", v ? v : "");
}

void x_refusal_code(long status, const char *body, size_t len, char *code, size_t size)
{
    json_t *j = body && len ? json_loadb(body, len, 0, NULL) : NULL;
    const char *type = json_string_value(json_object_get(j, "type"));
    const char *reason = json_string_value(json_object_get(j, "reason"));
    const char *detail = json_string_value(json_object_get(j, "detail"));
    json_t *legacy = json_object_get(json_array_get(json_object_get(j, "errors"), 0), "code");
    const char *slash = type ? strrchr(type, '/') : NULL;
    code[0] = '\0';
    if (status == 402)
        set_code(code, size, "402");
    else if (detail && strstr(detail, "duplicate content"))
        set_code(code, size, "duplicate-content");
    else if (reason && ag_code_find(x_api_codes, reason))
        set_code(code, size, reason);
    else if (json_is_integer(legacy))
        snprintf(code, size, "%" JSON_INTEGER_FORMAT, json_integer_value(legacy));
    else if (slash)
        set_code(code, size, slash + 1);
    else if (type && status == 401)
        set_code(code, size, type); /* about:blank: the generic 401 */
    json_decref(j);
}

/* What X said in its own words: detail, else title, else the first legacy message; printable. */
static void said(const char *body, size_t len, char *out, size_t size)
{
    json_t *j = body && len ? json_loadb(body, len, 0, NULL) : NULL;
    const char *t = json_string_value(json_object_get(j, "detail"));
    json_t *first = json_array_get(json_object_get(j, "errors"), 0);
    if (!t || strcmp(t, "One or more parameters to your request was invalid.") == 0)
        t = json_string_value(json_object_get(first, "message"));
    if (!t)
        t = json_string_value(json_object_get(j, "title"));
    size_t n = ag_escape_controls(out, size, t ? t : "", NULL);
    if (n > 0 && out[n - 1] == '.') /* the advice follows after a colon */
        out[n - 1] = '\0';
    json_decref(j);
}

/* Seconds our clock is behind (negative: ahead of) the server's Date header; 0 when not known. */
static long clock_offset(const struct ag_http_response *res)
{
    const char *date = ag_http_header(res, "Date");
    time_t server = date ? curl_getdate(date, NULL) : -1;
    return server < 0 ? 0 : (long)(server - time(NULL));
}

static int rate_limited(const struct ag_http_response *res, const char *what, struct ag_error *err)
{
    const char *reset = ag_http_header(res, "x-rate-limit-reset");
    time_t at = reset ? (time_t)strtoll(reset, NULL, 10) : 0;
    char when[32] = "later";
    struct tm tm;
    if (at > 0 && gmtime_r(&at, &tm))
        strftime(when, sizeof(when), "at %H:%M:%S UTC", &tm);
    long in = at > 0 ? (long)(at - time(NULL)) : res->retry_after_s;
    if (in > 0)
        return ag_error_set(
            err, AG_ETEMP, "x: %s: X's rate limit is exhausted until it resets %s (in %ld s): try again then",
            what, when, in);
    return ag_error_set(err, AG_ETEMP, "x: %s: X's rate limit is exhausted: try again %s", what, when);
}

int x_answer_error(const struct ag_http_response *res, const char *what, struct ag_error *err)
{
    char code[64], text[300];
    x_refusal_code(res->status, res->body.data, res->body.len, code, sizeof(code));
    said(res->body.data, res->body.len, text, sizeof(text));
    const struct ag_code *row = ag_code_find(x_api_codes, code);
    if (res->status == 429 && !row)
        return rate_limited(res, what, err);
    if (res->status == 401) {
        long off = clock_offset(res);
        if (off > CLOCK_SLACK_S || off < -CLOCK_SLACK_S)
            return ag_error_set(
                err, AG_EAUTH,
                "x: %s: X refused the signature (HTTP 401%s%s): your clock is off by %ld s: sync it "
                "(NTP) and try again",
                what, text[0] ? ": " : "", text, off);
        if (!row)
            row = ag_code_find(x_api_codes, "about:blank");
    }
    int exit_code = ag_code_exit(row, res->status, 1);
    const char *advice =
        ag_code_advice(row, res->status >= 500 ? "X had a server error: try again later" : NULL);
    return ag_error_set(err, exit_code, "x: %s: X answered HTTP %ld%s%s%s%s", what, res->status,
                        text[0] ? ": " : "", text, advice ? ": " : "", advice ? advice : "");
}
