/*
 * A post's text as X counts it (X_THREADS_API.md §2.9): 280 weighted characters, Latin and common
 * punctuation 1, everything else 2 (CJK, emoji: an emoji sequence joined by ZWJ, with its variation
 * selectors and skin tones, counts 2 once), every http(s) URL 23.  The text is counted as given, not
 * NFC-normalised: a decomposed accent can only count more, so what passes here passes at X.
 */
#ifndef AG_X_TEXT_H
#define AG_X_TEXT_H

#include "core/error.h"

#define X_TEXT_MAX   280
#define X_URL_WEIGHT 23

/* The weighted length of UTF-8 text; -1 when it is not valid UTF-8. */
long x_text_weight(const char *text);

/*
 * "<first><sep><second>" (a missing or empty part and its separator left out), trimmed of white space at
 * both ends, and checked: not valid UTF-8, or over X_TEXT_MAX, is -AG_EINVALID (never cut).  *out is
 * malloc'd ("" when there is no text).
 */
int x_text_build(const char *first, const char *second, const char *sep, char **out, struct ag_error *err);

#endif
