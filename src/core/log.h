/*
 * Diagnostics on stderr (stdout carries only results).  Every line passes through
 * secret redaction: values registered with ag_log_add_secret() are replaced by
 * "[REDACTED]" wherever they occur, so a secret that slips into a message still
 * never reaches the terminal or a CI log.  Then control characters are escaped (core/escape.h):
 * each call writes exactly one line, so a multi-line message is several calls.
 */
#ifndef AG_LOG_H
#define AG_LOG_H

enum ag_log_level {
    AG_LOG_DEBUG = 10,
    AG_LOG_INFO = 20,
    AG_LOG_WARNING = 30,
    AG_LOG_ERROR = 40,
    AG_LOG_CRITICAL = 50,
};

/* Parse DEBUG|INFO|WARNING|ERROR|CRITICAL (any case); returns 0 and sets *out, or -1. */
int ag_log_level_parse(const char *name, enum ag_log_level *out);

void ag_log_set_level(enum ag_log_level level);
enum ag_log_level ag_log_get_level(void);

/*
 * Remember a secret value (copied) so it is redacted from every later log line.
 * Values shorter than 4 bytes are ignored (they would redact ordinary words).
 */
void ag_log_add_secret(const char *value);

/* Forget and wipe every registered secret (tests, and at exit for valgrind). */
void ag_log_clear_secrets(void);

/*
 * Replace registered secrets in s (in place; the result is never longer): as written, and
 * URL- or form-encoded (any character as %XX in either case, a space as '+'), the way a server
 * echoing a request (client_secret=cs%2B…) writes them.
 */
void ag_log_redact(char *s);

void ag_log(enum ag_log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define ag_debug(...) ag_log(AG_LOG_DEBUG, __VA_ARGS__)
#define ag_info(...)  ag_log(AG_LOG_INFO, __VA_ARGS__)
#define ag_warn(...)  ag_log(AG_LOG_WARNING, __VA_ARGS__)
#define ag_err(...)   ag_log(AG_LOG_ERROR, __VA_ARGS__)

#endif
