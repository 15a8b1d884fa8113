/*
 * A post whose wait was interrupted (Ctrl-C, SIGTERM): cancel it while TikTok is still pulling its
 * media (POST /v2/post/publish/cancel/, TIKTOK_API.md §2.7: best effort, PULL_FROM_URL downloads
 * only), otherwise leave it to TikTok and say how to follow it up.
 */
#ifndef AG_TIKTOK_INTERRUPTED_H
#define AG_TIKTOK_INTERRUPTED_H

#include <jansson.h>

#include "platforms/tiktok/session.h"

/*
 * last: the last status data seen (NULL: none yet).  cancel_pull: TikTok pulls this post's media (and
 * this run started it), so a download still in progress is cancelled.  Otherwise, or when the
 * cancel fails, err tells how to resume ('agoras tiktok status --publish-id ID --wait').
 * Returns the interruption code (exit 130 / 143).  A second signal during the cancel exits at once.
 */
int tt_interrupted_wait(struct ag_session *s, const char *publish_id, json_t *last, int cancel_pull,
                        struct ag_error *err);

#endif
