/* Threads' refusals (see codes.h). */
#include "platforms/threads/codes.h"

#include <stdio.h>
#include <string.h>

#include "core/escape.h"
#include "net/codes.h"

#define REAUTHORIZE "run 'agoras threads authorize' again"

/* "<code>/<subcode>" rows are looked up before "<code>" rows. */
const struct ag_code th_api_codes[] = {
    {"190/463", AG_EAUTH, "the Threads token has expired: " REAUTHORIZE},
    {"190", AG_EAUTH, "the Threads token is invalid, expired or revoked: " REAUTHORIZE},
    {"102", AG_EAUTH, "the Threads session is no longer valid: " REAUTHORIZE},
    {"10", AG_EAUTH, "a permission is missing: " REAUTHORIZE " and grant every permission asked"},
    {"3", AG_EFAIL, "the app lacks this capability: add the Threads use case and its permissions to the app"},
    {"1349245", AG_EAUTH,
     "the Threads account has not accepted the tester invite: in Threads open Account settings > Website "
     "permissions, accept it, then " REAUTHORIZE},
    {"1349168", AG_EUSAGE,
     "the redirect URI is not registered: add it exactly (trailing slash included) under the app's Threads "
     "use case settings, or pass the registered one with --redirect-uri"},
    {"1349026", AG_EUSAGE,
     "Threads does not know this app: use the Threads App ID and secret (Threads use case > Settings), not "
     "the Facebook pair"},
    {"24/4279009", AG_ETEMP, "Threads has not made the container visible yet: try again in a minute"},
    {"9/2207042", AG_ETEMP, "the account reached Threads' 250 posts in 24 hours: try again later"},
    {"1/2207052", AG_EFAIL,
     "Threads could not fetch the media: make sure its URL is public (no login, no redirect to a page)"},
    {"1", AG_ETEMP, "Threads had a temporary problem: try again later"},
    {"2", AG_ETEMP, "Threads had a temporary problem: try again later"},
    {"4", AG_ETEMP, "the app hit Threads' call limit: try again later"},
    {"17", AG_ETEMP, "the account hit Threads' call limit: try again later"},
    {"341", AG_ETEMP, "the app hit a Threads limit: try again later"},
    {"368", AG_EFAIL, "Threads temporarily blocks this account for a policy reason: check the Threads app"},
    {"506", AG_EFAIL, "Threads refuses a duplicate of a recent post: change the text"},
    {"2207051", AG_EFAIL, "Threads restricts this activity on the account: check the Threads app"},
    {"4279013", AG_EFAIL, "the Threads account is restricted: check the Threads app"},
    {"THREADS_API__LINK_LIMIT_EXCEEDED", AG_EINVALID, "a post may hold at most 5 links"},
    {0},
};

static void copy_code(json_t *v, char *out, size_t size)
{
    if (json_is_integer(v))
        snprintf(out, size, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    else
        snprintf(out, size, "%s", json_string_value(v) ? json_string_value(v) : "");
}

int th_error_from_answer(long http, json_t *body, const char *what, char *code, size_t code_size,
                         char *subcode, size_t subcode_size, struct ag_error *err)
{
    json_t *e = json_object_get(body, "error");
    json_t *src = json_is_object(e) ? e : body; /* Graph object, else the flat token shapes */
    char key[96], said[200];
    const char *msg = json_string_value(json_object_get(src, "message"));
    if (!msg)
        msg = json_string_value(json_object_get(src, "error_message"));
    json_t *c = json_object_get(src, "code");
    copy_code(c ? c : json_object_get(src, "error_code"), code, code_size);
    copy_code(json_object_get(src, "error_subcode"), subcode, subcode_size);
    /* The 400 the token endpoint puts in "code" is an HTTP status, not a Graph code. */
    const char *type = json_string_value(json_object_get(src, "error_type"));
    if (type && strcmp(code, "400") == 0)
        code[0] = '\0';
    const char *trace = json_string_value(json_object_get(src, "fbtrace_id"));
    ag_escape_controls(said, sizeof(said), msg ? msg : "no error message", NULL);
    snprintf(key, sizeof(key), "%s/%s", code, subcode);
    const struct ag_code *row = *subcode ? ag_code_find(th_api_codes, key) : NULL;
    if (!row)
        row = ag_code_find(th_api_codes, code);
    if (!row && msg && strstr(msg, "THREADS_API__LINK_LIMIT_EXCEEDED"))
        row = ag_code_find(th_api_codes, "THREADS_API__LINK_LIMIT_EXCEEDED");
    int exit_code = ag_code_exit(row, http, 1);
    if (!row && json_is_true(json_object_get(src, "is_transient")))
        exit_code = AG_ETEMP;
    char shown[96];
    snprintf(shown, sizeof(shown), "%s%s%s", *code ? code : "no code", *subcode ? "/" : "", subcode);
    const char *advice = ag_code_advice(row, exit_code == AG_ETEMP ? "try again later" : NULL);
    return ag_error_set(err, exit_code, "threads: %s: Threads answered HTTP %ld, code %s: %s%s%s%s%s%s", what,
                        http, shown, said, trace ? " (fbtrace_id " : "", trace ? trace : "", trace ? ")" : "",
                        advice ? "; " : "", advice ? advice : "");
}
