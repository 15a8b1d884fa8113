/*
 * Discord's per-route buckets within one run (LINKEDIN_YOUTUBE_DISCORD_TELEGRAM_API.md §3.6): after
 * an answer whose X-RateLimit-Remaining is 0, the next request of that route, or of any route sharing
 * its X-RateLimit-Bucket, waits X-RateLimit-Reset-After seconds first.
 */
#ifndef AG_DISCORD_RATELIMIT_H
#define AG_DISCORD_RATELIMIT_H

#include "core/error.h"
#include "core/http.h"

/* Record what res says about route's bucket. */
void dc_rl_update(const char *route, const struct ag_http_response *res);

/*
 * Milliseconds to wait before a request of route (0: none).  A wait over DC_MAX_WAIT_S is
 * -AG_ETEMP naming it; otherwise dc_rl_wait sleeps it (interruptible).
 */
long dc_rl_pending_ms(const char *route);
int dc_rl_wait(const char *route, struct ag_error *err);

/* Forget every bucket (tests). */
void dc_rl_reset(void);

#endif
