#include "platforms/tiktok/media_check.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/media.h"
#include "core/url.h"
#include "platforms/tiktok/tiktok.h"

int tt_video_inspect(const char *path, int64_t max_duration_s, struct tt_video_file *out,
                     struct ag_error *err)
{
    struct ag_media_info info;
    out->fd = -1;
    int rc = ag_media_check_file(path, ag_network_limits(&ag_tiktok_network, AG_MEDIA_VIDEO), max_duration_s,
                                 &info, err);
    if (rc < 0)
        return rc;
    /* Upload what was checked: the size is taken again from the descriptor we stream from. */
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) < 0) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        return ag_error_set(err, AG_EFAIL, "cannot read '%s': %s", path, strerror(e));
    }
    if ((uint64_t)st.st_size != info.size) {
        close(fd);
        return ag_error_set(err, AG_EFAIL, "'%s' changed while it was being checked", path);
    }
    out->fd = fd;
    out->size = (uint64_t)st.st_size;
    out->mime = ag_media_type_mime(info.type);
    out->duration_ms = info.duration_ms;
    return 0;
}

void tt_video_close(struct tt_video_file *v)
{
    if (v && v->fd >= 0) {
        close(v->fd);
        v->fd = -1;
    }
}

int tt_image_preflight(const char *label, const char *url, int allow_private, struct ag_error *err)
{
    const struct ag_media_fetch_opts opts = {.allow_private = allow_private};
    struct ag_media_info info;
    char shown[AG_URL_SHOWN_MAX];
    ag_media_info_init(&info);
    const struct ag_media_limits *lim = ag_network_limits(&ag_tiktok_network, AG_MEDIA_IMAGE);
    int rc = ag_media_preflight(url, &opts, &info, err);
    if (rc == 0)
        rc = ag_media_validate(lim, ag_url_shown(url, shown, sizeof(shown)), &info, 0, err);
    /* PNG (or GIF) is the usual mistake (Python Agoras sends it and TikTok rejects the post): say the fix. */
    if (rc == -AG_EINVALID && (info.type == AG_MEDIA_PNG || info.type == AG_MEDIA_GIF)) {
        char msg[AG_ERROR_MSG_MAX];
        snprintf(msg, sizeof(msg), "%s", err->msg);
        ag_error_set(err, AG_EINVALID, "%s; convert it to JPEG or WebP", msg);
    }
    if (rc < 0)
        ag_error_wrap(err, "%s", label);
    return rc;
}
