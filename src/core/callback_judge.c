/*
 * What the loopback callback server does with one request, decided without any socket (so it
 * can be fuzzed): only a GET of the redirect path carrying our state can end the wait.  Any local
 * process can reach the port, so a request with a missing or wrong state is answered and
 * ignored; the wait goes on until the real redirect or the timeout.  With the right state, the
 * provider's error (access_denied: the user said no) ends the wait as surely as a code does.
 */
#include "core/callback.h"

#include <string.h>

void ag_callback_judge(const char *method, const char *target, const char *path, const char *state,
                       struct ag_callback_verdict *v)
{
    struct ag_oauth_result r;
    size_t path_len = target ? strcspn(target, "?") : 0;
    memset(v, 0, sizeof(*v));
    ag_oauth_result_init(&v->result);
    ag_oauth_result_init(&r);
    v->status = 400;
    if (strcmp(method, "GET") != 0) {
        v->status = 405;
        v->title = "Method not allowed";
        v->text = "Only GET is served here.";
    } else if (!target) {
        v->status = 414;
        v->title = "Request too long";
        v->text = "This is not an authorization callback.";
    } else if (strlen(path) != path_len || strncmp(target, path, path_len) != 0) {
        v->status = 404;
        v->title = "Not found";
        v->text = "This server only answers the authorization redirect.";
    } else if (ag_oauth_parse_callback(target, &r, &v->err) < 0 || (!r.code && !r.state && !r.error)) {
        v->title = "No authorization here";
        v->text = "This address has no authorization parameters; agoras is still waiting.";
    } else if (!r.state || !ag_oauth_equal(r.state, state)) {
        v->ignored = 1;
        v->title = "Ignored";
        v->text = "This request does not carry the state of the authorization agoras is waiting for "
                  "(a stale or forged redirect), so it was ignored; agoras is still waiting.";
    } else {
        v->ends = 1;
        v->rc = ag_oauth_check_callback(&r, state, &v->err);
        v->status = v->rc < 0 ? 400 : 200;
        v->title = v->rc < 0 ? "Authorization failed" : "Authorized";
        v->text = v->rc < 0 ? v->err.msg
                            : "agoras received the authorization. You can close this tab and return to "
                              "the terminal.";
        v->result = r;
        ag_oauth_result_init(&r);
    }
    ag_oauth_result_free(&r);
}
