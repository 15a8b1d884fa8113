/*
 * Posts and the caller (§2.1-§2.5): POST /2/tweets (201; text of at most 280 weighted characters,
 * required unless media is given; 1-4 media ids, known, the caller's, processed and not expired, at
 * most one video or GIF and then alone; the same text twice from one user is the duplicate 403),
 * DELETE /2/tweets/ID (the caller's own posts: 404 for an unknown or deleted one, 403 for another
 * user's), GET /2/users/me, and POST /2/users/ID/likes and /retweets with {"tweet_id"} (ID is the
 * caller's; likes answer 403 while likes_forbidden is set).  Writes need a read-write token
 * (403 oauth1-permissions).  Posts are marked deleted, never removed, so tests can see them.
 */
#include "sandbox/x/x.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"

#define PROBLEMS "https://api.twitter.com/2/problems/"

static bool is_id(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    return n >= 1 && n <= 19 && strspn(s, "0123456789") == n;
}

static bool known_field(const char *k)
{
    static const char *const fields[] = {"text",
                                         "media",
                                         "reply",
                                         "quote_tweet_id",
                                         "reply_settings",
                                         "poll",
                                         "made_with_ai",
                                         "paid_partnership",
                                         "community_id",
                                         "share_with_followers",
                                         "edit_options",
                                         "nullcast",
                                         "for_super_followers_only",
                                         "card_uri",
                                         "geo",
                                         "direct_message_deep_link"};
    for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
        if (strcmp(fields[i], k) == 0)
            return true;
    return false;
}

/* The body's shape: NULL, or the parameter at fault (message in *why). */
static const char *check_body(json_t *body, json_t **ids, const char **why)
{
    const char *k;
    json_t *v, *text = json_object_get(body, "text"), *media = json_object_get(body, "media");
    json_object_foreach(body, k, v)
    {
        if (!known_field(k)) {
            *why = "The field is not allowed in a Tweet creation request.";
            return k;
        }
    }
    *ids = json_object_get(media, "media_ids");
    if (text && !json_is_string(text)) {
        *why = "text is a string.";
        return "text";
    }
    if (media && (!json_is_object(media) || !json_is_array(*ids) || json_array_size(*ids) < 1)) {
        *why = "media.media_ids is a list of 1 to 4 media ids (strings).";
        return "media.media_ids";
    }
    if (json_array_size(*ids) > X_MEDIA_PER_POST) {
        *why = "Your media IDs are invalid: a post holds at most 4 items.";
        return "media.media_ids";
    }
    size_t i;
    json_array_foreach(*ids, i, v)
    {
        if (!is_id(json_string_value(v))) {
            *why = "Your media IDs are invalid: each is a string of digits.";
            return "media.media_ids";
        }
    }
    if (!media && (!text || !*json_string_value(text))) {
        *why = "text is required unless media is given.";
        return "text";
    }
    return NULL;
}

/* Under the lock: NULL if every id may go in a post of user_id, else why not (the id in *bad). */
static const char *check_media(struct sbx *s, json_t *ids, const char *user_id, const char **bad)
{
    size_t i, heavy = 0;
    json_t *v;
    json_array_foreach(ids, i, v)
    {
        const char *kind = NULL, *why = x_media_usable(s, json_string_value(v), user_id, &kind);
        *bad = json_string_value(v);
        if (why)
            return why;
        heavy += strcmp(kind, "tweet_image") != 0;
    }
    if (heavy > 0 && json_array_size(ids) > 1)
        return "a video or an animated GIF goes alone in a post";
    return NULL;
}

static json_t *find_live_tweet(struct sbx *s, const char *id)
{
    json_t *t = sbx_find(x_list(s, "tweets"), "id", id);
    return t && !sbx_bool(t, "deleted") ? t : NULL;
}

static bool duplicate(struct sbx *s, const char *user_id, const char *text)
{
    size_t i;
    json_t *t;
    json_array_foreach(x_list(s, "tweets"), i, t)
    {
        if (!sbx_bool(t, "deleted") && strcmp(sbx_str(t, "author_id"), user_id) == 0 && sbx_str(t, "text") &&
            strcmp(sbx_str(t, "text"), text) == 0)
            return true;
    }
    return false;
}

void x_tweets_create(struct sbx_req *r)
{
    struct x_call *c = x_call_ready(r, X_ACCESS_TOKEN);
    json_t *body, *ids = NULL;
    const char *why = NULL, *bad = NULL;
    if (!c || !x_require_write(c) || !(body = x_body_json(c)))
        return;
    const char *param = check_body(body, &ids, &why);
    const char *text = json_string_value(json_object_get(body, "text"));
    if (!text)
        text = "";
    long weight = x_text_weight(text);
    if (param) {
        x_invalid(r, param, strcmp(param, "text") == 0 ? text : "", why);
        json_decref(body);
        return;
    }
    if (weight > X_TEXT_MAX) {
        char msg[120];
        snprintf(msg, sizeof(msg), "Your Tweet text is too long: %ld weighted characters, at most %d.",
                 weight, X_TEXT_MAX);
        x_invalid(r, "text", text, msg);
        json_decref(body);
        return;
    }
    char id[24];
    pthread_mutex_lock(&r->sbx->lock);
    const char *media_why = check_media(r->sbx, ids, c->user_id, &bad);
    bool dup = !media_why && *text && duplicate(r->sbx, c->user_id, text);
    if (!media_why && !dup) {
        x_next_id(r->sbx, id);
        json_array_append_new(x_list(r->sbx, "tweets"),
                              json_pack("{s:s, s:s, s:s, s:o, s:I}", "id", id, "author_id", c->user_id,
                                        "text", text, "media_ids", ids ? json_incref(ids) : json_array(),
                                        "created_at", (json_int_t)(sbx_now_ms() / 1000)));
    }
    pthread_mutex_unlock(&r->sbx->lock);
    if (media_why) {
        ag_info("x: media id %s refused: %s", bad, media_why);
        x_invalid(r, "media.media_ids", bad, "Your media IDs are invalid.");
    } else if (dup)
        x_problem(r, 403, "Forbidden", "about:blank",
                  "You are not allowed to create a Tweet with duplicate content.", NULL);
    else if (strcmp(r->fault, "commit_drop") == 0) {
        ag_info("x: post %s created, then the connection is dropped (fault)", id);
        r->drop = true;
    } else
        x_reply_json(
            r, 201,
            json_pack("{s:{s:s, s:s, s:[s]}}", "data", "id", id, "text", text, "edit_history_post_ids", id));
    json_decref(body);
}

