/*
 * The result line: on success an action prints exactly one compact JSON line on stdout (SPEC §1,
 * §6), its id first and as a string, other keys after it in their order.  Every stdout line of a
 * publishing action goes through here.
 */
#ifndef AG_NET_RESULT_H
#define AG_NET_RESULT_H

#include <jansson.h>

/* Print {"<id_key>":"<id>", …more's keys} (id_key is "id" except where a network's own spec names it,
 * TikTok's "publish_id"); more may be NULL.  Flushed, so a caller that waits next has printed it. */
void ag_result_print(const char *id_key, const char *id, json_t *more);

/* Print obj as one compact line (key order kept): --dry-run's request, for one. */
void ag_result_print_json(json_t *obj);

/*
 * Hand every result to fn instead of stdout (an action run in-process for another command, as
 * feed-publish does through net/deliver.h); fn borrows line.  NULL prints to stdout again.
 */
typedef void (*ag_result_capture_fn)(json_t *line, void *ctx);
void ag_result_capture(ag_result_capture_fn fn, void *ctx);

#endif
