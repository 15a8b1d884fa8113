/*
 * Containers (§6.1-§6.4): POST /{user}/threads checks the parameters, fetches image_url or
 * video_url (the way pull.c fetches: no redirects, only a complete 200; loopback hosts only) and
 * keeps a container;
 * GET /{container}?fields=id,status,error_message reports it: IN_PROGRESS until its
 * image_status_calls-th (video_status_calls-th) status call, which reports FINISHED; ERROR with
 * error_message when the media could not be fetched or read; EXPIRED container_ttl_secs after its
 * creation; PUBLISHED once published.  TEXT containers are FINISHED at once; a CAROUSEL's
 * children must all be FINISHED (they are PUBLISHED with it), and the parent counts status calls
 * as an image does.
 * POST /{user}/threads_publish publishes a FINISHED container once, within the 24 h quota;
 * anything else is 24/4279009 "Media Not Found".
 */
#include "sandbox/threads/threads.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define IMAGE_MAX (8 * SBX_MB)
#define VIDEO_MAX (1000 * SBX_MB)

static const char *const media_types[] = {"TEXT", "IMAGE", "VIDEO", "CAROUSEL", NULL};
static const char *const reply_controls[] = {
    "everyone", "accounts_you_follow", "mentioned_only", "parent_post_author_only", "followers_only", NULL};

static bool one_of(const char *v, const char *const *set)
{
    for (; v && *set; set++)
        if (strcmp(v, *set) == 0)
            return true;
    return false;
}

static bool is_true(const char *v)
{
    return v && (strcmp(v, "true") == 0 || strcmp(v, "1") == 0);
}

bool th_field(const char *fields, const char *field, bool dflt)
{
    if (!fields)
        return dflt;
    for (const char *p = fields; *p;) {
        size_t n = strcspn(p, ",");
        if (n == strlen(field) && strncmp(p, field, n) == 0)
            return true;
        p += n + (p[n] == ',');
    }
    return false;
}

static void bad_param(struct th_call *c, const char *message)
{
    th_graph_error(c->r, 400, 100, 0, NULL, false, "%s", message);
}

/* children: 2-20 of the user's FINISHED carousel items; the ids array, or NULL after answering. */
static json_t *carousel_children(struct th_call *c, const char *list)
{
    json_t *ids = json_array();
    const char *why = NULL;
    for (const char *p = list ? list : ""; *p;) {
        size_t n = strcspn(p, ",");
        json_array_append_new(ids, json_stringn(p, n));
        p += n + (p[n] == ',');
    }
    if (json_array_size(ids) < TH_CHILDREN_MIN || json_array_size(ids) > TH_CHILDREN_MAX)
        why = "Param children must name 2 to 20 carousel item containers (comma-separated ids)";
    pthread_mutex_lock(&c->r->sbx->lock);
    size_t i;
    json_t *id;
    json_array_foreach(ids, i, id)
    {
        json_t *k = why ? NULL : sbx_find(th_list(c->r->sbx, "containers"), "id", json_string_value(id));
        if (why)
            break;
        if (!k || strcmp(sbx_str(k, "user_id"), c->user_id) != 0 || !sbx_bool(k, "is_carousel_item"))
            why = "Param children: every child must be a carousel item container (is_carousel_item=true) of "
                  "this user";
        else if (strcmp(th_container_status(c->r->sbx, k, false), "FINISHED") != 0)
            why = "Param children: every child container must be FINISHED before the carousel is created";
    }
    pthread_mutex_unlock(&c->r->sbx->lock);
    if (why) {
        bad_param(c, why);
        json_decref(ids);
        return NULL;
    }
    return ids;
}

