/* What the actions share: the bot and chat checked before any request, and the result line of a send. */
#ifndef AG_TELEGRAM_SEND_H
#define AG_TELEGRAM_SEND_H

#include <stddef.h>

#include <jansson.h>

#include "core/error.h"
#include "platforms/telegram/options.h"

/* Hide and check the token (request.h), normalise the chat id into chat (size >= TG_CHAT_ID_MAX). */
int tg_creds_check(const struct tg_cred_opts *c, char *chat, size_t size, struct ag_error *err);

/*
 * Print the result line of a send: {"id": first message id, "ids": [every id], "chat_id": chat}.
 * A result without message ids is -AG_EUNKNOWN (sent, id unknown) and prints nothing.
 */
int tg_print_sent(const json_t *result, const char *chat, struct ag_error *err);

#endif
