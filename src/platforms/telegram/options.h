/* Telegram's typed options: one struct per action, filled by the option engine (actions.c binds the rows). */
#ifndef AG_TELEGRAM_OPTIONS_H
#define AG_TELEGRAM_OPTIONS_H

#include <stdbool.h>

#include "net/opts_groups.h"

/* The bot and the chat every action needs: flags in authorize, env or store elsewhere. */
struct tg_cred_opts {
    const char *bot_token, *chat_id;
};

struct tg_authorize_opts {
    struct tg_cred_opts c;
    bool force;
};

struct tg_post_opts {
    struct tg_cred_opts c;
    struct ag_content_opts content;
    const char *parse_mode;
};

struct tg_video_opts {
    struct tg_cred_opts c;
    struct ag_video_opts video;
    const char *text, *parse_mode;
};

struct tg_delete_opts {
    struct tg_cred_opts c;
    const char *post_id;
};

#endif