/* The first failed rule of §6.1, or NULL. */
static const char *rule_broken(struct th_call *c, const char *type)
{
    const char *text = th_param(c->r, c->form, "text"), *alt = th_param(c->r, c->form, "alt_text");
    const char *rc = th_param(c->r, c->form, "reply_control"),
               *link = th_param(c->r, c->form, "link_attachment");
    bool text_type = strcmp(type, "TEXT") == 0, item = is_true(th_param(c->r, c->form, "is_carousel_item"));
    if (text && !sbx_utf8_valid(text))
        return "Param text must be UTF-8";
    if (text && th_text_length(text) > TH_TEXT_MAX)
        return "Param text must be at most 500 characters long";
    if (th_link_count(text, link) > TH_LINKS_MAX)
        return "THREADS_API__LINK_LIMIT_EXCEEDED: a post may contain at most 5 links";
    if (text_type && (!text || !*text))
        return "Param text is required for a TEXT container";
    if (strcmp(type, "IMAGE") == 0 && !th_param(c->r, c->form, "image_url"))
        return "Param image_url is required for an IMAGE container";
    if (strcmp(type, "VIDEO") == 0 && !th_param(c->r, c->form, "video_url"))
        return "Param video_url is required for a VIDEO container";
    if (item && (text_type || strcmp(type, "CAROUSEL") == 0))
        return "Param is_carousel_item is for IMAGE and VIDEO containers only";
    if (rc && !one_of(rc, reply_controls))
        return "Param reply_control must be one of everyone, accounts_you_follow, mentioned_only, "
               "parent_post_author_only, followers_only";
    if (link && !text_type)
        return "Param link_attachment is for TEXT containers only";
    if (is_true(th_param(c->r, c->form, "auto_publish_text")) && !text_type)
        return "Param auto_publish_text is for TEXT containers only";
    if (alt && th_text_length(alt) > TH_ALT_TEXT_MAX)
        return "Param alt_text must be at most 1000 characters long";
    return NULL;
}

/* http or https to a loopback host: the sandbox never leaves the machine. */
static bool url_loopback(const char *normalized)
{
    const char *host = strstr(normalized, "://") + 3;
    size_t n = strcspn(host, ":/");
    return (n >= 4 && strncmp(host, "127.", 4) == 0) || (n == 9 && strncmp(host, "localhost", 9) == 0) ||
           strncmp(host, "[::1]", 5) == 0;
}

/* Fetch and read the media at url: NULL when usable, else the container's error_message. */
static const char *fetch_media(struct th_call *c, const char *url, bool video, char *file, size_t size)
{
    char *normalized = sbx_url_normalize(url), *path = NULL, name[40] = "threads-";
    long long got = 0;
    int width, height;
    const char *why = video ? "FAILED_DOWNLOADING_VIDEO" : "UNKNOWN";
    sbx_random_hex(name + 8, 12);
    size_t n = strlen(c->r->sbx->data_dir) + strlen(name) + 2;
    if (normalized && url_loopback(normalized) && (path = malloc(n))) {
        snprintf(path, n, "%s/%s", c->r->sbx->data_dir, name);
        if (sbx_fetch(normalized, path, video ? VIDEO_MAX : IMAGE_MAX, NULL, NULL, &got) == 0)
            why = sbx_media_probe(path, &width, &height) ? NULL
                  : video                                ? "FAILED_PROCESSING_VIDEO"
                                                         : "UNKNOWN";
        if (why)
            unlink(path);
        else
            snprintf(file, size, "%s", name);
    }
    free(path);
    free(normalized);
    return why;
}

/* Publish container (FINISHED) as a post into media_id (caller holds the lock). */
static void publish_locked(struct sbx *s, json_t *container, char media_id[24])
{
    const char *type = sbx_str(container, "media_type");
    th_next_id(s, media_id);
    /* A post's media_type as read back differs from its container's for text and carousels. */
    json_t *post =
        json_pack("{s:s, s:s, s:s, s:s, s:I}", "id", media_id, "user_id", sbx_str(container, "user_id"),
                  "container_id", sbx_str(container, "id"), "media_type",
                  strcmp(type, "TEXT") == 0       ? "TEXT_POST"
                  : strcmp(type, "CAROUSEL") == 0 ? "CAROUSEL_ALBUM"
                                                  : type,
                  "published_ms", (json_int_t)th_now());
    static const char *const copied[] = {"text", "reply_control", "link_attachment", "children", "media_url"};
    for (size_t i = 0; i < sizeof(copied) / sizeof(copied[0]); i++)
        if (json_object_get(container, copied[i]))
            json_object_set(post, copied[i], json_object_get(container, copied[i]));
    json_array_append_new(th_list(s, "posts"), post);
    size_t i;
    json_t *child;
    json_array_foreach(json_object_get(container, "children"), i, child) /* published with it: not reusable */
        sbx_set_str(sbx_find(th_list(s, "containers"), "id", json_string_value(child)), "status",
                    "PUBLISHED");
    sbx_set_str(container, "status", "PUBLISHED");
    sbx_set_str(container, "media_id", media_id);
}

