/*
 * Ctrl-C (SIGINT) and SIGTERM during long work.  The handler only records the signal; HTTP
 * transfers (core/http.c checks it from libcurl's progress callback) and waits
 * (ag_interrupt_sleep_ms) notice it within a fraction of a second and return an "interrupted"
 * error (code 128 + signal number: exit 130 for SIGINT, 143 for SIGTERM, the shell's
 * convention).  The caller then cleans up — cancels what can be cancelled, says what happened —
 * and exits.  A second signal exits at once (status 128 + signal), cleanup or not.
 *
 * Requests that create something (idempotent == 0) are not cut off: once sent, their answer is
 * the only way to know whether the thing exists; they end within their timeout.
 */
#ifndef AG_INTERRUPT_H
#define AG_INTERRUPT_H

#include "core/error.h"

/* Install the handler for SIGINT and SIGTERM unless ignored (SA_RESTART: other blocking calls carry on). */
void ag_interrupt_install(void);

/* The signal received (SIGINT, SIGTERM), or 0: set for good once one arrived. */
int ag_interrupt_signal(void);

/* The signal if work should stop now: 0 before any signal and during cleanup. */
int ag_interrupt_pending(void);

/* After an interruption: let requests run again (a cancel request); a second signal still exits. */
void ag_interrupt_begin_cleanup(void);

/* "SIGINT" / "SIGTERM" for sig. */
const char *ag_interrupt_name(int sig);

/* 1 if rc (0 or -code) is an interruption (code 128 + signal). */
int ag_interrupt_is(int rc);

/* Set err to code 128 + the pending signal and the message "interrupted by SIG…" + what follows. */
int ag_interrupt_error(struct ag_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Sleep ms milliseconds, in slices, returning early when an interruption is pending: 0 or -1. */
int ag_interrupt_sleep_ms(long ms);

#endif
