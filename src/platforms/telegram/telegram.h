/* Telegram: the descriptor, the action table and the handlers behind it. */
#ifndef AG_TELEGRAM_H
#define AG_TELEGRAM_H

#include "core/media.h"
#include "net/network.h"
#include "net/opts.h"

/* Telegram's descriptor (network.c), the registry's row. */
extern const struct ag_network ag_telegram_network;

/* Telegram's media limits (limits.c), image then video. */
extern const struct ag_media_limits tg_media_limits[];

/* NULL-terminated list of Telegram's actions, in help order (actions.c). */
extern const struct ag_action *const ag_telegram_actions[];

/* Handlers, one file each. */
int ag_telegram_run_authorize(struct ag_args *args, struct ag_error *err);
int ag_telegram_run_post(struct ag_args *args, struct ag_error *err);
int ag_telegram_run_video(struct ag_args *args, struct ag_error *err);
int ag_telegram_run_delete(struct ag_args *args, struct ag_error *err);

#endif
