/*
 * Published posts (§6.5-§6.8): POST /{media}/repost (any live post; a REPOST_FACADE post of the
 * user's, not counted in the quota), DELETE /{media} (the user's own live posts, delete_quota a
 * rolling 24 h), GET /{user}/threads_publishing_limit and GET /me.
 */
#include "sandbox/threads/threads.h"

#include <stdio.h>
#include <string.h>

long long th_usage(struct sbx *s, const char *list, const char *time_key, const char *user_id)
{
    size_t i;
    json_t *e;
    long long n = 0, since = th_now() - TH_DAY * 1000;
    json_array_foreach(th_list(s, list), i, e)
    {
        const char *type = sbx_str(e, "media_type");
        if (strcmp(sbx_str(e, "user_id"), user_id) == 0 && sbx_int(e, time_key) > since &&
            !(type && strcmp(type, "REPOST_FACADE") == 0))
            n++;
    }
    return n;
}

static void not_found(struct th_call *c, const char *what)
{
    th_graph_error(
        c->r, 400, 100, 33, NULL, false,
        "Unsupported %s request. Object with ID '%s' does not exist, cannot be loaded due to missing "
        "permissions, or does not support this operation",
        what, c->id);
}

void th_repost(struct th_call *c)
{
    struct sbx *s = c->r->sbx;
    char id[24] = "";
    pthread_mutex_lock(&s->lock);
    json_t *post = sbx_find(th_list(s, "posts"), "id", c->id);
    if (post && !sbx_bool(post, "deleted")) {
        th_next_id(s, id);
        json_array_append_new(th_list(s, "posts"),
                              json_pack("{s:s, s:s, s:s, s:s, s:I}", "id", id, "user_id", c->user_id,
                                        "media_type", "REPOST_FACADE", "reposted_post_id", c->id,
                                        "published_ms", (json_int_t)th_now()));
    }
    pthread_mutex_unlock(&s->lock);
    if (!*id)
        not_found(c, "post");
    else if (strcmp(c->r->fault, "commit_drop") == 0)
        c->r->drop = true; /* reposted, the answer lost */
    else
        sbx_reply_json(c->r, 200, json_pack("{s:s}", "id", id));
}

void th_delete(struct th_call *c)
{
    struct sbx *s = c->r->sbx;
    enum { GONE, OTHERS, SPENT, DONE } outcome = GONE;
    pthread_mutex_lock(&s->lock);
    json_t *post = sbx_find(th_list(s, "posts"), "id", c->id);
    if (post && !sbx_bool(post, "deleted")) {
        if (strcmp(sbx_str(post, "user_id"), c->user_id) != 0)
            outcome = OTHERS;
        else if (th_usage(s, "deletes", "deleted_ms", c->user_id) >= th_option(s, "delete_quota"))
            outcome = SPENT;
        else {
            json_object_set_new(post, "deleted", json_true());
            sbx_set_int(post, "deleted_ms", th_now());
            json_array_append_new(th_list(s, "deletes"),
                                  json_pack("{s:s, s:s, s:I}", "id", c->id, "user_id", c->user_id,
                                            "deleted_ms", (json_int_t)th_now()));
            outcome = DONE;
        }
    }
    pthread_mutex_unlock(&s->lock);
    if (outcome == GONE)
        not_found(c, "delete");
    else if (outcome == OTHERS)
        th_graph_error(c->r, 403, 10, 0, NULL, false,
                       "Application does not have permission for this action: the post is not the user's");
    else if (outcome == SPENT)
        th_graph_error(c->r, 400, 9, 2207042, NULL, false,
                       "The user has reached the limit of deletes in 24 hours (delete_quota_usage)");
    else
        sbx_reply_json(c->r, 200, json_pack("{s:b, s:s}", "success", true, "deleted_id", c->id));
}

static json_t *config(long long total)
{
    return json_pack("{s:I, s:I}", "quota_total", (json_int_t)total, "quota_duration", (json_int_t)TH_DAY);
}

void th_limit(struct th_call *c)
{
    const char *fields = sbx_query(c->r, "fields");
    struct sbx *s = c->r->sbx;
    json_t *all = json_object(), *out = json_object();
    pthread_mutex_lock(&s->lock);
    json_object_set_new(all, "quota_usage", json_integer(th_usage(s, "posts", "published_ms", c->user_id)));
    json_object_set_new(all, "config", config(th_option(s, "post_quota")));
    json_object_set_new(all, "reply_quota_usage", json_integer(0));
    json_object_set_new(all, "reply_config", config(1000));
    json_object_set_new(all, "delete_quota_usage",
                        json_integer(th_usage(s, "deletes", "deleted_ms", c->user_id)));
    json_object_set_new(all, "delete_config", config(th_option(s, "delete_quota")));
    json_object_set_new(all, "location_search_quota_usage", json_integer(0));
    json_object_set_new(all, "location_search_config", config(500));
    pthread_mutex_unlock(&s->lock);
    const char *key;
    json_t *v;
    json_object_foreach(all, key, v)
    {
        bool dflt = strcmp(key, "quota_usage") == 0 || strcmp(key, "config") == 0;
        if (th_field(fields, key, dflt))
            json_object_set(out, key, v);
    }
    json_decref(all);
    sbx_reply_json(c->r, 200, json_pack("{s:[o]}", "data", out));
}

void th_me(struct th_call *c)
{
    const char *fields = sbx_query(c->r, "fields");
    struct sbx *s = c->r->sbx;
    json_t *out = json_pack("{s:s}", "id", c->user_id);
    pthread_mutex_lock(&s->lock);
    json_t *user = sbx_find(th_list(s, "users"), "id", c->user_id);
    if (th_field(fields, "username", true) && sbx_str(user, "username"))
        json_object_set(out, "username", json_object_get(user, "username"));
    pthread_mutex_unlock(&s->lock);
    sbx_reply_json(c->r, 200, out);
}
