/* creator_info/query (TIKTOK_API.md §2.1): who we post as and what they allow. */
#ifndef AG_TIKTOK_CREATOR_H
#define AG_TIKTOK_CREATOR_H

#include <stdint.h>

#include <jansson.h>

#include "platforms/tiktok/session.h"

struct tt_creator {
    json_t *data;         /* the raw "data" object (owned reference) */
    const char *username; /* borrowed from data */
    const char *nickname; /* borrowed from data */
    int comment_disabled, duet_disabled, stitch_disabled;
    int64_t max_duration_s; /* 0 when TikTok did not say */
};

/* Query creator info; the HTTP-200 spam/cap errors are errors here. Free with tt_creator_free. */
int tt_creator_query(struct ag_session *s, struct tt_creator *out, struct ag_error *err);
void tt_creator_free(struct tt_creator *c);

/* The mapping tt_creator_query applies to creator_info's "data" (public for the fuzzer): takes over
 * the reference to data (released on failure too). -AG_EFAIL if a required field is missing. */
int tt_creator_from_data(json_t *data, struct tt_creator *out, struct ag_error *err);

/* 1 if privacy is one of the creator's privacy_level_options. */
int tt_creator_allows_privacy(const struct tt_creator *c, const char *privacy);

/* Comma-separated privacy_level_options, for messages. */
void tt_creator_privacy_list(const struct tt_creator *c, char *out, size_t size);

/* Check the creator is the configured account (-AG_EAUTH naming both otherwise). */
int tt_creator_check_username(const struct tt_creator *c, const char *username, struct ag_error *err);

#endif
