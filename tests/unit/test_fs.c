/* Unit tests for core/fs.c: private directories, atomic writes, bounded reads, locks, temp files. */
#define _XOPEN_SOURCE 700 /* nftw */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/fs.h"

struct fixture {
    char dir[256];
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    if (!f)
        return -1;
    const char *tmp = getenv("TMPDIR");
    snprintf(f->dir, sizeof(f->dir), "%s/agoras-test-fs-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(f->dir)) {
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static int rm_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    if (type == FTW_DP)
        return rmdir(path);
    return unlink(path);
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    /* Give back write permission first: some tests make directories read-only. */
    chmod(f->dir, 0700);
    char sub[300];
    snprintf(sub, sizeof(sub), "%s/ro", f->dir);
    chmod(sub, 0700);
    nftw(f->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    free(f);
    umask(022);
    return 0;
}

static void path_in(const struct fixture *f, const char *name, char *out, size_t size)
{
    int n = snprintf(out, size, "%s/%s", f->dir, name);
    assert_true(n > 0 && (size_t)n < size);
}

static mode_t mode_of(const char *path)
{
    struct stat st;
    assert_int_equal(lstat(path, &st), 0);
    return st.st_mode & 07777;
}

static size_t count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            n++;
    closedir(d);
    return n;
}

/* ---- mkdir_p ---- */

static void check_mkdir_p_mode(struct fixture *f, mode_t mask, const char *sub)
{
    char path[512], mid[512], top[300];
    snprintf(top, sizeof(top), "%s/%s", f->dir, sub);
    snprintf(mid, sizeof(mid), "%s/a", top);
    snprintf(path, sizeof(path), "%s/a/b", top);
    umask(mask);
    struct ag_error err = {0};
    assert_int_equal(ag_fs_mkdir_p(path, 0700, &err), 0);
    umask(022);
    /* Every directory it created is private. */
    assert_int_equal(mode_of(top), 0700);
    assert_int_equal(mode_of(mid), 0700);
    assert_int_equal(mode_of(path), 0700);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_true(S_ISDIR(st.st_mode));
}

static void test_mkdir_p_modes(void **state)
{
    struct fixture *f = *state;
    check_mkdir_p_mode(f, 0, "umask0");
    check_mkdir_p_mode(f, 022, "umask022");
    check_mkdir_p_mode(f, 077, "umask077");
}

static void test_mkdir_p_existing_and_slashes(void **state)
{
    struct fixture *f = *state;
    struct ag_error err = {0};
    char path[512];
    /* Existing directories are left alone (not chmod'ed). */
    path_in(f, "shared", path, sizeof(path));
    assert_int_equal(mkdir(path, 0755), 0);
    assert_int_equal(chmod(path, 0755), 0);
    char deep[600];
    snprintf(deep, sizeof(deep), "%s/x//y/", path);
    assert_int_equal(ag_fs_mkdir_p(deep, 0700, &err), 0);
    assert_int_equal(mode_of(path), 0755);
    snprintf(deep, sizeof(deep), "%s/x/y", path);
    assert_int_equal(mode_of(deep), 0700);
    /* Running it again is a no-op that succeeds. */
    assert_int_equal(ag_fs_mkdir_p(deep, 0700, &err), 0);
    assert_int_equal(ag_fs_mkdir_p("/", 0700, &err), 0);
}

static void test_mkdir_p_errors(void **state)
{
    struct fixture *f = *state;
    struct ag_error err = {0};
    char file[512], path[600];
    path_in(f, "plainfile", file, sizeof(file));
    assert_int_equal(ag_fs_write_atomic(file, "x", 1, 0600, &err), 0);

    /* A file in the middle of the path. */
    snprintf(path, sizeof(path), "%s/sub", file);
    assert_int_equal(ag_fs_mkdir_p(path, 0700, &err), -AG_EFAIL);
    assert_int_equal(err.code, AG_EFAIL);
    char want[700];
    snprintf(want, sizeof(want), "cannot create directory '%s': Not a directory", path);
    assert_string_equal(err.msg, want);

    /* The path itself is an existing file. */
    ag_error_clear(&err);
    assert_int_equal(ag_fs_mkdir_p(file, 0700, &err), -AG_EFAIL);
    snprintf(want, sizeof(want), "'%s' is not a directory", file);
    assert_string_equal(err.msg, want);

    /* An empty path is an error, not an out-of-bounds read. */
    ag_error_clear(&err);
    assert_int_equal(ag_fs_mkdir_p("", 0700, &err), -AG_EFAIL);
    assert_int_equal(err.code, AG_EFAIL);
    assert_true(strlen(err.msg) > 0);
}

/* ---- write_atomic ---- */

static void test_write_atomic_creates_and_replaces(void **state)
{
    struct fixture *f = *state;
    struct ag_error err = {0};
    char path[512];
    path_in(f, "token", path, sizeof(path));

    umask(0); /* the mode must come from the argument, not from a restrictive umask */
    assert_int_equal(ag_fs_write_atomic(path, "first", 5, 0600, &err), 0);
    umask(022);
    assert_int_equal(mode_of(path), 0600);
    struct ag_buf b = {0};
    assert_int_equal(ag_fs_read_file(path, 100, &b, NULL, &err), 0);
    assert_string_equal(b.data, "first");

    assert_int_equal(ag_fs_write_atomic(path, "second, longer", 14, 0600, &err), 0);
    ag_buf_reset(&b);
    assert_int_equal(ag_fs_read_file(path, 100, &b, NULL, &err), 0);
    assert_string_equal(b.data, "second, longer");

    /* Shorter content fully replaces (no leftover tail), and an empty write gives an empty file. */
    assert_int_equal(ag_fs_write_atomic(path, "3", 1, 0600, &err), 0);
    ag_buf_reset(&b);
    assert_int_equal(ag_fs_read_file(path, 100, &b, NULL, &err), 0);
    assert_string_equal(b.data, "3");
    assert_int_equal(ag_fs_write_atomic(path, "", 0, 0600, &err), 0);
    ag_buf_reset(&b);
    assert_int_equal(ag_fs_read_file(path, 100, &b, NULL, &err), 0);
    assert_int_equal(b.len, 0);
    ag_buf_free(&b);

    /* No temp files are left behind. */
    assert_int_equal(count_entries(f->dir), 1);
}

static void test_write_atomic_missing_dir(void **state)
{
    struct fixture *f = *state;
    struct ag_error err = {0};
    char path[512];
    path_in(f, "nodir/token", path, sizeof(path));
    assert_int_equal(ag_fs_write_atomic(path, "x", 1, 0600, &err), -AG_EFAIL);
    assert_int_equal(err.code, AG_EFAIL);
    assert_non_null(strstr(err.msg, "cannot create '"));
    assert_non_null(strstr(err.msg, "No such file or directory"));
}

static void test_write_atomic_over_directory(void **state)
{
    struct fixture *f = *state;
    struct ag_error err = {0};
    char path[512];
    path_in(f, "adir", path, sizeof(path));
    assert_int_equal(mkdir(path, 0700), 0);
    assert_int_equal(ag_fs_write_atomic(path, "x", 1, 0600, &err), -AG_EFAIL);
    char want[600];
    snprintf(want, sizeof(want), "cannot replace '%s': ", path);
    assert_memory_equal(err.msg, want, strlen(want));
    /* The temp file was removed: only the directory remains. */
    assert_int_equal(count_entries(f->dir), 1);
}

/* Try to replace path/file in a read-only directory; returns ag_fs_write_atomic's result. */
static int write_into_readonly(const char *file)
{
    struct ag_error err = {0};
    int rc = ag_fs_write_atomic(file, "new", 3, 0600, &err);
    if (rc < 0 && strstr(err.msg, "Permission denied") == NULL)
        return -100; /* failed for another reason than the one under test */
    return rc;
}

static void test_write_atomic_readonly_dir_keeps_old(void **state)
{
    struct fixture *f = *state;
    struct ag_error err = {0};
    char ro[512], file[600];
    path_in(f, "ro", ro, sizeof(ro));
    assert_int_equal(mkdir(ro, 0700), 0);
    snprintf(file, sizeof(file), "%s/token", ro);
    assert_int_equal(ag_fs_write_atomic(file, "old", 3, 0600, &err), 0);
    assert_int_equal(chmod(ro, 0555), 0);

    int rc;
    if (geteuid() != 0) {
        rc = write_into_readonly(file);
    } else {
        /*
         * root ignores directory permissions.  Rather than skipping, run the write in a child
         * that drops to "nobody"; skip only if that is impossible.
         */
        assert_int_equal(chmod(f->dir, 0755), 0);
        assert_int_equal(chmod(file, 0644), 0);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            /* Also skip if nobody cannot even reach the file (a private $TMPDIR): EACCES would lie. */
            if (setgid(65534) != 0 || setuid(65534) != 0 || access(file, R_OK) != 0)
                _exit(77);
            _exit(write_into_readonly(file) == -AG_EFAIL ? 0 : 1);
        }
        int status;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        assert_true(WIFEXITED(status));
        if (WEXITSTATUS(status) == 77) {
            chmod(ro, 0700);
            skip(); /* running as root and cannot drop privileges: the case cannot be tested */
        }
        rc = WEXITSTATUS(status) == 0 ? -AG_EFAIL : 0;
    }
    assert_int_equal(rc, -AG_EFAIL);
    assert_int_equal(chmod(ro, 0700), 0);
    struct ag_buf b = {0};
    assert_int_equal(ag_fs_read_file(file, 100, &b, NULL, &err), 0);
    assert_string_equal(b.data, "old");
    ag_buf_free(&b);
    assert_int_equal(count_entries(ro), 1);
}

