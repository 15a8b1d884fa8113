/*
 * agoras utils media-limits: every registered network's limits (its descriptor's media_limits), as text or
 * JSON, in the format of Python Agoras (reference §3.3) so scripts that parse it keep working. Unlike
 * upstream, which prints nothing and succeeds, a platform without limits is an error that says why: a network
 * Agoras knows but agoras does not publish to yet is exit 1, a name no one knows a usage error (exit 2). JSON
 * rows carry the reference's keys in its order, then the checks agoras adds (min_side, max_short_side,
 * min_fps, max_fps).
 */
#include "platforms/utils/media_limits.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "core/buf.h"
#include "core/media.h"
#include "core/store.h"
#include "platforms/registry.h"

static const char *const kinds[] = {"image", "video", NULL};

struct media_limits_opts {
    const char *platform, *kind;
    bool json;
};

#define M struct media_limits_opts
static const struct ag_option options[] = {
    AG_OPT_STR(M, platform, .name = "platform", .metavar = "NAME",
               .help = "only this platform (e.g. tiktok)"),
    AG_OPT_CHOICE(M, kind, .name = "kind", .choices = kinds, .metavar = "KIND",
                  .help = "only image or video limits"),
    AG_OPT_FLAG(M, json, .name = "json", .help = "print a JSON array instead of text lines"),
    {0},
};
#undef M

static int selected(const struct ag_media_limits *l, const char *platform, const char *kind)
{
    return (!platform || strcasecmp(l->platform, platform) == 0) &&
           (!kind || strcmp(ag_media_kind_name(l->kind), kind) == 0);
}

/* The accepted types' MIME strings, sorted; returns how many (at most AG_MEDIA_TYPE_COUNT). */
static size_t sorted_mimes(const struct ag_media_limits *l, const char *m[AG_MEDIA_TYPE_COUNT])
{
    size_t n = 0;
    for (int t = 0; t < AG_MEDIA_TYPE_COUNT; t++)
        if (l->types & (1u << t))
            m[n++] = ag_media_type_mime((enum ag_media_type)t);
    for (size_t i = 1; i < n; i++) /* insertion sort: a handful of entries */
        for (size_t j = i; j > 0 && strcmp(m[j - 1], m[j]) > 0; j--) {
            const char *t = m[j];
            m[j] = m[j - 1];
            m[j - 1] = t;
        }
    return n;
}

static json_t *mime_list(const struct ag_media_limits *l)
{
    const char *m[AG_MEDIA_TYPE_COUNT];
    size_t n = sorted_mimes(l, m);
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++)
        json_array_append_new(a, json_string(m[i]));
    return a;
}

static json_t *int_or_null(int64_t v)
{
    return v ? json_integer(v) : json_null();
}

static json_t *real_or_null(double v)
{
    return v > 0 ? json_real(v) : json_null();
}

static json_t *row_json(const struct ag_media_limits *l)
{
    char human[16];
    int video = l->kind == AG_MEDIA_VIDEO;
    return json_pack("{s:s, s:s, s:o, s:o, s:s, s:o, s:o, s:o, s:o, s:s, s:o, s:o, s:o, s:o}", "platform",
                     l->platform, "kind", ag_media_kind_name(l->kind), "mime_types", mime_list(l),
                     "max_bytes", int_or_null((int64_t)l->max_bytes), "max_bytes_human",
                     ag_media_human_size(l->max_bytes, human, sizeof(human)), "min_duration_s",
                     int_or_null(video ? l->min_duration_ms / 1000 : 0), "max_duration_s",
                     int_or_null(video ? l->max_duration_ms / 1000 : 0), "max_width",
                     int_or_null(l->max_side), "max_height", int_or_null(l->max_side), "transfer",
                     l->transfer, "min_side", int_or_null(l->min_side), "max_short_side",
                     int_or_null(l->max_short_side), "min_fps", real_or_null(l->min_fps), "max_fps",
                     real_or_null(l->max_fps));
}

