/*
 * Discord's descriptor (net/network.h).  Env names and store fields are Python Agoras's (reference
 * §2.5, §6.2); the record also keeps the server's and channel's ids.  A bot token does not expire:
 * no session, no refresh.  The codes are the API's JSON error codes (§3.7).
 */
#include "platforms/discord/discord.h"

#include "platforms/discord/api.h"

static const struct ag_credential credentials[] = {
    {.flag = "bot-token",
     .env = "DISCORD_BOT_TOKEN",
     .store_field = "bot_token",
     .flags = AG_CRED_SECRET | AG_CRED_TOKEN,
     .help = "the bot's token from the Developer Portal (prefer the env variable: flags show in ps)"},
    {.flag = "server-name",
     .env = "DISCORD_SERVER_NAME",
     .store_field = "server_name",
     .help = "the server (guild) to post to: its exact name, or its id"},
    {.flag = "channel-name",
     .env = "DISCORD_CHANNEL_NAME",
     .store_field = "channel_name",
     .help = "the text or announcement channel: its exact name, or its id"},
    {0},
};

static const struct ag_api_base api_bases[] = {
    {"api", DC_DEFAULT_API_BASE, "AGORAS_DISCORD_API_BASE"},
    {0},
};

#define PERMS_FIX                                                                                            \
    "give the bot Send Messages, Attach Files and Embed Links in the channel (Server Settings > Roles, or "  \
    "the channel's Permissions)"

static const struct ag_code api_codes[] = {
    {"10003", AG_EFAIL, "the channel was deleted: run 'agoras discord authorize' again"},
    {"10004", AG_EFAIL, "the bot is not in that server any more: invite it again, then run authorize"},
    {"10008", AG_EFAIL, "no such message: give the id printed by post or video"},
    {"40001", AG_EAUTH, "the bot token was refused: copy the token again from the Developer Portal"},
    {"40005", AG_EINVALID, "a file is over the server's upload limit: make it smaller"},
    {"40333", AG_ETEMP,
     "Discord (Cloudflare) is blocking this User-Agent or IP address: wait, or post from another network"},
    {"50001", AG_EFAIL, PERMS_FIX},
    {"50006", AG_EINVALID, "the message is empty: give --text, --link or --image-1"},
    {"50013", AG_EFAIL, PERMS_FIX},
    {"50035", AG_EINVALID, "Discord refused a field of the message: fix the value it names"},
    {0},
};

const struct ag_network ag_discord_network = {
    .name = "discord",
    .display = "Discord",
    .summary = "Discord: post messages, link previews, images and videos with a bot (run 'agoras discord "
               "authorize' first)",
    .actions = ag_discord_actions,
    .credentials = credentials,
    .store_header = "# Discord - Bot Token",
    .api_bases = api_bases,
    .api_codes = api_codes,
    .media_limits = dc_media_limits,
    .auth_error_code = "40001",
};
