/*
 * Threads' descriptor (net/network.h).  Env names and store fields are Python Agoras's (reference
 * §2.8, §6.2): the record is threads-<app id> plus threads-default, its refresh_token the long-lived
 * token, which is also the token the API takes (AG_CRED_REFRESH | AG_CRED_TOKEN).
 */
#include "platforms/threads/threads.h"

#include "platforms/threads/api.h"
#include "platforms/threads/codes.h"
#include "platforms/threads/session.h"

static const struct ag_credential credentials[] = {
    {.flag = "app-id",
     .env = "THREADS_APP_ID",
     .store_field = "app_id",
     .flags = AG_CRED_ID,
     .help = "your Meta app's Threads App ID (not the Facebook one), from the app's Threads use case"},
    {.flag = "app-secret",
     .env = "THREADS_APP_SECRET",
     .store_field = "app_secret",
     .flags = AG_CRED_SECRET,
     .help = "your app's Threads App Secret (prefer the env variable: flags show in ps)"},
    {.env = "THREADS_REFRESH_TOKEN",
     .store_field = "refresh_token",
     .flags = AG_CRED_SECRET | AG_CRED_REFRESH | AG_CRED_TOKEN,
     .help = "the long-lived token (60 days; stored and refreshed by agoras)"},
    {.env = "THREADS_USER_ID",
     .store_field = "user_id",
     .help = "the Threads user id (stored by 'agoras threads authorize')"},
    {0},
};

static const struct ag_api_base api_bases[] = {
    {"api", TH_DEFAULT_API_BASE, "AGORAS_THREADS_API_BASE"},
    {"authorize", TH_DEFAULT_AUTHORIZE_URL, "AGORAS_THREADS_AUTHORIZE_URL"},
    {0},
};

static const struct ag_network_ops ops = {.refresh = th_session_refresh};

const struct ag_network ag_threads_network = {
    .name = "threads",
    .display = "Threads",
    .summary = "Threads: text, links, images and videos by URL, reposts, deletes (run 'agoras threads "
               "authorize' first)",
    .actions = ag_threads_actions,
    .credentials = credentials,
    .store_header = "# Threads - OAuth 2.0",
    .api_bases = api_bases,
    .api_codes = th_api_codes,
    .oauth_codes = th_api_codes,
    .media_limits = th_media_limits,
    .auth_error_code = "190",
    .ops = &ops,
};
