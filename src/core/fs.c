#include "core/fs.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

int ag_fs_mkdir_p(const char *path, mode_t mode, struct ag_error *err)
{
    if (!*path) /* the loop below starts after the first byte */
        return ag_error_set(err, AG_EFAIL, "cannot create directory '': empty path");
    char *copy = strdup(path);
    if (!copy)
        return ag_error_set(err, AG_EFAIL, "out of memory");
    int rc = 0;
    for (char *p = copy + 1;; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char saved = *p;
        *p = '\0';
        if (mkdir(copy, mode) < 0 && errno != EEXIST) {
            rc = ag_error_set(err, AG_EFAIL, "cannot create directory '%s': %s", copy, strerror(errno));
            break;
        }
        *p = saved;
        if (saved == '\0')
            break;
    }
    struct stat st;
    if (rc == 0 && (stat(path, &st) < 0 || !S_ISDIR(st.st_mode)))
        rc = ag_error_set(err, AG_EFAIL, "'%s' is not a directory", path);
    free(copy);
    return rc;
}

static int write_all(int fd, const void *data, size_t len)
{
    const char *p = data;
    while (len) {
        ssize_t n = write(fd, p, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

static void fsync_parent(const char *path)
{
    char *copy = strdup(path);
    if (!copy)
        return;
    int dfd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    free(copy);
}

int ag_fs_write_atomic(const char *path, const void *data, size_t len, mode_t mode, struct ag_error *err)
{
    char tmp[4096];
    int fd = -1;
    /* A unique name per attempt: a crashed writer's leftover never blocks the next one. */
    for (int attempt = 0; attempt < 100 && fd < 0; attempt++) {
        int n = snprintf(tmp, sizeof(tmp), "%s.tmp.%ld.%d", path, (long)getpid(), attempt);
        if (n < 0 || (size_t)n >= sizeof(tmp))
            return ag_error_set(err, AG_EFAIL, "path too long: '%s'", path);
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
        if (fd < 0 && errno != EEXIST)
            return ag_error_set(err, AG_EFAIL, "cannot create '%s': %s", tmp, strerror(errno));
    }
    if (fd < 0)
        return ag_error_set(err, AG_EFAIL, "cannot create a temp file next to '%s'", path);
    int rc = 0;
    if (write_all(fd, data, len) < 0 || fsync(fd) < 0) {
        rc = ag_error_set(err, AG_EFAIL, "cannot write '%s': %s", tmp, strerror(errno));
        close(fd);
        unlink(tmp);
        return rc;
    }
    if (close(fd) < 0 || rename(tmp, path) < 0) {
        rc = ag_error_set(err, AG_EFAIL, "cannot replace '%s': %s", path, strerror(errno));
        unlink(tmp);
        return rc;
    }
    fsync_parent(path);
    return 0;
}

int ag_fs_read_file(const char *path, size_t max, struct ag_buf *out, int *errno_out, struct ag_error *err)
{
    if (errno_out)
        *errno_out = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno_out)
            *errno_out = errno;
        return ag_error_set(err, AG_EFAIL, "cannot read '%s': %s", path, strerror(errno));
    }
    int rc = 0;
    size_t total = 0, start = out->len;
    char chunk[8192];
    for (;;) {
        ssize_t n = read(fd, chunk, sizeof(chunk));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            if (errno_out)
                *errno_out = errno;
            rc = ag_error_set(err, AG_EFAIL, "cannot read '%s': %s", path, strerror(errno));
            break;
        }
        if (n == 0)
            break;
        total += (size_t)n;
        if (total > max || ag_buf_append(out, chunk, (size_t)n) < 0) {
            rc = ag_error_set(err, AG_EFAIL, "'%s' is larger than %zu bytes", path, max);
            break;
        }
    }
    close(fd);
    if (rc != 0 && out->data) { /* outputs untouched on failure: drop what was appended */
        out->len = start;
        out->data[start] = '\0';
    }
    return rc;
}

int ag_fs_lock(const char *lock_path, struct ag_error *err)
{
    int fd = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0)
        return ag_error_set(err, AG_EFAIL, "cannot open lock '%s': %s", lock_path, strerror(errno));
    while (flock(fd, LOCK_EX) < 0) {
        if (errno != EINTR) {
            int e = errno;
            close(fd);
            return ag_error_set(err, AG_EFAIL, "cannot lock '%s': %s", lock_path, strerror(e));
        }
    }
    return fd;
}

void ag_fs_unlock(int fd)
{
    if (fd >= 0) {
        flock(fd, LOCK_UN);
        close(fd);
    }
}

int ag_fs_temp_file(const char *dir, const char *prefix, char **path_out, struct ag_error *err)
{
    if (!dir) {
        dir = getenv("TMPDIR");
        if (!dir || !*dir)
            dir = "/tmp";
    }
    size_t n = strlen(dir) + strlen(prefix) + 9;
    char *path = malloc(n);
    if (!path)
        return ag_error_set(err, AG_EFAIL, "out of memory");
    snprintf(path, n, "%s/%s-XXXXXX", dir, prefix);
    int fd = mkstemp(path); /* mkstemp creates 0600 */
    if (fd < 0) {
        int e = errno;
        free(path);
        return ag_error_set(err, AG_EFAIL, "cannot create a temp file in '%s': %s", dir, strerror(e));
    }
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    *path_out = path;
    return fd;
}
