/*
 * Discord's command line: one option table per action.  Flag names, env names and stored fields are
 * Python Agoras's (reference §2.5, §6.2).  Outside authorize the bot, server and channel come from
 * the env or the stored record, never from a flag (a token on the command line shows in ps).  Agoras's
 * docs promise DISCORD_VIDEO_URL, DISCORD_VIDEO_TITLE and DISCORD_POST_ID while its code reads
 * VIDEO_URL, VIDEO_TITLE and POST_ID: both are read, the DISCORD_ name first.
 */
#include "platforms/discord/discord.h"

#include "platforms/discord/options.h"

#define TOKEN_HELP   "the bot's token (Developer Portal > your application > Bot)"
#define SERVER_HELP  "the server (guild) to post to: its exact name, or its id"
#define CHANNEL_HELP "the text or announcement channel: its exact name (without #), or its id"

/* Outside authorize: env or the stored record (net/opts.h's store step). */
#define CRED_OPTS(T)                                                                                         \
    AG_OPT_STR(T, c.bot_token, .name = "bot-token", .env = "DISCORD_BOT_TOKEN", .store_field = "bot_token",  \
               .flags = AG_OPT_REQUIRED | AG_OPT_SECRET | AG_OPT_NO_FLAG, .help = TOKEN_HELP),               \
        AG_OPT_STR(T, c.server_name, .name = "server-name", .env = "DISCORD_SERVER_NAME",                    \
                   .store_field = "server_name", .flags = AG_OPT_REQUIRED | AG_OPT_NO_FLAG,                  \
                   .help = SERVER_HELP),                                                                     \
        AG_OPT_STR(T, c.channel_name, .name = "channel-name", .env = "DISCORD_CHANNEL_NAME",                 \
                   .store_field = "channel_name", .flags = AG_OPT_REQUIRED | AG_OPT_NO_FLAG,                 \
                   .help = CHANNEL_HELP)

#define A struct dc_authorize_opts
static const struct ag_option authorize_options[] = {
    AG_OPT_STR(A, c.bot_token, .name = "bot-token", .env = "DISCORD_BOT_TOKEN",
               .flags = AG_OPT_REQUIRED | AG_OPT_SECRET, .metavar = "TOKEN",
               .help = TOKEN_HELP " (prefer the env variable: flags show in ps)"),
    AG_OPT_STR(A, c.server_name, .name = "server-name", .env = "DISCORD_SERVER_NAME",
               .flags = AG_OPT_REQUIRED, .metavar = "NAME", .help = SERVER_HELP),
    AG_OPT_STR(A, c.channel_name, .name = "channel-name", .env = "DISCORD_CHANNEL_NAME",
               .flags = AG_OPT_REQUIRED, .metavar = "NAME", .help = CHANNEL_HELP),
    AG_OPT_FLAG(A, force, .name = "force", .def = "false",
                .help = "replace stored credentials that cannot be read (a corrupt file, or one written with "
                        "another key)"),
    {0},
};
#undef A

#define P struct dc_post_opts
static const struct ag_option post_options[] = {
    AG_OPTS_CONTENT(P, content,
                    "an https URL (shown as an image embed) or a local JPEG, PNG or WebP file (uploaded)"),
    CRED_OPTS(P),
    {0},
};
#undef P

#define V struct dc_video_opts
static const struct ag_option video_options[] = {
    AG_OPTS_VIDEO(V, video, "DISCORD_VIDEO_URL", "DISCORD_VIDEO_TITLE"),
    AG_OPT_STR(V, video_url_alias, .name = "video-url-env", .env = "VIDEO_URL", .flags = AG_OPT_NO_FLAG,
               .help = "the video's URL, as Python Agoras reads it (DISCORD_VIDEO_URL wins)"),
    AG_OPT_STR(V, video_title_alias, .name = "video-title-env", .env = "VIDEO_TITLE", .flags = AG_OPT_NO_FLAG,
               .help = "the embed's title, as Python Agoras reads it (DISCORD_VIDEO_TITLE wins)"),
    AG_OPT_STR(V, text, .name = "text", .env = "STATUS_TEXT", .metavar = "TEXT",
               .help = "the message's text, above the video"),
    CRED_OPTS(V),
    {0},
};
#undef V

#define D struct dc_delete_opts
static const struct ag_option delete_options[] = {
    AG_OPT_STR(D, post_id, .name = "post-id", .env = "DISCORD_POST_ID", .metavar = "ID",
               .help =
                   "the message id printed by post or video (required; env DISCORD_POST_ID, else POST_ID)"),
    AG_OPT_STR(D, post_id_alias, .name = "post-id-env", .env = "POST_ID", .flags = AG_OPT_NO_FLAG,
               .help = "the message id, as Python Agoras reads it (DISCORD_POST_ID wins)"),
    CRED_OPTS(D),
    {0},
};
#undef D

static const struct ag_action authorize = {
    .name = "authorize",
    .summary =
        "Check the bot token, find the server and the channel by name, then store them with their ids.",
    .options = authorize_options,
    .opts_size = sizeof(struct dc_authorize_opts),
    .run = ag_discord_run_authorize};
static const struct ag_action post = {
    .name = "post",
    .summary = "Send a message: text, a link shown with its page's title and image, up to 4 images.",
    .options = post_options,
    .opts_size = sizeof(struct dc_post_opts),
    .run = ag_discord_run_post};
static const struct ag_action video = {
    .name = "video",
    .summary = "Send a video file (at most 10 MiB) from a URL or a local file, with a title.",
    .options = video_options,
    .opts_size = sizeof(struct dc_video_opts),
    .run = ag_discord_run_video};
static const struct ag_action delete_ = {.name = "delete",
                                         .summary = "Delete a message the bot sent.",
                                         .options = delete_options,
                                         .opts_size = sizeof(struct dc_delete_opts),
                                         .run = ag_discord_run_delete};

AG_UNSUPPORTED_ACTION(like, "like", "not supported for Discord",
                      "Discord has no 'like' for a bot's messages");
AG_UNSUPPORTED_ACTION(share, "share", "not supported for Discord",
                      "Discord has no 'share' for a bot's messages");

const struct ag_action *const ag_discord_actions[] = {&authorize, &post,  &video, &delete_,
                                                      &like,      &share, NULL};
