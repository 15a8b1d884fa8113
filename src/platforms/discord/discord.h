/* Discord: the descriptor, the action table and the handlers behind it. */
#ifndef AG_DISCORD_H
#define AG_DISCORD_H

#include "core/media.h"
#include "net/network.h"
#include "net/opts.h"

/* Discord's descriptor (network.c), the registry's row. */
extern const struct ag_network ag_discord_network;

/* Discord's media limits (limits.c): image, then video. */
extern const struct ag_media_limits dc_media_limits[];

/* NULL-terminated list of Discord's actions, in help order (actions.c). */
extern const struct ag_action *const ag_discord_actions[];

/* Handlers, one file each. */
int ag_discord_run_authorize(struct ag_args *args, struct ag_error *err);
int ag_discord_run_post(struct ag_args *args, struct ag_error *err);
int ag_discord_run_video(struct ag_args *args, struct ag_error *err);
int ag_discord_run_delete(struct ag_args *args, struct ag_error *err);

#endif
