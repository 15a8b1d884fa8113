/*
 * Fernet tokens (https://github.com/fernet/spec, version 0x80), the format Python Agoras's
 * token store uses: base64url( 0x80 | 8-byte big-endian time | 16-byte IV |
 * AES-128-CBC(PKCS#7(plaintext)) | HMAC-SHA256(signing key, all preceding bytes) ).
 * The key is 32 bytes written as 44 characters of padded urlsafe base64: bytes 0-15 sign,
 * bytes 16-31 encrypt.  All cryptography and base64 coding is OpenSSL's.
 */
#ifndef AG_FERNET_H
#define AG_FERNET_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/error.h"

#define AG_FERNET_KEY_B64_LEN 44 /* characters of a written key, without NUL */
#define AG_FERNET_IV_LEN      16
#define AG_FERNET_MAX_SKEW    60 /* seconds a token's time may be ahead of ours (with a TTL) */

/* A decoded key.  Secret: wipe with ag_fernet_key_wipe when done. */
struct ag_fernet_key {
    unsigned char signing[16];
    unsigned char encryption[16];
};

/*
 * Decode a written key (exactly 44 urlsafe base64 characters after trimming surrounding
 * whitespace, as Python Agoras tolerates on read).  The message never contains key material.
 */
int ag_fernet_key_parse(const char *text, size_t len, struct ag_fernet_key *key, struct ag_error *err);

/* Make a fresh random key and write its 44 characters plus NUL to out (a secret: wipe it). */
int ag_fernet_key_generate(char out[AG_FERNET_KEY_B64_LEN + 1], struct ag_error *err);

void ag_fernet_key_wipe(struct ag_fernet_key *key);

/* Encrypt msg with the current time and a random IV; appends the token (ASCII, no newline) to out. */
int ag_fernet_encrypt(const struct ag_fernet_key *key, const void *msg, size_t len, struct ag_buf *out,
                      struct ag_error *err);

/* Same with an explicit timestamp and IV: for the specification's test vectors only. */
int ag_fernet_encrypt_at(const struct ag_fernet_key *key, const void *msg, size_t len, uint64_t now,
                         const unsigned char iv[AG_FERNET_IV_LEN], struct ag_buf *out, struct ag_error *err);

/*
 * Verify and decrypt token (tlen characters; no surrounding whitespace allowed).
 * ttl == 0: no age check, as Python Agoras's store does.  ttl > 0: reject tokens older than
 * ttl seconds or more than AG_FERNET_MAX_SKEW seconds in the future, relative to now
 * (now == 0 means the current time).
 * On success *out is a malloc'ed NUL-terminated copy of the plaintext and *out_len its length;
 * it is a secret: release it with ag_fernet_free(*out, *out_len).  Outputs untouched on failure.
 * Failures are -AG_EFAIL with a message saying why (never containing token or key bytes).
 */
int ag_fernet_decrypt(const struct ag_fernet_key *key, const char *token, size_t tlen, uint64_t ttl,
                      uint64_t now, char **out, size_t *out_len, struct ag_error *err);

/*
 * Is token a well-formed Fernet token: padded urlsafe base64 of the version byte 0x80, a timestamp, an
 * IV, whole cipher blocks and an HMAC?  Needs no key.  A well-formed token that ag_fernet_decrypt refuses
 * was signed with another key (or altered); one that is not well formed is truncated or garbage.
 */
int ag_fernet_well_formed(const char *token, size_t tlen);

/* Wipe and free a plaintext returned by ag_fernet_decrypt (len as returned); NULL is fine. */
void ag_fernet_free(char *plain, size_t len);

#endif
