/*
 * agoras threads authorize: Threads redirects only to a registered HTTPS URL and never to localhost
 * (X_THREADS_API.md §5.2), so a loopback listener would need a certificate the browser trusts.  The
 * paste flow instead: print the consent URL, read the address the browser was sent to from stdin (the
 * page itself may fail to load), check its state, exchange the code for a short-lived token and that at
 * once for the long-lived one, and store them.  Nothing reaches stdout.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/escape.h"
#include "core/log.h"
#include "core/oauth.h"
#include "core/secret.h"
#include "core/store.h"
#include "net/account.h"
#include "platforms/threads/api.h"
#include "platforms/threads/options.h"
#include "platforms/threads/session.h"
#include "platforms/threads/threads.h"

#define SCOPES "threads_basic,threads_content_publish,threads_delete"

/* Threads' rule for redirect URIs: https, and not localhost. */
static int check_redirect(const char *uri, struct ag_error *err)
{
    const char *host = strncasecmp(uri, "https://", 8) == 0 ? uri + 8 : NULL;
    size_t n = host ? strcspn(host, ":/?#") : 0;
    if (!host || n == 0)
        return ag_error_set(err, AG_EUSAGE,
                            "--redirect-uri must be an https URL registered in the app's Threads settings "
                            "(for example https://127.0.0.1:8443/callback/)");
    if (n == 9 && strncasecmp(host, "localhost", 9) == 0)
        return ag_error_set(err, AG_EUSAGE,
                            "Threads refuses localhost in --redirect-uri: register and use https://127.0.0.1:"
                            "8443/callback/ instead");
    return 0;
}

static int check_store(const char *app_id, int force, struct ag_error *err)
{
    json_t *record = NULL;
    int rc = force ? 0 : ag_account_load(&ag_threads_network, app_id, &record, err);
    json_decref(record);
    if (rc < 0)
        return ag_error_wrap(err,
                             "the stored Threads credentials of app %s cannot be read (--force replaces "
                             "them)",
                             app_id);
    if ((rc = ag_account_check_writable(&ag_threads_network, app_id, force, err)) < 0)
        ag_error_wrap(err, "the token store cannot be written, so authorization was not started");
    return rc;
}

/* One pasted line: the redirected URL, without Threads' "#_" (no fragment belongs to the code). */
static int read_paste(const char *state, struct ag_oauth_result *res, struct ag_error *err)
{
    char *line = NULL, line_reason[64];
    size_t cap = 0;
    ssize_t n = getline(&line, &cap, stdin);
    if (n <= 0) {
        free(line); /* nothing was read into it */
        return ag_error_set(
            err, AG_EAUTH,
            "no address was pasted: run 'agoras threads authorize' again and paste the address "
            "the browser was sent to");
    }
    line[strcspn(line, "#\r\n")] = '\0';
    int rc = ag_oauth_parse_callback(line, res, err);
    ag_secret_free(line);
    if (rc < 0)
        return rc;
    /* A refusal carries no state at Threads; it grants nothing, so its reason is shown as it is. */
    if (res->error) {
        char why[200];
        ag_escape_controls(why, sizeof(why), res->error_description ? res->error_description : "", NULL);
        ag_escape_controls(line_reason, sizeof(line_reason), res->error, NULL);
        return ag_error_set(err, AG_EAUTH,
                            "Threads did not authorize agoras (%s%s%s): run 'agoras threads "
                            "authorize' again and approve",
                            line_reason, *why ? ": " : "", why);
    }
    return ag_oauth_check_callback(res, state, err);
}

static int store_account(const char *app_id, const char *app_secret, const char *user_id,
                         const struct ag_token *token, int force, struct ag_error *err)
{
    struct ag_session s;
    ag_session_init(&s, &ag_threads_network);
    int rc = ag_session_set(&s, "app_id", app_id) | ag_session_set(&s, "app_secret", app_secret) |
             ag_session_set(&s, "user_id", user_id);
    rc = rc < 0 ? ag_error_set(err, AG_EFAIL, "out of memory") : ag_session_store_new(&s, token, force, err);
    ag_session_close(&s);
    return rc;
}

static void report_success(const char *user_id, const char *app_id)
{
    struct ag_store *store = NULL;
    struct ag_error ignored;
    const char *dir = ag_store_open(&store, &ignored) == 0 ? ag_store_dir(store) : "the token store";
    ag_info("Authorized Threads user %s for app %s; credentials stored in %s/tokens (the token lasts 60 days "
            "and agoras refreshes it when used)",
            user_id, app_id, dir);
    ag_store_close(store);
}

int ag_threads_run_authorize(struct ag_args *args, struct ag_error *err)
{
    const struct th_authorize_opts *o = args->opts;
    char *state = NULL, *url = NULL, *short_token = NULL, *user_id = NULL;
    struct ag_oauth_result res;
    struct ag_token token = {0};
    ag_oauth_result_init(&res);
    int rc = check_redirect(o->redirect_uri, err);
    if (rc == 0)
        rc = check_store(o->app_id, o->force, err);
    if (rc == 0)
        rc = ag_oauth_state(&state, err);
    if (rc == 0) {
        const char *params[] = {"client_id",     o->app_id, "redirect_uri", o->redirect_uri, "scope", SCOPES,
                                "response_type", "code",    "state",        state,           NULL};
        rc = th_authorize_url(params, &url, err);
    }
    if (rc == 0) {
        ag_info("Open this URL in a browser logged in to Threads and approve agoras:");
        ag_info("  %s", url);
        ag_info("Then paste here the address the browser was sent to (it starts with %s; the page itself may "
                "not load) and press Enter:",
                o->redirect_uri);
        rc = read_paste(state, &res, err);
    }
    if (rc == 0)
        rc = th_oauth_code(o->app_id, o->app_secret, o->redirect_uri, res.code, &short_token, &user_id, err);
    /* At once: the short-lived token dies within the hour. */
    if (rc == 0)
        rc = th_oauth_long_lived(o->app_secret, short_token, &token, err);
    if (rc == 0)
        rc = store_account(o->app_id, o->app_secret, user_id, &token, o->force, err);
    if (rc == 0)
        report_success(user_id, o->app_id);
    ag_token_free(&token);
    ag_secret_free(short_token);
    free(user_id);
    free(url);
    ag_oauth_result_free(&res);
    ag_oauth_secret_free(state);
    return rc;
}
