/*
 * Where a message goes: the server and channel, by name or id, resolved over HTTP (no gateway):
 * GET /users/@me/guilds paged with `after`, then GET /guilds/{id}/channels (pick.h chooses).
 */
#ifndef AG_DISCORD_TARGET_H
#define AG_DISCORD_TARGET_H

#include "core/error.h"
#include "net/opts.h"
#include "platforms/discord/options.h"
#include "platforms/discord/pick.h"

struct dc_target {
    struct dc_place server, channel;
};

/* Resolve server and channel (names or ids) with the bot's token. */
int dc_target_resolve(const char *token, const char *server, const char *channel, struct dc_target *out,
                      struct ag_error *err);

/*
 * The target of post, video and delete: the ids authorize stored, when the server and channel
 * names both came from that record; else resolved as above (env names, as a CI run gives them).
 * Checks the token first (dc_token_check).
 */
int dc_target_for(const struct ag_args *args, const struct dc_cred_opts *c, struct dc_target *out,
                  struct ag_error *err);

#endif
