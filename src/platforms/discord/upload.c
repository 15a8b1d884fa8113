#include "platforms/discord/upload.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "net/network.h"
#include "platforms/discord/discord.h"

static const char *extension(enum ag_media_type t)
{
    static const char *const ext[AG_MEDIA_TYPE_COUNT] = {
        [AG_MEDIA_MP4] = "mp4",  [AG_MEDIA_MOV] = "mov", [AG_MEDIA_WEBM] = "webm",
        [AG_MEDIA_JPEG] = "jpg", [AG_MEDIA_PNG] = "png", [AG_MEDIA_WEBP] = "webp",
    };
    return (unsigned)t < AG_MEDIA_TYPE_COUNT && ext[t] ? ext[t] : "bin";
}

int dc_is_url(const char *s)
{
    return strncasecmp(s, "http://", 7) == 0 || strncasecmp(s, "https://", 8) == 0;
}

int dc_file_open(const char *path, enum ag_media_kind kind, const char *stem, struct dc_file *out,
                 struct ag_error *err)
{
    const struct ag_media_limits *lim = ag_network_limits(&ag_discord_network, kind);
    struct ag_media_info info;
    struct stat st;
    char have[16], max[16];
    *out = (struct dc_file){.fd = -1};
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return ag_error_set(err, AG_EINVALID, "cannot read '%s': %s: give an existing file or an https URL",
                            path, strerror(errno));
    int rc = 0;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
        rc = ag_error_set(err, AG_EINVALID, "'%s' is not a regular file: give a media file or an https URL",
                          path);
    else if ((uint64_t)st.st_size > lim->max_bytes)
        rc = ag_error_set(err, AG_EINVALID,
                          "'%s' is %s; Discord accepts %s files of at most %s: make it smaller", path,
                          ag_media_human_size((uint64_t)st.st_size, have, sizeof(have)),
                          ag_media_kind_name(kind), ag_media_human_size(lim->max_bytes, max, sizeof(max)));
    else
        rc = ag_media_check_file(path, lim, 0, &info, err);
    if (rc < 0) {
        close(fd);
        return rc;
    }
    out->fd = fd;
    out->size = (uint64_t)st.st_size;
    out->content_type = ag_media_type_mime(info.type);
    snprintf(out->filename, sizeof(out->filename), "%s.%s", stem, extension(info.type));
    return 0;
}

void dc_file_close(struct dc_file *f)
{
    if (f->fd >= 0)
        close(f->fd);
    f->fd = -1;
}
