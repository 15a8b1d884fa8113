/*
 * Threads' command line: one option table per action.  Env names are Python Agoras's (reference §2.8);
 * outside authorize the credentials come from the env or the stored record, never from a flag.
 */
#include "platforms/threads/threads.h"

#include "platforms/threads/options.h"

static const char *const reply_controls[] = {"everyone",       "accounts_you_follow",     "mentioned_only",
                                             "followers_only", "parent_post_author_only", NULL};

#define REPLY_OPT(T)                                                                                         \
    AG_OPT_CHOICE(T, who_can_reply, .name = "who-can-reply", .env = "THREADS_WHO_CAN_REPLY",                 \
                  .def = "everyone", .choices = reply_controls, .metavar = "WHO",                            \
                  .help = "who may reply (Threads' reply_control)")
#define WAIT_OPT(T, def_)                                                                                    \
    AG_OPT_SECS(T, wait_timeout, .name = "wait-timeout", .def = def_, .min = 1, .max = 86400,                \
                .help = "give up waiting for Threads to process the media after this long (exit 6)")

#define A struct th_authorize_opts
static const struct ag_option authorize_options[] = {
    AG_OPT_STR(A, app_id, .name = "app-id", .env = "THREADS_APP_ID", .flags = AG_OPT_REQUIRED,
               .metavar = "ID",
               .help = "your app's Threads App ID (Threads use case > Settings; not the Facebook App ID)"),
    AG_OPT_STR(A, app_secret, .name = "app-secret", .env = "THREADS_APP_SECRET",
               .flags = AG_OPT_REQUIRED | AG_OPT_SECRET, .metavar = "SECRET",
               .help = "your app's Threads App Secret (prefer the env variable: flags show in ps)"),
    AG_OPT_STR(A, redirect_uri, .name = "redirect-uri", .env = "THREADS_REDIRECT_URI",
               .def = "https://127.0.0.1:8443/callback/", .metavar = "URL",
               .help = "the redirect callback URL registered for the app (https, not localhost)"),
    AG_OPT_FLAG(A, force, .name = "force", .def = "false",
                .help = "replace stored credentials that cannot be read"),
    {0},
};
#undef A

#define P struct th_post_opts
static const struct ag_option post_options[] = {
    AG_OPTS_CONTENT(P, content, "a public http(s) URL of a JPEG or PNG (Threads fetches it)"),
    REPLY_OPT(P),
    WAIT_OPT(P, "300"),
    {0},
};
#undef P

#define V struct th_video_opts
static const struct ag_option video_options[] = {
    AG_OPTS_VIDEO(V, video, "THREADS_VIDEO_URL", "THREADS_VIDEO_TITLE"),
    AG_OPT_STR(V, text, .name = "text", .env = "STATUS_TEXT", .metavar = "TEXT",
               .help = "the post's text, after the title"),
    REPLY_OPT(V),
    WAIT_OPT(V, "600"),
    {0},
};
#undef V

#define I struct th_post_id_opts
static const struct ag_option post_id_options[] = {
    AG_OPT_POST_ID(I, post_id, "THREADS_POST_ID"),
    {0},
};
#undef I

static const struct ag_action authorize = {
    .name = "authorize",
    .summary = "Authorize agoras for a Threads account (print the consent URL, paste the address the browser "
               "was sent to), then store the long-lived token.",
    .options = authorize_options,
    .opts_size = sizeof(struct th_authorize_opts),
    .run = ag_threads_run_authorize};
static const struct ag_action post = {
    .name = "post",
    .summary = "Post text, a link, one image or a carousel of 2-4 images (images by URL).",
    .options = post_options,
    .opts_size = sizeof(struct th_post_opts),
    .run = ag_threads_run_post};
static const struct ag_action video = {.name = "video",
                                       .summary = "Post a video by URL with its title and text.",
                                       .options = video_options,
                                       .opts_size = sizeof(struct th_video_opts),
                                       .run = ag_threads_run_video};
static const struct ag_action share = {.name = "share",
                                       .summary = "Repost a post.",
                                       .options = post_id_options,
                                       .opts_size = sizeof(struct th_post_id_opts),
                                       .run = ag_threads_run_share};
static const struct ag_action delete_ = {.name = "delete",
                                         .summary = "Delete one of your posts.",
                                         .options = post_id_options,
                                         .opts_size = sizeof(struct th_post_id_opts),
                                         .run = ag_threads_run_delete};

const struct ag_action *const ag_threads_actions[] = {&authorize, &post, &video, &share, &delete_, NULL};
