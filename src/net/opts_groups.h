/*
 * Option groups that several networks' actions share, as row macros over an embedded struct:
 * an action's options struct has a member of the group's type, and its table lists the group's
 * macro with that member.  Env names differ per network (Agoras reads TWITTER_VIDEO_URL,
 * FACEBOOK_VIDEO_URL…), so they are arguments.
 */
#ifndef AG_NET_OPTS_GROUPS_H
#define AG_NET_OPTS_GROUPS_H

#include "net/opts.h"

/* A post's content: --text, --link, --image-1..4 (Agoras's STATUS_* env). */
struct ag_content_opts {
    const char *text, *link;
    const char *image[4];
};
#define AG_OPTS_CONTENT(T, m, image_help)                                                                    \
    AG_OPT_STR(T, m.text, .name = "text", .env = "STATUS_TEXT", .metavar = "TEXT",                           \
               .help = "the post's text"),                                                                   \
        AG_OPT_STR(T, m.link, .name = "link", .env = "STATUS_LINK", .metavar = "URL",                        \
                   .help = "a link, added after the text"),                                                  \
        AG_OPT_STR(T, m.image[0], .name = "image-1", .env = "STATUS_IMAGE_URL_1", .metavar = "URL/PATH",     \
                   .help = "first image: " image_help),                                                      \
        AG_OPT_STR(T, m.image[1], .name = "image-2", .env = "STATUS_IMAGE_URL_2", .metavar = "URL/PATH",     \
                   .help = "second image"),                                                                  \
        AG_OPT_STR(T, m.image[2], .name = "image-3", .env = "STATUS_IMAGE_URL_3", .metavar = "URL/PATH",     \
                   .help = "third image"),                                                                   \
        AG_OPT_STR(T, m.image[3], .name = "image-4", .env = "STATUS_IMAGE_URL_4", .metavar = "URL/PATH",     \
                   .help = "fourth image")

/* A video: --video-url, --video-file, --video-title. */
struct ag_video_opts {
    const char *url, *file, *title;
};
#define AG_OPTS_VIDEO(T, m, url_env, title_env)                                                              \
    AG_OPT_STR(T, m.url, .name = "video-url", .env = url_env, .metavar = "URL", .help = "the video's URL"),  \
        AG_OPT_FILEPATH(T, m.file, .name = "video-file", .metavar = "PATH",                                  \
                        .help = "a local video file, uploaded from disk"),                                   \
        AG_OPT_STR(T, m.title, .name = "video-title", .env = title_env, .metavar = "TEXT",                   \
                   .help = "the video's title")

/* The post an action works on: --post-id. */
#define AG_OPT_POST_ID(T, f, env_)                                                                           \
    AG_OPT_STR(T, f, .name = "post-id", .env = env_, .metavar = "ID", .flags = AG_OPT_REQUIRED,              \
               .help = "the id printed when the post was made")

/* Waiting for a post's final state: --[no-]wait, --wait-timeout. */
struct ag_wait_opts {
    bool wait;
    int64_t timeout;
};
#define AG_OPTS_WAIT(T, m, wait_def, wait_help)                                                              \
    AG_OPT_FLAG(T, m.wait, .name = "wait", .def = wait_def, .help = wait_help),                              \
        AG_OPT_SECS(T, m.timeout, .name = "wait-timeout", .def = "600", .min = 1, .max = 86400,              \
                    .help = "give up waiting for the final status after this long (exit 6)")

#endif
