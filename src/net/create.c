/* The create-once rule (see create.h). */
#include "net/create.h"

int ag_create_settle(int rc, long http, int understood, const char *maybe_created, struct ag_error *err)
{
    int unknown = rc == -AG_EUNKNOWN ||
                  (rc < 0 && http != 0 &&
                   (http >= 500 || ((http == 429 || (http >= 200 && http <= 299)) && !understood)));
    if (!unknown)
        return rc;
    ag_error_wrap(err, "%s", maybe_created);
    err->code = AG_EUNKNOWN;
    return -AG_EUNKNOWN;
}
