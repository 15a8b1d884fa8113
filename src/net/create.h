/*
 * "A create is sent once" (SPEC §6): a request that creates something is never re-sent after it may
 * have arrived, and when its answer does not prove that nothing was created, the error says so and is
 * exit 6 (AG_EUNKNOWN).  Networks send creates with idempotent = 0 and settle the answer here.
 */
#ifndef AG_NET_CREATE_H
#define AG_NET_CREATE_H

#include "core/error.h"

/*
 * rc and http are the request's outcome (http 0: no answer).  understood: the network read the
 * answer as one of its documented refusals (a 429 with its rate-limit code) or a readable success.
 * Unknown outcomes: AG_EUNKNOWN already, a 5xx, or a 429 or 2xx not understood; then err is wrapped
 * with maybe_created and -AG_EUNKNOWN returned.  Otherwise rc is returned as is.
 */
int ag_create_settle(int rc, long http, int understood, const char *maybe_created, struct ag_error *err);

#endif
