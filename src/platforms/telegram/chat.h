/* Telegram chat ids as users give them (agoras-upstream.md §2.9): numeric ids and @usernames. */
#ifndef AG_TELEGRAM_CHAT_H
#define AG_TELEGRAM_CHAT_H

#include <stddef.h>

#include "core/error.h"

/* Room for a normalised chat id: "@" + a 32-character username (or "-" + 16 digits), and the NUL. */
#define TG_CHAT_ID_MAX 34

/*
 * Normalise a chat id from TELEGRAM_CHAT_ID / --chat-id into out (size >= TG_CHAT_ID_MAX): surrounding
 * whitespace is trimmed; digits with an optional leading '-' are kept as they are (a user, group or
 * "-100…" channel id); anything else is a public username and gets an '@' if it lacks one.  Empty or
 * whitespace-only values, numbers that are zero or too long for an id, and usernames Telegram would
 * not allow are refused with -AG_EUSAGE and a one-line message naming both places to fix it.
 */
int tg_chat_id_normalize(const char *in, char *out, size_t size, struct ag_error *err);

/* 1 if s[0..n) is a username Telegram allows (without '@'): 4-32 of [A-Za-z0-9_], a letter first. */
int tg_username_valid(const char *s, size_t n);

/* 1 if a normalised chat id is numeric (sent as a JSON integer), 0 if it is an @username. */
int tg_chat_id_is_numeric(const char *chat_id);

#endif
