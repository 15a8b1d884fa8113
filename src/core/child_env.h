/*
 * The environment of programs agoras starts (the browser): agoras's own, minus every variable
 * whose name looks like a secret, so a $BROWSER script or a browser's crash reporter never sees
 * AGORAS_STORAGE_KEY, a client secret or a token.
 *
 * Secret-looking (case-insensitive): AGORAS_STORAGE_KEY and names ending in _SECRET, _TOKEN, _KEY
 * (so also _PRIVATE_KEY, _API_KEY), _PASSWORD, _PASSWD, _PASSPHRASE or _CREDENTIALS.  That covers
 * every secret Agoras reads for all ten networks (…_CLIENT_SECRET, …_APP_SECRET, …_REFRESH_TOKEN,
 * …_ACCESS_TOKEN, …_BOT_TOKEN, TWITTER_OAUTH_SECRET, TWITTER_CONSUMER_KEY,
 * GOOGLE_APPLICATION_CREDENTIALS).  Kept although they match: XDG_* (XDG_ACTIVATION_TOKEN is
 * Wayland's single-use token that lets the new browser window take focus; it grants nothing
 * else).  Everything else (DISPLAY, WAYLAND_DISPLAY, HOME, PATH, XDG_*, DBUS_SESSION_BUS_ADDRESS,
 * LANG …) is kept: the browser needs it to find the user's session.
 */
#ifndef AG_CHILD_ENV_H
#define AG_CHILD_ENV_H

/* 1 if the variable named by entry ("NAME" or "NAME=value") is one of the secrets above. */
int ag_child_env_is_secret(const char *entry);

/*
 * A new NULL-terminated array of the entries of env that are not secrets, for execve.  The
 * strings are env's own (not copied; env is not changed): free() only the array, and use it
 * before env changes.  NULL if out of memory.
 */
char **ag_child_env_build(char *const *env);

#endif
