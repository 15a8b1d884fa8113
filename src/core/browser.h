/*
 * Open a URL in the user's browser without waiting for it: $BROWSER if set (a ':'-separated
 * list of commands tried in order; each is split on spaces, a "%s" argument is replaced by the
 * URL, else the URL is appended), otherwise xdg-open then sensible-browser (open on macOS;
 * not on Linux, where open(1) is openvt).
 *
 * The browser runs detached (double fork, new session) with stdin, stdout and stderr on
 * /dev/null, through execv without a shell, so nothing in the URL is ever interpreted.
 * Only pass URLs without secrets (an authorize URL's state and PKCE challenge are fine).
 */
#ifndef AG_BROWSER_H
#define AG_BROWSER_H

/*
 * 0 if a browser program was started (exec succeeded; whether it shows the page is its business),
 * -AG_EFAIL if none could be (the reasons are logged at debug level): then print the URL instead.
 */
int ag_browser_open(const char *url);

#endif
