#include "core/interrupt.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define SLICE_MS 100L

static volatile sig_atomic_t received;
static int cleaning_up;

static void on_signal(int sig)
{
    static const char again[] = "\nagoras: interrupted again; exiting now\n";
    if (received) {
        ssize_t ignored = write(STDERR_FILENO, again, sizeof(again) - 1);
        (void)ignored;
        _exit(128 + sig);
    }
    received = sig;
}

void ag_interrupt_install(void)
{
    static const int signals[] = {SIGINT, SIGTERM};
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof(signals) / sizeof(signals[0]); i++) {
        struct sigaction old;
        /* An ignored signal stays ignored (`agoras … &` in a script must not see the terminal's Ctrl-C). */
        if (sigaction(signals[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
            sigaction(signals[i], &sa, NULL);
    }
}

int ag_interrupt_signal(void)
{
    return received;
}

int ag_interrupt_pending(void)
{
    return cleaning_up ? 0 : received;
}

void ag_interrupt_begin_cleanup(void)
{
    cleaning_up = 1;
}

const char *ag_interrupt_name(int sig)
{
    return sig == SIGTERM ? "SIGTERM" : sig == SIGINT ? "SIGINT" : "a signal";
}

int ag_interrupt_is(int rc)
{
    return ag_exit_code(rc) > AG_EINTERRUPTED;
}

int ag_interrupt_error(struct ag_error *err, const char *fmt, ...)
{
    char what[AG_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    int sig = ag_interrupt_signal() ? ag_interrupt_signal() : SIGINT;
    return ag_error_set(err, AG_EINTERRUPTED + sig, "interrupted by %s%s%s", ag_interrupt_name(sig),
                        *what ? " " : "", what);
}

int ag_interrupt_sleep_ms(long ms)
{
    while (ms > 0) {
        if (ag_interrupt_pending())
            return -1;
        long step = ms < SLICE_MS ? ms : SLICE_MS;
        struct timespec ts = {step / 1000, (step % 1000) * 1000000L};
        while (nanosleep(&ts, &ts) < 0 && errno == EINTR && !ag_interrupt_pending())
            ;
        ms -= step;
    }
    return ag_interrupt_pending() ? -1 : 0;
}
