/* TikTok: the descriptor, the action table and the handlers behind it. */
#ifndef AG_TIKTOK_H
#define AG_TIKTOK_H

#include "core/media.h"
#include "net/network.h"
#include "net/opts.h"

/* TikTok's descriptor (network.c), the registry's row. */
extern const struct ag_network ag_tiktok_network;

/* TikTok's media limits (limits.c), image then video. */
extern const struct ag_media_limits tt_media_limits[];

/* NULL-terminated list of TikTok's actions, in help order. */
extern const struct ag_action *const ag_tiktok_actions[];

/* Handlers (each in its own file once implemented). */
int ag_tiktok_run_authorize(struct ag_args *args, struct ag_error *err);
int ag_tiktok_run_video(struct ag_args *args, struct ag_error *err);
int ag_tiktok_run_post(struct ag_args *args, struct ag_error *err);
int ag_tiktok_run_status(struct ag_args *args, struct ag_error *err);
int ag_tiktok_run_whoami(struct ag_args *args, struct ag_error *err);
int ag_tiktok_run_revoke(struct ag_args *args, struct ag_error *err);

#endif
