/*
 * The token store, file-compatible with Python Agoras in both directions (SPEC §4):
 *   <base>/.key                                  44-char urlsafe base64 Fernet key, no newline
 *   <base>/tokens/<platform>-<identifier>.token  one Fernet token of a JSON object, no newline
 * <base> is $AGORAS_STORAGE_DIR (a leading "~" is expanded) or ~/.agoras; $AGORAS_STORAGE_KEY,
 * when set, is the key itself and <base>/.key is not used.
 *
 * Safer than Agoras: directories 0700 and files 0600 from creation; atomic replacement
 * (temp + fsync + rename + dir fsync); read-modify-write under an exclusive lock; validated
 * names; a token that cannot be decrypted or parsed is an error naming the file, never
 * "absent", and is never overwritten without AG_STORE_FORCE.  Reading creates nothing: with
 * no key and no tokens the store is simply empty.  Decrypted plaintext is wiped after use.
 * Trust (core/store_trust.h): directories, key and tokens must belong to the user and not be
 * writable by group or others; the key and tokens must be regular files (a FIFO never hangs).
 * Locks are waited for at most $AGORAS_LOCK_TIMEOUT seconds (default 60), then -AG_ETEMP.
 */
#ifndef AG_STORE_H
#define AG_STORE_H

#include <jansson.h>
#include <stddef.h>

#include "core/error.h"

#define AG_STORE_PLATFORM_MAX   32  /* [a-z0-9_]{1,32} */
#define AG_STORE_IDENTIFIER_MAX 128 /* bytes */

enum {
    AG_STORE_FORCE = 1 << 0,   /* save/update: overwrite a token that cannot be decrypted or parsed */
    AG_STORE_REPLACE = 1 << 1, /* save: write the record as given instead of merging into the stored one */
};

/* ag_store_update callback result meaning "leave the file as it is" (not an error). */
#define AG_STORE_KEEP 1

struct ag_store;

/* The platforms Agoras knows (its token file prefixes), in the order listing tries them; NULL-terminated. */
extern const char *const ag_store_platforms[];

/*
 * Resolve the base directory and key source from the environment ($AGORAS_STORAGE_DIR, $HOME,
 * $AGORAS_STORAGE_KEY, $AGORAS_LOCK_TIMEOUT).  Touches no file.  AGORAS_STORAGE_KEY set but empty
 * or blank is -AG_EUSAGE (a CI secret that does not exist), as is a bad value of either.
 * *out is owned by the caller: ag_store_close.
 */
int ag_store_open(struct ag_store **out, struct ag_error *err);

/* Wipe the cached key and free; NULL is fine. */
void ag_store_close(struct ag_store *store);

/* The base directory (owned by the store). */
const char *ag_store_dir(const struct ag_store *store);

/*
 * Check a platform name ([a-z0-9_], 1-32 bytes) and an identifier (1-128 bytes, no '/', no
 * "..", no control characters).  Invalid names are -AG_EUSAGE.
 */
int ag_store_check_name(const char *platform, const char *identifier, struct ag_error *err);

/*
 * Load <platform>-<identifier>.  On success *out is the record (a JSON object; the caller
 * owns it: json_decref), or NULL when no such token exists (return 0, not an error).
 * A file that cannot be read, decrypted (no key, wrong key, corrupt) or parsed is an error
 * naming the file.  Takes no lock: writers replace files atomically.
 */
int ag_store_load(struct ag_store *store, const char *platform, const char *identifier, json_t **out,
                  struct ag_error *err);

/*
 * Store record (a JSON object; borrowed) under <platform>-<identifier>.  By default its fields
 * are set in the stored record and every other stored field is kept (Agoras, or a newer
 * agoras, may have written fields this version does not know); AG_STORE_REPLACE writes record
 * as is.  Creates the directories and the key when missing.  Runs under the record's lock.
 */
int ag_store_save(struct ag_store *store, const char *platform, const char *identifier, json_t *record,
                  unsigned flags, struct ag_error *err);

/*
 * Locked read-modify-write.  fn receives the stored record (an empty object and existed == 0
 * when there is none) and edits it in place; it returns 0 to write it, AG_STORE_KEEP to leave
 * the file alone, or a negative AG_E code (with err filled) to abort.  fn must not call the
 * store for the same record (the lock is held and is not re-entrant).  With AG_STORE_FORCE a
 * token that cannot be decrypted or parsed is handed over as an empty record and replaced.
 */
typedef int (*ag_store_update_fn)(json_t *record, int existed, void *ctx, struct ag_error *err);
int ag_store_update(struct ag_store *store, const char *platform, const char *identifier,
                    ag_store_update_fn fn, void *ctx, unsigned flags, struct ag_error *err);

/*
 * Remove <platform>-<identifier>.  *existed (if not NULL) says whether there was a file.
 * Needs no key: removing is also the way out for a token nobody can decrypt any more.
 */
int ag_store_delete(struct ag_store *store, const char *platform, const char *identifier, int *existed,
                    struct ag_error *err);

/*
 * Prove, before something irreversible (a token rotation at the server, spending an authorization
 * code), that <platform>-<identifier> can be written: the directories exist and are trusted, the
 * key exists or was just created, and the record's temp file can be created, filled and fsynced
 * (a full disk, a read-only directory or a file-size limit fail here).  Runs under the record's lock,
 * and removes temp files a killed writer left.  AG_STORE_FORCE: a missing key may be replaced by a
 * new one although tokens exist (as ag_store_save with AG_STORE_FORCE would).
 */
int ag_store_check_writable(struct ag_store *store, const char *platform, const char *identifier,
                            unsigned flags, struct ag_error *err);

/*
 * An exclusive lock on <tokens>/.<name>.lock for platform code that keeps several records together
 * (creates the directories).  Waits at most $AGORAS_LOCK_TIMEOUT seconds (default 60), saying after
 * 2 s that it waits for another run to finish <what>; then -AG_ETEMP.  Release with ag_fs_unlock.
 */
int ag_store_lock(struct ag_store *store, const char *name, const char *what, struct ag_error *err);

struct ag_store_entry {
    char *platform;
    char *identifier;
};

/*
 * The stored tokens, sorted by file name (byte order), optionally only those of platform.
 * Without a filter a file counts when its name starts with a platform Agoras knows followed
 * by '-' (as Agoras lists them).  *out (caller frees with ag_store_entries_free) may be NULL
 * when *n is 0.  A missing tokens directory is an empty list.
 */
int ag_store_list(struct ag_store *store, const char *platform, struct ag_store_entry **out, size_t *n,
                  struct ag_error *err);
void ag_store_entries_free(struct ag_store_entry *entries, size_t n);

#endif
