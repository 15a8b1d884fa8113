/*
 * agoras tiktok authorize (SPEC §2.1): OAuth 2.0 with PKCE in the user's browser, a loopback
 * callback server started before the browser opens, the code exchange, a check that the
 * account is the one named, and storage of the credentials.  Nothing secret reaches stdout.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/browser.h"
#include "core/callback.h"
#include "core/log.h"
#include "core/oauth.h"
#include "core/store.h"
#include "net/account.h"
#include "platforms/tiktok/api.h"
#include "platforms/tiktok/creator.h"
#include "platforms/tiktok/options.h"
#include "platforms/tiktok/session.h"
#include "platforms/tiktok/tiktok.h"

struct authorize_ctx {
    const char *client_key;
    const char *client_secret;
    const char *username;
    const char *redirect_uri;
    const char *scopes;
    char *verifier;
    char *state;
    char *url;
    struct ag_callback *callback;
    struct ag_oauth_result result;
    struct ag_token token;
};

static int has_scope(const char *list, const char *scope)
{
    size_t n = strlen(scope);
    for (const char *p = list; p && *p;) {
        size_t len = strcspn(p, ",");
        if (len == n && strncmp(p, scope, n) == 0)
            return 1;
        p += len + (p[len] == ',');
    }
    return 0;
}

static int start_flow(struct authorize_ctx *c, struct ag_error *err)
{
    int rc = ag_oauth_pkce_verifier(AG_OAUTH_VERIFIER_DEFAULT, &c->verifier, err);
    char challenge[AG_OAUTH_HEX_CHALLENGE_SIZE];
    if (rc == 0)
        rc = ag_oauth_pkce_challenge_hex(c->verifier, challenge, err);
    if (rc == 0)
        rc = ag_oauth_state(&c->state, err);
    if (rc < 0)
        return rc;
    const char *params[] = {"client_key",
                            c->client_key,
                            "scope",
                            c->scopes,
                            "redirect_uri",
                            c->redirect_uri,
                            "state",
                            c->state,
                            "response_type",
                            "code",
                            "code_challenge",
                            challenge,
                            "code_challenge_method",
                            "S256",
                            NULL};
    rc = ag_oauth_authorize_url(tt_authorize_base(), params, &c->url, err);
    if (rc == 0)
        rc = ag_callback_start(c->redirect_uri, c->state, &c->callback, err);
    return rc;
}

/*
 * The browser and the callback server; the paste fallback on stdin with --no-browser, when the
 * browser fails (xdg-open exits 3 on a machine without one: we fall back at once, not after the
 * timeout), or whenever someone is at the terminal (xdg-open can "succeed" without any browser
 * showing the page).  The callback server keeps listening: whichever arrives first wins.
 */
static int wait_for_code(struct authorize_ctx *c, int no_browser, long timeout_s, struct ag_error *err)
{
    struct ag_error why = {0};
    int paste = no_browser || isatty(STDIN_FILENO);
    ag_info("Open this URL to authorize agoras for @%s:", c->username);
    ag_info("  %s", c->url);
    if (!no_browser && ag_browser_open(c->url, &why) < 0) {
        ag_warn("could not start a browser (%s); open the URL above yourself, or set BROWSER to your browser "
                "command",
                why.msg);
        paste = 1;
    }
    if (paste)
        ag_info("After approving, paste the address your browser was sent to (it starts with %s) and press "
                "Enter",
                c->redirect_uri);
    ag_info("Waiting up to %ld s for the authorization...", timeout_s);
    return ag_callback_wait(c->callback, (int)timeout_s, paste ? STDIN_FILENO : -1, &c->result, err);
}

