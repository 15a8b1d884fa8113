/*
 * TikTok's command line: one option table per action (SPEC §2).  Flag names, env names and
 * defaults are Python Agoras's, so existing scripts and CI secrets keep working.
 */
#include "platforms/tiktok/tiktok.h"

#include "platforms/tiktok/options.h"

#include <stdint.h>

static const char *const privacy_levels[] = {"PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS",
                                             "FOLLOWER_OF_CREATOR", "SELF_ONLY", NULL};
static const char *const upload_modes[] = {"auto", "pull", "file", NULL};

#define TITLE_OPT(T, limit)                                                                                  \
    AG_OPT_STR(T, p.title, .name = "title", .env = "TIKTOK_TITLE", .metavar = "TEXT",                        \
               .help = "caption (max " limit " UTF-16 units)")
#define PRIVACY_OPT(T)                                                                                       \
    AG_OPT_CHOICE(T, p.privacy, .name = "privacy", .env = "TIKTOK_PRIVACY_STATUS", .def = "SELF_ONLY",       \
                  .choices = privacy_levels, .metavar = "LEVEL",                                             \
                  .help = "who can see the post (must be one of the creator's options)")
#define TOGGLE_OPT(T, f, name_, env_, def_, help_)                                                           \
    AG_OPT_FLAG(T, f, .name = name_, .env = env_, .def = def_, .help = help_)
#define BRAND_OPTS(T)                                                                                        \
    TOGGLE_OPT(T, p.brand_organic, "brand-organic", "TIKTOK_BRAND_ORGANIC", "false",                         \
               "promotes your own brand ('Promotional content')"),                                           \
        TOGGLE_OPT(T, p.brand_content, "brand-content", "TIKTOK_BRAND_CONTENT", "false",                     \
                   "promotes a third party ('Paid partnership')")
#define PUBLISH_TAIL_OPTS(T)                                                                                 \
    TOGGLE_OPT(T, p.allow_private_urls, "allow-private-urls", NULL, "false",                                 \
               "fetch media from private, link-local or disguised loopback addresses (refused by default)"), \
        TOGGLE_OPT(T, p.draft, "draft", NULL, NULL,                                                          \
                   "upload to the creator's TikTok inbox as a draft instead of posting"),                    \
        AG_OPTS_WAIT(T, p.wait, "true",                                                                      \
                     "wait for the final status (--no-wait: print the publish_id and exit)"),                \
        TOGGLE_OPT(T, p.dry_run, "dry-run", NULL, NULL,                                                      \
                   "check the post, with the account's options read from TikTok (needs the network and "     \
                   "credentials), and print the request; nothing is published")

#define A struct tt_authorize_opts
static const struct ag_option authorize_options[] = {
    AG_OPT_STR(A, client_key, .name = "client-key", .env = "TIKTOK_CLIENT_KEY", .flags = AG_OPT_REQUIRED,
               .metavar = "KEY", .help = "your app's Client Key (developers.tiktok.com)"),
    AG_OPT_STR(A, client_secret, .name = "client-secret", .env = "TIKTOK_CLIENT_SECRET",
               .flags = AG_OPT_REQUIRED | AG_OPT_SECRET, .metavar = "SECRET",
               .help = "your app's Client Secret (prefer the env variable: flags show in ps)"),
    AG_OPT_STR(A, username, .name = "username", .env = "TIKTOK_USERNAME", .flags = AG_OPT_REQUIRED,
               .metavar = "NAME", .help = "the TikTok username to post as, without '@'"),
    AG_OPT_STR(A, scopes, .name = "scopes", .def = "user.info.basic,video.upload,video.publish",
               .metavar = "LIST", .help = "comma-separated scopes to request"),
    AG_OPT_STR(A, redirect_uri, .name = "redirect-uri", .env = "TIKTOK_REDIRECT_URI",
               .def = "http://127.0.0.1:3456/callback/", .metavar = "URI",
               .help = "redirect URI registered for the app (loopback http with a port)"),
    AG_OPT_SECS(A, timeout, .name = "timeout", .def = "300", .min = 1, .max = 3600,
                .help = "give up waiting for the browser after this long"),
    AG_OPT_FLAG(A, force, .name = "force", .def = "false",
                .help = "replace stored credentials that cannot be read (a corrupt file, or one written with "
                        "another key)"),
    AG_OPT_FLAG(A, browser, .name = "browser", .def = "true",
                .help = "open a browser (--no-browser: print the URL, read the redirected URL on stdin)"),
    {0},
};
#undef A

#define V struct tt_video_opts
static const struct ag_option video_options[] = {
    AG_OPT_FILEPATH(V, video_file, .name = "video-file", .metavar = "PATH",
                    .help = "local video to upload (MP4, MOV or WebM)"),
    AG_OPT_STR(V, video_url, .name = "video-url", .env = "TIKTOK_VIDEO_URL", .metavar = "URL",
               .help = "video URL (MP4, MOV or WebM)"),
    TITLE_OPT(V, "2200"),
    PRIVACY_OPT(V),
    TOGGLE_OPT(V, p.allow_comments, "allow-comments", "TIKTOK_ALLOW_COMMENTS", "true", "let viewers comment"),
    TOGGLE_OPT(V, p.allow_duet, "allow-duet", "TIKTOK_ALLOW_DUET", "true", "let viewers duet"),
    TOGGLE_OPT(V, p.allow_stitch, "allow-stitch", "TIKTOK_ALLOW_STITCH", "true", "let viewers stitch"),
    TOGGLE_OPT(V, p.auto_add_music, "auto-add-music", "TIKTOK_AUTO_ADD_MUSIC", NULL,
               "photo posts only: refused for videos"),
    BRAND_OPTS(V),
    TOGGLE_OPT(V, ai_generated, "ai-generated", NULL, "false", "label the video as AI-generated content"),
    AG_OPT_NUM(V, cover_timestamp, .name = "cover-timestamp", .max = INT32_MAX, .metavar = "MS",
               .help = "frame to use as cover, in milliseconds"),
    AG_OPT_CHOICE(
        V, upload_mode, .name = "upload-mode", .def = "auto", .choices = upload_modes, .metavar = "MODE",
        .help = "for --video-url: let TikTok pull it, upload it ourselves, or pull then fall back to "
                "upload"),
    PUBLISH_TAIL_OPTS(V),
    {0},
};
#undef V