/* ---- read_file ---- */

static void test_read_file_cap_and_enoent(void **state)
{
    struct fixture *f = *state;
    struct ag_error err = {0};
    char path[512];
    path_in(f, "data", path, sizeof(path));

    /* Bigger than one read() chunk, to cross chunk boundaries. */
    size_t size = 20000;
    char *data = malloc(size);
    assert_non_null(data);
    for (size_t i = 0; i < size; i++)
        data[i] = (char)('a' + i % 26);
    assert_int_equal(ag_fs_write_atomic(path, data, size, 0600, &err), 0);

    struct ag_buf b = {0};
    assert_int_equal(ag_buf_puts(&b, "prefix:"), 0);
    int e = -1;
    /* Exactly max bytes is allowed; the content is appended to what the buffer held. */
    assert_int_equal(ag_fs_read_file(path, size, &b, &e, &err), 0);
    assert_int_equal(e, 0);
    assert_int_equal(b.len, 7 + size);
    assert_memory_equal(b.data, "prefix:", 7);
    assert_memory_equal(b.data + 7, data, size);

    /* One byte over the cap: refused, message names the file, the buffer is untouched. */
    ag_buf_reset(&b);
    assert_int_equal(ag_buf_puts(&b, "keep"), 0);
    assert_int_equal(ag_fs_read_file(path, size - 1, &b, &e, &err), -AG_EFAIL);
    char want[700];
    snprintf(want, sizeof(want), "'%s' is larger than %zu bytes", path, size - 1);
    assert_string_equal(err.msg, want);
    assert_int_equal(b.len, 4);
    assert_string_equal(b.data, "keep");

    /* The buffer's own limit counts too. */
    struct ag_buf small;
    ag_buf_init(&small, 100);
    assert_int_equal(ag_fs_read_file(path, size, &small, NULL, &err), -AG_EFAIL);
    assert_int_equal(small.len, 0);
    ag_buf_free(&small);

    /* A missing file: ENOENT reported separately so callers can tell "absent" from "broken". */
    char missing[512];
    path_in(f, "missing", missing, sizeof(missing));
    e = 0;
    assert_int_equal(ag_fs_read_file(missing, 100, &b, &e, &err), -AG_EFAIL);
    assert_int_equal(e, ENOENT);
    snprintf(want, sizeof(want), "cannot open '%s': No such file or directory", missing);
    assert_string_equal(err.msg, want);
    assert_string_equal(b.data, "keep");
    assert_int_equal(ag_fs_read_file(missing, 100, &b, NULL, &err), -AG_EFAIL);

    /* A directory is refused as not a regular file (test_non_regular_files_refused has the others). */
    e = 0;
    assert_int_equal(ag_fs_read_file(f->dir, 100, &b, &e, &err), -AG_EFAIL);
    assert_int_equal(e, 0);
    assert_non_null(strstr(err.msg, "is a directory, not a regular file"));
    assert_string_equal(b.data, "keep");

    /* An empty file reads as nothing. */
    char empty[512];
    path_in(f, "empty", empty, sizeof(empty));
    assert_int_equal(ag_fs_write_atomic(empty, "", 0, 0600, &err), 0);
    assert_int_equal(ag_fs_read_file(empty, 0, &b, &e, &err), 0);
    assert_string_equal(b.data, "keep");
    ag_buf_free(&b);
    free(data);
}

