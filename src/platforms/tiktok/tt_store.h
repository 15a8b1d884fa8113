/*
 * TikTok's records in the token store: tiktok-<username> plus the tiktok-default copy that
 * Python Agoras also writes.  One lock covers both files, so a rotation is never half-written.
 */
#ifndef AG_TIKTOK_STORE_H
#define AG_TIKTOK_STORE_H

#include <jansson.h>

#include "core/error.h"

/*
 * Find the record to use: tiktok-<username> if username is given and stored, else tiktok-default,
 * else the only tiktok record. *out is NULL when nothing is stored (not an error); several records
 * and no default is a usage error listing them. Unreadable records are errors naming the file.
 */
int tt_store_find(const char *username, json_t **out, struct ag_error *err);

/* Load tiktok-<username> (NULL in *out if absent). */
int tt_store_load_own(const char *username, json_t **out, struct ag_error *err);

/*
 * Save under tiktok-<username>, and tiktok-default unless that holds another account.
 * force: replace files that cannot be decrypted or parsed (authorize --force) instead of failing.
 */
int tt_store_save_own(const char *username, json_t *record, int force, struct ag_error *err);

/* Delete tiktok-<username> and the default copy if it is the same account. */
int tt_store_forget(const char *username, struct ag_error *err);

/*
 * Before anything irreversible at TikTok (a refresh rotates the refresh token, an authorization
 * code can be exchanged once): prove that tiktok-<username> and tiktok-default can be written.
 * force: as tt_store_save_own's (a lost key may be replaced by a new one).
 */
int tt_store_check_writable(const char *username, int force, struct ag_error *err);

/*
 * Exclusive lock for TikTok's records (returns an fd for tt_store_unlock, or a negative code);
 * waits at most $AGORAS_LOCK_TIMEOUT seconds, then -AG_ETEMP.
 */
int tt_store_lock(struct ag_error *err);
void tt_store_unlock(int fd);

#endif
