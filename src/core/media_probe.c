/*
 * Probing in a throw-away child: fork, confine, exec agoras-probe with the file on stdin, read its
 * few result lines from a pipe under a wall-clock deadline, kill it when the deadline passes.
 * Between fork and exec only async-signal-safe calls are made (the parent may have threads).
 */
#define _GNU_SOURCE /* close_range */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/media.h"
#include "core/num.h"

#define OUTPUT_MAX 4096

#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZED 1
#endif
#endif

#define DEFAULT_BUDGET                                                                                       \
    {                                                                                                        \
        .wall_s = 20, .cpu_s = 10, .mem_bytes = (uint64_t)1 << 30, .read_bytes = (uint64_t)256 << 20         \
    }
static const struct ag_media_budget default_budget = DEFAULT_BUDGET;
static struct ag_media_budget budget = DEFAULT_BUDGET;

void ag_media_probe_set_budget(const struct ag_media_budget *b)
{
    budget = default_budget;
    if (!b)
        return;
    budget.wall_s = b->wall_s ? b->wall_s : budget.wall_s;
    budget.cpu_s = b->cpu_s ? b->cpu_s : budget.cpu_s;
    budget.mem_bytes = b->mem_bytes ? b->mem_bytes : budget.mem_bytes;
    budget.read_bytes = b->read_bytes ? b->read_bytes : budget.read_bytes;
}

static int executable(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

/* Join dir and "agoras-probe" into out; 0 if that is an executable file. */
static int try_dir(const char *dir, size_t dir_len, struct ag_buf *out)
{
    ag_buf_reset(out);
    if (ag_buf_append(out, dir, dir_len) < 0 || ag_buf_puts(out, "/agoras-probe") < 0)
        return -1;
    return executable(out->data) ? 0 : -1;
}

/* $AGORAS_PROBE, else next to /proc/self/exe, else the first match in $PATH. */
static int find_helper(struct ag_buf *out, struct ag_error *err)
{
    const char *env = getenv("AGORAS_PROBE");
    char self[PATH_MAX];
    if (env && *env) {
        if (ag_buf_puts(out, env) < 0)
            return ag_error_set(err, AG_EFAIL, "out of memory");
        return executable(env)
                   ? 0
                   : ag_error_set(err, AG_EFAIL, "cannot run the probe helper '%s' (AGORAS_PROBE)", env);
    }
    ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
    if (n > 0) {
        self[n] = '\0';
        char *slash = strrchr(self, '/');
        if (slash && try_dir(self, (size_t)(slash - self), out) == 0)
            return 0;
    }
    const char *path = getenv("PATH");
    for (const char *p = path; p && *p;) {
        size_t len = strcspn(p, ":");
        if (len > 0 && try_dir(p, len, out) == 0)
            return 0;
        p += len + (p[len] == ':');
    }
    return ag_error_set(
        err, AG_EFAIL,
        "cannot find the probe helper 'agoras-probe' (install it next to agoras or set AGORAS_PROBE)");
}

static void set_limit(int resource, rlim_t soft, rlim_t hard)
{
    struct rlimit rl = {.rlim_cur = soft, .rlim_max = hard};
    setrlimit(resource, &rl);
}

/* In the child: async-signal-safe calls only, then exec with an empty environment. */
static void child(const char *helper, char *const argv[], int media_fd, int out_fd, int null_fd)
{
    static char *const no_env[] = {NULL};
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (dup2(media_fd, 0) < 0 || dup2(out_fd, 1) < 0 || dup2(null_fd, 2) < 0)
        _exit(126);
    if (close_range(3, ~0U, 0) < 0)
        for (int fd = 3; fd < 1024; fd++)
            close(fd);
    set_limit(RLIMIT_CPU, budget.cpu_s, budget.cpu_s + 1);
#ifndef SANITIZED
    set_limit(RLIMIT_AS, (rlim_t)budget.mem_bytes, (rlim_t)budget.mem_bytes);
#endif
    set_limit(RLIMIT_FSIZE, 0, 0);
    set_limit(RLIMIT_CORE, 0, 0);
    set_limit(RLIMIT_NOFILE, 16, 16);
    execve(helper, argv, no_env);
    _exit(127);
}

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Read the child's output until EOF or the deadline. 0 at EOF, 1 on timeout, -1 on error. */
static int collect(int fd, struct ag_buf *out, long deadline)
{
    char chunk[512];
    for (;;) {
        long left = deadline - now_ms();
        if (left <= 0)
            return 1;
        struct pollfd p = {.fd = fd, .events = POLLIN};
        int r = poll(&p, 1, (int)(left > INT_MAX ? INT_MAX : left));
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (r == 0)
            return 1;
        ssize_t n = read(fd, chunk, sizeof(chunk));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n == 0 ? 0 : -1;
        if (out->len + (size_t)n > OUTPUT_MAX)
            return -1; /* a sane helper says a few lines */
        ag_buf_append(out, chunk, (size_t)n);
    }
}

static int reap(pid_t pid, int kill_first)
{
    int status = 0;
    if (kill_first) {
        kill(-pid, SIGKILL); /* its process group: a fake helper (a shell) may have children */
        kill(pid, SIGKILL);
    }
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    return status;
}

/* Value of "key value" in text, or NULL; the value runs to the end of its line (written into tmp). */
static const char *field(const char *text, const char *key, char *tmp, size_t tmp_len)
{
    size_t klen = strlen(key);
    for (const char *l = text; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
        if (strncmp(l, key, klen) == 0 && l[klen] == ' ') {
            size_t n = strcspn(l + klen + 1, "\n");
            snprintf(tmp, tmp_len, "%.*s", (int)n, l + klen + 1);
            return tmp;
        }
    }
    return NULL;
}

static int64_t num_field(const char *text, const char *key, int64_t min, int64_t max, int *ok)
{
    char tmp[32];
    int64_t v = 0;
    const char *s = field(text, key, tmp, sizeof(tmp));
    if (!s || ag_parse_i64(s, min, max, &v) < 0)
        *ok = 0;
    return v;
}

static int parse_output(const char *text, const char *name, struct ag_media_info *info, struct ag_error *err)
{
    char tmp[160];
    int ok = 1;
    struct ag_media_info r = *info;
    if (field(text, "error", tmp, sizeof(tmp)))
        return ag_error_set(err, AG_EINVALID, "'%s': %s", name, tmp);
    r.duration_ms = num_field(text, "duration_ms", -1, INT64_MAX, &ok);
    r.width = (int)num_field(text, "width", 0, INT_MAX, &ok);
    r.height = (int)num_field(text, "height", 0, INT_MAX, &ok);
    int64_t fn = num_field(text, "fps_num", 0, INT_MAX, &ok),
            fd = num_field(text, "fps_den", 0, INT_MAX, &ok);
    r.fps = fn > 0 && fd > 0 ? (double)fn / (double)fd : 0;
    if (!ok || !field(text, "container", r.container, sizeof(r.container)) ||
        !field(text, "codec", r.video_codec, sizeof(r.video_codec)))
        return ag_error_set(err, AG_EFAIL, "the probe helper gave an unreadable answer for '%s'", name);
    *info = r;
    return 0;
}

static int explain_exit(int status, int timed_out, const char *name, struct ag_error *err)
{
    if (timed_out)
        return ag_error_set(err, AG_EINVALID,
                            "'%s': probing took longer than %u s (damaged or hostile file?)", name,
                            budget.wall_s);
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGXCPU)
        return ag_error_set(err, AG_EINVALID,
                            "'%s': probing used more than %u s of CPU (damaged or hostile file?)", name,
                            budget.cpu_s);
    if (WIFSIGNALED(status))
        return ag_error_set(err, AG_EINVALID, "'%s': the probe helper died (signal %d) reading this file",
                            name, WTERMSIG(status));
    if (WIFEXITED(status) && WEXITSTATUS(status) >= 126)
        return ag_error_set(err, AG_EFAIL, "cannot start the probe helper for '%s'", name);
    return ag_error_set(err, AG_EINVALID, "'%s': the probe helper failed without an answer", name);
}

