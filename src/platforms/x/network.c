/*
 * X's descriptor (net/network.h).  Env names and store fields are Python Agoras's (reference §2.1,
 * §6.2): the record is x-<first 8 hex of MD5(consumer key)> plus x-default, so both programs read each
 * other's stores.  OAuth 1.0a tokens do not expire: no session, no refresh.
 */
#include "platforms/x/x.h"

#include "platforms/x/api.h"
#include "platforms/x/codes.h"

static const struct ag_credential credentials[] = {
    {.flag = "consumer-key",
     .env = "TWITTER_CONSUMER_KEY",
     .store_field = "consumer_key",
     .help = "your app's API Key (consumer key), from the X Developer Console"},
    {.flag = "consumer-secret",
     .env = "TWITTER_CONSUMER_SECRET",
     .store_field = "consumer_secret",
     .flags = AG_CRED_SECRET,
     .help = "your app's API Key Secret (prefer the env variable: flags show in ps)"},
    {.env = "TWITTER_OAUTH_TOKEN",
     .store_field = "oauth_token",
     .flags = AG_CRED_SECRET | AG_CRED_TOKEN,
     .help = "the user's OAuth 1.0a access token (stored by 'agoras x authorize')"},
    {.env = "TWITTER_OAUTH_SECRET",
     .store_field = "oauth_secret",
     .flags = AG_CRED_SECRET,
     .help = "the user's OAuth 1.0a access token secret"},
    {0},
};

static const struct ag_api_base api_bases[] = {
    {"api", X_DEFAULT_API_BASE, "AGORAS_X_API_BASE"},
    {"authorize", X_DEFAULT_API_BASE "/oauth/authorize", "AGORAS_X_AUTHORIZE_URL"},
    {0},
};

static const char *const aliases[] = {"twitter", NULL};

const struct ag_network ag_x_network = {
    .name = "x",
    .display = "X",
    .summary = "X (formerly Twitter): posts with images, videos, likes, reposts, deletes (run 'agoras x "
               "authorize' first)",
    .aliases = aliases,
    .actions = ag_x_actions,
    .credentials = credentials,
    .store_header = "# X (Twitter) - OAuth 1.0a",
    .api_bases = api_bases,
    .api_codes = x_api_codes,
    .media_limits = x_media_limits,
};
