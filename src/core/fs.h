/* Filesystem helpers: private directories, atomic replacement, locks, bounded reads. */
#ifndef AG_FS_H
#define AG_FS_H

#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "core/buf.h"
#include "core/error.h"

/* mkdir -p with the given mode for every directory it creates (existing ones are left alone). */
int ag_fs_mkdir_p(const char *path, mode_t mode, struct ag_error *err);

/*
 * Replace path with data atomically: write the temp file <dir>/.<name>.tmp.<pid> created with
 * `mode` (O_EXCL, so no chmod-after-write window), fsync it, rename over path, fsync the dir.
 * On failure the old file is untouched and the temp file is removed.  A leftover with our pid
 * (a dead process whose pid was reused) is replaced.
 */
int ag_fs_write_atomic(const char *path, const void *data, size_t len, mode_t mode, struct ag_error *err);

/*
 * Prove that ag_fs_write_atomic(path, <len bytes>) can succeed right now: create its temp file,
 * write len bytes, fsync (so a full disk or a file-size limit shows up), then remove it.
 */
int ag_fs_check_replaceable(const char *path, size_t len, struct ag_error *err);

/*
 * Remove every temp file that ag_fs_write_atomic left for path (a writer killed mid-write).
 * Call it only where no other writer of path can be running (under path's lock).
 */
void ag_fs_remove_temps(const char *path);

/*
 * Open an existing regular file without hanging on a FIFO or device: the open is non-blocking,
 * then fstat refuses anything but a regular file (naming the path and what it is), then the
 * descriptor is made blocking again.  flags are added to O_NONBLOCK|O_CLOEXEC; *st (if not NULL)
 * gets fstat's answer.  A missing file is -AG_EFAIL with ENOENT in *errno_out (if not NULL).
 */
int ag_fs_open_regular(const char *path, int flags, mode_t mode, struct stat *st, int *errno_out,
                       struct ag_error *err);

/* Read fd (named path in messages) to its end, appended to out; more than max bytes is an error. */
int ag_fs_read_fd(int fd, const char *path, size_t max, struct ag_buf *out, int *errno_out,
                  struct ag_error *err);

/*
 * Read a whole regular file into out (appended), refusing files larger than max bytes.
 * A missing file returns -AG_EFAIL with errno ENOENT preserved in *errno_out (if not NULL).
 */
int ag_fs_read_file(const char *path, size_t max, struct ag_buf *out, int *errno_out, struct ag_error *err);

/*
 * Take an exclusive advisory lock on lock_path (a regular file, created 0600 if missing).  While
 * another process holds it: after 2 s one INFO line "waiting for another agoras run to finish
 * <what> (lock <path>)", and after timeout_s seconds -AG_ETEMP.  Returns a descriptor to pass to
 * ag_fs_unlock, or a negative AG_E code.
 */
int ag_fs_lock(const char *lock_path, int timeout_s, const char *what, struct ag_error *err);
void ag_fs_unlock(int fd);

/*
 * Create a private (0600) temp file in dir (NULL = $TMPDIR or /tmp) named prefix-XXXXXX.
 * Writes the path (caller frees) to *path_out and returns the open descriptor, or a negative AG_E code.
 */
int ag_fs_temp_file(const char *dir, const char *prefix, char **path_out, struct ag_error *err);

#endif
