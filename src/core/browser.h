/*
 * Open a URL in the user's browser: $BROWSER if set (a ':'-separated
 * list of commands tried in order; each is split on spaces, a "%s" argument is replaced by the
 * URL, else the URL is appended), otherwise xdg-open then sensible-browser (open on macOS;
 * not on Linux, where open(1) is openvt).
 *
 * The browser runs in a new session with stdin, stdout and stderr on /dev/null, through execve
 * without a shell, so nothing in the URL is ever interpreted, and with agoras's environment minus
 * its secrets (core/child_env.h).  Only pass URLs without secrets (an authorize URL's state and
 * PKCE challenge are fine).
 */
#ifndef AG_BROWSER_H
#define AG_BROWSER_H

#include "core/error.h"

/*
 * Try each command in turn; a command fails when it cannot be started, exits non-zero or is
 * killed by a signal within 3 s (a launcher like xdg-open answers at once; a browser still
 * running after that is taken as showing the page).  0 when one ran or exited 0; -AG_EFAIL when
 * none did, with every reason in err ("'xdg-open' exited with status 3"): then the caller must
 * offer another way (print the URL, read the pasted redirect).  Blocks up to 3 s per command.
 */
int ag_browser_open(const char *url, struct ag_error *err);

#endif
