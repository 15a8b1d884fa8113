/* Error object and the exit-code table of SPEC.md §1 — the one place it lives. */
#ifndef AG_ERROR_H
#define AG_ERROR_H

#include <stddef.h>

/*
 * Fallible functions return 0 or the negative of one of these codes and fill a
 * struct ag_error.  The codes are the process exit codes, so the CLI only negates.
 * Never renumber them: scripts depend on them.
 */
enum ag_exit {
    AG_OK = 0,
    AG_EFAIL = 1,    /* the platform rejected the request, or any other failure */
    AG_EUSAGE = 2,   /* bad flags/values, or an action the platform's API cannot do */
    AG_EAUTH = 3,    /* not authorized: credentials missing, refresh token expired/revoked */
    AG_EINVALID = 4, /* invalid content, caught before anything was sent */
    AG_ETEMP = 5,    /* temporary failure: network, timeout, rate limit, 5xx */
    AG_EUNKNOWN = 6, /* post created but its final state is not known */
    /*
     * Not a row of the table: interrupted by signal N is code AG_EINTERRUPTED + N (130 for
     * SIGINT, 143 for SIGTERM), the shell's convention (core/interrupt.h).
     */
    AG_EINTERRUPTED = 128,
};

#define AG_ERROR_MSG_MAX 512

struct ag_error {
    int code;                   /* one of enum ag_exit; AG_OK when no error is set */
    int exact;                  /* msg is interface text (ag_error_set_exact): printed without a prefix */
    char msg[AG_ERROR_MSG_MAX]; /* lowercase, one line, names the failing thing; never a secret;
                                   control characters escaped (core/escape.h) */
};

/* Set *err (if not NULL) to code and a printf-formatted message; returns -code. */
int ag_error_set(struct ag_error *err, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/*
 * Like ag_error_set, for messages whose exact wording is part of the interface (Python Agoras's
 * `utils tokens` messages, which scripts match): the CLI prints them as they are, no "error: ".
 */
int ag_error_set_exact(struct ag_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Prefix the existing message with "prefix: " (printf-formatted); returns -err->code. */
int ag_error_wrap(struct ag_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Reset to "no error". */
void ag_error_clear(struct ag_error *err);

/* Process exit code for a function result (0 or -AG_E…); unknown values map to 1. */
int ag_exit_code(int rc);

/* Short English meaning of an exit code, for --help and the man page. */
const char *ag_exit_meaning(int code);

#endif
