#define _GNU_SOURCE /* pipe2 */
#include "core/browser.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/child_env.h"
#include "core/error.h"
#include "core/log.h"

#define MAX_ARGS 32
/*
 * How long a browser command's verdict is awaited.  A launcher (xdg-open, sensible-browser) hands
 * the URL over and exits at once: 0 if a browser took it, non-zero if none could (xdg-open's 3
 * on a headless machine).  A browser itself keeps running.  We cannot see windows, so "it did
 * not fail within this time" is as much as "the page is showing" can mean.
 */
#define GRACE_MS 3000
#ifdef __APPLE__
#define DEFAULT_BROWSERS "open"
#else
/* Not "open": on Debian that is openvt(1). */
#define DEFAULT_BROWSERS "xdg-open:sensible-browser"
#endif

extern char **environ;

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/*
 * Expand one $BROWSER command (cmd[0..len)) into b as "arg\0arg\0…": split on blanks, the first
 * "%s" in an argument replaced by url, or url appended as the last argument if none had one.
 * Returns the number of arguments, or -1.
 */
static int expand(const char *cmd, size_t len, const char *url, struct ag_buf *b)
{
    const char *p = cmd, *end = cmd + len;
    int n = 0, used = 0, bad = 0;
    while (p < end) {
        while (p < end && is_blank(*p))
            p++;
        if (p == end)
            break;
        const char *tok = p, *pct = NULL;
        for (; p < end && !is_blank(*p); p++)
            if (!pct && !used && p + 1 < end && p[0] == '%' && p[1] == 's')
                pct = p;
        if (pct) {
            bad |= ag_buf_append(b, tok, (size_t)(pct - tok)) | ag_buf_puts(b, url);
            bad |= ag_buf_append(b, pct + 2, (size_t)(p - pct - 2));
            used = 1;
        } else {
            bad |= ag_buf_append(b, tok, (size_t)(p - tok));
        }
        bad |= ag_buf_append(b, "", 1);
        n++;
    }
    if (n > 0 && !used) {
        bad |= ag_buf_append(b, url, strlen(url) + 1);
        n++;
    }
    return bad || n == 0 || n > MAX_ARGS ? -1 : n;
}

/* The executable for prog: as given if it has a '/', else the first match in $PATH. 0 or -1. */
static int find_program(const char *prog, struct ag_buf *path)
{
    struct stat st;
    const char *dirs = getenv("PATH");
    if (strchr(prog, '/'))
        return access(prog, X_OK) == 0 ? ag_buf_puts(path, prog) : -1;
    for (const char *d = dirs && *dirs ? dirs : "/usr/bin:/bin";; d++) {
        size_t len = strcspn(d, ":");
        ag_buf_reset(path);
        if (ag_buf_printf(path, "%.*s/%s", (int)len, len ? d : ".", prog) == 0 &&
            stat(path->data, &st) == 0 && S_ISREG(st.st_mode) && access(path->data, X_OK) == 0)
            return 0;
        d += len;
        if (!*d)
            return -1;
    }
}

/* What the watcher learned about the browser, sent through the report pipe. */
enum { REPORT_EXEC_FAILED = 1, REPORT_EXITED, REPORT_KILLED };
struct report {
    int kind;
    int value; /* errno, exit status or signal number */
};

static void send_report(int fd, int kind, int value)
{
    struct report r = {kind, value};
    ssize_t ignored = write(fd, &r, sizeof(r)); /* < PIPE_BUF: atomic */
    (void)ignored;
}

static long elapsed_ms(const struct timespec *since)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long)(now.tv_sec - since->tv_sec) * 1000L + (now.tv_nsec - since->tv_nsec) / 1000000L;
}

/*
 * In the watcher (first child): report how the browser ended if it does within GRACE_MS, else
 * nothing (a browser still running is a browser showing the page).  Async-signal-safe calls only.
 */
static void watch(pid_t browser, int fd)
{
    struct timespec start, tick = {0, 20000000L};
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (;;) {
        int st = 0;
        pid_t r = waitpid(browser, &st, WNOHANG);
        if (r == browser && WIFSIGNALED(st))
            send_report(fd, REPORT_KILLED, WTERMSIG(st));
        else if (r == browser)
            send_report(fd, REPORT_EXITED, WEXITSTATUS(st));
        if (r == browser || (r < 0 && errno != EINTR) || elapsed_ms(&start) >= GRACE_MS)
            return;
        nanosleep(&tick, NULL);
    }
}

/*
 * Run path with argv and envp in a new session: fork a watcher, which forks the browser (stdio
 * on /dev/null, execve) and waits up to GRACE_MS for it, then exits, leaving a browser that is
 * still running to init.  Between fork and exec only async-signal-safe calls (the callback
 * server's threads may hold locks).  The outcome comes back through a close-on-exec pipe: 0 if
 * the browser runs or exited 0, else -AG_EFAIL with the reason in *why.
 */
