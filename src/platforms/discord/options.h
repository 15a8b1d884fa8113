/* Discord's typed options: one struct per action, filled by the option engine (actions.c binds the rows). */
#ifndef AG_DISCORD_OPTIONS_H
#define AG_DISCORD_OPTIONS_H

#include <stdbool.h>

#include "net/opts_groups.h"

/* The bot, the server and the channel every action needs: flags in authorize, env or store elsewhere. */
struct dc_cred_opts {
    const char *bot_token, *server_name, *channel_name;
};

struct dc_authorize_opts {
    struct dc_cred_opts c;
    bool force;
};

struct dc_post_opts {
    struct dc_cred_opts c;
    struct ag_content_opts content;
};

struct dc_video_opts {
    struct dc_cred_opts c;
    struct ag_video_opts video;
    const char *video_url_alias, *video_title_alias; /* DISCORD_VIDEO_URL / DISCORD_VIDEO_TITLE */
    const char *text;
};

struct dc_delete_opts {
    struct dc_cred_opts c;
    const char *post_id;
    const char *post_id_alias; /* DISCORD_POST_ID */
};

#endif
