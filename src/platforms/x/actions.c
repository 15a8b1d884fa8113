/*
 * X's command line: one option table per action.  Flag names and env names are Python Agoras's
 * (reference §2.1); outside authorize the credentials come from the env or the stored record, never
 * from a flag (a secret on the command line shows in ps).
 */
#include "platforms/x/x.h"

#include "platforms/x/options.h"

#define KEY_HELP    "your app's API Key (consumer key), from the X Developer Console"
#define SECRET_HELP "your app's API Key Secret"

/* Outside authorize: env or the stored record (net/opts.h's store step); missing ones are exit 3. */
#define CRED_OPTS(T)                                                                                         \
    AG_OPT_STR(T, c.consumer_key, .name = "consumer-key", .env = "TWITTER_CONSUMER_KEY",                     \
               .store_field = "consumer_key", .flags = AG_OPT_REQUIRED | AG_OPT_NO_FLAG, .help = KEY_HELP),  \
        AG_OPT_STR(T, c.consumer_secret, .name = "consumer-secret", .env = "TWITTER_CONSUMER_SECRET",        \
                   .store_field = "consumer_secret",                                                         \
                   .flags = AG_OPT_REQUIRED | AG_OPT_NO_FLAG | AG_OPT_SECRET, .help = SECRET_HELP),          \
        AG_OPT_STR(T, c.oauth_token, .name = "oauth-token", .env = "TWITTER_OAUTH_TOKEN",                    \
                   .store_field = "oauth_token", .flags = AG_OPT_REQUIRED | AG_OPT_NO_FLAG | AG_OPT_SECRET,  \
                   .help = "the user's OAuth 1.0a access token"),                                            \
        AG_OPT_STR(T, c.oauth_secret, .name = "oauth-secret", .env = "TWITTER_OAUTH_SECRET",                 \
                   .store_field = "oauth_secret", .flags = AG_OPT_REQUIRED | AG_OPT_NO_FLAG | AG_OPT_SECRET, \
                   .help = "the user's OAuth 1.0a access token secret")
#define PRIVATE_URLS_OPT(T)                                                                                  \
    AG_OPT_FLAG(T, allow_private_urls, .name = "allow-private-urls", .def = "false",                         \
                .help = "fetch media from private, link-local or disguised loopback addresses (refused by "  \
                        "default)")

#define A struct x_authorize_opts
static const struct ag_option authorize_options[] = {
    AG_OPT_STR(A, c.consumer_key, .name = "consumer-key", .env = "TWITTER_CONSUMER_KEY",
               .flags = AG_OPT_REQUIRED, .metavar = "KEY", .help = KEY_HELP),
    AG_OPT_STR(A, c.consumer_secret, .name = "consumer-secret", .env = "TWITTER_CONSUMER_SECRET",
               .flags = AG_OPT_REQUIRED | AG_OPT_SECRET, .metavar = "SECRET",
               .help = SECRET_HELP " (prefer the env variable: flags show in ps)"),
    AG_OPT_STR(A, c.oauth_token, .name = "oauth-token", .env = "TWITTER_OAUTH_TOKEN",
               .flags = AG_OPT_NO_FLAG | AG_OPT_SECRET,
               .help =
                   "an access token made in the Developer Console: with TWITTER_OAUTH_SECRET it is checked "
                   "and stored, no browser"),
    AG_OPT_STR(A, c.oauth_secret, .name = "oauth-secret", .env = "TWITTER_OAUTH_SECRET",
               .flags = AG_OPT_NO_FLAG | AG_OPT_SECRET, .help = "that access token's secret"),
    AG_OPT_STR(A, callback_url, .name = "callback-url", .env = "TWITTER_CALLBACK_URL",
               .def = "http://127.0.0.1:3456/callback", .metavar = "URL",
               .help = "callback URL registered for the app (loopback http with a port)"),
    AG_OPT_FLAG(A, pin, .name = "pin", .def = "false",
                .help =
                    "PIN flow: print the URL, read the PIN X shows on stdin (the default without a display)"),
    AG_OPT_FLAG(A, browser, .name = "browser", .def = "true",
                .help = "open a browser (--no-browser: print the URL, read the redirected URL on stdin)"),
    AG_OPT_SECS(A, timeout, .name = "timeout", .def = "300", .min = 1, .max = 3600,
                .help = "give up waiting for the consent after this long"),
    AG_OPT_FLAG(A, force, .name = "force", .def = "false",
                .help = "replace stored credentials that cannot be read (a corrupt file, or one written with "
                        "another key)"),
    {0},
};
#undef A

#define P struct x_post_opts
static const struct ag_option post_options[] = {
    AG_OPTS_CONTENT(P, content, "an https URL or a local JPEG, PNG, WebP or GIF file (uploaded to X)"),
    PRIVATE_URLS_OPT(P),
    CRED_OPTS(P),
    {0},
};
#undef P

#define V struct x_video_opts
static const struct ag_option video_options[] = {
    AG_OPTS_VIDEO(V, video, "TWITTER_VIDEO_URL", "TWITTER_VIDEO_TITLE"),
    AG_OPT_STR(V, text, .name = "text", .env = "STATUS_TEXT", .metavar = "TEXT",
               .help = "the post's text, after the title"),
    AG_OPT_SECS(V, wait_timeout, .name = "wait-timeout", .def = "600", .min = 1, .max = 86400,
                .help = "give up waiting for X to process the video after this long"),
    PRIVATE_URLS_OPT(V),
    CRED_OPTS(V),
    {0},
};
#undef V

#define I struct x_post_id_opts
static const struct ag_option post_id_options[] = {
    AG_OPT_POST_ID(I, post_id, "TWEET_ID"),
    CRED_OPTS(I),
    {0},
};
#undef I

static const struct ag_action authorize = {
    .name = "authorize",
    .summary = "Authorize agoras for an X account (OAuth 1.0a: browser, PIN, or tokens from the env), then "
               "store the credentials.",
    .options = authorize_options,
    .opts_size = sizeof(struct x_authorize_opts),
    .run = ag_x_run_authorize};
static const struct ag_action post = {.name = "post",
                                      .summary =
                                          "Post text, a link and up to 4 images (or one animated GIF).",
                                      .options = post_options,
                                      .opts_size = sizeof(struct x_post_opts),
                                      .run = ag_x_run_post};
static const struct ag_action video = {
    .name = "video",
    .summary = "Upload a video (a local file or a URL, chunked) and post it with its title and text.",
    .options = video_options,
    .opts_size = sizeof(struct x_video_opts),
    .run = ag_x_run_video};
static const struct ag_action like = {
    .name = "like",
    .summary = "Like a post (X allows it only to Enterprise access since April 2026).",
    .options = post_id_options,
    .opts_size = sizeof(struct x_post_id_opts),
    .run = ag_x_run_like};
static const struct ag_action share = {.name = "share",
                                       .summary = "Repost a post.",
                                       .options = post_id_options,
                                       .opts_size = sizeof(struct x_post_id_opts),
                                       .run = ag_x_run_share};
static const struct ag_action delete_ = {.name = "delete",
                                         .summary = "Delete one of your posts.",
                                         .options = post_id_options,
                                         .opts_size = sizeof(struct x_post_id_opts),
                                         .run = ag_x_run_delete};

const struct ag_action *const ag_x_actions[] = {&authorize, &post, &video, &like, &share, &delete_, NULL};
