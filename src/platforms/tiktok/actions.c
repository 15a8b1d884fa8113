/*
 * TikTok's command line: one option table per action (SPEC §2).  Flag names, env names and
 * defaults are Python Agoras's, so existing scripts and CI secrets keep working.
 */
#include "platforms/tiktok/tiktok.h"

#include <stdint.h>

static const char *const privacy_levels[] = {"PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS",
                                             "FOLLOWER_OF_CREATOR", "SELF_ONLY", NULL};
static const char *const upload_modes[] = {"auto", "pull", "file", NULL};

#define TITLE_OPT(limit)                                                                                     \
    {                                                                                                        \
        "title", 0, AG_OPT_STRING, "TIKTOK_TITLE", NULL, NULL, 0, 0, 0, "TEXT",                              \
            "caption (max " limit " UTF-16 units)"                                                           \
    }
#define PRIVACY_OPT                                                                                          \
    {                                                                                                        \
        "privacy", 0, AG_OPT_ENUM, "TIKTOK_PRIVACY_STATUS", "SELF_ONLY", privacy_levels, 0, 0, 0, "LEVEL",   \
            "who can see the post (must be one of the creator's options)"                                    \
    }
#define BOOL_OPT(name, env, def, help)                                                                       \
    {                                                                                                        \
        name, 0, AG_OPT_BOOL, env, def, NULL, 0, 0, 0, NULL, help                                            \
    }
#define PRIVATE_URLS_OPT                                                                                     \
    BOOL_OPT("allow-private-urls", NULL, "false",                                                            \
             "fetch media from private, link-local or disguised loopback addresses (refused by default)")
#define WAIT_OPTS                                                                                            \
    BOOL_OPT("draft", NULL, NULL, "upload to the creator's TikTok inbox as a draft instead of posting"),     \
        BOOL_OPT("wait", NULL, "true",                                                                       \
                 "wait for the final status (--no-wait: print the publish_id and exit)"),                    \
        {"wait-timeout",                                                                                     \
         0,                                                                                                  \
         AG_OPT_SECONDS,                                                                                     \
         NULL,                                                                                               \
         "600",                                                                                              \
         NULL,                                                                                               \
         1,                                                                                                  \
         86400,                                                                                              \
         0,                                                                                                  \
         NULL,                                                                                               \
         "give up waiting for the final status after this long (exit 6)"},                                   \
        BOOL_OPT("dry-run", NULL, NULL,                                                                      \
                 "check the post, with the account's options read from TikTok (needs the network and "       \
                 "credentials), and print the request; nothing is published")

static const struct ag_option authorize_options[] = {
    {"client-key", 0, AG_OPT_STRING, "TIKTOK_CLIENT_KEY", NULL, NULL, 0, 0, AG_OPT_REQUIRED, "KEY",
     "your app's Client Key (developers.tiktok.com)"},
    {"client-secret", 0, AG_OPT_STRING, "TIKTOK_CLIENT_SECRET", NULL, NULL, 0, 0,
     AG_OPT_REQUIRED | AG_OPT_SECRET, "SECRET",
     "your app's Client Secret (prefer the env variable: flags show in ps)"},
    {"username", 0, AG_OPT_STRING, "TIKTOK_USERNAME", NULL, NULL, 0, 0, AG_OPT_REQUIRED, "NAME",
     "the TikTok username to post as, without '@'"},
    {"scopes", 0, AG_OPT_STRING, NULL, "user.info.basic,video.upload,video.publish", NULL, 0, 0, 0, "LIST",
     "comma-separated scopes to request"},
    {"redirect-uri", 0, AG_OPT_STRING, "TIKTOK_REDIRECT_URI", "http://127.0.0.1:3456/callback/", NULL, 0, 0,
     0, "URI", "redirect URI registered for the app (loopback http with a port)"},
    {"timeout", 0, AG_OPT_SECONDS, NULL, "300", NULL, 1, 3600, 0, NULL,
     "give up waiting for the browser after this long"},
    BOOL_OPT(
        "force", NULL, "false",
        "replace stored credentials that cannot be read (a corrupt file, or one written with another key)"),
    BOOL_OPT("browser", NULL, "true",
             "open a browser (--no-browser: print the URL, read the redirected URL on stdin)"),
    {0},
};

static const struct ag_option video_options[] = {
    {"video-file", 0, AG_OPT_FILE, NULL, NULL, NULL, 0, 0, 0, "PATH",
     "local video to upload (MP4, MOV or WebM)"},
    {"video-url", 0, AG_OPT_STRING, "TIKTOK_VIDEO_URL", NULL, NULL, 0, 0, 0, "URL",
     "video URL (MP4, MOV or WebM)"},
    TITLE_OPT("2200"),
    PRIVACY_OPT,
    BOOL_OPT("allow-comments", "TIKTOK_ALLOW_COMMENTS", "true", "let viewers comment"),
    BOOL_OPT("allow-duet", "TIKTOK_ALLOW_DUET", "true", "let viewers duet"),
    BOOL_OPT("allow-stitch", "TIKTOK_ALLOW_STITCH", "true", "let viewers stitch"),
    BOOL_OPT("auto-add-music", "TIKTOK_AUTO_ADD_MUSIC", NULL, "photo posts only: refused for videos"),
    BOOL_OPT("brand-organic", "TIKTOK_BRAND_ORGANIC", "false",
             "promotes your own brand ('Promotional content')"),
    BOOL_OPT("brand-content", "TIKTOK_BRAND_CONTENT", "false", "promotes a third party ('Paid partnership')"),
    BOOL_OPT("ai-generated", NULL, "false", "label the video as AI-generated content"),
    {"cover-timestamp", 0, AG_OPT_INT, NULL, NULL, NULL, 0, INT32_MAX, 0, "MS",
     "frame to use as cover, in milliseconds"},
    {"upload-mode", 0, AG_OPT_ENUM, NULL, "auto", upload_modes, 0, 0, 0, "MODE",
     "for --video-url: let TikTok pull it, upload it ourselves, or pull then fall back to upload"},
    PRIVATE_URLS_OPT,
    WAIT_OPTS,
    {0},
};

