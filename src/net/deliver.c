/* Running a network's post action for content that is not argv (see deliver.h). */
#include "net/deliver.h"

#include <stdlib.h>
#include <string.h>

#include "net/opts.h"
#include "net/result.h"

/* The rows that carry a post's content: only the delivery may set them, never env or the store. */
static const char *const content_rows[] = {"parse-mode", "text",       "title",       "description", "link",
                                           "image-1",    "image-2",    "image-3",     "image-4",     "image",
                                           "video-url",  "video-file", "video-title", NULL};

static int is_content(const char *name)
{
    for (const char *const *c = content_rows; *c; c++)
        if (strcmp(*c, name) == 0)
            return 1;
    return 0;
}

static const struct ag_option *row(const struct ag_action *a, const char *name)
{
    for (const struct ag_option *o = a->options; o->name; o++)
        if (strcmp(o->name, name) == 0)
            return o;
    return NULL;
}

/* Where the text goes: `text`, else `title`. */
static const char *text_row(const struct ag_action *a)
{
    return row(a, "text") ? "text" : row(a, "title") ? "title" : NULL;
}

static const char *value_for(const struct ag_action *a, const char *name, const struct ag_delivery *d)
{
    if (strcmp(name, "parse-mode") == 0) /* the text is plain: '&' and '<' are characters, not markup */
        return "None";
    const char *t = text_row(a);
    if (t && strcmp(name, t) == 0)
        return d->text;
    if (strcmp(name, "link") == 0)
        return d->link;
    if (strcmp(name, "image-1") == 0)
        return d->image;
    return NULL;
}

const struct ag_action *ag_deliver_action(const struct ag_network *net)
{
    for (const struct ag_action *const *a = net->actions; a && *a; a++)
        if (strcmp((*a)->name, "post") == 0)
            return (*a)->run ? *a : NULL;
    return NULL;
}

int ag_deliver_check(const struct ag_network *net, const struct ag_delivery *d, struct ag_error *err)
{
    const struct ag_action *a = ag_deliver_action(net);
    if (!a)
        return ag_error_set(err, AG_EUSAGE, "%s has no post action", net->display);
    if (!row(a, "text") && !d->image)
        return ag_error_set(err, AG_EINVALID, "no image for %s", net->display);
    return 0;
}

struct capture {
    json_t *line;
};

static void keep_first(json_t *line, void *ctx)
{
    struct capture *c = ctx;
    if (!c->line)
        c->line = json_incref(line);
}

static char *string_member(json_t *obj, const char *key)
{
    const char *s =
        json_string_value(key ? json_object_get(obj, key) : json_object_iter_value(json_object_iter(obj)));
    return s ? strdup(s) : NULL;
}

int ag_deliver(const struct ag_network *net, const struct ag_delivery *d, struct ag_delivered *out,
               struct ag_error *err)
{
    memset(out, 0, sizeof(*out));
    int rc = ag_deliver_check(net, d, err);
    if (rc < 0)
        return rc;
    const struct ag_action *a = ag_deliver_action(net);
    struct ag_args args;
    if ((rc = ag_args_init(&args, net, a, err)) < 0)
        return rc;
    for (size_t i = 0; rc == 0 && i < args.n_values; i++) {
        const struct ag_option *o = &a->options[i];
        if (!is_content(o->name))
            continue;
        const char *v = value_for(a, o->name, d);
        if (v)
            rc = ag_value_assign(o, &args.values[i], v, AG_SRC_FLAG, err);
        else
            args.values[i].src = AG_SRC_FLAG; /* given as "none": the env fallback must not fill it */
    }
    if (rc == 0)
        rc = ag_args_resolve(&args, err);
    struct capture c = {NULL};
    if (rc == 0) {
        ag_result_capture(keep_first, &c);
        rc = a->run(&args, err);
        ag_result_capture(NULL, NULL);
    }
    ag_args_free(&args);
    if (rc == 0 && c.line) {
        out->result = c.line;
        out->id = string_member(c.line, NULL);
        out->url = string_member(c.line, "url");
    } else {
        json_decref(c.line);
    }
    return rc;
}

void ag_delivered_free(struct ag_delivered *d)
{
    free(d->id);
    free(d->url);
    json_decref(d->result);
    memset(d, 0, sizeof(*d));
}
