/* Creating a post (X_THREADS_API.md §2.1): POST /2/tweets, sent once, and the result line. */
#ifndef AG_X_TWEET_H
#define AG_X_TWEET_H

#include <stddef.h>

#include "platforms/x/api.h"

/* What a create's unknown outcome tells the user (exit 6). */
#define X_MAYBE_POSTED "x: the post may have been created: look at your profile before running this again"

/*
 * POST /2/tweets with text (may be "" when there is media) and n media ids, once; then print
 * {"id":"…","url":"https://x.com/<screen name>/status/<id>"} (the screen name from the store; else
 * x.com/i/status/<id>, which X redirects).
 */
int x_tweet_create(const struct x_creds *c, const char *text, char *const *media_ids, size_t n,
                   struct ag_error *err);

#endif
