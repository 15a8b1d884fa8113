/* What video and photo posts share: pre-send checks, notices, dry-run output, the flow's end. */
#ifndef AG_TIKTOK_PUBLISH_H
#define AG_TIKTOK_PUBLISH_H

#include <stddef.h>

#include <jansson.h>

#include "net/opts.h"
#include "platforms/tiktok/creator.h"
#include "platforms/tiktok/options.h"

/* -AG_EINVALID if text (may be NULL) is longer than max UTF-16 units or not UTF-8; what names the field. */
int tt_check_text(const char *what, const char *text, long max, struct ag_error *err);

/* Privacy must be one of the creator's options; branded content cannot be SELF_ONLY. */
int tt_check_privacy(const struct tt_creator *c, const char *privacy, int brand_content,
                     struct ag_error *err);

/* Resolve credentials, query creator info, check the account, say who we post as. */
int tt_publish_begin(struct ag_session *s, struct tt_creator *c, struct ag_error *err);

/* The brand labels and the Music Usage / Branded Content declaration on stderr (SPEC §2.3 step 3). */
void tt_print_notices(int brand_organic, int brand_content);

/* --dry-run: one JSON line on stdout naming the endpoint and the body that would be sent. */
void tt_print_dry_run(const char *path, json_t *body);

/* The publish_id of an init answer; NULL and -AG_EUNKNOWN in err when it lacks one (the post may exist). */
const char *tt_publish_id(json_t *init_data, struct ag_error *err);

/*
 * After a successful init: print only the publish_id (--no-wait), or wait for the final state
 * and print the result line. Returns 0 or the wait's error.  pull: TikTok downloads the media
 * (PULL_FROM_URL, photos): an interruption while it does cancels the post (interrupted.h).
 */
int tt_publish_finish(struct ag_session *s, const struct tt_publish_opts *o, const char *publish_id, int pull,
                      struct ag_error *err);

#endif