static int print_json(const char *platform, const char *kind, struct ag_error *err)
{
    json_t *rows = json_array();
    char *text = NULL;
    int rc = 0;
    for (const struct ag_network *const *n = ag_networks; rows && *n; n++)
        for (const struct ag_media_limits *l = (*n)->media_limits; l && l->platform; l++)
            if (selected(l, platform, kind))
                json_array_append_new(rows, row_json(l));
    if (!rows || !(text = json_dumps(rows, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6))))
        rc = ag_error_set(err, AG_EFAIL, "out of memory");
    else if (printf("%s\n", text) < 0)
        rc = ag_error_set(err, AG_EFAIL, "cannot write to stdout");
    free(text);
    json_decref(rows);
    return rc;
}

static int print_text(const char *platform, const char *kind, struct ag_error *err)
{
    for (const struct ag_network *const *net = ag_networks; *net; net++)
        for (const struct ag_media_limits *l = (*net)->media_limits; l && l->platform; l++) {
            const char *m[AG_MEDIA_TYPE_COUNT];
            char human[16];
            if (!selected(l, platform, kind))
                continue;
            size_t n = sorted_mimes(l, m);
            printf("%-12s %-5s max=%6s transfer=%-12s mime=", l->platform, ag_media_kind_name(l->kind),
                   ag_media_human_size(l->max_bytes, human, sizeof(human)), l->transfer);
            for (size_t i = 0; i < n; i++)
                printf("%s%s", i ? "," : "", m[i]);
            if (printf("\n") < 0)
                return ag_error_set(err, AG_EFAIL, "cannot write to stdout");
        }
    return 0;
}

/* The networks with limits, comma-separated, in registry order. */
static void table_platforms(struct ag_buf *out)
{
    for (const struct ag_network *const *n = ag_networks; *n; n++)
        if ((*n)->media_limits)
            ag_buf_printf(out, "%s%s", out->len ? ", " : "", (*n)->name);
}

/* A --platform without rows: a network agoras does not publish to yet, or a name nobody knows. */
static int check_platform(const char *platform, struct ag_error *err)
{
    for (const struct ag_network *const *n = ag_networks; platform && *n; n++)
        if ((*n)->media_limits && strcasecmp((*n)->name, platform) == 0)
            return 0;
    if (!platform)
        return 0;
    struct ag_buf have, known;
    ag_buf_init(&have, 0);
    ag_buf_init(&known, 0);
    table_platforms(&have);
    const char *network = NULL;
    for (const char *const *p = ag_store_platforms; *p; p++) {
        ag_buf_printf(&known, "%s%s", known.len ? ", " : "", *p);
        if (strcasecmp(*p, platform) == 0)
            network = *p;
    }
    int rc = network ? ag_error_set(err, AG_EFAIL,
                                    "agoras does not publish to %s yet, so it has no media limits for it "
                                    "(limits are known for: %s)",
                                    network, have.data)
                     : ag_error_set(err, AG_EUSAGE,
                                    "unknown platform '%s': use one of %s (limits are known for: %s)",
                                    platform, known.data, have.data);
    ag_buf_free(&have);
    ag_buf_free(&known);
    return rc;
}

static int run(struct ag_args *args, struct ag_error *err)
{
    const struct media_limits_opts *o = args->opts;
    const char *platform = o->platform;
    const char *kind = o->kind;
    int rc = check_platform(platform, err);
    if (rc < 0)
        return rc;
    rc = o->json ? print_json(platform, kind, err) : print_text(platform, kind, err);
    if (rc == 0 && fflush(stdout) != 0)
        rc = ag_error_set(err, AG_EFAIL, "cannot write to stdout");
    return rc;
}

const struct ag_action ag_action_media_limits = {
    .name = "media-limits",
    .summary = "Show per-platform media MIME, size, and transfer limits.",
    .options = options,
    .opts_size = sizeof(struct media_limits_opts),
    .run = run};
