/* The one check that explains every violation of a network's media limits in one line. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/media.h"

const char *ag_media_human_size(uint64_t bytes, char *out, size_t out_len)
{
    if (bytes == 0)
        snprintf(out, out_len, "unknown");
    else if (bytes >= AG_GB)
        snprintf(out, out_len, "%" PRIu64 "GB", bytes / AG_GB);
    else if (bytes >= AG_MB)
        snprintf(out, out_len, "%" PRIu64 "MB", bytes / AG_MB);
    else if (bytes >= 1024)
        snprintf(out, out_len, "%" PRIu64 "KB", bytes / 1024);
    else
        snprintf(out, out_len, "%" PRIu64 "B", bytes);
    return out;
}

/* 61 -> "61", 59.94006 -> "59.94", 12.5 -> "12.5". */
static const char *decimal(double v, char *out, size_t out_len)
{
    snprintf(out, out_len, "%.2f", v);
    char *dot = strchr(out, '.');
    if (dot) {
        char *end = out + strlen(out) - 1;
        while (end > dot && *end == '0')
            *end-- = '\0';
        if (end == dot)
            *end = '\0';
    }
    return out;
}

/* "JPEG, WebP images" */
static void accepted_types(const struct ag_media_limits *lim, struct ag_buf *b)
{
    const char *sep = "";
    for (int t = 0; t < AG_MEDIA_TYPE_COUNT; t++)
        if (lim->types & AG_MEDIA_BIT(t)) {
            ag_buf_printf(b, "%s%s", sep, ag_media_type_name((enum ag_media_type)t));
            sep = ", ";
        }
    ag_buf_printf(b, " %ss", ag_media_kind_name(lim->kind));
}

static void violation(struct ag_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void violation(struct ag_buf *b, const char *fmt, ...)
{
    va_list ap;
    if (b->len)
        ag_buf_puts(b, "; ");
    va_start(ap, fmt);
    ag_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

static void check_type(const struct ag_media_limits *lim, const struct ag_media_info *info, struct ag_buf *b)
{
    if (lim->types & AG_MEDIA_BIT(info->type))
        return;
    if (info->type == AG_MEDIA_OTHER)
        violation(b, "%s content, %s accepts ", info->mime[0] ? info->mime : "unknown", lim->display);
    else
        violation(b, "%s %s, %s accepts ", ag_media_type_name(info->type),
                  ag_media_kind_name(ag_media_type_kind(info->type)), lim->display);
    accepted_types(lim, b);
}

static void check_size(const struct ag_media_limits *lim, const struct ag_media_info *info, struct ag_buf *b)
{
    char h[16];
    if (info->size_known && info->size == 0)
        violation(b, "empty file");
    else if (info->size_known && lim->max_bytes && info->size > lim->max_bytes)
        violation(b, "%" PRIu64 " bytes, %s accepts up to %" PRIu64 " (%s)", info->size, lim->display,
                  lim->max_bytes, ag_media_human_size(lim->max_bytes, h, sizeof(h)));
}

static void check_frame(const struct ag_media_limits *lim, const struct ag_media_info *info, struct ag_buf *b)
{
    int w = info->width, h = info->height;
    if (lim->kind == AG_MEDIA_VIDEO && (w <= 0 || h <= 0)) {
        violation(b, "no video stream found");
        return;
    }
    if (lim->min_side && lim->max_side &&
        (w < lim->min_side || h < lim->min_side || w > lim->max_side || h > lim->max_side))
        violation(b, "%dx%d px, %s accepts %d–%d px on each side", w, h, lim->display, lim->min_side,
                  lim->max_side);
    if (lim->max_short_side && w > 0 && h > 0 && (w < h ? w : h) > lim->max_short_side)
        violation(b, "%dx%d px, %s accepts at most %d px on the short side", w, h, lim->display,
                  lim->max_short_side);
}

/* Unknown frame rates pass: some containers do not say. 59.94 is within 60 (0.005 for rounding). */
static void check_fps(const struct ag_media_limits *lim, const struct ag_media_info *info, struct ag_buf *b)
{
    if (!lim->max_fps || info->fps <= 0 ||
        (info->fps >= lim->min_fps - 0.005 && info->fps <= lim->max_fps + 0.005))
        return;
    char x[32], y[32], z[32];
    violation(b, "%s fps, %s accepts %s–%s", decimal(info->fps, x, sizeof(x)), lim->display,
              decimal(lim->min_fps, y, sizeof(y)), decimal(lim->max_fps, z, sizeof(z)));
}

static void check_duration(const struct ag_media_limits *lim, const struct ag_media_info *info,
                           int64_t max_duration_s, struct ag_buf *b)
{
    int64_t max_ms = lim->max_duration_ms;
    const char *who = lim->display;
    char x[32], y[32];
    if (max_duration_s > 0 && (max_ms == 0 || max_duration_s < max_ms / 1000)) {
        max_ms = max_duration_s * 1000;
        who = "this account";
    }
    if (!max_ms && !lim->min_duration_ms)
        return;
    if (info->duration_ms < 0) {
        violation(b, "duration unknown, %s accepts up to %s s", who,
                  decimal((double)max_ms / 1000, y, sizeof(y)));
        return;
    }
    double d = (double)info->duration_ms / 1000;
    if (max_ms && info->duration_ms > max_ms)
        violation(b, "%s s long, %s accepts up to %s s", decimal(d, x, sizeof(x)), who,
                  decimal((double)max_ms / 1000, y, sizeof(y)));
    if (lim->min_duration_ms && info->duration_ms < lim->min_duration_ms)
        violation(b, "%s s long, %s needs at least %s s", decimal(d, x, sizeof(x)), lim->display,
                  decimal((double)lim->min_duration_ms / 1000, y, sizeof(y)));
}

int ag_media_validate(const struct ag_media_limits *lim, const char *name, const struct ag_media_info *info,
                      int64_t max_duration_s, struct ag_error *err)
{
    struct ag_buf b;
    int rc = 0;
    ag_buf_init(&b, AG_ERROR_MSG_MAX);
    check_type(lim, info, &b);
    check_size(lim, info, &b);
    /* Frame and duration checks only make sense for the right kind of content. */
    if (ag_media_type_kind(info->type) == lim->kind && !(info->size_known && info->size == 0)) {
        check_frame(lim, info, &b);
        check_fps(lim, info, &b);
        if (lim->kind == AG_MEDIA_VIDEO)
            check_duration(lim, info, max_duration_s, &b);
    }
    if (b.len)
        rc = ag_error_set(err, AG_EINVALID, "'%s': %s", name, b.data);
    ag_buf_free(&b);
    return rc;
}

int ag_media_check_file(const char *path, const struct ag_media_limits *lim, int64_t max_duration_s,
                        struct ag_media_info *info, struct ag_error *err)
{
    struct ag_media_info r;
    int rc = ag_media_inspect(path, &r, err);
    if (rc == 0)
        rc = ag_media_validate(lim, path, &r, max_duration_s, err);
    if (rc == 0 && info)
        *info = r;
    return rc;
}