static bool quota_left(struct sbx *s, const char *user_id)
{
    return th_usage(s, "posts", "published_ms", user_id) < th_option(s, "post_quota");
}

static void quota_spent(struct sbx_req *r)
{
    th_graph_error(
        r, 400, 9, 2207042, NULL, false,
        "The user has reached the publishing limit of posts in 24 hours (threads_publishing_limit)");
}

void th_create(struct th_call *c)
{
    const char *type = th_param(c->r, c->form, "media_type"), *why;
    if (!one_of(type, media_types)) {
        bad_param(c, "Param media_type must be one of TEXT, IMAGE, VIDEO, CAROUSEL");
        return;
    }
    if ((why = rule_broken(c, type))) {
        bad_param(c, why);
        return;
    }
    json_t *children = NULL;
    if (strcmp(type, "CAROUSEL") == 0 &&
        !(children = carousel_children(c, th_param(c->r, c->form, "children"))))
        return;
    bool video = strcmp(type, "VIDEO") == 0, media = video || strcmp(type, "IMAGE") == 0;
    const char *url = th_param(c->r, c->form, video ? "video_url" : "image_url");
    char file[64] = "", id[24];
    const char *error_message = media ? fetch_media(c, url, video, file, sizeof(file)) : NULL;
    bool auto_publish = is_true(th_param(c->r, c->form, "auto_publish_text"));

    json_t *k = json_pack("{s:s, s:s, s:s, s:I, s:i}", "user_id", c->user_id, "media_type", type, "status",
                          error_message               ? "ERROR"
                          : strcmp(type, "TEXT") == 0 ? "FINISHED"
                                                      : "IN_PROGRESS",
                          "created_ms", (json_int_t)th_now(), "status_calls", 0);
    static const char *const kept[] = {"text", "reply_control", "link_attachment", "alt_text"};
    for (size_t i = 0; i < sizeof(kept) / sizeof(kept[0]); i++)
        if (th_param(c->r, c->form, kept[i]))
            sbx_set_str(k, kept[i], th_param(c->r, c->form, kept[i]));
    if (error_message)
        sbx_set_str(k, "error_message", error_message);
    if (media) {
        sbx_set_str(k, "media_url", url);
        if (*file)
            sbx_set_str(k, "file", file);
    }
    if (is_true(th_param(c->r, c->form, "is_carousel_item")))
        json_object_set_new(k, "is_carousel_item", json_true());
    if (children)
        json_object_set_new(k, "children", children);

    pthread_mutex_lock(&c->r->sbx->lock);
    struct sbx *s = c->r->sbx;
    sbx_set_int(k, "finish_after_calls", th_option(s, video ? "video_status_calls" : "image_status_calls"));
    if (sbx_int(k, "finish_after_calls") == 0 && !error_message)
        sbx_set_str(k, "status", "FINISHED");
    bool spent = auto_publish && !quota_left(s, c->user_id);
    if (!spent) {
        th_next_id(s, id);
        sbx_set_str(k, "id", id);
        json_array_append(th_list(s, "containers"), k);
        if (auto_publish)
            publish_locked(s, k, id);
    }
    pthread_mutex_unlock(&c->r->sbx->lock);
    json_decref(k);
    if (spent)
        quota_spent(c->r);
    else
        sbx_reply_json(c->r, 200, json_pack("{s:s}", "id", id));
}

