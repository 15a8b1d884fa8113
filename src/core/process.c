#include "core/process.h"

#include <errno.h>
#include <sys/prctl.h>
#include <sys/resource.h>

int ag_process_no_core_dumps(void)
{
    const struct rlimit none = {0, 0};
    int rc = 0, saved = 0;
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0) {
        rc = -1;
        saved = errno;
    }
    if (setrlimit(RLIMIT_CORE, &none) < 0) {
        rc = -1;
        saved = errno;
    }
    errno = saved;
    return rc;
}
