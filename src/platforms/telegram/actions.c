/*
 * Telegram's command line: one option table per action.  Flag names, env names and defaults are
 * Python Agoras's (reference §2.9); outside authorize the bot and the chat come from the env or the
 * stored record, never from a flag (a token on the command line shows in ps).
 */
#include "platforms/telegram/telegram.h"

#include "platforms/telegram/options.h"

static const char *const parse_modes[] = {"HTML", "Markdown", "MarkdownV2", "None", NULL};

#define TOKEN_HELP "the bot's token from @BotFather"
#define CHAT_HELP  "the chat: its numeric id (-100...) or @username"

/* Outside authorize: env or the stored record (net/opts.h's store step). */
#define CRED_OPTS(T)                                                                                         \
    AG_OPT_STR(T, c.bot_token, .name = "bot-token", .env = "TELEGRAM_BOT_TOKEN", .store_field = "bot_token", \
               .flags = AG_OPT_REQUIRED | AG_OPT_SECRET | AG_OPT_NO_FLAG, .help = TOKEN_HELP),               \
        AG_OPT_STR(T, c.chat_id, .name = "chat-id", .env = "TELEGRAM_CHAT_ID", .store_field = "chat_id",     \
                   .flags = AG_OPT_REQUIRED | AG_OPT_NO_FLAG, .help = CHAT_HELP)
#define PARSE_MODE_OPT(T)                                                                                    \
    AG_OPT_CHOICE(T, parse_mode, .name = "parse-mode", .env = "TELEGRAM_PARSE_MODE", .def = "HTML",          \
                  .choices = parse_modes, .metavar = "MODE",                                                 \
                  .help = "how the text is formatted (None: plain text)")

#define A struct tg_authorize_opts
static const struct ag_option authorize_options[] = {
    AG_OPT_STR(A, c.bot_token, .name = "bot-token", .env = "TELEGRAM_BOT_TOKEN",
               .flags = AG_OPT_REQUIRED | AG_OPT_SECRET, .metavar = "TOKEN",
               .help = TOKEN_HELP " (prefer the env variable: flags show in ps)"),
    AG_OPT_STR(A, c.chat_id, .name = "chat-id", .env = "TELEGRAM_CHAT_ID", .flags = AG_OPT_REQUIRED,
               .metavar = "ID", .help = CHAT_HELP),
    AG_OPT_FLAG(A, force, .name = "force", .def = "false",
                .help = "replace stored credentials that cannot be read (a corrupt file, or one written with "
                        "another key)"),
    {0},
};
#undef A

#define P struct tg_post_opts
static const struct ag_option post_options[] = {
    AG_OPTS_CONTENT(P, content, "an https URL Telegram fetches, or a local JPEG, PNG or WebP file to upload"),
    PARSE_MODE_OPT(P),
    CRED_OPTS(P),
    {0},
};
#undef P

#define V struct tg_video_opts
static const struct ag_option video_options[] = {
    AG_OPTS_VIDEO(V, video, "VIDEO_URL", "VIDEO_TITLE"),
    AG_OPT_STR(V, text, .name = "text", .env = "STATUS_TEXT", .metavar = "TEXT",
               .help = "the caption (else the title)"),
    PARSE_MODE_OPT(V),
    CRED_OPTS(V),
    {0},
};
#undef V

#define D struct tg_delete_opts
static const struct ag_option delete_options[] = {
    AG_OPT_POST_ID(D, post_id, "TELEGRAM_MESSAGE_ID"),
    CRED_OPTS(D),
    {0},
};
#undef D

static const struct ag_action authorize = {
    .name = "authorize",
    .summary = "Check the bot token and the chat with Telegram, then store both.",
    .options = authorize_options,
    .opts_size = sizeof(struct tg_authorize_opts),
    .run = ag_telegram_run_authorize};
static const struct ag_action post = {
    .name = "post",
    .summary = "Send a message, a photo with a caption, or an album of 2-4 photos.",
    .options = post_options,
    .opts_size = sizeof(struct tg_post_opts),
    .run = ag_telegram_run_post};
static const struct ag_action video = {
    .name = "video",
    .summary = "Send a video from a URL or a local file (at most 50 MB), with a caption.",
    .options = video_options,
    .opts_size = sizeof(struct tg_video_opts),
    .run = ag_telegram_run_video};
static const struct ag_action delete_ = {.name = "delete",
                                         .summary = "Delete a message the bot sent (less than 48 hours ago).",
                                         .options = delete_options,
                                         .opts_size = sizeof(struct tg_delete_opts),
                                         .run = ag_telegram_run_delete};

AG_UNSUPPORTED_ACTION(like, "like", "not supported by Telegram's Bot API",
                      "Telegram's Bot API does not support 'like'");
AG_UNSUPPORTED_ACTION(share, "share", "not supported by Telegram's Bot API",
                      "Telegram's Bot API does not support 'share'");

const struct ag_action *const ag_telegram_actions[] = {&authorize, &post,  &video, &delete_,
                                                       &like,      &share, NULL};
