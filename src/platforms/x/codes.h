/*
 * X's refusals (X_THREADS_API.md §3): a v2 problem-details body (its `type` path suffix, `reason`,
 * `detail`) or a legacy {"errors":[{"code":N}]} body, mapped to an exit code (SPEC §1) and the fix.
 */
#ifndef AG_X_CODES_H
#define AG_X_CODES_H

#include "core/http.h"
#include "net/network.h"

/* Type suffixes, reasons, legacy codes and the pseudo codes "duplicate-content" and "402". */
extern const struct ag_code x_api_codes[];

/* The code of a refusal, from its body (problem type, reason, legacy code) and status; "" if none. */
void x_refusal_code(long status, const char *body, size_t len, char *code, size_t size);

/*
 * err for a non-2xx answer to what ("post", "media upload"…): exit code and advice from the table;
 * a 429 names the reset time (it was not waited for: over the cap); a 401 says how far the clock is off
 * when the answer's Date header shows it.  Returns the negative exit code.
 */
int x_answer_error(const struct ag_http_response *res, const char *what, struct ag_error *err);

#endif
