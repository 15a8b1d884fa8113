#include "platforms/tiktok/media_check.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/media.h"

int tt_video_inspect(const char *path, int64_t max_duration_s, struct tt_video_file *out,
                     struct ag_error *err)
{
    struct ag_media_info info;
    out->fd = -1;
    int rc = ag_media_check_file(path, "tiktok", AG_MEDIA_VIDEO, max_duration_s, &info, err);
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

int tt_image_preflight(const char *label, const char *url, struct ag_error *err)
{
    struct ag_media_info info;
    int rc = ag_media_check_url(url, "tiktok", AG_MEDIA_IMAGE, &info, err);
    if (rc < 0)
        ag_error_wrap(err, "%s", label);
    return rc;
}