static const struct ag_option post_options[] = {
    {"image-1", 0, AG_OPT_STRING, "STATUS_IMAGE_URL_1", NULL, NULL, 0, 0, 0, "URL",
     "first image URL (JPEG or WebP)"},
    {"image-2", 0, AG_OPT_STRING, "STATUS_IMAGE_URL_2", NULL, NULL, 0, 0, 0, "URL", "second image URL"},
    {"image-3", 0, AG_OPT_STRING, "STATUS_IMAGE_URL_3", NULL, NULL, 0, 0, 0, "URL", "third image URL"},
    {"image-4", 0, AG_OPT_STRING, "STATUS_IMAGE_URL_4", NULL, NULL, 0, 0, 0, "URL", "fourth image URL"},
    {"image", 0, AG_OPT_LIST, NULL, NULL, NULL, 0, 0, 0, "URL",
     "more image URLs, after --image-1..4 (1-35 in all)"},
    TITLE_OPT("90"),
    {"description", 0, AG_OPT_STRING, "TIKTOK_DESCRIPTION", NULL, NULL, 0, 0, 0, "TEXT",
     "post description (max 4000 UTF-16 units)"},
    PRIVACY_OPT,
    BOOL_OPT("allow-comments", "TIKTOK_ALLOW_COMMENTS", "true", "let viewers comment"),
    BOOL_OPT("allow-duet", "TIKTOK_ALLOW_DUET", NULL, "videos only: refused for photo posts"),
    BOOL_OPT("allow-stitch", "TIKTOK_ALLOW_STITCH", NULL, "videos only: refused for photo posts"),
    BOOL_OPT("auto-add-music", "TIKTOK_AUTO_ADD_MUSIC", "false", "let TikTok add music to the slideshow"),
    BOOL_OPT("brand-organic", "TIKTOK_BRAND_ORGANIC", "false",
             "promotes your own brand ('Promotional content')"),
    BOOL_OPT("brand-content", "TIKTOK_BRAND_CONTENT", "false", "promotes a third party ('Paid partnership')"),
    {"cover-index", 0, AG_OPT_INT, NULL, "0", NULL, 0, 34, 0, "N", "0-based index of the cover image"},
    PRIVATE_URLS_OPT,
    WAIT_OPTS,
    {0},
};

static const struct ag_option status_options[] = {
    {"publish-id", 0, AG_OPT_STRING, NULL, NULL, NULL, 0, 0, AG_OPT_REQUIRED, "ID",
     "publish_id printed by video/post"},
    BOOL_OPT("wait", NULL, "false", "poll until the post reaches a final state"),
    {"wait-timeout", 0, AG_OPT_SECONDS, NULL, "600", NULL, 1, 86400, 0, NULL,
     "give up waiting after this long (exit 6)"},
    {0},
};

static const struct ag_option no_options[] = {{0}};

static const struct ag_action authorize = {
    "authorize", "Authorize agoras to post to your TikTok account (OAuth 2.0 with PKCE, in your browser).",
    authorize_options, ag_tiktok_run_authorize, NULL};
static const struct ag_action video = {
    "video", "Publish a video from a local file or a URL (or upload it as a draft with --draft).",
    video_options, ag_tiktok_run_video, NULL};
static const struct ag_action post = {"post",
                                      "Publish a photo post (1-35 images pulled by TikTok from their URLs).",
                                      post_options, ag_tiktok_run_post, NULL};
static const struct ag_action status = {"status", "Show the status of a post by its publish_id.",
                                        status_options, ag_tiktok_run_status, NULL};
static const struct ag_action whoami = {"whoami", "Show the authorized creator's info as JSON.", no_options,
                                        ag_tiktok_run_whoami, NULL};
static const struct ag_action revoke = {"revoke",
                                        "Revoke agoras's access at TikTok and delete the stored credentials.",
                                        no_options, ag_tiktok_run_revoke, NULL};

#define UNSUPPORTED(id, verb)                                                                                \
    static const struct ag_action id = {verb, "not supported by TikTok's API", no_options, NULL,             \
                                        "TikTok's API does not support '" verb "'"}
UNSUPPORTED(like, "like");
UNSUPPORTED(share, "share");
UNSUPPORTED(delete_, "delete");

const struct ag_action *const ag_tiktok_actions[] = {&authorize, &video, &post,  &status,  &whoami,
                                                     &revoke,    &like,  &share, &delete_, NULL};
