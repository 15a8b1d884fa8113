/* X (formerly Twitter): the descriptor, the action table and the handlers behind it. */
#ifndef AG_X_H
#define AG_X_H

#include "core/media.h"
#include "net/network.h"
#include "net/opts.h"

/* X's descriptor (network.c), the registry's row. */
extern const struct ag_network ag_x_network;

/* X's media limits (limits.c): image then video; animated GIFs have their own row (not listed). */
extern const struct ag_media_limits x_media_limits[];
extern const struct ag_media_limits x_gif_limits;

/* NULL-terminated list of X's actions, in help order (actions.c). */
extern const struct ag_action *const ag_x_actions[];

/* Handlers. */
int ag_x_run_authorize(struct ag_args *args, struct ag_error *err);
int ag_x_run_post(struct ag_args *args, struct ag_error *err);
int ag_x_run_video(struct ag_args *args, struct ag_error *err);
int ag_x_run_like(struct ag_args *args, struct ag_error *err);
int ag_x_run_share(struct ag_args *args, struct ag_error *err);
int ag_x_run_delete(struct ag_args *args, struct ag_error *err);

#endif
