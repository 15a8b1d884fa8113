/*
 * TikTok's descriptor (net/network.h).  Credential env names and store fields are Python Agoras's
 * (reference §6.2), so existing CI secrets and stored records keep working.
 */
#include "platforms/tiktok/tiktok.h"

#include "platforms/tiktok/api.h"
#include "platforms/tiktok/errors.h"
#include "platforms/tiktok/session.h"

static const struct ag_credential credentials[] = {
    {.flag = "username",
     .env = "TIKTOK_USERNAME",
     .store_field = "username",
     .flags = AG_CRED_ID,
     .help = "the TikTok username to post as, without '@'"},
    {.flag = "client-key",
     .env = "TIKTOK_CLIENT_KEY",
     .store_field = "client_key",
     .help = "your app's Client Key (developers.tiktok.com)"},
    {.flag = "client-secret",
     .env = "TIKTOK_CLIENT_SECRET",
     .store_field = "client_secret",
     .flags = AG_CRED_SECRET,
     .help = "your app's Client Secret (prefer the env variable: flags show in ps)"},
    {.env = "TIKTOK_REFRESH_TOKEN",
     .store_field = "refresh_token",
     .flags = AG_CRED_SECRET | AG_CRED_REFRESH,
     .help = "refresh token for unattended runs (stored by 'agoras tiktok authorize'; TikTok rotates it)"},
    {0},
};

static const struct ag_api_base api_bases[] = {
    {"api", TT_DEFAULT_API_BASE, "AGORAS_TIKTOK_API_BASE"},
    {"authorize", TT_DEFAULT_AUTHORIZE_URL, "AGORAS_TIKTOK_AUTHORIZE_URL"},
    {0},
};

static const struct ag_network_ops ops = {.refresh = tt_session_refresh};

const struct ag_network ag_tiktok_network = {
    .name = "tiktok",
    .display = "TikTok",
    .summary = "TikTok: authorize, publish videos and photo posts (run 'agoras tiktok authorize' first)",
    .actions = ag_tiktok_actions,
    .credentials = credentials,
    .store_header = "# TikTok - OAuth 2.0",
    .api_bases = api_bases,
    .api_codes = tt_api_codes,
    .oauth_codes = tt_oauth_codes,
    .fail_reasons = tt_fail_reasons,
    .media_limits = tt_media_limits,
    .auth_error_code = "access_token_invalid",
    .ops = &ops,
};
