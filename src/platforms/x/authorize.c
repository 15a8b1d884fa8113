/*
 * agoras x authorize (X_THREADS_API.md §1.3): with TWITTER_OAUTH_TOKEN and TWITTER_OAUTH_SECRET both in
 * the env, the tokens are checked with GET /2/users/me and stored, no browser (as Agoras, plus the
 * check).  Otherwise three-legged OAuth 1.0a: a request token for the loopback callback, the consent
 * page in the browser, the callback's oauth_token compared with the request token in constant time (the
 * callback server of core/callback.h, which also takes the pasted redirect), the access token for the
 * verifier.  --pin (the default without a display) uses oob: X shows a PIN the user types on stdin.
 * Stored as x-<md5 id> and x-default; nothing on stdout, one confirmation line on stderr.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/browser.h"
#include "core/callback.h"
#include "core/log.h"
#include "core/oauth.h"
#include "core/oauth1.h"
#include "core/secret.h"
#include "net/account.h"
#include "net/create.h"
#include "platforms/x/account.h"
#include "platforms/x/api.h"
#include "platforms/x/options.h"
#include "platforms/x/x.h"

#define PIN_MAX 32

/* The tokens of one leg: oauth_token, oauth_token_secret and, at the end, the user. */
struct leg {
    char *token, *secret, *user_id, *screen_name, *confirmed;
};

static void leg_free(struct leg *l)
{
    ag_secret_free(l->token);
    ag_secret_free(l->secret);
    free(l->user_id);
    free(l->screen_name);
    free(l->confirmed);
    memset(l, 0, sizeof(*l));
}

/*
 * The fields of X's form-encoded answer to request_token or access_token.  The request token itself is
 * in the consent URL the user opens, so only an access token is hidden from logs.
 */
static void parse_leg(const char *body, int access, struct leg *l)
{
    l->token = ag_oauth1_form_value(body, "oauth_token");
    l->secret = ag_oauth1_form_value(body, "oauth_token_secret");
    l->user_id = ag_oauth1_form_value(body, "user_id");
    l->screen_name = ag_oauth1_form_value(body, "screen_name");
    l->confirmed = ag_oauth1_form_value(body, "oauth_callback_confirmed");
    if (access)
        ag_log_add_secret(l->token);
    ag_log_add_secret(l->secret);
}

static int request_token(const struct x_creds *app, const char *callback, struct leg *l, struct ag_error *err)
{
    struct x_call call = {
        .method = "POST", .path = "/oauth/request_token", .callback = callback, .what = "request token"};
    struct ag_http_response res;
    ag_http_response_init(&res);
    int rc = x_send(app, &call, &res, err);
    if (rc == 0)
        parse_leg(res.body.data, 0, l);
    if (rc == 0 && (!l->token || !l->secret || !l->confirmed || strcmp(l->confirmed, "true") != 0))
        rc = ag_error_set(err, AG_EFAIL,
                          "x: request token: X did not confirm the callback '%s': register it exactly in the "
                          "app's settings (User authentication settings)",
                          callback);
    ag_http_response_free(&res);
    return rc;
}

/* The verifier is single-use: the exchange is sent once, and a lost answer means starting again. */
static int access_token(const struct x_creds *app, const struct leg *req, const char *verifier, struct leg *l,
                        struct ag_error *err)
{
    struct x_creds signer = *app;
    signer.token = req->token;
    signer.token_secret = req->secret;
    struct x_call call = {.method = "POST",
                          .path = "/oauth/access_token",
                          .verifier = verifier,
                          .what = "access token",
                          .maybe_created =
                              "x: the answer to the access-token request was lost: run 'agoras x "
                              "authorize' again"};
    struct ag_http_response res;
    ag_http_response_init(&res);
    int rc = x_send(&signer, &call, &res, err);
    if (rc == 0)
        parse_leg(res.body.data, 1, l);
    if (rc == 0 && (!l->token || !l->secret || !l->user_id))
        rc = ag_error_set(err, AG_EFAIL,
                          "x: access token: X's answer lacks the token, its secret or the user id");
    if (rc == -AG_EUNKNOWN || (rc < 0 && res.status >= 500)) { /* the verifier may be spent: start again */
        ag_error_wrap(err, "run 'agoras x authorize' again");
        rc = -(err->code = AG_ETEMP);
    }
    ag_http_response_free(&res);
    return rc;
}

static int read_pin(char pin[PIN_MAX], struct ag_error *err)
{
    if (!fgets(pin, PIN_MAX, stdin))
        return ag_error_set(err, AG_EAUTH, "no PIN was entered: run 'agoras x authorize --pin' again");
    pin[strcspn(pin, "\r\n")] = '\0';
    char *p = pin + strspn(pin, " \t");
    memmove(pin, p, strlen(p) + 1);
    pin[strcspn(pin, " \t")] = '\0';
    if (!*pin || strspn(pin, "0123456789") != strlen(pin))
        return ag_error_set(err, AG_EAUTH,
                            "the PIN is the digits X shows after you authorize: run 'agoras x "
                            "authorize --pin' again");
    return 0;
}

