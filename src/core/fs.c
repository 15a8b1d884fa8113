#include "core/fs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"

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

static const char *file_kind(mode_t mode)
{
    if (S_ISDIR(mode))
        return "a directory";
    if (S_ISFIFO(mode))
        return "a FIFO";
    if (S_ISSOCK(mode))
        return "a socket";
    if (S_ISCHR(mode) || S_ISBLK(mode))
        return "a device";
    return "not a regular file";
}

int ag_fs_open_regular(const char *path, int flags, mode_t mode, struct stat *st, int *errno_out,
                       struct ag_error *err)
{
    struct stat own;
    st = st ? st : &own;
    if (errno_out)
        *errno_out = 0;
    int fd = open(path, flags | O_NONBLOCK | O_CLOEXEC, mode);
    if (fd < 0) {
        if (errno_out)
            *errno_out = errno;
        return ag_error_set(err, AG_EFAIL, "cannot open '%s': %s", path, strerror(errno));
    }
    int rc = 0;
    if (fstat(fd, st) < 0)
        rc = ag_error_set(err, AG_EFAIL, "cannot inspect '%s': %s", path, strerror(errno));
    else if (!S_ISREG(st->st_mode))
        rc = ag_error_set(err, AG_EFAIL,
                          "'%s' is %s, not a regular file: remove it or put the right file there", path,
                          file_kind(st->st_mode));
    else if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) < 0)
        rc = ag_error_set(err, AG_EFAIL, "cannot use '%s': %s", path, strerror(errno));
    if (rc < 0) {
        close(fd);
        return rc;
    }
    return fd;
}

int ag_fs_read_fd(int fd, const char *path, size_t max, struct ag_buf *out, int *errno_out,
                  struct ag_error *err)
{
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
    if (rc != 0 && out->data) { /* outputs untouched on failure: drop what was appended */
        out->len = start;
        out->data[start] = '\0';
    }
    return rc;
}

int ag_fs_read_file(const char *path, size_t max, struct ag_buf *out, int *errno_out, struct ag_error *err)
{
    int fd = ag_fs_open_regular(path, O_RDONLY, 0, NULL, errno_out, err);
    if (fd < 0)
        return fd;
    int rc = ag_fs_read_fd(fd, path, max, out, errno_out, err);
    close(fd);
    return rc;
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

#define LOCK_NOTICE_MS 2000 /* say why we are waiting once it is noticeable */
#define LOCK_POLL_MS   50

int ag_fs_lock(const char *lock_path, int timeout_s, const char *what, struct ag_error *err)
{
    int fd = ag_fs_open_regular(lock_path, O_RDWR | O_CREAT | O_NOFOLLOW, 0600, NULL, NULL, err);
    if (fd < 0)
        return fd;
    int64_t start = now_ms(), waited = 0;
    int told = 0;
    while (flock(fd, LOCK_EX | LOCK_NB) < 0) {
        int e = errno;
        if (e != EWOULDBLOCK && e != EINTR) {
            close(fd);
            return ag_error_set(err, AG_EFAIL, "cannot lock '%s': %s", lock_path, strerror(e));
        }
        if (waited >= (int64_t)timeout_s * 1000) {
            close(fd);
            return ag_error_set(
                err, AG_ETEMP,
                "gave up after %d s waiting for another agoras run to finish %s (lock '%s' is "
                "still held): try again later, or stop the other run",
                timeout_s, what, lock_path);
        }
        if (!told && waited >= LOCK_NOTICE_MS) {
            ag_info("waiting for another agoras run to finish %s (lock %s)", what, lock_path);
            told = 1;
        }
        struct timespec nap = {0, LOCK_POLL_MS * 1000000L};
        nanosleep(&nap, NULL);
        waited = now_ms() - start;
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
