#include "platforms/discord/target.h"

#include <stdio.h>
#include <string.h>

#include "net/account.h"
#include "platforms/discord/api.h"
#include "platforms/discord/discord.h"

#define PAGE_LIMIT 200 /* the most GET /users/@me/guilds returns at once */
#define MAX_PAGES  50  /* 10,000 servers: far more than a publishing bot is in */

/* Every server of the bot, page after page, into the array all. */
static int list_guilds(const char *token, json_t *all, struct ag_error *err)
{
    char path[96], route[] = "GET /users/@me/guilds";
    const char *after = NULL;
    for (int page = 0; page < MAX_PAGES; page++) {
        if (after)
            snprintf(path, sizeof(path), "/users/@me/guilds?limit=%d&after=%s", PAGE_LIMIT, after);
        else
            snprintf(path, sizeof(path), "/users/@me/guilds?limit=%d", PAGE_LIMIT);
        struct dc_request r = {
            .method = "GET", .path = path, .route = route, .what = "listing the bot's servers"};
        json_t *got = NULL;
        int rc = dc_call(token, &r, &got, err);
        if (rc < 0)
            return rc;
        if (!json_is_array(got)) {
            json_decref(got);
            return ag_error_set(err, AG_EFAIL,
                                "discord: listing the bot's servers: the answer is not a list");
        }
        size_t n = json_array_size(got);
        json_array_extend(all, got);
        json_decref(got);
        after = json_string_value(json_object_get(json_array_get(all, json_array_size(all) - 1), "id"));
        if (n < PAGE_LIMIT || !after || !dc_is_snowflake(after))
            return 0;
    }
    return 0;
}

static int list_channels(const char *token, const char *guild, json_t **out, struct ag_error *err)
{
    char path[64], route[80];
    snprintf(path, sizeof(path), "/guilds/%s/channels", guild);
    snprintf(route, sizeof(route), "GET %s", path);
    struct dc_request r = {
        .method = "GET", .path = path, .route = route, .what = "listing the server's channels"};
    int rc = dc_call(token, &r, out, err);
    if (rc == 0 && !json_is_array(*out))
        rc = ag_error_set(err, AG_EFAIL, "discord: listing the server's channels: the answer is not a list");
    return rc;
}

int dc_target_resolve(const char *token, const char *server, const char *channel, struct dc_target *out,
                      struct ag_error *err)
{
    json_t *guilds = json_array(), *channels = NULL;
    int rc = guilds ? list_guilds(token, guilds, err) : ag_error_set(err, AG_EFAIL, "out of memory");
    if (rc == 0)
        rc = dc_pick_guild(guilds, server, &out->server, err);
    if (rc == 0)
        rc = list_channels(token, out->server.id, &channels, err);
    if (rc == 0)
        rc = dc_pick_channel(channels, channel, out->server.name, &out->channel, err);
    json_decref(guilds);
    json_decref(channels);
    return rc;
}

/* The ids of the stored record, when it holds the names in use. */
static int stored_ids(const struct dc_cred_opts *c, struct dc_target *out, struct ag_error *err)
{
    json_t *rec = NULL;
    int rc = ag_account_find(&ag_discord_network, NULL, &rec, err);
    const char *sid = json_string_value(json_object_get(rec, "server_id"));
    const char *cid = json_string_value(json_object_get(rec, "channel_id"));
    const char *sname = json_string_value(json_object_get(rec, "server_name"));
    const char *cname = json_string_value(json_object_get(rec, "channel_name"));
    int found = rc == 0 && sid && cid && dc_is_snowflake(sid) && dc_is_snowflake(cid) && sname && cname &&
                strcmp(sname, c->server_name) == 0 && strcmp(cname, c->channel_name) == 0;
    if (found) {
        snprintf(out->server.id, sizeof(out->server.id), "%s", sid);
        snprintf(out->channel.id, sizeof(out->channel.id), "%s", cid);
        snprintf(out->server.name, sizeof(out->server.name), "%s", sname);
        snprintf(out->channel.name, sizeof(out->channel.name), "%s", cname);
    }
    json_decref(rec);
    return rc < 0 ? rc : found;
}

int dc_target_for(const struct ag_args *args, const struct dc_cred_opts *c, struct dc_target *out,
                  struct ag_error *err)
{
    int rc = dc_token_check(c->bot_token, err);
    if (rc < 0)
        return rc;
    if (ag_args_src(args, &c->server_name) == AG_SRC_STORE &&
        ag_args_src(args, &c->channel_name) == AG_SRC_STORE) {
        rc = stored_ids(c, out, err);
        if (rc != 0)
            return rc < 0 ? rc : 0;
    }
    return dc_target_resolve(c->bot_token, c->server_name, c->channel_name, out, err);
}