static int spawn(const char *path, char *const argv[], char *const envp[], struct report *why)
{
    int report[2], status = 0, rc = 0;
    if (pipe2(report, O_CLOEXEC) < 0) {
        *why = (struct report){REPORT_EXEC_FAILED, errno};
        return -AG_EFAIL;
    }
    int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
    pid_t pid = devnull < 0 ? -1 : fork();
    if (pid == 0) {
        setsid();
        pid_t browser = fork();
        if (browser == 0) {
            if (dup2(devnull, 0) >= 0 && dup2(devnull, 1) >= 0 && dup2(devnull, 2) >= 0)
                execve(path, argv, envp);
            send_report(report[1], REPORT_EXEC_FAILED, errno);
            _exit(127);
        }
        if (browser < 0)
            send_report(report[1], REPORT_EXEC_FAILED, errno);
        else
            watch(browser, report[1]);
        _exit(0);
    }
    if (pid < 0) {
        *why = (struct report){REPORT_EXEC_FAILED, errno};
        rc = -AG_EFAIL;
        goto out;
    }
    close(report[1]);
    report[1] = -1;
    ssize_t n;
    while ((n = read(report[0], why, sizeof(*why))) < 0 && errno == EINTR)
        ;
    if (n == (ssize_t)sizeof(*why) && (why->kind != REPORT_EXITED || why->value != 0))
        rc = -AG_EFAIL;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
out:
    if (devnull >= 0)
        close(devnull);
    close(report[0]);
    if (report[1] >= 0)
        close(report[1]);
    return rc;
}

/* Append why the command failed to reasons ("; "-separated). */
static void add_reason(struct ag_buf *reasons, const char *prog, const struct report *why)
{
    const char *sep = reasons->len ? "; " : "";
    if (why->kind == REPORT_EXITED)
        ag_buf_printf(reasons, "%s'%s' exited with status %d", sep, prog, why->value);
    else if (why->kind == REPORT_KILLED)
        ag_buf_printf(reasons, "%s'%s' was killed by signal %d", sep, prog, why->value);
    else
        ag_buf_printf(reasons, "%scannot start '%s': %s", sep, prog, strerror(why->value));
}

/* The child's environment while a launch is under way: a run killed during the grace period (tests
 * do this) leaves it reachable, not a leak.  volatile: a static that is only written is otherwise
 * dropped by the optimiser, store and all. */
static char **volatile launching;

static int try_command(const char *cmd, size_t len, const char *url, struct ag_buf *reasons)
{
    struct ag_buf args, path;
    char *argv[MAX_ARGS + 1];
    char **envp = NULL;
    struct report why = {0, 0};
    int rc = -AG_EFAIL;
    ag_buf_init(&args, 0);
    ag_buf_init(&path, 0);
    int n = expand(cmd, len, url, &args);
    if (n < 0) {
        ag_buf_printf(reasons, "%scannot use '%.*s'", reasons->len ? "; " : "", (int)len, cmd);
        goto out;
    }
    char *p = args.data;
    for (int i = 0; i < n; i++, p += strlen(p) + 1)
        argv[i] = p;
    argv[n] = NULL;
    if (find_program(argv[0], &path) < 0) {
        ag_buf_printf(reasons, "%s'%s' not found", reasons->len ? "; " : "", argv[0]);
        goto out;
    }
    launching = envp = ag_child_env_build(environ);
    if (!envp) {
        why = (struct report){REPORT_EXEC_FAILED, ENOMEM};
        add_reason(reasons, argv[0], &why);
        goto out;
    }
    rc = spawn(path.data, argv, envp, &why);
    if (rc < 0)
        add_reason(reasons, argv[0], &why);
    ag_debug("browser: '%s' %s", path.data, rc < 0 ? "failed" : "started");
out:
    free(envp);
    launching = NULL;
    ag_buf_free(&args);
    ag_buf_free(&path);
    return rc;
}

int ag_browser_open(const char *url, struct ag_error *err)
{
    const char *env = getenv("BROWSER");
    const char *list = env && *env ? env : DEFAULT_BROWSERS;
    struct ag_buf reasons;
    int rc = -AG_EFAIL;
    if (!url || !*url)
        return ag_error_set(err, AG_EFAIL, "no URL to open");
    ag_buf_init(&reasons, 0);
    for (const char *p = list;; p++) {
        size_t len = strcspn(p, ":");
        if (len && (rc = try_command(p, len, url, &reasons)) == 0)
            break;
        p += len;
        if (!*p)
            break;
    }
    if (rc < 0)
        ag_error_set(err, AG_EFAIL, "%s", reasons.len ? reasons.data : "no browser command in $BROWSER");
    ag_buf_free(&reasons);
    return rc;
}
