/* Threads (Meta): the descriptor, the action table and the handlers behind it. */
#ifndef AG_THREADS_H
#define AG_THREADS_H

#include "core/media.h"
#include "net/network.h"
#include "net/opts.h"

/* Threads' descriptor (network.c), the registry's row. */
extern const struct ag_network ag_threads_network;

/* Threads' media limits (limits.c): image then video, both fetched by Threads from a URL. */
extern const struct ag_media_limits th_media_limits[];

/* NULL-terminated list of Threads' actions, in help order (actions.c). */
extern const struct ag_action *const ag_threads_actions[];

/* Handlers. */
int ag_threads_run_authorize(struct ag_args *args, struct ag_error *err);
int ag_threads_run_post(struct ag_args *args, struct ag_error *err);
int ag_threads_run_video(struct ag_args *args, struct ag_error *err);
int ag_threads_run_share(struct ag_args *args, struct ag_error *err);
int ag_threads_run_delete(struct ag_args *args, struct ag_error *err);

#endif
