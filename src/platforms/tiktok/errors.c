#include "platforms/tiktok/errors.h"

#include "net/codes.h"

const struct ag_code tt_api_codes[] = {
    {"access_token_invalid", AG_EAUTH, "the access token was rejected: run 'agoras tiktok authorize'"},
    {"scope_not_authorized", AG_EAUTH,
     "a scope this needs was not granted: run 'agoras tiktok authorize' and allow video.upload and "
     "video.publish"},
    {"scope_permission_missed", AG_EAUTH, "a field needs a scope that was not granted: authorize again"},
    {"rate_limit_exceeded", AG_ETEMP, "TikTok's rate limit was hit: wait a minute and try again"},
    {"internal_error", AG_ETEMP, "TikTok had an internal error: try again later"},
    {"invalid_param", AG_EFAIL, "TikTok rejected a request field"},
    {"invalid_params", AG_EFAIL, "TikTok rejected a request field"},
    {"invalid_file_upload", AG_EINVALID,
     "the file does not meet TikTok's specification (MP4/MOV/WebM, <= 4 GB)"},
    {"spam_risk_too_many_posts", AG_EFAIL,
     "this account reached TikTok's daily limit of API posts: try again in 24 h, or post from the TikTok "
     "app"},
    {"spam_risk_user_banned_from_posting", AG_EFAIL,
     "TikTok has banned this account from posting: do not retry"},
    {"reached_active_user_cap", AG_EFAIL,
     "your app reached TikTok's daily cap of active posting users: try again in 24 h"},
    {"spam_risk_too_many_pending_share", AG_EFAIL,
     "5 drafts are already waiting in the creator's inbox (TikTok's 24 h limit): finish or delete them in "
     "the "
     "app, or try again in 24 h"},
    {"unaudited_client_can_only_post_to_private_accounts", AG_EFAIL,
     "your app is not audited yet: TikTok only accepts --privacy SELF_ONLY posts to an account set to "
     "private "
     "(set the account to private in the TikTok app, or use --draft)"},
    {"url_ownership_unverified", AG_EFAIL,
     "the URL's domain or prefix is not verified for your app: verify it under URL properties on "
     "developers.tiktok.com, or use --upload-mode file to upload the video yourself"},
    {"privacy_level_option_mismatch", AG_EINVALID,
     "the privacy level is not one this creator allows: see 'agoras tiktok whoami'"},
    {"app_version_check_failed", AG_EFAIL, "drafts of photo posts need TikTok app version 31.8 or newer"},
    {"invalid_publish_id", AG_EFAIL, "no post has this publish_id"},
    {"token_not_authorized_for_specified_publish_id", AG_EFAIL, "this publish_id belongs to another account"},
    {"publish_not_cancellable", AG_EFAIL, "the post can no longer be cancelled"},
    {0},
};

const struct ag_code tt_oauth_codes[] = {
    {"invalid_grant", AG_EAUTH, "refresh token expired or revoked — run 'agoras tiktok authorize'"},
    {"invalid_client", AG_EAUTH,
     "TikTok rejected the client key or client secret: check them on developers.tiktok.com"},
    {"access_denied", AG_EAUTH, "access was denied"},
    {"invalid_scope", AG_EUSAGE,
     "a requested scope is not enabled for your app: check --scopes and the app's products"},
    {"unauthorized_client", AG_EAUTH, "your app is not allowed this grant type"},
    {"invalid_request", AG_EFAIL, "TikTok rejected the token request"},
    {"unsupported_grant_type", AG_EFAIL, "TikTok does not support this grant type"},
    {"server_error", AG_ETEMP, "TikTok had an internal error: try again later"},
    {"temporarily_unavailable", AG_ETEMP, "TikTok is temporarily unavailable: try again later"},
    {0},
};

const struct ag_code tt_fail_reasons[] = {
    {"file_format_check_failed", 0, "TikTok could not read the video format (use MP4 with H.264)"},
    {"duration_check_failed", 0, "the video is too long or too short for this account"},
    {"frame_rate_check_failed", 0, "the frame rate must be 23-60 fps"},
    {"picture_size_check_failed", 0,
     "width and height must be 360-4096 px (photos: at most 1080 px short side)"},
    {"internal", 0, "TikTok had an internal error: try again"},
    {"video_pull_failed", 0, "TikTok could not download the video: check the URL is reachable, then retry"},
    {"photo_pull_failed", 0, "TikTok could not download an image: check every URL is reachable, then retry"},
    {"publish_cancelled", 0, "the post was cancelled"},
    {"auth_removed", 0, "the user revoked agoras's access: run 'agoras tiktok authorize'"},
    {"spam_risk_too_many_posts", 0, "too many API posts in 24 h: try again tomorrow or post from the app"},
    {"spam_risk_user_banned_from_posting", 0, "the account is banned from posting: do not retry"},
    {"spam_risk_text", 0, "TikTok judged the caption risky: change the text; do not retry as is"},
    {"spam_risk", 0, "TikTok judged the post risky: do not retry"},
    {0},
};

int tt_error_from_api(struct ag_error *err, long http, const char *code, const char *message,
                      const char *log_id)
{
    const struct ag_code *c = ag_code_find(tt_api_codes, code);
    int exit_code = ag_code_exit(c, http, 1);
    const char *advice = ag_code_advice(c, "TikTok rejected the request");
    if (message && *message && (!c || exit_code == AG_EFAIL))
        return ag_error_set(err, exit_code, "tiktok: %s (%s: %s; HTTP %ld, log_id %s)", advice,
                            code ? code : "?", message, http, log_id && *log_id ? log_id : "-");
    return ag_error_set(err, exit_code, "tiktok: %s (%s; HTTP %ld, log_id %s)", advice, code ? code : "?",
                        http, log_id && *log_id ? log_id : "-");
}

int tt_error_from_oauth(struct ag_error *err, long http, const char *error, const char *description)
{
    const struct ag_code *c = ag_code_find(tt_oauth_codes, error);
    return ag_error_set(err, ag_code_exit(c, http, 0), "tiktok: %s (%s%s%s; HTTP %ld)",
                        ag_code_advice(c, "the OAuth request failed"), error ? error : "no error code",
                        description && *description ? ": " : "", description ? description : "", http);
}

const char *tt_fail_reason_advice(const char *fail_reason)
{
    return ag_code_advice(ag_code_find(tt_fail_reasons, fail_reason), "TikTok did not say why");
}
