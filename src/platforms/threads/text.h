/* Threads' text rules (X_THREADS_API.md §6.1, §8), checked before anything is sent. */
#ifndef AG_THREADS_TEXT_H
#define AG_THREADS_TEXT_H

#include "core/error.h"

#define TH_TEXT_MAX  500
#define TH_LINKS_MAX 5

/* Characters as Threads counts them: one per character, an emoji as its UTF-8 bytes; -1 if not UTF-8. */
long th_text_length(const char *text);

/* Distinct http(s) URLs in text and link (either may be NULL). */
int th_link_count(const char *text, const char *link);

/* a, sep and b with the empty ones (NULL or "") and their separator left out, into *out (free; NULL when both
 * are empty).  0, or -AG_EFAIL when out of memory. */
int th_text_join(const char *a, const char *sep, const char *b, char **out, struct ag_error *err);

/* 0, or -AG_EINVALID naming the rule (length, links) and the fix. */
int th_text_check(const char *text, const char *link, struct ag_error *err);

#endif
