/*
 * A network's accounts in the token store: <network>-<id> records plus the <network>-default copy
 * that Python Agoras also writes.  One lock per network covers both files, so a rotation is never
 * half-written.  The id is the value of the network's AG_CRED_ID credential (TikTok: the username).
 */
#ifndef AG_NET_ACCOUNT_H
#define AG_NET_ACCOUNT_H

#include <jansson.h>

#include "core/error.h"
#include "net/network.h"

/*
 * Find the record to use: <net>-<id> if id is given and stored, else <net>-default (only if it
 * holds the same account), else the only record. *out is NULL when nothing is stored (not an
 * error); several records and no default is a usage error listing them and naming the id's env
 * variable. Unreadable records are errors naming the file.
 */
int ag_account_find(const struct ag_network *net, const char *id, json_t **out, struct ag_error *err);

/* Load <net>-<id> (NULL in *out if absent). */
int ag_account_load(const struct ag_network *net, const char *id, json_t **out, struct ag_error *err);

/*
 * Save under <net>-<id>, and <net>-default unless that holds another account.
 * force: replace files that cannot be decrypted or parsed (authorize --force) instead of failing.
 */
int ag_account_save(const struct ag_network *net, const char *id, json_t *record, int force,
                    struct ag_error *err);

/* Delete <net>-<id> and the default copy if it is the same account. */
int ag_account_forget(const struct ag_network *net, const char *id, struct ag_error *err);

/*
 * Before anything irreversible at the network (a refresh that rotates, an authorization code that
 * can be exchanged once): prove that <net>-<id> and <net>-default can be written.
 */
int ag_account_check_writable(const struct ag_network *net, const char *id, int force, struct ag_error *err);

/*
 * Exclusive lock for the network's records (an fd for ag_account_unlock, or a negative code);
 * waits at most $AGORAS_LOCK_TIMEOUT seconds, then -AG_ETEMP.
 */
int ag_account_lock(const struct ag_network *net, struct ag_error *err);
void ag_account_unlock(int fd);

#endif
