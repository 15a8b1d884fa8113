/* TikTok's error codes (TIKTOK_API.md §3) mapped to exit codes and advice a user can act on. */
#ifndef AG_TIKTOK_ERRORS_H
#define AG_TIKTOK_ERRORS_H

#include "core/error.h"
#include "net/network.h"

/* The tables of TikTok's descriptor (network.c). */
extern const struct ag_code tt_api_codes[], tt_oauth_codes[], tt_fail_reasons[];

/*
 * Fill err for an API error envelope: code is error.code, message is error.message (may be
 * NULL), log_id the request id for support (may be NULL), http the HTTP status.
 * Returns the negative exit code.
 */
int tt_error_from_api(struct ag_error *err, long http, const char *code, const char *message,
                      const char *log_id);

/* Fill err for an OAuth error (flat "error" field, §1.4). Returns the negative exit code. */
int tt_error_from_oauth(struct ag_error *err, long http, const char *error, const char *description);

/* Explain a status/fetch fail_reason; returns a static one-line advice string. */
const char *tt_fail_reason_advice(const char *fail_reason);

#endif
