/* X's typed options: one struct per action, filled by the option engine (actions.c binds the rows). */
#ifndef AG_X_OPTIONS_H
#define AG_X_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "net/opts_groups.h"

/* The four OAuth 1.0a credentials: env, else the stored record (Python Agoras's fields). */
struct x_cred_opts {
    const char *consumer_key, *consumer_secret, *oauth_token, *oauth_secret;
};

struct x_authorize_opts {
    struct x_cred_opts c;
    const char *callback_url;
    int64_t timeout;
    bool pin, browser, force;
};

struct x_post_opts {
    struct x_cred_opts c;
    struct ag_content_opts content;
    bool allow_private_urls;
};

struct x_video_opts {
    struct x_cred_opts c;
    struct ag_video_opts video;
    const char *text;
    int64_t wait_timeout;
    bool allow_private_urls;
};

/* like, share and delete. */
struct x_post_id_opts {
    struct x_cred_opts c;
    const char *post_id;
};

#endif