/* Creator info with the new token: the account must be the one named on the command line. */
static int check_account(struct authorize_ctx *c, char **nickname, struct ag_error *err)
{
    const char *granted = c->token.scope ? c->token.scope : c->result.scopes;
    if (granted && !has_scope(granted, "video.publish")) {
        ag_warn(
            "video.publish was not granted (granted: %s): the account name cannot be checked, and posting "
            "directly will fail; authorize again and allow it",
            granted);
        return 0;
    }
    json_t *data = NULL;
    char code[64];
    int rc = tt_api_post(c->token.access_token, "/v2/post/publish/creator_info/query/", NULL, 1, &data, code,
                         sizeof(code), err);
    /* A creator who may not post today (daily caps, TikTok's spam checks) can still authorize. */
    if (rc < 0 && (strncmp(code, "spam_risk", 9) == 0 || strcmp(code, "reached_active_user_cap") == 0)) {
        ag_warn("the account name could not be checked: %s", err->msg);
        return 0;
    }
    if (rc < 0)
        return rc;
    const char *who = json_string_value(json_object_get(data, "creator_username"));
    const char *nick = json_string_value(json_object_get(data, "creator_nickname"));
    if (!who || strcmp(who, c->username) != 0)
        rc = ag_error_set(
            err, AG_EAUTH,
            "you approved access for TikTok user '@%s', not '@%s': log in to TikTok as @%s and run "
            "authorize again (nothing was stored)",
            who ? who : "?", c->username, c->username);
    else if (nick)
        *nickname = strdup(nick);
    json_decref(data);
    return rc;
}

/*
 * Before the browser opens: stored credentials we could not read back are never replaced silently,
 * and the store must be writable (the authorization code is spent by the exchange).
 */
static int check_store(const char *username, int force, struct ag_error *err)
{
    json_t *record = NULL;
    int rc = force ? 0 : ag_account_load(&ag_tiktok_network, username, &record, err);
    json_decref(record);
    if (rc < 0)
        return ag_error_wrap(err, "the stored credentials of @%s cannot be read", username);
    if ((rc = ag_account_check_writable(&ag_tiktok_network, username, force, err)) < 0)
        ag_error_wrap(err, "the token store cannot be written, so authorization was not started");
    return rc;
}

static void free_ctx(struct authorize_ctx *c)
{
    ag_callback_stop(c->callback);
    ag_oauth_result_free(&c->result);
    ag_token_free(&c->token);
    ag_oauth_secret_free(c->verifier);
    ag_oauth_secret_free(c->state);
    free(c->url);
}

/* The new account: its credentials and tokens under tiktok-<username> and tiktok-default. */
static int store_account(const struct authorize_ctx *c, int force, struct ag_error *err)
{
    struct ag_session s;
    ag_session_init(&s, &ag_tiktok_network);
    int rc = ag_session_set(&s, "username", c->username) | ag_session_set(&s, "client_key", c->client_key) |
             ag_session_set(&s, "client_secret", c->client_secret);
    rc = rc < 0 ? ag_error_set(err, AG_EFAIL, "out of memory")
                : ag_session_store_new(&s, &c->token, force, err);
    ag_session_close(&s);
    return rc;
}

static void report_success(const char *username, const char *nickname)
{
    struct ag_store *store = NULL;
    struct ag_error ignored;
    const char *dir = ag_store_open(&store, &ignored) == 0 ? ag_store_dir(store) : "the token store";
    ag_info("Authorized @%s (%s); credentials stored in %s/tokens", username, nickname ? nickname : username,
            dir);
    ag_store_close(store);
}

int ag_tiktok_run_authorize(struct ag_args *args, struct ag_error *err)
{
    const struct tt_authorize_opts *o = args->opts;
    struct authorize_ctx c = {
        .client_key = o->client_key,
        .client_secret = o->client_secret,
        .username = o->username,
        .redirect_uri = o->redirect_uri,
        .scopes = o->scopes,
    };
    char *nickname = NULL;
    if (c.username[0] == '@')
        c.username++; /* the seed says "without the @"; accept it anyway */
    int force = o->force;
    int rc = check_store(c.username, force, err);
    if (rc == 0)
        rc = start_flow(&c, err);
    if (rc == 0)
        rc = wait_for_code(&c, !o->browser, (long)o->timeout, err);
    ag_callback_stop(c.callback);
    c.callback = NULL;
    if (rc == 0)
        rc = tt_oauth_exchange_code(c.client_key, c.client_secret, c.result.code, c.redirect_uri, c.verifier,
                                    &c.token, err);
    if (rc == 0)
        rc = check_account(&c, &nickname, err);
    if (rc == 0)
        rc = store_account(&c, force, err);
    if (rc == 0)
        report_success(c.username, nickname);
    free(nickname);
    free_ctx(&c);
    return rc;
}
