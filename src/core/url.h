/* URLs as messages and logs may show them. */
#ifndef AG_URL_H
#define AG_URL_H

#include <stddef.h>

/* Room for a shown URL in a message (longer ones are cut). */
#define AG_URL_SHOWN_MAX 512

/*
 * Write url to out without user info, query and fragment (they carry passwords, presigned tokens,
 * access tokens), with a Telegram bot token in the path (/bot<id>:<token>/) shown as "bot***",
 * and any secret registered with ag_log_add_secret replaced (core/log.h); returns out.  This is
 * the only URL redactor: every URL that reaches a message or a log line goes through it.  An
 * unparsable URL is cut before its first '?' or '#', and anything up to its last '@' is dropped,
 * so it over-redacts rather than leak.
 */
const char *ag_url_shown(const char *url, char *out, size_t size);

#endif
