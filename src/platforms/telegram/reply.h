/*
 * Bot API answers (LINKEDIN_YOUTUBE_DISCORD_TELEGRAM_API.md §4.1): the {"ok", "result"} envelope,
 * failures mapped to the exit codes of SPEC §1 with a one-line message and what to do, and the
 * values the publisher reads from a result.  Server text is escaped and cut short before it reaches
 * a message; no message ever holds the bot token (none is given to these functions).
 */
#ifndef AG_TELEGRAM_REPLY_H
#define AG_TELEGRAM_REPLY_H

#include <stddef.h>

#include <jansson.h>

#include "core/error.h"

/* Room for a bot username and its NUL (Telegram usernames have at most 32 characters). */
#define TG_USERNAME_MAX 33

struct tg_reply {
    json_t *result;               /* success: a new reference to "result" (tg_reply_free drops it) */
    long error_code;              /* failure: the envelope's error_code, else the HTTP status */
    long retry_after_s;           /* parameters.retry_after (flood control), 0 if absent */
    long long migrate_to_chat_id; /* parameters.migrate_to_chat_id (group became a supergroup), 0 if absent */
    int envelope; /* 1 if the body was the Bot API's {"ok": …} envelope (an answer understood) */
};

/*
 * Parse the answer to method (named in messages): HTTP status and body (len bytes, not necessarily
 * NUL-terminated).  0 with out->result set when status is 2xx and the body is {"ok":true,"result":…}.
 * Otherwise a negative exit code and err: -AG_EAUTH for a refused token (401, 404), -AG_ETEMP for
 * flood control (429, "retry after N s") and 5xx, -AG_EINVALID for text Telegram refuses (too long,
 * unparsable formatting), -AG_EFAIL for every other refusal and for answers that are not the Bot
 * API's envelope.  out is always initialised and must be passed to tg_reply_free.
 */
int tg_reply_parse(long status, const char *body, size_t len, const char *method, struct tg_reply *out,
                   struct ag_error *err);

void tg_reply_free(struct tg_reply *r);

/*
 * The message ids of a sending method's result: a Message object (sendMessage, sendPhoto,
 * sendVideo) gives one, sendMediaGroup's array one per message, in order.  *ids is malloc'd
 * (caller frees), *n >= 1; the first id is the one to print.  A result without positive integer
 * message_ids is -AG_EUNKNOWN: the message may exist, its id is not known.
 */
int tg_result_message_ids(const json_t *result, long long **ids, size_t *n, struct ag_error *err);

/*
 * The bot's username from getMe's User into out (size >= TG_USERNAME_MAX), checked to be a bot
 * and a well-formed username, since it names the stored record (telegram-<username>).
 */
int tg_result_bot_username(const json_t *result, char *out, size_t size, struct ag_error *err);

#endif