/* ---- lock ---- */

static void test_lock_excludes_other_process(void **state)
{
    struct fixture *f = *state;
    struct ag_error err = {0};
    char lock[512];
    path_in(f, "token.lock", lock, sizeof(lock));
    int fd = ag_fs_lock(lock, 60, "testing", &err);
    assert_true(fd >= 0);
    assert_int_equal(mode_of(lock), 0600);

    /* Both processes write events to one pipe; their order is the assertion. */
    int events[2];
    assert_int_equal(pipe(events), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(events[0]);
        struct ag_error cerr = {0};
        if (write(events[1], "w", 1) != 1) /* about to wait for the lock */
            _exit(2);
        int cfd = ag_fs_lock(lock, 60, "testing", &cerr);
        if (cfd < 0)
            _exit(3);
        if (write(events[1], "C", 1) != 1) /* child holds the lock */
            _exit(2);
        ag_fs_unlock(cfd);
        _exit(0);
    }
    char ev[4] = {0};
    assert_int_equal(read(events[0], ev, 1), 1);
    assert_int_equal(ev[0], 'w');
    /*
     * Give a broken lock every chance to let the child through: if it does, 'C' arrives
     * before our 'P'.  The wait is an opportunity, not the assertion.
     */
    struct pollfd pfd = {events[0], POLLIN, 0};
    assert_int_equal(poll(&pfd, 1, 300), 0);
    assert_int_equal(write(events[1], "P", 1), 1); /* parent releases */
    ag_fs_unlock(fd);
    close(events[1]);
    size_t got = 0;
    ssize_t n;
    while (got < 2 && (n = read(events[0], ev + got, 2 - got)) > 0)
        got += (size_t)n;
    close(events[0]);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    assert_int_equal(got, 2);
    assert_string_equal(ev, "PC");

    /* Re-locking after release works in the same process. */
    fd = ag_fs_lock(lock, 60, "testing", &err);
    assert_true(fd >= 0);
    ag_fs_unlock(fd);
    ag_fs_unlock(-1); /* harmless */
}