/* Fork and exec the helper, collect its output; fills *status and *timed_out. */
static int run_helper(const char *helper, int media_fd, struct ag_buf *out, int *status, int *timed_out,
                      const char *name, struct ag_error *err)
{
    char limit[24];
    int pipefd[2] = {-1, -1}, null_fd = -1, rc = 0;
    snprintf(limit, sizeof(limit), "%llu", (unsigned long long)budget.read_bytes);
    char *argv[] = {"agoras-probe", limit, NULL};
    if (pipe2(pipefd, O_CLOEXEC) < 0 || (null_fd = open("/dev/null", O_RDWR | O_CLOEXEC)) < 0) {
        rc = ag_error_set(err, AG_EFAIL, "cannot set up probing of '%s': %s", name, strerror(errno));
        goto out;
    }
    long deadline = now_ms() + (long)budget.wall_s * 1000L;
    pid_t pid = fork();
    if (pid < 0) {
        rc = ag_error_set(err, AG_EFAIL, "cannot start the probe helper for '%s': %s", name, strerror(errno));
        goto out;
    }
    if (pid == 0)
        child(helper, argv, media_fd, pipefd[1], null_fd);
    close(pipefd[1]);
    pipefd[1] = -1;
    int c = collect(pipefd[0], out, deadline);
    *status = reap(pid, c != 0);
    if (c < 0)
        rc = ag_error_set(err, AG_EFAIL, "the probe helper gave an unreadable answer for '%s'", name);
    *timed_out = c == 1;
out:
    for (int i = 0; i < 2; i++)
        if (pipefd[i] >= 0)
            close(pipefd[i]);
    if (null_fd >= 0)
        close(null_fd);
    return rc;
}

int ag_media_probe(const char *path, struct ag_media_info *info, struct ag_error *err)
{
    struct ag_buf helper, out;
    int status = 0, timed_out = 0, rc;
    ag_buf_init(&helper, 0);
    ag_buf_init(&out, OUTPUT_MAX + 1);
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        rc = ag_error_set(err, AG_EFAIL, "cannot read '%s': %s", path, strerror(errno));
        goto out;
    }
    if ((rc = find_helper(&helper, err)) < 0 ||
        (rc = run_helper(helper.data, fd, &out, &status, &timed_out, path, err)) < 0)
        goto out;
    if (timed_out || WIFSIGNALED(status) || out.len == 0) { /* a killed helper's output is incomplete */
        rc = explain_exit(status, timed_out, path, err);
        goto out;
    }
    rc = parse_output(out.data, path, info, err);
out:
    if (fd >= 0)
        close(fd);
    ag_buf_free(&helper);
    ag_buf_free(&out);
    return rc;
}