/* A published post's fields (§6.8); status is not one of them (§6.3). */
static void post_fields(struct th_call *c, json_t *post, const char *fields)
{
    if (th_field(fields, "status", false)) {
        th_graph_error(c->r, 400, 100, 0, "THApiException", false,
                       "Tried accessing nonexisting field (status) on node type (ThreadsMedia)");
        return;
    }
    json_t *out = json_pack("{s:O}", "id", json_object_get(post, "id"));
    if (th_field(fields, "media_type", false))
        json_object_set(out, "media_type", json_object_get(post, "media_type"));
    if (th_field(fields, "text", false) && json_object_get(post, "text"))
        json_object_set(out, "text", json_object_get(post, "text"));
    if (th_field(fields, "permalink", false)) {
        char link[128];
        snprintf(link, sizeof(link), "https://www.threads.net/@sbx_threads/post/%s", sbx_str(post, "id"));
        json_object_set_new(out, "permalink", json_string(link));
    }
    if (th_field(fields, "reposted_post", false) && sbx_str(post, "reposted_post_id"))
        json_object_set_new(out, "reposted_post",
                            json_pack("{s:s}", "id", sbx_str(post, "reposted_post_id")));
    sbx_reply_json(c->r, 200, out);
}

void th_status(struct th_call *c)
{
    const char *fields = sbx_query(c->r, "fields");
    struct sbx *s = c->r->sbx;
    pthread_mutex_lock(&s->lock);
    json_t *k = sbx_find(th_list(s, "containers"), "id", c->id), *post = NULL, *out = NULL;
    if (k && strcmp(sbx_str(k, "user_id"), c->user_id) != 0)
        k = NULL;
    if (k) {
        const char *st = th_container_status(s, k, th_field(fields, "status", false));
        out = json_pack("{s:s}", "id", c->id);
        if (th_field(fields, "status", false))
            json_object_set_new(out, "status", json_string(st));
        if (th_field(fields, "error_message", false) && sbx_str(k, "error_message"))
            json_object_set(out, "error_message", json_object_get(k, "error_message"));
    } else if ((post = sbx_find(th_list(s, "posts"), "id", c->id)) && !sbx_bool(post, "deleted"))
        post = json_deep_copy(post);
    else
        post = NULL;
    pthread_mutex_unlock(&s->lock);
    if (out)
        sbx_reply_json(c->r, 200, out);
    else if (post)
        post_fields(c, post, fields);
    else
        th_graph_error(c->r, 400, 100, 33, NULL, false,
                       "Unsupported get request. Object with ID '%s' does not exist, cannot be loaded due to "
                       "missing permissions, or does not support this operation",
                       c->id);
    json_decref(post);
}

void th_publish(struct th_call *c)
{
    const char *creation = th_param(c->r, c->form, "creation_id");
    struct sbx *s = c->r->sbx;
    char media_id[24] = "", prior[24] = "", status[16] = "";
    const char *st = NULL; /* status, once the container is found (publishing changes the stored one) */
    bool item = false, spent = false, not_ready = strcmp(c->r->fault, "not_ready") == 0;
    if (!creation || !*creation) {
        bad_param(c, "Param creation_id is required (the container id)");
        return;
    }
    pthread_mutex_lock(&s->lock);
    json_t *k = sbx_find(th_list(s, "containers"), "id", creation);
    if (k && strcmp(sbx_str(k, "user_id"), c->user_id) == 0) {
        st = status;
        snprintf(status, sizeof(status), "%s", th_container_status(s, k, false));
        item = sbx_bool(k, "is_carousel_item");
        snprintf(prior, sizeof(prior), "%s", sbx_str(k, "media_id") ? sbx_str(k, "media_id") : "");
        spent = !quota_left(s, c->user_id);
        if (!not_ready && !item && !spent && strcmp(st, "FINISHED") == 0)
            publish_locked(s, k, media_id);
    }
    pthread_mutex_unlock(&s->lock);
    if (st && item)
        bad_param(c, "Param creation_id is a carousel item: publish its carousel container instead");
    else if (st && strcmp(st, "PUBLISHED") == 0)
        th_graph_error(c->r, 400, 100, 0, NULL, false,
                       "The container %s has already been published (media id %s)", creation, prior);
    else if (!*media_id && st && spent && strcmp(st, "FINISHED") == 0 && !not_ready)
        quota_spent(c->r);
    else if (!*media_id)
        th_graph_error(c->r, 400, 24, 4279009, NULL, false,
                       "Media Not Found: the container %s is not ready to publish (status %s)", creation,
                       st ? (not_ready ? "FINISHED" : st) : "unknown");
    else if (strcmp(c->r->fault, "commit_drop") == 0)
        c->r->drop = true; /* published, the answer lost */
    else
        sbx_reply_json(c->r, 200, json_pack("{s:s}", "id", media_id));
}
