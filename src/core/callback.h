/*
 * Loopback OAuth callback server (libmicrohttpd).  It listens only on the redirect URI's own
 * address and port (127.0.0.1, localhost = 127.0.0.1, or [::1]; the port is required), serves
 * exactly the redirect path with GET (other paths: 404, other methods: 405; neither ends the
 * wait, so /favicon.ico is harmless), caps request sizes, and accepts one callback: a state
 * mismatch, the provider's error (access_denied …) or a code.  Every outcome is answered with a
 * small self-contained HTML page (no external resources) saying success or the precise failure.
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
 * authorization callback".  Once an outcome is in, later requests are answered 410 Gone.
 */
int ag_callback_wait(struct ag_callback *cb, int timeout_s, int paste_fd, struct ag_oauth_result *out,
                     struct ag_error *err);

/* Stop the server (the page of the accepted callback has been sent by then) and free it; NULL is fine. */
void ag_callback_stop(struct ag_callback *cb);

#endif
