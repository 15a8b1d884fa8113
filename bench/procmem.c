/*
 * procmem: run a command and report, for it and for every process it starts (children,
 * grandchildren), the peak resident set (VmHWM) and wall time of each, one line per process.
 * /usr/bin/time -v and wait4's ru_maxrss give only the largest of a process tree; this reads
 * /proc/PID/status at each process's exit, stopped there by ptrace (PTRACE_O_TRACEEXIT), so
 * no sample is missed.  Only fork/clone/exec/exit events stop the tracee: no syscall tracing.
 *
 *   usage: procmem REPORT_FILE COMMAND [ARGS...]
 *
 * REPORT_FILE gets "pid name start_ms end_ms wall_ms vmhwm_kb cpu_ms" lines (times:
 * CLOCK_REALTIME milliseconds, so they compare with agoras-sandbox's timestamps; cpu_ms = user +
 * system time of all the process's threads), in the order processes exited.  procmem exits with the command's
 * status.  Benchmark helper, not installed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_PROCS 4096

struct proc {
    pid_t tgid;
    char name[64];
    double start_ms, end_ms;
    long hwm_kb;
    double cpu_ms;
    int done;
};

static struct proc procs[MAX_PROCS];
static int nprocs;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static struct proc *find(pid_t tgid, int create)
{
    for (int i = 0; i < nprocs; i++)
        if (procs[i].tgid == tgid && !procs[i].done)
            return &procs[i];
    if (!create || nprocs == MAX_PROCS)
        return NULL;
    struct proc *p = &procs[nprocs++];
    memset(p, 0, sizeof(*p));
    p->tgid = tgid;
    p->start_ms = now_ms();
    return p;
}

/* User + system CPU time of a (stopped) process, all its threads, in milliseconds. */
static double read_cpu_ms(pid_t pid)
{
    char path[64], line[1024];
    snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    double ms = 0;
    if (fgets(line, sizeof(line), f)) {
        char *p = strrchr(line, ')'); /* the name may hold spaces; fields 3.. follow its ')' */
        unsigned long ut = 0, st = 0;
        if (p && sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) == 2)
            ms = (double)(ut + st) * 1000.0 / (double)sysconf(_SC_CLK_TCK);
    }
    fclose(f);
    return ms;
}

/* Tgid, Name and VmHWM of a (stopped) task. */
static int read_status(pid_t pid, pid_t *tgid, char *name, size_t name_size, long *hwm)
{
    char path[64], line[256];
    snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    *tgid = pid;
    *hwm = 0;
    while (fgets(line, sizeof(line), f)) {
        if (strncmp(line, "Name:", 5) == 0) {
            char *s = line + 5;
            s += strspn(s, " \t");
            s[strcspn(s, "\n")] = '\0';
            snprintf(name, name_size, "%s", s);
        } else if (strncmp(line, "Tgid:", 5) == 0) {
            *tgid = (pid_t)atol(line + 5);
        } else if (strncmp(line, "VmHWM:", 6) == 0) {
            *hwm = atol(line + 6);
        }
    }
    fclose(f);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: procmem REPORT_FILE COMMAND [ARGS...]\n");
        return 2;
    }
    FILE *report = fopen(argv[1], "w");
    if (!report) {
        perror(argv[1]);
        return 2;
    }
    double t0 = now_ms();
    pid_t child = fork();
    if (child < 0) {
        perror("fork");
        return 2;
    }
    if (child == 0) {
        ptrace(PTRACE_TRACEME, 0, NULL, NULL);
        raise(SIGSTOP);
        execvp(argv[2], argv + 2);
        perror(argv[2]);
        _exit(127);
    }
    int st, exit_status = 1;
    if (waitpid(child, &st, 0) < 0 || !WIFSTOPPED(st)) {
        fprintf(stderr, "procmem: the child did not stop\n");
        return 2;
    }
    long opts = PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXEC |
                PTRACE_O_TRACEEXIT | PTRACE_O_EXITKILL;
    ptrace(PTRACE_SETOPTIONS, child, NULL, (void *)opts);
    struct proc *first = find(child, 1);
    first->start_ms = t0;
    snprintf(first->name, sizeof(first->name), "%s", argv[2]);
    ptrace(PTRACE_CONT, child, NULL, NULL);
    for (;;) {
        pid_t pid = waitpid(-1, &st, __WALL);
        if (pid < 0) {
            if (errno == EINTR)
                continue;
            break; /* ECHILD: every traced task is gone */
        }
        if (WIFEXITED(st) || WIFSIGNALED(st)) {
            if (pid == child)
                exit_status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
            continue;
        }
        if (!WIFSTOPPED(st))
            continue;
        int sig = WSTOPSIG(st), event = st >> 16, deliver = 0;
        if (sig == SIGTRAP && event == PTRACE_EVENT_EXIT) {
            pid_t tgid;
            long hwm;
            char name[64] = "";
            if (read_status(pid, &tgid, name, sizeof(name), &hwm) == 0) {
                struct proc *p = find(tgid, 1);
                if (p) {
                    if (hwm > p->hwm_kb)
                        p->hwm_kb = hwm;
                    if (name[0] && !p->name[0])
                        snprintf(p->name, sizeof(p->name), "%s", name);
                    if (pid == tgid) { /* the leader exits last of its threads in exit_group */
                        p->end_ms = now_ms();
                        p->cpu_ms = read_cpu_ms(pid);
                        p->done = 1;
                        fprintf(report, "%d %s %.1f %.1f %.1f %ld %.0f\n", (int)p->tgid, p->name, p->start_ms,
                                p->end_ms, p->end_ms - p->start_ms, p->hwm_kb, p->cpu_ms);
                        fflush(report);
                    }
                }
            }
        } else if (sig == SIGTRAP && (event == PTRACE_EVENT_FORK || event == PTRACE_EVENT_VFORK)) {
            unsigned long newpid = 0;
            ptrace(PTRACE_GETEVENTMSG, pid, NULL, &newpid);
            find((pid_t)newpid, 1);
        } else if (sig == SIGTRAP && event == PTRACE_EVENT_EXEC) {
            pid_t tgid;
            long hwm;
            char name[64] = "";
            if (read_status(pid, &tgid, name, sizeof(name), &hwm) == 0) {
                struct proc *p = find(tgid, 1);
                if (p)
                    snprintf(p->name, sizeof(p->name), "%s", name); /* the new program's name */
            }
        } else if (sig == SIGTRAP && event != 0) {
            /* clone of a thread: nothing to record */
        } else if (sig == SIGSTOP && event == 0) {
            /* the initial stop of a newly attached task, or a real SIGSTOP: not re-delivered */
        } else {
            deliver = sig;
        }
        ptrace(PTRACE_CONT, pid, NULL, (void *)(long)deliver);
    }
    fclose(report);
    return exit_status;
}