static void test_lock_errors(void **state)
{
    struct fixture *f = *state;
    struct ag_error err = {0};
    char lock[512];
    path_in(f, "nodir/x.lock", lock, sizeof(lock));
    assert_int_equal(ag_fs_lock(lock, 60, "testing", &err), -AG_EFAIL);
    char want[700];
    snprintf(want, sizeof(want), "cannot open '%s': No such file or directory", lock);
    assert_string_equal(err.msg, want);

    /* A symlink as lock file is refused (O_NOFOLLOW): it could point anywhere. */
    char target[512], link_path[512];
    path_in(f, "target", target, sizeof(target));
    path_in(f, "link.lock", link_path, sizeof(link_path));
    assert_int_equal(symlink(target, link_path), 0);
    assert_int_equal(ag_fs_lock(link_path, 60, "testing", &err), -AG_EFAIL);
    assert_int_equal(access(target, F_OK), -1);
}

/* ---- issue 14: bounded lock waits, non-regular files, temp names, replaceability ---- */

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static void test_lock_wait_is_bounded(void **state)
{
    struct fixture *f = *state;
    char lock[512];
    path_in(f, "held.lock", lock, sizeof(lock));
    int ready[2];
    assert_int_equal(pipe(ready), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) { /* another process holds the lock until killed */
        struct ag_error cerr = {0};
        int fd = ag_fs_lock(lock, 60, "testing", &cerr);
        if (fd < 0 || write(ready[1], "L", 1) != 1)
            _exit(1);
        pause();
        _exit(0);
    }
    char c;
    assert_int_equal(read(ready[0], &c, 1), 1);
    struct ag_error err = {0};
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    alarm(30); /* an unbounded wait fails the test instead of hanging it */
    int rc = ag_fs_lock(lock, 1, "testing the bound", &err);
    alarm(0);
    double waited = seconds_since(&t0);
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    close(ready[0]);
    close(ready[1]);
    assert_int_equal(rc, -AG_ETEMP);
    assert_int_equal(err.code, AG_ETEMP);
    assert_true(waited >= 0.9 && waited < 10);
    assert_non_null(
        strstr(err.msg, "gave up after 1 s waiting for another agoras run to finish testing the bound"));
    assert_non_null(strstr(err.msg, lock));
    /* Once the holder is gone the lock is free at once. */
    int fd = ag_fs_lock(lock, 1, "testing", &err);
    assert_true(fd >= 0);
    ag_fs_unlock(fd);
}

