/*
 * Discord's answers (LINKEDIN_YOUTUBE_DISCORD_TELEGRAM_API.md §3.6-§3.7): a 2xx JSON body, or the
 * error shape {"code", "message", "errors"?} mapped through the descriptor's code table to an exit
 * code (SPEC §1) and one line saying what to do.  Server text is cut short before it reaches a
 * message; nothing here sees the token.
 */
#ifndef AG_DISCORD_REPLY_H
#define AG_DISCORD_REPLY_H

#include <stddef.h>

#include <jansson.h>

#include "core/error.h"

/*
 * Parse an answer (body is len bytes, not necessarily NUL-terminated).  2xx: 0 and *out the JSON
 * body (NULL when empty, as a 204's).  Else a negative exit code and err "discord: <what>: …":
 * 401 and 40001 -AG_EAUTH; 429 and 5xx -AG_ETEMP; 413 -AG_EINVALID; other codes as the table says.
 * *understood: the body was Discord's (a JSON success, or the error shape), for net/create.h.
 */
int dc_reply_parse(long status, const char *body, size_t len, const char *what, json_t **out, int *understood,
                   struct ag_error *err);

/*
 * Seconds a 429 asks to wait: the body's retry_after (fractional), else the Retry-After header
 * (seconds, possibly fractional); -1 when neither says.
 */
double dc_retry_after(const char *body, size_t len, const char *header);

#endif
