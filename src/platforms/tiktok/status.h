/* status/fetch (TIKTOK_API.md §2.6): one query, polling to a final state, and the result line. */
#ifndef AG_TIKTOK_STATUS_H
#define AG_TIKTOK_STATUS_H

#include <stdint.h>

#include <jansson.h>

#include "platforms/tiktok/session.h"

/* One status/fetch; *data is a new reference to the "data" object. */
int tt_status_fetch(struct ag_session *s, const char *publish_id, json_t **data, struct ag_error *err);

/*
 * Poll within TikTok's 30 requests/minute (1 s three times, then every 2.1 s) until PUBLISH_COMPLETE,
 * SEND_TO_USER_INBOX (a final state for drafts) or FAILED (exit 1 with the fail_reason explained).
 * Past timeout_s: -AG_EUNKNOWN naming the publish_id. *data receives the final status data.
 * Interrupted (Ctrl-C, core/interrupt.h): the interruption code, and *data receives the last
 * status data seen (NULL if none yet) so the caller can decide what to do about the post.
 */
int tt_status_wait(struct ag_session *s, const char *publish_id, int64_t timeout_s, json_t **data,
                   struct ag_error *err);

/* Print the result line on stdout: {"publish_id":"…","status":"…","post_ids":["…"]} (ids as strings);
 * data may be NULL (--no-wait): then only the publish_id. */
void tt_status_print(const char *publish_id, json_t *data);

#endif
