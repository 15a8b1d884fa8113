/* TikTok's typed options: one struct per action, filled by the option engine (actions.c binds the rows). */
#ifndef AG_TIKTOK_OPTIONS_H
#define AG_TIKTOK_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "net/opts_groups.h"

struct tt_authorize_opts {
    const char *client_key, *client_secret, *username, *scopes, *redirect_uri;
    int64_t timeout;
    bool force, browser;
};

/* What video and photo posts share: privacy, toggles, and how the post is finished. */
struct tt_publish_opts {
    const char *title, *privacy;
    bool allow_comments, allow_duet, allow_stitch, auto_add_music, brand_organic, brand_content;
    bool allow_private_urls, draft, dry_run;
    struct ag_wait_opts wait;
};

struct tt_video_opts {
    struct tt_publish_opts p;
    const char *video_file, *video_url, *upload_mode;
    bool ai_generated;
    int64_t cover_timestamp;
};

struct tt_post_opts {
    struct tt_publish_opts p;
    const char *image[4];
    struct ag_list more_images;
    const char *description;
    int64_t cover_index;
};

struct tt_status_opts {
    const char *publish_id;
    struct ag_wait_opts wait;
};

#endif
