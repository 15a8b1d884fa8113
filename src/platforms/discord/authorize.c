/*
 * agoras discord authorize: GET /users/@me (the token is good), the server and the channel found by
 * name or id (target.h), then {bot_token, server_name, channel_name, server_id, channel_id} stored as
 * discord-<server name>-<channel name> and discord-default, as Python Agoras names them (the ids name
 * the record instead when the names cannot: a '/' in one, or too long).  Nothing on stdout; one line
 * on stderr; nothing secret anywhere.
 */
#include <stdio.h>

#include "core/log.h"
#include "core/store.h"
#include "net/account.h"
#include "platforms/discord/api.h"
#include "platforms/discord/discord.h"
#include "platforms/discord/options.h"
#include "platforms/discord/target.h"

/* The bot's username, from GET /users/@me. */
static int bot_name(const char *token, char *out, size_t size, struct ag_error *err)
{
    struct dc_request r = {
        .method = "GET", .path = "/users/@me", .route = "GET /users/@me", .what = "checking the bot token"};
    json_t *me = NULL;
    int rc = dc_call(token, &r, &me, err);
    const char *name = json_string_value(json_object_get(me, "username"));
    if (rc == 0 && !name)
        rc = ag_error_set(err, AG_EFAIL, "discord: checking the bot token: the answer names no user");
    if (rc == 0)
        snprintf(out, size, "%s", name);
    json_decref(me);
    return rc;
}

int ag_discord_run_authorize(struct ag_args *args, struct ag_error *err)
{
    const struct dc_authorize_opts *o = args->opts;
    struct dc_target t;
    char bot[128], id[2 * sizeof(t.server.name) + 2];
    int rc = dc_token_check(o->c.bot_token, err);
    if (rc == 0)
        rc = bot_name(o->c.bot_token, bot, sizeof(bot), err);
    if (rc == 0)
        rc = dc_target_resolve(o->c.bot_token, o->c.server_name, o->c.channel_name, &t, err);
    if (rc < 0)
        return rc;
    snprintf(id, sizeof(id), "%s-%s", t.server.name, t.channel.name);
    if (ag_store_check_name(ag_discord_network.name, id, NULL) < 0)
        snprintf(id, sizeof(id), "%s-%s", t.server.id, t.channel.id);
    json_t *record =
        json_pack("{s:s, s:s, s:s, s:s, s:s}", "bot_token", o->c.bot_token, "server_name", t.server.name,
                  "channel_name", t.channel.name, "server_id", t.server.id, "channel_id", t.channel.id);
    rc = record ? ag_account_save(&ag_discord_network, id, record, o->force, err)
                : ag_error_set(err, AG_EFAIL, "out of memory");
    json_decref(record);
    if (rc == 0)
        ag_info("Bot %s can post to #%s (id %s) in '%s' (id %s); credentials stored as discord-%s.", bot,
                t.channel.name, t.channel.id, t.server.name, t.server.id, id);
    return rc;
}
