/*
 * TikTok as a network of the sandbox: its routes (at the root, as before the prefixes, and under
 * /tiktok), its error shapes for faults and unknown endpoints, and its own fault kind.
 *
 * Error shapes by path: flat OAuth JSON under /v2/oauth/, HTML for the authorize page, the
 * {data, error} envelope elsewhere.  An injected 429 carries Retry-After (--retry-after).
 *   --fault processing=internal,spam_risk_text   the next posts whose media pass the checks FAIL
 *                                                with these fail_reasons (moderation, hiccups)
 */
#include "sandbox/tiktok/tiktok.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct sbx_route routes[] = {
    {"GET", "/v2/auth/authorize/", .fn = sbx_oauth_authorize},
    {"POST", "/v2/auth/authorize/", .fn = sbx_oauth_consent},
    {"POST", "/v2/oauth/token/", .fn = sbx_oauth_token},
    {"POST", "/v2/oauth/revoke/", .fn = sbx_oauth_revoke},
    {"POST", "/v2/post/publish/creator_info/query/", .fn = sbx_cp_creator_info},
    {"POST", "/v2/post/publish/video/init/", .fn = sbx_cp_video_init},
    {"POST", "/v2/post/publish/inbox/video/init/", .fn = sbx_cp_inbox_init},
    {"POST", "/v2/post/publish/content/init/", .fn = sbx_cp_content_init},
    {"POST", "/v2/post/publish/status/fetch/", .fn = sbx_cp_status},
    {"POST", "/v2/post/publish/cancel/", .fn = sbx_cp_cancel},
    {"PUT", "/video/", .key = "upload", .fn = sbx_upload_end, .stream_begin = sbx_upload_begin,
     .stream_data = sbx_upload_data, .stream_free = sbx_upload_free},
    {"POST", "/_sandbox/expire", .own = true, .fn = sbx_admin_expire},
    {"POST", "/_sandbox/finish", .own = true, .fn = sbx_admin_finish},
    {"GET", "/_sandbox/media/", .prefix = true, .own = true, .fn = sbx_page_media},
    {"GET", "/_sandbox/avatar/", .prefix = true, .own = true, .fn = sbx_page_media},
};

/* fail_reasons a post can get after its transfer, beyond the media checks (status/fetch docs). */
static const char *const processing_reasons[] = {"internal",
                                                 "spam_risk_too_many_posts",
                                                 "spam_risk_user_banned_from_posting",
                                                 "spam_risk_text",
                                                 "spam_risk",
                                                 NULL};

int tt_fault_kind(const char *key, const char *code)
{
    if (strcmp(key, "processing") != 0)
        return -1;
    for (const char *const *r = processing_reasons; *r; r++)
        if (strcmp(code, *r) == 0)
            return 1;
    return 0;
}

const char *tt_processing_fault(struct sbx *s)
{
    char *code = sbx_faults_pop(s, "tiktok:processing");
    const char *reason = NULL;
    for (const char *const *r = processing_reasons; code && *r; r++)
        if (strcmp(code, *r) == 0)
            reason = *r;
    free(code);
    return reason;
}

static const char *default_code(unsigned status)
{
    switch (status) {
    case 400:
        return "invalid_params";
    case 401:
        return "access_token_invalid";
    case 403:
        return "access_denied";
    case 404:
        return "not_found";
    case 429:
        return "rate_limit_exceeded";
    default:
        return status >= 500 ? "internal_error" : "invalid_request";
    }
}

static const char *oauth_code(unsigned status)
{
    if (status == 401)
        return "invalid_client";
    if (status == 503 || status == 429)
        return "temporarily_unavailable";
    return status >= 500 ? "server_error" : "invalid_request";
}

static void reply_fault(struct sbx_req *r, unsigned status, const char *error)
{
    char retry_after[24];
    if (strncmp(r->sub, "/v2/oauth/", 10) == 0)
        sbx_reply_oauth(r, status, error ? error : oauth_code(status), "injected fault");
    else if (strcmp(r->sub, "/v2/auth/authorize/") == 0)
        sbx_reply_html(r, status,
                       "<!doctype html><title>Error</title><p>Something went wrong (injected fault).");
    else
        sbx_reply_api(r, status, NULL, error ? error : default_code(status), "injected fault");
    if (status == 429) {
        snprintf(retry_after, sizeof(retry_after), "%ld", r->sbx->cfg.retry_after_s);
        sbx_add_header(r, "Retry-After", retry_after);
    }
}

static void reply_error(struct sbx_req *r, unsigned status, const char *code, const char *message)
{
    sbx_reply_api(r, status, NULL, code, "%s", message);
}

json_t *tt_list(struct sbx *s, const char *name)
{
    return sbx_array(sbx_section(s, "tiktok"), name);
}

static void state_public(struct sbx *s, json_t *section)
{
    size_t i;
    json_t *post;
    json_array_foreach(sbx_array(section, "posts"), i, post)
    {
        sbx_post_advance(s, post);
    }
}

const struct sbx_network sbx_tiktok = {
    .name = "tiktok",
    .display = "TikTok",
    .prefix = "/tiktok",
    .at_root = true,
    .routes = routes,
    .n_routes = sizeof(routes) / sizeof(routes[0]),
    .reply_error = reply_error,
    .reply_fault = reply_fault,
    .fault_kind = tt_fault_kind,
    .state_check = tt_state_check,
    .state_init = tt_state_init,
    .state_public = state_public,
    .page_section = tt_page_section,
    .print_exports = tt_print_exports,
    .endpoints_help =
        "  GET/POST /v2/auth/authorize/               the consent page (POST: its Approve/Deny form)\n"
        "  POST /v2/oauth/token/                      authorization code and refresh grants, rotating\n"
        "  POST /v2/oauth/revoke/                     revoke a grant\n"
        "  POST /v2/post/publish/creator_info/query/  the account's privacy options and limits\n"
        "  POST /v2/post/publish/video/init/          a direct video post, uploaded or pulled from a URL\n"
        "  POST /v2/post/publish/inbox/video/init/    a video draft sent to the account's inbox\n"
        "  POST /v2/post/publish/content/init/        a photo post\n"
        "  POST /v2/post/publish/status/fetch/        a post's status\n"
        "  POST /v2/post/publish/cancel/              cancel a post whose media is still being pulled\n"
        "  PUT /video/?upload_id=..&upload_token=..   the upload_url returned by init, one chunk a request\n",
};