#define P struct tt_post_opts
static const struct ag_option post_options[] = {
    AG_OPT_STR(P, image[0], .name = "image-1", .env = "STATUS_IMAGE_URL_1", .metavar = "URL",
               .help = "first image URL (JPEG or WebP)"),
    AG_OPT_STR(P, image[1], .name = "image-2", .env = "STATUS_IMAGE_URL_2", .metavar = "URL",
               .help = "second image URL"),
    AG_OPT_STR(P, image[2], .name = "image-3", .env = "STATUS_IMAGE_URL_3", .metavar = "URL",
               .help = "third image URL"),
    AG_OPT_STR(P, image[3], .name = "image-4", .env = "STATUS_IMAGE_URL_4", .metavar = "URL",
               .help = "fourth image URL"),
    AG_OPT_MANY(P, more_images, .name = "image", .metavar = "URL",
                .help = "more image URLs, after --image-1..4 (1-35 in all)"),
    TITLE_OPT(P, "90"),
    AG_OPT_STR(P, description, .name = "description", .env = "TIKTOK_DESCRIPTION", .metavar = "TEXT",
               .help = "post description (max 4000 UTF-16 units)"),
    PRIVACY_OPT(P),
    TOGGLE_OPT(P, p.allow_comments, "allow-comments", "TIKTOK_ALLOW_COMMENTS", "true", "let viewers comment"),
    TOGGLE_OPT(P, p.allow_duet, "allow-duet", "TIKTOK_ALLOW_DUET", NULL,
               "videos only: refused for photo posts"),
    TOGGLE_OPT(P, p.allow_stitch, "allow-stitch", "TIKTOK_ALLOW_STITCH", NULL,
               "videos only: refused for photo posts"),
    TOGGLE_OPT(P, p.auto_add_music, "auto-add-music", "TIKTOK_AUTO_ADD_MUSIC", "false",
               "let TikTok add music to the slideshow"),
    BRAND_OPTS(P),
    AG_OPT_NUM(P, cover_index, .name = "cover-index", .def = "0", .max = 34, .metavar = "N",
               .help = "0-based index of the cover image"),
    PUBLISH_TAIL_OPTS(P),
    {0},
};
#undef P

#define S struct tt_status_opts
static const struct ag_option status_options[] = {
    AG_OPT_STR(S, publish_id, .name = "publish-id", .flags = AG_OPT_REQUIRED, .metavar = "ID",
               .help = "publish_id printed by video/post"),
    AG_OPTS_WAIT(S, wait, "false", "poll until the post reaches a final state"),
    {0},
};
#undef S

static const struct ag_action authorize = {
    .name = "authorize",
    .summary = "Authorize agoras to post to your TikTok account (OAuth 2.0 with PKCE, in your browser).",
    .options = authorize_options,
    .opts_size = sizeof(struct tt_authorize_opts),
    .run = ag_tiktok_run_authorize};
static const struct ag_action video = {
    .name = "video",
    .summary = "Publish a video from a local file or a URL (or upload it as a draft with --draft).",
    .options = video_options,
    .opts_size = sizeof(struct tt_video_opts),
    .run = ag_tiktok_run_video};
static const struct ag_action post = {
    .name = "post",
    .summary = "Publish a photo post (1-35 images pulled by TikTok from their URLs).",
    .options = post_options,
    .opts_size = sizeof(struct tt_post_opts),
    .run = ag_tiktok_run_post};
static const struct ag_action status = {.name = "status",
                                        .summary = "Show the status of a post by its publish_id.",
                                        .options = status_options,
                                        .opts_size = sizeof(struct tt_status_opts),
                                        .run = ag_tiktok_run_status};
static const struct ag_action whoami = {.name = "whoami",
                                        .summary = "Show the authorized creator's info as JSON.",
                                        .options = ag_no_options,
                                        .run = ag_tiktok_run_whoami};
static const struct ag_action revoke = {
    .name = "revoke",
    .summary = "Revoke agoras's access at TikTok and delete the stored credentials.",
    .options = ag_no_options,
    .run = ag_tiktok_run_revoke};

AG_UNSUPPORTED_ACTION(like, "like", "not supported by TikTok's API", "TikTok's API does not support 'like'");
AG_UNSUPPORTED_ACTION(share, "share", "not supported by TikTok's API",
                      "TikTok's API does not support 'share'");
AG_UNSUPPORTED_ACTION(delete_, "delete", "not supported by TikTok's API",
                      "TikTok's API does not support 'delete'");

const struct ag_action *const ag_tiktok_actions[] = {&authorize, &video, &post,  &status,  &whoami,
                                                     &revoke,    &like,  &share, &delete_, NULL};