static int pin_flow(const struct x_creds *app, struct leg *req, char pin[PIN_MAX], struct ag_error *err)
{
    char *url = NULL;
    int rc = request_token(app, "oob", req, err);
    if (rc == 0)
        rc = x_authorize_url(req->token, &url, err);
    if (rc < 0)
        return rc;
    ag_info("Open this URL in a browser, authorize agoras, and type the PIN X shows:");
    ag_info("  %s", url);
    fprintf(stderr, "PIN: ");
    fflush(stderr);
    free(url);
    return read_pin(pin, err);
}

/* The callback flow; the verifier arrives as the callback's "code" (core/oauth.c). */
static int callback_flow(const struct x_creds *app, const struct x_authorize_opts *o, struct leg *req,
                         struct ag_oauth_result *result, struct ag_error *err)
{
    char *url = NULL;
    struct ag_callback *cb = NULL;
    struct ag_error why = {0};
    int rc = request_token(app, o->callback_url, req, err);
    if (rc == 0)
        rc = x_authorize_url(req->token, &url, err);
    if (rc == 0)
        rc = ag_callback_start(o->callback_url, req->token, &cb, err);
    if (rc == 0) {
        int paste = !o->browser || isatty(STDIN_FILENO);
        ag_info("Open this URL to authorize agoras on X:");
        ag_info("  %s", url);
        if (o->browser && ag_browser_open(url, &why) < 0) {
            ag_warn("could not start a browser (%s); open the URL above yourself, or run 'agoras x authorize "
                    "--pin'",
                    why.msg);
            paste = 1;
        }
        if (paste)
            ag_info("After authorizing, paste the address your browser was sent to (it starts with %s) and "
                    "press Enter",
                    o->callback_url);
        ag_info("Waiting up to %lld s for the authorization...", (long long)o->timeout);
        rc = ag_callback_wait(cb, (int)o->timeout, paste ? STDIN_FILENO : -1, result, err);
    }
    ag_callback_stop(cb);
    free(url);
    return rc;
}

static int headless(void)
{
    const char *vars[] = {"DISPLAY", "WAYLAND_DISPLAY", "BROWSER"};
    for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
        if (getenv(vars[i]) && *getenv(vars[i]))
            return 0;
    return 1;
}

/* Stored credentials we could not read back are never replaced silently; the store must be writable. */
static int check_store(const char *consumer_key, int force, struct ag_error *err)
{
    char id[X_ID_SIZE];
    json_t *record = NULL;
    x_account_id(consumer_key, id);
    int rc = force ? 0 : ag_account_load(&ag_x_network, id, &record, err);
    json_decref(record);
    if (rc < 0)
        return ag_error_wrap(err, "the stored X credentials cannot be read (--force replaces them)");
    if ((rc = ag_account_check_writable(&ag_x_network, id, force, err)) < 0)
        ag_error_wrap(err, "the token store cannot be written, so authorization was not started");
    return rc;
}

static int three_legged(const struct x_authorize_opts *o, const struct x_creds *app, struct leg *user,
                        struct ag_error *err)
{
    struct leg req = {0};
    struct ag_oauth_result result;
    char pin[PIN_MAX] = "";
    ag_oauth_result_init(&result);
    int rc = o->pin || headless() ? pin_flow(app, &req, pin, err) : callback_flow(app, o, &req, &result, err);
    if (rc == 0)
        rc = access_token(app, &req, pin[0] ? pin : result.code, user, err);
    ag_secret_wipe(pin, sizeof(pin));
    ag_oauth_result_free(&result);
    leg_free(&req);
    return rc;
}

int ag_x_run_authorize(struct ag_args *args, struct ag_error *err)
{
    const struct x_authorize_opts *o = args->opts;
    struct x_creds app = {.consumer_key = o->c.consumer_key, .consumer_secret = o->c.consumer_secret};
    struct leg user = {0};
    int have_token = o->c.oauth_token && *o->c.oauth_token,
        have_secret = o->c.oauth_secret && *o->c.oauth_secret;
    if (have_token != have_secret)
        return ag_error_set(
            err, AG_EUSAGE,
            "set both TWITTER_OAUTH_TOKEN and TWITTER_OAUTH_SECRET (stored without a browser), or "
            "neither (authorize in the browser)");
    int rc = check_store(app.consumer_key, o->force, err);
    if (rc == 0 && have_token) {
        struct x_creds c = app;
        c.token = o->c.oauth_token;
        c.token_secret = o->c.oauth_secret;
        rc = x_account_user(&c, X_USER_ASK, &user.user_id, &user.screen_name, err);
        user.token = strdup(c.token);
        user.secret = strdup(c.token_secret);
        if (rc == 0 && (!user.token || !user.secret))
            rc = ag_error_set(err, AG_EFAIL, "out of memory");
    } else if (rc == 0) {
        rc = three_legged(o, &app, &user, err);
    }
    if (rc == 0) {
        struct x_creds c = app;
        c.token = user.token;
        c.token_secret = user.secret;
        rc = x_account_store(&c, user.user_id, user.screen_name, o->force, err);
    }
    if (rc == 0)
        ag_info("Authorized X account @%s (user id %s); credentials stored securely.",
                user.screen_name ? user.screen_name : "?", user.user_id);
    leg_free(&user);
    return rc;
}
