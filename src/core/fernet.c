#include "core/fernet.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define VERSION       0x80
#define HEADER_LEN    (1 + 8 + AG_FERNET_IV_LEN) /* version, timestamp, IV */
#define MAC_LEN       32
#define BLOCK         16
#define MIN_RAW_LEN   (HEADER_LEN + BLOCK + MAC_LEN)
#define MAX_TOKEN_LEN ((size_t)16 << 20) /* far above any stored record; keeps int conversions safe */

/* ---- base64url: OpenSSL does the coding; only the alphabet and the padding are checked here ---- */

static int b64_data_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/*
 * Strict padded urlsafe base64, as Python's urlsafe_b64decode requires padding: length a multiple
 * of 4, at most two '=' and only at the end.  out must hold 3 * len / 4 bytes.  Returns 0 or -1.
 */
static int b64url_decode(const char *in, size_t len, unsigned char *out, size_t *out_len)
{
    if (len == 0 || len % 4 != 0 || len > MAX_TOKEN_LEN)
        return -1;
    size_t pad = in[len - 1] == '=' ? (in[len - 2] == '=' ? 2 : 1) : 0;
    char *std = malloc(len + 1);
    if (!std)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < len && rc == 0; i++) {
        char c = in[i];
        if (i >= len - pad)
            std[i] = '=';
        else if (c == '-')
            std[i] = '+';
        else if (c == '_')
            std[i] = '/';
        else if (b64_data_char(c))
            std[i] = c;
        else
            rc = -1;
    }
    std[len] = '\0';
    int n = rc == 0 ? EVP_DecodeBlock(out, (const unsigned char *)std, (int)len) : -1;
    /* The copy may hold a key: wipe it like the key itself. */
    OPENSSL_clear_free(std, len + 1);
    if (n < 0 || (size_t)n < pad)
        return -1;
    *out_len = (size_t)n - pad;
    return 0;
}

/* Append the padded urlsafe base64 of in[0..len) to out. */
static int b64url_encode(const unsigned char *in, size_t len, struct ag_buf *out)
{
    size_t enc_len = 4 * ((len + 2) / 3);
    unsigned char *enc = malloc(enc_len + 1);
    if (!enc)
        return -1;
    int n = EVP_EncodeBlock(enc, in, (int)len);
    for (int i = 0; i < n; i++) {
        if (enc[i] == '+')
            enc[i] = '-';
        else if (enc[i] == '/')
            enc[i] = '_';
    }
    int rc = ag_buf_append(out, enc, (size_t)n);
    OPENSSL_clear_free(enc, enc_len + 1);
    return rc;
}

/* ---- keys ---- */

