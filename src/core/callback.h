/*
 * Loopback OAuth callback server (libmicrohttpd).  It listens only on the redirect URI's own
 * address and port (127.0.0.1, localhost = 127.0.0.1, or [::1]; the port is required), serves
 * exactly the redirect path with GET (other paths: 404, other methods: 405; neither ends the
 * wait, so /favicon.ico is harmless), caps request sizes, and accepts one callback carrying the
 * expected state: the provider's error (access_denied …) or a code.  A request with a missing
 * or wrong state is answered and ignored, so no local process can end the wait.  Idle
 * connections are closed after a few seconds and many may be open at once, so slow or silent
 * clients cannot keep the browser's redirect out.  Every request is answered with a small
 * self-contained HTML page (no external resources) saying success or the precise failure.
 */
#ifndef AG_CALLBACK_H
#define AG_CALLBACK_H

#include "core/error.h"
#include "core/oauth.h"

struct ag_callback;

/*
 * Start listening for redirect_uri (http only: the server has no TLS).  expected_state is
 * copied.  *out: the server, released with ag_callback_stop.  A busy port is -AG_EFAIL naming
 * the port and suggesting --redirect-uri with another one; a bad redirect URI is -AG_EUSAGE.
 */
int ag_callback_start(const char *redirect_uri, const char *expected_state, struct ag_callback **out,
                      struct ag_error *err);

/*
 * Wait up to timeout_s seconds for whichever comes first: the callback, or (if paste_fd >= 0) a
 * line on paste_fd holding the redirected URL (parsed and checked the same way; an unusable
 * line is reported with a warning and the wait goes on; end of input just stops reading it).
 * 0: *out (initialised by the caller) holds the code, state and scopes.  Otherwise -AG_EAUTH
 * (state mismatch, access_denied …) or -AG_ETEMP "timed out after N s waiting for the
 * authorization callback" (naming how many requests with a wrong state were ignored).  Once an
 * outcome is in, later requests with the expected state are answered 410 Gone.
 */
int ag_callback_wait(struct ag_callback *cb, int timeout_s, int paste_fd, struct ag_oauth_result *out,
                     struct ag_error *err);

/* The answer to one request, decided by ag_callback_judge. */
struct ag_callback_verdict {
    unsigned status;   /* of the HTML page */
    const char *title; /* of the page */
    const char *text;  /* of the page (may point into err.msg) */
    int ignored;       /* the right path and OAuth parameters, but not our state */
    int ends;          /* our state: the user's answer, which ends the wait with rc */
    int rc;            /* 0 (result holds the code…) or -AG_EAUTH (err) */
    struct ag_error err;
    struct ag_oauth_result result; /* released by the caller with ag_oauth_result_free */
};

/*
 * Judge one request to the callback server: its method, raw request target (NULL if it was
 * too long), the redirect path and the expected state.  No side effects.
 */
void ag_callback_judge(const char *method, const char *target, const char *path, const char *state,
                       struct ag_callback_verdict *v);

/* Stop the server (the page of the accepted callback has been sent by then) and free it; NULL is fine. */
void ag_callback_stop(struct ag_callback *cb);

#endif