/* Every kind of non-regular file at a path is refused at once, naming the path and the kind. */
static void test_non_regular_files_refused(void **state)
{
    struct fixture *f = *state;
    char fifo[512], dir[512], dev[512];
    path_in(f, "fifo", fifo, sizeof(fifo));
    path_in(f, "dir", dir, sizeof(dir));
    path_in(f, "dev", dev, sizeof(dev));
    assert_int_equal(mkfifo(fifo, 0600), 0);
    assert_int_equal(mkdir(dir, 0700), 0);
    assert_int_equal(symlink("/dev/zero", dev), 0);
    const struct {
        const char *path, *kind;
    } cases[] = {{fifo, "a FIFO"}, {dir, "a directory"}, {dev, "a device"}};
    alarm(30); /* opening a FIFO for reading blocks until a writer comes: must not happen */
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct ag_error err = {0};
        struct ag_buf b = {0};
        assert_int_equal(ag_fs_read_file(cases[i].path, 1000, &b, NULL, &err), -AG_EFAIL);
        char want[700];
        snprintf(want, sizeof(want), "'%s' is %s, not a regular file", cases[i].path, cases[i].kind);
        if (!strstr(err.msg, want))
            fail_msg("%s: got '%s'", cases[i].kind, err.msg);
        ag_buf_free(&b);
    }
    /* A lock file must be a regular file too. */
    struct ag_error err = {0};
    assert_int_equal(ag_fs_lock(fifo, 60, "testing", &err), -AG_EFAIL);
    assert_non_null(strstr(err.msg, "is a FIFO"));
    alarm(0);
    /* And a regular file still reads, blocking again after the non-blocking open. */
    char file[512];
    path_in(f, "file", file, sizeof(file));
    assert_int_equal(ag_fs_write_atomic(file, "ok", 2, 0600, &err), 0);
    int fd = ag_fs_open_regular(file, O_RDONLY, 0, NULL, NULL, &err);
    assert_true(fd >= 0);
    assert_int_equal(fcntl(fd, F_GETFL) & O_NONBLOCK, 0);
    close(fd);
}

static void touch(const char *dir, const char *name)
{
    char path[700];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    assert_true(fd >= 0);
    close(fd);
}

static int exists_in(const char *dir, const char *name)
{
    char path[700];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    return access(path, F_OK) == 0;
}

/* Temp files are .<name>.tmp.<pid>; the cleanup removes exactly the leftovers of one file. */
static void test_temp_names_and_cleanup(void **state)
{
    struct fixture *f = *state;
    struct ag_error err = {0};
    char path[512], own[64];
    path_in(f, "t.token", path, sizeof(path));
    touch(f->dir, ".t.token.tmp.1");
    touch(f->dir, ".t.token.tmp.999999999");
    touch(f->dir, ".t.token.tmpx.1");    /* not ours */
    touch(f->dir, ".t.token.tmp.12abc"); /* not a pid */
    touch(f->dir, ".u.token.tmp.1");     /* another file's */
    touch(f->dir, "t.token.tmp.1");      /* not hidden */
    snprintf(own, sizeof(own), ".t.token.tmp.%ld", (long)getpid());
    touch(f->dir, own); /* a leftover that carries our pid: write_atomic must not fail on it */
    assert_int_equal(ag_fs_write_atomic(path, "x", 1, 0600, &err), 0);
    assert_false(exists_in(f->dir, own));
    ag_fs_remove_temps(path);
    assert_false(exists_in(f->dir, ".t.token.tmp.1"));
    assert_false(exists_in(f->dir, ".t.token.tmp.999999999"));
    assert_true(exists_in(f->dir, ".t.token.tmpx.1"));
    assert_true(exists_in(f->dir, ".t.token.tmp.12abc"));
    assert_true(exists_in(f->dir, ".u.token.tmp.1"));
    assert_true(exists_in(f->dir, "t.token.tmp.1"));
    assert_true(exists_in(f->dir, "t.token"));
}

