/* agoras utils media-limits: print the media limits agoras enforces (reference §3.3 format). */
#ifndef AG_CLI_MEDIA_LIMITS_H
#define AG_CLI_MEDIA_LIMITS_H

#include "net/opts.h"

/* "media-limits [--platform P] [--kind image|video] [--json]"; results on stdout, exit 0. */
extern const struct ag_action ag_action_media_limits;

#endif
