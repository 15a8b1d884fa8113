/* Threads' typed options: one struct per action, filled by the option engine (actions.c binds the rows). */
#ifndef AG_THREADS_OPTIONS_H
#define AG_THREADS_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "net/opts_groups.h"

struct th_authorize_opts {
    const char *app_id, *app_secret, *redirect_uri;
    bool force;
};

struct th_post_opts {
    struct ag_content_opts content;
    const char *who_can_reply;
    int64_t wait_timeout;
};

struct th_video_opts {
    struct ag_video_opts video;
    const char *text;
    const char *who_can_reply;
    int64_t wait_timeout;
};

/* share and delete. */
struct th_post_id_opts {
    const char *post_id;
};

#endif
