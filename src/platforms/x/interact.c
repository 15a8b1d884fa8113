/*
 * agoras x like, share, delete (X_THREADS_API.md §2.2-§2.4) by --post-id; like and share name the user
 * in the path (the stored user_id, else GET /2/users/me).  Each request is sent once (no idempotency key
 * at X: a lost answer is exit 6).  Prints {"id":"<post id>"}.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/result.h"
#include "platforms/x/account.h"
#include "platforms/x/api.h"
#include "platforms/x/options.h"
#include "platforms/x/x.h"

#define LIKE_TIER                                                                                            \
    " (X removed likes from self-serve API access on 2026-04-20: only Enterprise access may like posts "     \
    "through the API)"

static int check_id(const char *id, struct ag_error *err)
{
    if (!*id || strlen(id) > 19 || strspn(id, "0123456789") != strlen(id))
        return ag_error_set(err, AG_EUSAGE,
                            "--post-id '%.40s' is not an X post id: give the digits agoras printed", id);
    return 0;
}

/* POST /2/users/<me>/<what> {"tweet_id": id}. */
static int user_action(const struct x_post_id_opts *o, const char *what, const char *verb,
                       struct ag_error *err)
{
    const struct x_creds c = {o->c.consumer_key, o->c.consumer_secret, o->c.oauth_token, o->c.oauth_secret};
    char *user_id = NULL, *screen_name = NULL, path[96], maybe[160];
    json_t *body = NULL, *data = NULL;
    int rc = check_id(o->post_id, err);
    if (rc == 0)
        rc = x_account_user(&c, X_USER_STORED_OR_ASK, &user_id, &screen_name, err);
    if (rc == 0 && !(body = json_pack("{s:s}", "tweet_id", o->post_id)))
        rc = ag_error_set(err, AG_EFAIL, "out of memory");
    if (rc == 0) {
        snprintf(path, sizeof(path), "/2/users/%s/%s", user_id, what);
        snprintf(maybe, sizeof(maybe),
                 "x: the %s may have been done: look at the post before running this again", verb);
        struct x_call call = {
            .method = "POST", .path = path, .json = body, .what = verb, .maybe_created = maybe};
        rc = x_call_json(&c, &call, &data, err);
    }
    if (rc < 0 && strcmp(what, "likes") == 0 && err->code == AG_EFAIL && strstr(err->msg, "HTTP 403"))
        ag_error_wrap(err, "%s", "like refused" LIKE_TIER);
    if (rc == 0)
        ag_result_print("id", o->post_id, NULL);
    json_decref(data);
    json_decref(body);
    free(user_id);
    free(screen_name);
    return rc;
}

int ag_x_run_like(struct ag_args *args, struct ag_error *err)
{
    return user_action(args->opts, "likes", "like", err);
}

int ag_x_run_share(struct ag_args *args, struct ag_error *err)
{
    return user_action(args->opts, "retweets", "repost", err);
}

int ag_x_run_delete(struct ag_args *args, struct ag_error *err)
{
    const struct x_post_id_opts *o = args->opts;
    const struct x_creds c = {o->c.consumer_key, o->c.consumer_secret, o->c.oauth_token, o->c.oauth_secret};
    char path[64];
    json_t *data = NULL;
    int rc = check_id(o->post_id, err);
    if (rc == 0) {
        snprintf(path, sizeof(path), "/2/tweets/%s", o->post_id);
        struct x_call call = {.method = "DELETE",
                              .path = path,
                              .what = "delete",
                              .maybe_created =
                                  "x: the post may have been deleted: look for it before running this "
                                  "again"};
        rc = x_call_json(&c, &call, &data, err);
    }
    if (rc == 0 && !json_is_true(json_object_get(data, "deleted")))
        rc = ag_error_set(err, AG_EFAIL, "x: delete: X did not confirm the deletion of post %s", o->post_id);
    if (rc == 0)
        ag_result_print("id", o->post_id, NULL);
    json_decref(data);
    return rc;
}
