#include "net/local_media.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "net/network.h"

int ag_is_http_url(const char *s)
{
    return strncasecmp(s, "http://", 7) == 0 || strncasecmp(s, "https://", 8) == 0;
}

int ag_local_media_open(const struct ag_network *net, const char *path, enum ag_media_kind kind,
                        struct ag_local_media *out, struct ag_error *err)
{
    const struct ag_media_limits *lim = ag_network_limits(net, kind);
    struct ag_media_info info;
    struct stat st;
    char have[16], max[16];
    const char *slash = strrchr(path, '/');
    *out = (struct ag_local_media){.fd = -1, .basename = slash ? slash + 1 : path};
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return ag_error_set(err, AG_EINVALID, "cannot read '%s': %s: give an existing file or an https URL",
                            path, strerror(errno));
    int rc = 0;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
        rc = ag_error_set(err, AG_EINVALID, "'%s' is not a regular file: give a media file or an https URL",
                          path);
    else if ((uint64_t)st.st_size > lim->max_bytes)
        rc = ag_error_set(err, AG_EINVALID, "'%s' is %s; %s accepts %s files of at most %s: make it smaller",
                          path, ag_media_human_size((uint64_t)st.st_size, have, sizeof(have)), net->display,
                          ag_media_kind_name(kind), ag_media_human_size(lim->max_bytes, max, sizeof(max)));
    else
        rc = ag_media_check_file(path, lim, 0, &info, err);
    if (rc < 0) {
        close(fd);
        return rc;
    }
    out->fd = fd;
    out->size = (uint64_t)st.st_size;
    out->type = info.type;
    out->content_type = ag_media_type_mime(info.type);
    return 0;
}

void ag_local_media_close(struct ag_local_media *f)
{
    if (f->fd >= 0)
        close(f->fd);
    f->fd = -1;
}
