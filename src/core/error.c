#include "core/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/escape.h"

static const char *const exit_meanings[] = {
    [AG_OK] = "success",
    [AG_EFAIL] = "the platform rejected the request, or any other failure",
    [AG_EUSAGE] = "usage error, or an action the platform's API cannot do",
    [AG_EAUTH] = "not authorized: credentials missing, refresh token expired or revoked",
    [AG_EINVALID] = "invalid content, caught before anything was sent",
    [AG_ETEMP] = "temporary failure (network, timeout, rate limit, 5xx): safe to retry later",
    [AG_EUNKNOWN] = "outcome unknown: the post was created but its final state is not known",
};

/* A code of the table, or 128 + a signal number (interrupted). */
static int valid_code(int code)
{
    return (code > 0 && code <= AG_EUNKNOWN) || (code > AG_EINTERRUPTED && code <= AG_EINTERRUPTED + 64);
}

/*
 * Messages carry server strings and file names: their control characters are escaped here, so no
 * caller can forget.  An error is one line; only interface messages (exact) keep their newlines.
 */
static void escape_into(struct ag_error *err, const char *raw, int exact)
{
    ag_escape_controls(err->msg, sizeof(err->msg), raw, exact ? "\n" : NULL);
}

static int set_message(struct ag_error *err, int code, int exact, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));

static int set_message(struct ag_error *err, int code, int exact, const char *fmt, va_list ap)
{
    if (!valid_code(code))
        code = AG_EFAIL;
    if (err) {
        char raw[AG_ERROR_MSG_MAX];
        vsnprintf(raw, sizeof(raw), fmt, ap);
        escape_into(err, raw, exact);
        err->code = code;
        err->exact = exact;
    }
    return -code;
}

int ag_error_set(struct ag_error *err, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = set_message(err, code, 0, fmt, ap);
    va_end(ap);
    return rc;
}

int ag_error_set_exact(struct ag_error *err, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = set_message(err, code, 1, fmt, ap);
    va_end(ap);
    return rc;
}

int ag_error_wrap(struct ag_error *err, const char *fmt, ...)
{
    if (!err)
        return -AG_EFAIL;
    char joined[2 * AG_ERROR_MSG_MAX + 2];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(joined, AG_ERROR_MSG_MAX, fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    if (n >= AG_ERROR_MSG_MAX)
        n = AG_ERROR_MSG_MAX - 1;
    memcpy(joined + n, ": ", 2);
    memcpy(joined + n + 2, err->msg, strnlen(err->msg, AG_ERROR_MSG_MAX - 1) + 1);
    escape_into(err, joined, err->exact);
    if (err->code == AG_OK)
        err->code = AG_EFAIL;
    return -err->code;
}

void ag_error_clear(struct ag_error *err)
{
    if (err) {
        err->code = AG_OK;
        err->exact = 0;
        err->msg[0] = '\0';
    }
}

int ag_exit_code(int rc)
{
    if (rc >= 0)
        return 0;
    if (rc < -(AG_EINTERRUPTED + 64)) /* not -rc > …: negating INT_MIN overflows */
        return AG_EFAIL;
    return valid_code(-rc) ? -rc : AG_EFAIL;
}

const char *ag_exit_meaning(int code)
{
    if (code < 0 || code > AG_EUNKNOWN)
        return "unknown";
    return exit_meanings[code];
}
