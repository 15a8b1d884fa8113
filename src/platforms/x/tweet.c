/* POST /2/tweets (see tweet.h). */
#include "platforms/x/tweet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/result.h"
#include "platforms/x/account.h"

static json_t *tweet_body(const char *text, char *const *media_ids, size_t n)
{
    json_t *body = json_object(), *ids = n ? json_array() : NULL;
    int bad = !body || (n && !ids);
    if (!bad && text && *text)
        bad = json_object_set_new(body, "text", json_string(text)) < 0;
    for (size_t i = 0; !bad && i < n; i++)
        bad = json_array_append_new(ids, json_string(media_ids[i])) < 0;
    if (!bad && ids)
        bad = json_object_set_new(body, "media", json_pack("{s:O}", "media_ids", ids)) < 0;
    json_decref(ids);
    if (bad) {
        json_decref(body);
        return NULL;
    }
    return body;
}

int x_tweet_create(const struct x_creds *c, const char *text, char *const *media_ids, size_t n,
                   struct ag_error *err)
{
    json_t *body = tweet_body(text, media_ids, n), *data = NULL;
    if (!body)
        return ag_error_set(err, AG_EFAIL, "out of memory");
    struct x_call call = {
        .method = "POST", .path = "/2/tweets", .json = body, .what = "post", .maybe_created = X_MAYBE_POSTED};
    int rc = x_call_json(c, &call, &data, err);
    const char *id = json_string_value(json_object_get(data, "id"));
    if (rc == 0 && (!id || !*id)) /* created, but we cannot say which: do not post again */
        rc = ag_error_set(err, AG_EUNKNOWN, "%s (X's answer has no post id)", X_MAYBE_POSTED);
    if (rc == 0) {
        char *user_id = NULL, *screen_name = NULL, url[256];
        struct ag_error ignored = {0};
        x_account_user(c, X_USER_STORED, &user_id, &screen_name, &ignored);
        snprintf(url, sizeof(url), "https://x.com/%s/status/%s", screen_name ? screen_name : "i", id);
        json_t *more = json_pack("{s:s}", "url", url);
        ag_result_print("id", id, more);
        json_decref(more);
        free(user_id);
        free(screen_name);
    }
    json_decref(data);
    json_decref(body);
    return rc;
}
