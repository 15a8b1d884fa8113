/*
 * The token-file decoder as every action runs it: a token file is read from a store directory
 * (whitespace trimmed), Fernet-decrypted with the store key, parsed as a JSON object, and
 * ag_session_open maps it to credentials (including the stale-env-token digest check).
 *
 * Input: byte 0 bit 0 clear: the rest is the file's raw bytes (Fernet decoding of arbitrary
 * text).  Bit 0 set: the rest is a plaintext encrypted with the store key first, so the JSON
 * parsing and the record mapping see arbitrary plaintexts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/fernet.h"
#include "core/log.h"
#include "net/session.h"
#include "platforms/tiktok/tiktok.h"

#define KEY "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4="

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char token_path[4096];
static struct ag_fernet_key key;
static char dir[4096], tokens[4200];

static void cleanup(void)
{
    unlink(token_path);
    rmdir(tokens);
    rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    struct ag_error err = {0};
    const char *tmp = getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    snprintf(dir, sizeof(dir), "%s/agoras-fuzz-store.XXXXXX", tmp);
    if (!mkdtemp(dir))
        abort();
    snprintf(tokens, sizeof(tokens), "%s/tokens", dir);
    if (mkdir(tokens, 0700) < 0)
        abort();
    snprintf(token_path, sizeof(token_path), "%s/tiktok-fuzz.token", tokens);
    atexit(cleanup);
    setenv("AGORAS_STORAGE_DIR", dir, 1);
    setenv("AGORAS_STORAGE_KEY", KEY, 1);
    setenv("TIKTOK_USERNAME", "fuzz", 1);
    /* An env refresh token: fill_from_record compares it with the stored chain's digests. */
    setenv("TIKTOK_REFRESH_TOKEN", "rft.stale-env-token-0001", 1);
    unsetenv("TIKTOK_CLIENT_KEY");
    unsetenv("TIKTOK_CLIENT_SECRET");
    ag_log_set_level(AG_LOG_CRITICAL);
    if (ag_fernet_key_parse(KEY, strlen(KEY), &key, &err) < 0)
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    struct ag_buf enc;
    struct ag_error err = {0};
    const void *bytes = data + 1;
    size_t len = size - 1;
    ag_buf_init(&enc, 0);
    if (data[0] & 1) {
        if (ag_fernet_encrypt(&key, data + 1, size - 1, &enc, &err) < 0)
            abort();
        bytes = enc.data;
        len = enc.len;
    }
    FILE *f = fopen(token_path, "wb");
    if (!f || fwrite(bytes, 1, len, f) != len || fclose(f) != 0)
        abort();
    struct ag_session s;
    if (ag_session_open(&s, &ag_tiktok_network, &err) == 0)
        ag_session_close(&s);
    else if (err.msg[0] == '\0')
        abort();
    ag_log_clear_secrets();
    ag_buf_free(&enc);
    return 0;
}
