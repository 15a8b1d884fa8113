/*
 * Atomic replacement of a file, and the two things that make it safe to rely on: proving in
 * advance that a replacement can succeed, and removing what a killed writer left behind.
 * The temp file of <dir>/<name> is <dir>/.<name>.tmp.<pid>: hidden, recognisable, one per process.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/fs.h"

#define TEMP_MARK ".tmp."
#define MARK_LEN  (sizeof(TEMP_MARK) - 1)

/* Split path into its directory (written to dir) and its last component (returned). */
static const char *split(const char *path, char *dir, size_t size)
{
    const char *slash = strrchr(path, '/');
    if (!slash) {
        snprintf(dir, size, ".");
        return path;
    }
    size_t n = slash == path ? 1 : (size_t)(slash - path);
    snprintf(dir, size, "%.*s", (int)(n < size ? n : size - 1), path);
    return slash + 1;
}

static int temp_name(const char *path, char *tmp, size_t size, struct ag_error *err)
{
    char dir[4096];
    const char *name = split(path, dir, sizeof(dir));
    int n = snprintf(tmp, size, "%s/.%s" TEMP_MARK "%ld", dir, name, (long)getpid());
    if (n < 0 || (size_t)n >= size || strlen(path) >= sizeof(dir))
        return ag_error_set(err, AG_EFAIL, "path too long: '%s'", path);
    return 0;
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

/* Write data to path's temp file (named into tmp) and close it; on failure nothing is left. */
static int write_temp(const char *path, char *tmp, size_t size, const void *data, size_t len, mode_t mode,
                      struct ag_error *err)
{
    int rc = temp_name(path, tmp, size, err);
    if (rc < 0)
        return rc;
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
    if (fd < 0 && errno == EEXIST && unlink(tmp) == 0) /* our pid: left by a dead process */
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
    if (fd < 0)
        return ag_error_set(err, AG_EFAIL, "cannot create '%s': %s", tmp, strerror(errno));
    if (write_all(fd, data, len) < 0 || fsync(fd) < 0) {
        rc = ag_error_set(err, AG_EFAIL, "cannot write '%s': %s", tmp, strerror(errno));
        close(fd);
        unlink(tmp);
        return rc;
    }
    if (close(fd) < 0) {
        rc = ag_error_set(err, AG_EFAIL, "cannot write '%s': %s", tmp, strerror(errno));
        unlink(tmp);
    }
    return rc;
}

static void fsync_dir_of(const char *path)
{
    char dir[4096];
    split(path, dir, sizeof(dir));
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
}

int ag_fs_write_atomic(const char *path, const void *data, size_t len, mode_t mode, struct ag_error *err)
{
    char tmp[4200];
    int rc = write_temp(path, tmp, sizeof(tmp), data, len, mode, err);
    if (rc < 0)
        return rc;
    if (rename(tmp, path) < 0) {
        rc = ag_error_set(err, AG_EFAIL, "cannot replace '%s': %s", path, strerror(errno));
        unlink(tmp);
        return rc;
    }
    fsync_dir_of(path);
    return 0;
}

int ag_fs_check_replaceable(const char *path, size_t len, struct ag_error *err)
{
    char tmp[4200];
    void *zeros = calloc(1, len ? len : 1);
    if (!zeros)
        return ag_error_set(err, AG_EFAIL, "out of memory");
    int rc = write_temp(path, tmp, sizeof(tmp), zeros, len, 0600, err);
    free(zeros);
    if (rc == 0 && unlink(tmp) < 0)
        rc = ag_error_set(err, AG_EFAIL, "cannot remove '%s': %s", tmp, strerror(errno));
    return rc;
}

void ag_fs_remove_temps(const char *path)
{
    char dir[4096];
    const char *name = split(path, dir, sizeof(dir));
    size_t len = strlen(name);
    DIR *d = opendir(dir);
    if (!d)
        return;
    for (struct dirent *de; (de = readdir(d)) != NULL;) {
        const char *p = de->d_name;
        if (p[0] != '.' || strncmp(p + 1, name, len) != 0 || strncmp(p + 1 + len, TEMP_MARK, MARK_LEN) != 0)
            continue;
        const char *pid = p + 1 + len + MARK_LEN;
        if (*pid && pid[strspn(pid, "0123456789")] == '\0')
            unlinkat(dirfd(d), p, 0);
    }
    closedir(d);
}