/* The replaceability probe passes where a write would, fails where it would, and leaves nothing. */
static void test_check_replaceable(void **state)
{
    struct fixture *f = *state;
    struct ag_error err = {0};
    char path[512], tmp[600];
    path_in(f, "t.token", path, sizeof(path));
    assert_int_equal(ag_fs_write_atomic(path, "old", 3, 0600, &err), 0);
    assert_int_equal(ag_fs_check_replaceable(path, 4096, &err), 0);
    assert_int_equal(count_entries(f->dir), 1);

    /* Its temp name is the write's: occupied by a directory, both fail. */
    snprintf(tmp, sizeof(tmp), "%s/.t.token.tmp.%ld", f->dir, (long)getpid());
    assert_int_equal(mkdir(tmp, 0700), 0);
    assert_int_equal(ag_fs_check_replaceable(path, 4096, &err), -AG_EFAIL);
    assert_non_null(strstr(err.msg, tmp));
    assert_int_equal(ag_fs_write_atomic(path, "new", 3, 0600, &err), -AG_EFAIL);
    assert_int_equal(rmdir(tmp), 0);

    /* A full disk / file-size limit: RLIMIT_FSIZE 0 makes the probe's write fail with EFBIG. */
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        struct rlimit none = {0, 0};
        signal(SIGXFSZ, SIG_IGN);
        if (setrlimit(RLIMIT_FSIZE, &none) < 0)
            _exit(77);
        struct ag_error cerr = {0};
        if (ag_fs_check_replaceable(path, 4096, &cerr) != -AG_EFAIL || !strstr(cerr.msg, "File too large"))
            _exit(1);
        _exit(0);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    assert_int_equal(count_entries(f->dir), 1); /* nothing left behind, the old file untouched */
    struct ag_buf b = {0};
    assert_int_equal(ag_fs_read_file(path, 100, &b, NULL, &err), 0);
    assert_string_equal(b.data, "old");
    ag_buf_free(&b);
}

/* ---- temp_file ---- */

static void test_temp_file(void **state)
{
    struct fixture *f = *state;
    struct ag_error err = {0};
    char *a = NULL, *b = NULL;
    umask(0);
    int fa = ag_fs_temp_file(f->dir, "agoras-dl", &a, &err);
    int fb = ag_fs_temp_file(f->dir, "agoras-dl", &b, &err);
    umask(022);
    assert_true(fa >= 0);
    assert_true(fb >= 0);
    assert_non_null(a);
    assert_non_null(b);
    assert_string_not_equal(a, b);
    char want[512];
    snprintf(want, sizeof(want), "%s/agoras-dl-", f->dir);
    assert_memory_equal(a, want, strlen(want));
    assert_int_equal(strlen(a), strlen(want) + 6);
    assert_int_equal(mode_of(a), 0600);
    assert_int_equal(mode_of(b), 0600);
    assert_true(fcntl(fa, F_GETFD) & FD_CLOEXEC);
    /* The descriptor is open for writing on that very file. */
    assert_int_equal(write(fa, "abc", 3), 3);
    struct ag_buf buf = {0};
    assert_int_equal(ag_fs_read_file(a, 10, &buf, NULL, &err), 0);
    assert_string_equal(buf.data, "abc");
    ag_buf_free(&buf);
    close(fa);
    close(fb);
    free(a);
    free(b);

    /* dir NULL: $TMPDIR. */
    char *c = NULL;
    const char *old = getenv("TMPDIR");
    char *saved = old ? strdup(old) : NULL;
    setenv("TMPDIR", f->dir, 1);
    int fc = ag_fs_temp_file(NULL, "p", &c, &err);
    if (saved) {
        setenv("TMPDIR", saved, 1);
        free(saved);
    } else {
        unsetenv("TMPDIR");
    }
    assert_true(fc >= 0);
    snprintf(want, sizeof(want), "%s/p-", f->dir);
    assert_memory_equal(c, want, strlen(want));
    close(fc);
    free(c);

    /* A missing directory: error, *path_out untouched. */
    char *d = (char *)"untouched";
    char missing[512];
    path_in(f, "nope", missing, sizeof(missing));
    assert_int_equal(ag_fs_temp_file(missing, "p", &d, &err), -AG_EFAIL);
    assert_string_equal(d, "untouched");
    char want2[700];
    snprintf(want2, sizeof(want2), "cannot create a temp file in '%s': No such file or directory", missing);
    assert_string_equal(err.msg, want2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_mkdir_p_modes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mkdir_p_existing_and_slashes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mkdir_p_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_atomic_creates_and_replaces, setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_atomic_missing_dir, setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_atomic_over_directory, setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_atomic_readonly_dir_keeps_old, setup, teardown),
        cmocka_unit_test_setup_teardown(test_read_file_cap_and_enoent, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lock_excludes_other_process, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lock_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_temp_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lock_wait_is_bounded, setup, teardown),
        cmocka_unit_test_setup_teardown(test_non_regular_files_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_temp_names_and_cleanup, setup, teardown),
        cmocka_unit_test_setup_teardown(test_check_replaceable, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