static int is_space(char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

int ag_fernet_key_parse(const char *text, size_t len, struct ag_fernet_key *key, struct ag_error *err)
{
    while (len && is_space(text[len - 1]))
        len--;
    while (len && is_space(*text)) {
        text++;
        len--;
    }
    unsigned char raw[33];
    size_t raw_len = 0;
    int rc = 0;
    if (len != AG_FERNET_KEY_B64_LEN || b64url_decode(text, len, raw, &raw_len) < 0 || raw_len != 32)
        rc = ag_error_set(err, AG_EFAIL,
                          "not a fernet key (expected 44 characters of urlsafe base64 for 32 bytes)");
    else {
        memcpy(key->signing, raw, 16);
        memcpy(key->encryption, raw + 16, 16);
    }
    OPENSSL_cleanse(raw, sizeof(raw));
    return rc;
}

int ag_fernet_key_generate(char out[AG_FERNET_KEY_B64_LEN + 1], struct ag_error *err)
{
    unsigned char raw[32];
    struct ag_buf enc;
    ag_buf_init(&enc, 0);
    int rc = 0;
    if (RAND_bytes(raw, sizeof(raw)) != 1)
        rc = ag_error_set(err, AG_EFAIL, "cannot generate a key: the random generator failed");
    else if (b64url_encode(raw, sizeof(raw), &enc) < 0 || enc.len != AG_FERNET_KEY_B64_LEN)
        rc = ag_error_set(err, AG_EFAIL, "cannot encode a key: out of memory");
    else
        memcpy(out, enc.data, AG_FERNET_KEY_B64_LEN + 1);
    OPENSSL_cleanse(raw, sizeof(raw));
    ag_buf_free_secret(&enc);
    return rc;
}

void ag_fernet_key_wipe(struct ag_fernet_key *key)
{
    if (key)
        OPENSSL_cleanse(key, sizeof(*key));
}

/* ---- tokens ---- */

/* AES-128-CBC with PKCS#7 padding; returns the output length or -1. */
static int aes_cbc(int encrypt, const struct ag_fernet_key *key, const unsigned char *iv,
                   const unsigned char *in, size_t len, unsigned char *out)
{
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    int n1 = 0, n2 = 0, ok = ctx != NULL;
    ok = ok && EVP_CipherInit_ex(ctx, EVP_aes_128_cbc(), NULL, key->encryption, iv, encrypt) == 1;
    ok = ok && EVP_CipherUpdate(ctx, out, &n1, in, (int)len) == 1;
    ok = ok && EVP_CipherFinal_ex(ctx, out + n1, &n2) == 1;
    EVP_CIPHER_CTX_free(ctx);
    return ok ? n1 + n2 : -1;
}

static int mac(const struct ag_fernet_key *key, const unsigned char *data, size_t len,
               unsigned char out[MAC_LEN])
{
    unsigned int out_len = 0;
    if (!HMAC(EVP_sha256(), key->signing, sizeof(key->signing), data, len, out, &out_len) ||
        out_len != MAC_LEN)
        return -1;
    return 0;
}

int ag_fernet_encrypt_at(const struct ag_fernet_key *key, const void *msg, size_t len, uint64_t now,
                         const unsigned char iv[AG_FERNET_IV_LEN], struct ag_buf *out, struct ag_error *err)
{
    if (len > MAX_TOKEN_LEN)
        return ag_error_set(err, AG_EFAIL, "cannot encrypt: message too large (%zu bytes)", len);
    size_t cap = HEADER_LEN + len + BLOCK + MAC_LEN;
    unsigned char *raw = malloc(cap);
    if (!raw)
        return ag_error_set(err, AG_EFAIL, "out of memory");
    raw[0] = VERSION;
    for (int i = 0; i < 8; i++)
        raw[1 + i] = (unsigned char)(now >> (56 - 8 * i));
    memcpy(raw + 9, iv, AG_FERNET_IV_LEN);
    int rc = 0;
    int ct_len = aes_cbc(1, key, iv, msg, len, raw + HEADER_LEN);
    size_t signed_len = HEADER_LEN + (size_t)(ct_len < 0 ? 0 : ct_len);
    if (ct_len < 0 || mac(key, raw, signed_len, raw + signed_len) < 0)
        rc = ag_error_set(err, AG_EFAIL, "cannot encrypt: openssl failure");
    else if (b64url_encode(raw, signed_len + MAC_LEN, out) < 0)
        rc = ag_error_set(err, AG_EFAIL, "out of memory");
    free(raw); /* only ciphertext: nothing secret left in it */
    return rc;
}

int ag_fernet_encrypt(const struct ag_fernet_key *key, const void *msg, size_t len, struct ag_buf *out,
                      struct ag_error *err)
{
    unsigned char iv[AG_FERNET_IV_LEN];
    if (RAND_bytes(iv, sizeof(iv)) != 1)
        return ag_error_set(err, AG_EFAIL, "cannot encrypt: the random generator failed");
    time_t t = time(NULL);
    return ag_fernet_encrypt_at(key, msg, len, t < 0 ? 0 : (uint64_t)t, iv, out, err);
}

/* The spec's order: version, time window (only with a TTL), then the MAC. */
static int check_header(const unsigned char *raw, size_t len, uint64_t ttl, uint64_t now,
                        struct ag_error *err)
{
    if (len < MIN_RAW_LEN || (len - HEADER_LEN - MAC_LEN) % BLOCK != 0)
        return ag_error_set(err, AG_EFAIL, "invalid fernet token: wrong length");
    if (raw[0] != VERSION)
        return ag_error_set(err, AG_EFAIL, "invalid fernet token: unknown version 0x%02x", raw[0]);
    if (ttl == 0)
        return 0;
    uint64_t ts = 0;
    for (int i = 0; i < 8; i++)
        ts = ts << 8 | raw[1 + i];
    if (now == 0) {
        time_t t = time(NULL);
        now = t < 0 ? 0 : (uint64_t)t;
    }
    if (now > ts && now - ts > ttl)
        return ag_error_set(err, AG_EFAIL, "invalid fernet token: expired (older than %llu s)",
                            (unsigned long long)ttl);
    if (ts > now && ts - now > AG_FERNET_MAX_SKEW)
        return ag_error_set(err, AG_EFAIL, "invalid fernet token: timestamp too far in the future");
    return 0;
}

int ag_fernet_decrypt(const struct ag_fernet_key *key, const char *token, size_t tlen, uint64_t ttl,
                      uint64_t now, char **out, size_t *out_len, struct ag_error *err)
{
    if (tlen > MAX_TOKEN_LEN)
        return ag_error_set(err, AG_EFAIL, "invalid fernet token: too long");
    unsigned char *raw = malloc(tlen / 4 * 3 + 1);
    char *plain = NULL;
    size_t raw_len = 0, ct_len = 0;
    unsigned char want[MAC_LEN];
    int rc = 0;
    if (!raw) {
        rc = ag_error_set(err, AG_EFAIL, "out of memory");
        goto out;
    }
    if (b64url_decode(token, tlen, raw, &raw_len) < 0) {
        rc = ag_error_set(err, AG_EFAIL, "invalid fernet token: not padded urlsafe base64");
        goto out;
    }
    if ((rc = check_header(raw, raw_len, ttl, now, err)) < 0)
        goto out;
    ct_len = raw_len - HEADER_LEN - MAC_LEN;
    if (mac(key, raw, HEADER_LEN + ct_len, want) < 0 ||
        CRYPTO_memcmp(want, raw + HEADER_LEN + ct_len, MAC_LEN)) {
        rc = ag_error_set(err, AG_EFAIL, "invalid fernet token: signature mismatch");
        goto out;
    }
    plain = malloc(ct_len + 1);
    int n = plain ? aes_cbc(0, key, raw + 9, raw + HEADER_LEN, ct_len, (unsigned char *)plain) : -1;
    if (n < 0) {
        rc = ag_error_set(err, AG_EFAIL, "invalid fernet token: cannot decrypt (bad padding)");
        goto out;
    }
    plain[n] = '\0';
    *out = plain;
    *out_len = (size_t)n;
    plain = NULL;
out:
    ag_fernet_free(plain, ct_len);
    free(raw);
    return rc;
}

int ag_fernet_well_formed(const char *token, size_t tlen)
{
    unsigned char *raw = tlen <= MAX_TOKEN_LEN ? malloc(tlen / 4 * 3 + 1) : NULL;
    size_t raw_len = 0;
    int ok =
        raw && b64url_decode(token, tlen, raw, &raw_len) == 0 && check_header(raw, raw_len, 0, 0, NULL) == 0;
    free(raw);
    return ok;
}

void ag_fernet_free(char *plain, size_t len)
{
    if (plain)
        OPENSSL_clear_free(plain, len + 1);
}
