#include "core/browser.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/log.h"

#define MAX_ARGS 32
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

/*
 * Run path with argv detached: fork, new session, fork again (so nobody has to reap the browser),
 * /dev/null on 0-2, execve.  Between fork and exec only async-signal-safe calls (the callback
 * server's threads may hold locks).  An exec failure comes back through a close-on-exec pipe.
 */
static int spawn_detached(const char *path, char *const argv[])
{
    int report[2], child_errno = 0, status = 0;
    if (pipe(report) < 0)
        return -errno;
    int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (devnull < 0 || fcntl(report[0], F_SETFD, FD_CLOEXEC) < 0 ||
        fcntl(report[1], F_SETFD, FD_CLOEXEC) < 0) {
        child_errno = errno;
        goto out;
    }
    pid_t pid = fork();
    if (pid == 0) {
        setsid();
        pid_t grandchild = fork();
        if (grandchild != 0)
            _exit(grandchild < 0 ? 1 : 0);
        if (dup2(devnull, 0) >= 0 && dup2(devnull, 1) >= 0 && dup2(devnull, 2) >= 0)
            execve(path, argv, environ);
        int e = errno;
        ssize_t ignored = write(report[1], &e, sizeof(e));
        (void)ignored;
        _exit(127);
    }
    if (pid < 0) {
        child_errno = errno;
        goto out;
    }
    close(report[1]);
    report[1] = -1;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
        child_errno = EAGAIN; /* the second fork failed */
    while (read(report[0], &child_errno, sizeof(child_errno)) < 0 && errno == EINTR)
        ;
out:
    if (devnull >= 0)
        close(devnull);
    close(report[0]);
    if (report[1] >= 0)
        close(report[1]);
    return -child_errno;
}

static int try_command(const char *cmd, size_t len, const char *url)
{
    struct ag_buf args, path;
    char *argv[MAX_ARGS + 1];
    int rc = -1;
    ag_buf_init(&args, 0);
    ag_buf_init(&path, 0);
    int n = expand(cmd, len, url, &args);
    if (n < 0) {
        ag_debug("browser: cannot use '%.*s'", (int)len, cmd);
        goto out;
    }
    char *p = args.data;
    for (int i = 0; i < n; i++, p += strlen(p) + 1)
        argv[i] = p;
    argv[n] = NULL;
    if (find_program(argv[0], &path) < 0) {
        ag_debug("browser: '%s' not found", argv[0]);
        goto out;
    }
    rc = spawn_detached(path.data, argv);
    if (rc < 0)
        ag_debug("browser: cannot start '%s': %s", path.data, strerror(-rc));
    else
        ag_debug("browser: started '%s'", path.data);
out:
    ag_buf_free(&args);
    ag_buf_free(&path);
    return rc;
}

int ag_browser_open(const char *url)
{
    const char *env = getenv("BROWSER");
    const char *list = env && *env ? env : DEFAULT_BROWSERS;
    if (!url || !*url)
        return -AG_EFAIL;
    for (const char *p = list;; p++) {
        size_t len = strcspn(p, ":");
        if (len && try_command(p, len, url) == 0)
            return 0;
        p += len;
        if (!*p)
            return -AG_EFAIL;
    }
}
