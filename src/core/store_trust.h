/*
 * Whether the token store may be trusted (internal to core/store.c).  The rule: every directory
 * and file of the store belongs to the user running agoras and is not writable by group or
 * others, or anyone else could plant a key or credentials that agoras would then use.  The key
 * file readable by group or others is only warned about (once per run): refusing would lock out
 * stores made by Python Agoras under a 022 umask, and the fix is one chmod.  Token files are
 * encrypted, so readable ones are harmless; agoras rewrites them 0600 anyway.
 */
#ifndef AG_STORE_TRUST_H
#define AG_STORE_TRUST_H

#include <sys/stat.h>

#include "core/error.h"

/* A store directory: missing is fine (agoras creates it 0700). */
int ag_store_trust_dir(const char *path, struct ag_error *err);

enum ag_store_file_kind { AG_STORE_KEY_FILE, AG_STORE_TOKEN_FILE };

/* A file of the store, from fstat of the open descriptor. */
int ag_store_trust_file(const char *path, const struct stat *st, enum ag_store_file_kind kind,
                        struct ag_error *err);

#endif
