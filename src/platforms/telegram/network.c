/*
 * Telegram's descriptor (net/network.h).  Env names and store fields are Python Agoras's (reference
 * §2.9, §6.2), so existing CI secrets and stored records keep working.  The bot token never expires:
 * no session, no refresh.
 */
#include "platforms/telegram/telegram.h"

#include "platforms/telegram/request.h"

static const struct ag_credential credentials[] = {
    {.flag = "bot-token",
     .env = "TELEGRAM_BOT_TOKEN",
     .store_field = "bot_token",
     .flags = AG_CRED_SECRET | AG_CRED_TOKEN,
     .help = "the bot's token from @BotFather (prefer the env variable: flags show in ps)"},
    {.flag = "chat-id",
     .env = "TELEGRAM_CHAT_ID",
     .store_field = "chat_id",
     .help = "the chat to post to: its numeric id (-100...) or @username"},
    {0},
};

static const struct ag_api_base api_bases[] = {
    {"api", TG_DEFAULT_API_BASE, "AGORAS_TELEGRAM_API_BASE"},
    {0},
};

const struct ag_network ag_telegram_network = {
    .name = "telegram",
    .display = "Telegram",
    .summary =
        "Telegram: post messages, photos and videos with a bot (run 'agoras telegram authorize' first)",
    .actions = ag_telegram_actions,
    .credentials = credentials,
    .store_header = "# Telegram - Bot Token",
    .api_bases = api_bases,
    .media_limits = tg_media_limits,
};
