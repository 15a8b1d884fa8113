/*
 * Threads' refusals (X_THREADS_API.md §7): the Graph error object, the token endpoints' flat shape and
 * the authorization window's, each read into a code ("190/463", "190", "1349245") that th_api_codes
 * maps to an exit code and a fix.
 */
#ifndef AG_THREADS_CODES_H
#define AG_THREADS_CODES_H

#include <stddef.h>

#include <jansson.h>

#include "core/error.h"
#include "net/network.h"

extern const struct ag_code th_api_codes[];

/*
 * err from an answer that is not a success: body (may be NULL) in any of the three shapes, http its
 * status, what the request ("publish").  code gets "<code>" (the key ag_session_call compares with the
 * descriptor's auth_error_code; "" if none); subcode gets the subcode or "".  Returns the negative exit code.
 */
int th_error_from_answer(long http, json_t *body, const char *what, char *code, size_t code_size,
                         char *subcode, size_t subcode_size, struct ag_error *err);

#endif