static void not_found(struct sbx_req *r, const char *id)
{
    char detail[80];
    snprintf(detail, sizeof(detail), "Could not find tweet with id: [%s].", id);
    x_problem(r, 404, "Not Found Error", PROBLEMS "resource-not-found", detail,
              json_pack("{s:s, s:s, s:s, s:s}", "resource_type", "tweet", "resource_id", id, "parameter",
                        "id", "value", id));
}

void x_tweets_delete(struct sbx_req *r)
{
    struct x_call *c = x_call_ready(r, X_ACCESS_TOKEN);
    const char *id = r->sub + strlen("/2/tweets/");
    if (!c || !x_require_write(c))
        return;
    if (!is_id(id)) {
        x_invalid(r, "id", id, "The `id` query parameter value is not a post id (1 to 19 digits).");
        return;
    }
    pthread_mutex_lock(&r->sbx->lock);
    json_t *t = find_live_tweet(r->sbx, id);
    bool own = t && strcmp(sbx_str(t, "author_id"), c->user_id) == 0;
    if (own)
        json_object_set_new(t, "deleted", json_true());
    pthread_mutex_unlock(&r->sbx->lock);
    if (!t)
        not_found(r, id);
    else if (!own)
        x_problem(r, 403, "Forbidden", "about:blank",
                  "You are not allowed to delete a Tweet you did not create.", NULL);
    else
        x_reply_json(r, 200, json_pack("{s:{s:b}}", "data", "deleted", 1));
}

void x_users_me(struct sbx_req *r)
{
    struct x_call *c = x_call_ready(r, X_ACCESS_TOKEN);
    if (!c)
        return;
    pthread_mutex_lock(&r->sbx->lock);
    json_t *user = json_deep_copy(x_find_user(r->sbx, c->user_id));
    pthread_mutex_unlock(&r->sbx->lock);
    if (!user)
        x_problem(r, 401, "Unauthorized", "about:blank", "Unauthorized", NULL);
    else
        x_reply_json(r, 200, json_pack("{s:o}", "data", user));
}

/* POST /2/users/ID/likes and /retweets. */
void x_users_action(struct sbx_req *r)
{
    struct x_call *c = x_call_ready(r, X_ACCESS_TOKEN);
    json_t *body;
    if (!c || !x_require_write(c))
        return;
    bool like = strcmp(c->key, "likes") == 0;
    const char *id = r->sub + strlen("/2/users/");
    if (strncmp(id, c->user_id, strlen(c->user_id)) != 0 || id[strlen(c->user_id)] != '/') {
        x_problem(r, 403, "Forbidden", "about:blank",
                  "You can only like or repost as the authenticating user: the path id is the user_id of the "
                  "access token.",
                  NULL);
        return;
    }
    pthread_mutex_lock(&r->sbx->lock);
    bool forbidden = like && sbx_bool(x_world(r->sbx), "likes_forbidden");
    pthread_mutex_unlock(&r->sbx->lock);
    if (forbidden) { /* §0.1: the doc gives no body; this wording is the sandbox's */
        x_problem(r, 403, "Forbidden", "about:blank",
                  "Likes are not available with self-serve access (removed from every self-serve tier on "
                  "2026-04-20).",
                  NULL);
        return;
    }
    if (!(body = x_body_json(c)))
        return;
    const char *tweet = json_string_value(json_object_get(body, "tweet_id"));
    if (!is_id(tweet)) {
        x_invalid(r, "tweet_id", tweet, "tweet_id is the post's id, a string of digits.");
        json_decref(body);
        return;
    }
    pthread_mutex_lock(&r->sbx->lock);
    bool found = find_live_tweet(r->sbx, tweet) != NULL;
    json_t *list = x_list(r->sbx, like ? "likes" : "retweets");
    bool already = false;
    size_t i;
    json_t *e;
    json_array_foreach(list, i, e)
    {
        already |=
            strcmp(sbx_str(e, "user_id"), c->user_id) == 0 && strcmp(sbx_str(e, "tweet_id"), tweet) == 0;
    }
    if (found && !already)
        json_array_append_new(list, json_pack("{s:s, s:s, s:I}", "user_id", c->user_id, "tweet_id", tweet,
                                              "created_at", (json_int_t)(sbx_now_ms() / 1000)));
    pthread_mutex_unlock(&r->sbx->lock);
    if (!found)
        not_found(r, tweet);
    else if (like)
        x_reply_json(r, 200, json_pack("{s:{s:b}}", "data", "liked", 1));
    else
        x_reply_json(r, 200, json_pack("{s:{s:b, s:s}}", "data", "retweeted", 1, "rest_id", tweet));
    json_decref(body);
}
