/* Actions whose implementation has not landed yet: they say so and fail, never pretend to work. */
#include "platforms/tiktok/tiktok.h"

#define PENDING(fn, what)                                                                                         \
    int fn(struct ag_args *args, struct ag_error *err)                                                            \
    {                                                                                                             \
        (void)args;                                                                                               \
        return ag_error_set(err, AG_EFAIL, "'agoras tiktok " what "' is not implemented yet");                    \
    }

PENDING(ag_tiktok_run_authorize, "authorize")
PENDING(ag_tiktok_run_video, "video")
PENDING(ag_tiktok_run_post, "post")
PENDING(ag_tiktok_run_status, "status")
PENDING(ag_tiktok_run_whoami, "whoami")
PENDING(ag_tiktok_run_revoke, "revoke")
