/* Filesystem helpers: private directories, atomic replacement, locks, bounded reads. */
#ifndef AG_FS_H
#define AG_FS_H

#include <stddef.h>
#include <sys/types.h>

#include "core/buf.h"
#include "core/error.h"

/* mkdir -p with the given mode for every directory it creates (existing ones are left alone). */
int ag_fs_mkdir_p(const char *path, mode_t mode, struct ag_error *err);

/*
 * Replace path with data atomically: write a temp file in the same directory created with
 * `mode` (O_EXCL, so no chmod-after-write window), fsync it, rename over path, fsync the dir.
 * On failure the old file is untouched and the temp file is removed.
 */
int ag_fs_write_atomic(const char *path, const void *data, size_t len, mode_t mode, struct ag_error *err);

/*
 * Read a whole file into out (appended), refusing files larger than max bytes.
 * A missing file returns -AG_EFAIL with errno ENOENT preserved in *errno_out (if not NULL).
 */
int ag_fs_read_file(const char *path, size_t max, struct ag_buf *out, int *errno_out, struct ag_error *err);

/*
 * Take an exclusive advisory lock on lock_path (created 0600 if missing), waiting for it.
 * Returns a descriptor to pass to ag_fs_unlock, or a negative AG_E code.
 */
int ag_fs_lock(const char *lock_path, struct ag_error *err);
void ag_fs_unlock(int fd);

/*
 * Create a private (0600) temp file in dir (NULL = $TMPDIR or /tmp) named prefix-XXXXXX.
 * Writes the path (caller frees) to *path_out and returns the open descriptor, or a negative AG_E code.
 */
int ag_fs_temp_file(const char *dir, const char *prefix, char **path_out, struct ag_error *err);

#endif
