/* Fernet: the official vectors (generate, verify, invalid .json) plus key handling and tampering. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <jansson.h>

#include "core/fernet.h"

static json_t *load_vectors(const char *name)
{
    const char *dir = getenv("AGORAS_TESTDATA");
    assert_non_null(dir);
    char path[4096];
    snprintf(path, sizeof(path), "%s/fernet/%s", dir, name);
    json_error_t jerr;
    json_t *v = json_load_file(path, 0, &jerr);
    if (!v)
        fail_msg("cannot load %s: %s", path, jerr.text);
    assert_true(json_is_array(v) && json_array_size(v) > 0);
    return v;
}

/* "1985-10-26T01:20:00-07:00" -> Unix seconds. */
static uint64_t parse_time(const char *s)
{
    struct tm tm = {0};
    int off_h = 0, off_m = 0;
    char sign = 0;
    int n = sscanf(s, "%d-%d-%dT%d:%d:%d%c%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                   &tm.tm_min, &tm.tm_sec, &sign, &off_h, &off_m);
    assert_int_equal(n, 9);
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    int64_t t = (int64_t)timegm(&tm);
    int64_t off = (int64_t)off_h * 3600 + off_m * 60;
    return (uint64_t)(sign == '-' ? t + off : t - off);
}

static void key_of(json_t *vec, struct ag_fernet_key *key)
{
    const char *secret = json_string_value(json_object_get(vec, "secret"));
    assert_non_null(secret);
    assert_int_equal(ag_fernet_key_parse(secret, strlen(secret), key, NULL), 0);
}

static void test_generate_vectors(void **state)
{
    (void)state;
    json_t *vectors = load_vectors("generate.json");
    size_t i;
    json_t *vec;
    json_array_foreach(vectors, i, vec)
    {
        struct ag_fernet_key key;
        key_of(vec, &key);
        unsigned char iv[AG_FERNET_IV_LEN];
        json_t *ivs = json_object_get(vec, "iv");
        assert_int_equal(json_array_size(ivs), AG_FERNET_IV_LEN);
        for (size_t k = 0; k < AG_FERNET_IV_LEN; k++)
            iv[k] = (unsigned char)json_integer_value(json_array_get(ivs, k));
        const char *src = json_string_value(json_object_get(vec, "src"));
        struct ag_buf out;
        ag_buf_init(&out, 0);
        uint64_t now = parse_time(json_string_value(json_object_get(vec, "now")));
        assert_int_equal(ag_fernet_encrypt_at(&key, src, strlen(src), now, iv, &out, NULL), 0);
        assert_string_equal(out.data, json_string_value(json_object_get(vec, "token")));
        ag_buf_free(&out);
    }
    json_decref(vectors);
}

static void test_verify_vectors(void **state)
{
    (void)state;
    json_t *vectors = load_vectors("verify.json");
    size_t i;
    json_t *vec;
    json_array_foreach(vectors, i, vec)
    {
        struct ag_fernet_key key;
        key_of(vec, &key);
        const char *token = json_string_value(json_object_get(vec, "token"));
        uint64_t now = parse_time(json_string_value(json_object_get(vec, "now")));
        uint64_t ttl = (uint64_t)json_integer_value(json_object_get(vec, "ttl_sec"));
        char *plain = NULL;
        size_t len = 0;
        struct ag_error err = {0};
        assert_int_equal(ag_fernet_decrypt(&key, token, strlen(token), ttl, now, &plain, &len, &err), 0);
        assert_string_equal(plain, json_string_value(json_object_get(vec, "src")));
        assert_int_equal(len, strlen(plain));
        ag_fernet_free(plain, len);
        /* Without a TTL (the store's mode) the same token decrypts at any time. */
        assert_int_equal(ag_fernet_decrypt(&key, token, strlen(token), 0, 0, &plain, &len, &err), 0);
        ag_fernet_free(plain, len);
    }
    json_decref(vectors);
}

static void test_invalid_vectors(void **state)
{
    (void)state;
    json_t *vectors = load_vectors("invalid.json");
    size_t i;
    json_t *vec;
    json_array_foreach(vectors, i, vec)
    {
        struct ag_fernet_key key;
        key_of(vec, &key);
        const char *token = json_string_value(json_object_get(vec, "token"));
        uint64_t now = parse_time(json_string_value(json_object_get(vec, "now")));
        uint64_t ttl = (uint64_t)json_integer_value(json_object_get(vec, "ttl_sec"));
        char *plain = (char *)"untouched";
        size_t len = 42;
        struct ag_error err = {0};
        int rc = ag_fernet_decrypt(&key, token, strlen(token), ttl, now, &plain, &len, &err);
        if (rc != -AG_EFAIL)
            fail_msg("accepted invalid vector '%s'", json_string_value(json_object_get(vec, "desc")));
        assert_string_equal(plain, "untouched");
        assert_int_equal(len, 42);
        assert_non_null(strstr(err.msg, "invalid fernet token"));
    }
    json_decref(vectors);
}

static void test_key_parse(void **state)
{
    (void)state;
    struct ag_fernet_key key;
    struct ag_error err = {0};
    const char *good = "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=";
    assert_int_equal(ag_fernet_key_parse(good, strlen(good), &key, &err), 0);
    const char *spaced = "  cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=\n";
    assert_int_equal(ag_fernet_key_parse(spaced, strlen(spaced), &key, &err), 0);
    const char *bad[] = {
        "",
        "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4",   /* unpadded */
        "cw/0x689RpI+jtRR7oE8h/eQsKImvJapLeSbXpwF4e4=",  /* standard alphabet */
        "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e==",  /* 31 bytes */
        "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=A", /* 45 chars */
        "cw_0x689RpI-jtR 7oE8h_eQsKImvJapLeSbXpwF4e4=",  /* inner space */
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(ag_fernet_key_parse(bad[i], strlen(bad[i]), &key, &err), -AG_EFAIL);
        assert_null(strstr(err.msg, "cw_0")); /* never echoes key material */
    }
    char text[] = "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=";
    text[10] = '\0';
    assert_int_equal(ag_fernet_key_parse(text, 44, &key, &err), -AG_EFAIL); /* embedded NUL */
}

static void roundtrip(const struct ag_fernet_key *key, const char *msg)
{
    struct ag_buf tok;
    ag_buf_init(&tok, 0);
    assert_int_equal(ag_fernet_encrypt(key, msg, strlen(msg), &tok, NULL), 0);
    assert_int_equal(tok.len % 4, 0);
    assert_null(strpbrk(tok.data, "+/\n"));
    char *plain = NULL;
    size_t len = 0;
    assert_int_equal(ag_fernet_decrypt(key, tok.data, tok.len, 3600, 0, &plain, &len, NULL), 0);
    assert_int_equal(len, strlen(msg));
    assert_memory_equal(plain, msg, len);
    ag_fernet_free(plain, len);
    ag_buf_free(&tok);
}

static void test_roundtrip_and_generate(void **state)
{
    (void)state;
    char text[AG_FERNET_KEY_B64_LEN + 1];
    assert_int_equal(ag_fernet_key_generate(text, NULL), 0);
    assert_int_equal(strlen(text), AG_FERNET_KEY_B64_LEN);
    struct ag_fernet_key key;
    assert_int_equal(ag_fernet_key_parse(text, strlen(text), &key, NULL), 0);
    roundtrip(&key, "");
    roundtrip(&key, "0123456789abcdef"); /* exactly one block: a full padding block follows */
    roundtrip(&key, "{\"refresh_token\": \"r\\u00e9\"}");
    ag_fernet_key_wipe(&key);
}

static void test_tamper_and_wrong_key(void **state)
{
    (void)state;
    struct ag_fernet_key key, other;
    char text[AG_FERNET_KEY_B64_LEN + 1];
    assert_int_equal(ag_fernet_key_generate(text, NULL), 0);
    assert_int_equal(ag_fernet_key_parse(text, strlen(text), &key, NULL), 0);
    assert_int_equal(ag_fernet_key_generate(text, NULL), 0);
    assert_int_equal(ag_fernet_key_parse(text, strlen(text), &other, NULL), 0);
    struct ag_buf tok;
    ag_buf_init(&tok, 0);
    assert_int_equal(ag_fernet_encrypt(&key, "secret record", 13, &tok, NULL), 0);
    char *plain = NULL;
    size_t len = 0;
    struct ag_error err = {0};
    assert_int_equal(ag_fernet_decrypt(&other, tok.data, tok.len, 0, 0, &plain, &len, &err), -AG_EFAIL);
    assert_non_null(strstr(err.msg, "signature"));
    /* Flip a high bit of every character in turn (the low bits of the last one are padding). */
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (size_t i = 0; i < tok.len && tok.data[i] != '='; i++) {
        char saved = tok.data[i];
        tok.data[i] = alphabet[(strchr(alphabet, saved) - alphabet) ^ 0x20];
        assert_int_not_equal(ag_fernet_decrypt(&key, tok.data, tok.len, 0, 0, &plain, &len, NULL), 0);
        tok.data[i] = saved;
    }
    /* Truncations and a trailing newline are rejected too. */
    for (size_t cut = 0; cut < tok.len; cut += 3)
        assert_int_not_equal(ag_fernet_decrypt(&key, tok.data, cut, 0, 0, &plain, &len, NULL), 0);
    assert_int_equal(ag_buf_puts(&tok, "\n"), 0);
    assert_int_not_equal(ag_fernet_decrypt(&key, tok.data, tok.len, 0, 0, &plain, &len, NULL), 0);
    ag_buf_free(&tok);
}

static void test_ttl_window(void **state)
{
    (void)state;
    struct ag_fernet_key key;
    const char *secret = "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=";
    assert_int_equal(ag_fernet_key_parse(secret, strlen(secret), &key, NULL), 0);
    unsigned char iv[AG_FERNET_IV_LEN] = {0};
    struct ag_buf tok;
    ag_buf_init(&tok, 0);
    assert_int_equal(ag_fernet_encrypt_at(&key, "x", 1, 1000, iv, &tok, NULL), 0);
    char *plain = NULL;
    size_t len = 0;
    assert_int_equal(ag_fernet_decrypt(&key, tok.data, tok.len, 60, 1060, &plain, &len, NULL), 0);
    ag_fernet_free(plain, len);
    assert_int_equal(ag_fernet_decrypt(&key, tok.data, tok.len, 60, 1061, &plain, &len, NULL), -AG_EFAIL);
    assert_int_equal(ag_fernet_decrypt(&key, tok.data, tok.len, 60, 940, &plain, &len, NULL), 0);
    ag_fernet_free(plain, len);
    assert_int_equal(ag_fernet_decrypt(&key, tok.data, tok.len, 60, 939, &plain, &len, NULL), -AG_EFAIL);
    /* No TTL: neither age nor clock skew matters (tokens written by Python Agoras years ago). */
    assert_int_equal(ag_fernet_decrypt(&key, tok.data, tok.len, 0, 1, &plain, &len, NULL), 0);
    ag_fernet_free(plain, len);
    ag_buf_free(&tok);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_generate_vectors),
        cmocka_unit_test(test_verify_vectors),
        cmocka_unit_test(test_invalid_vectors),
        cmocka_unit_test(test_key_parse),
        cmocka_unit_test(test_roundtrip_and_generate),
        cmocka_unit_test(test_tamper_and_wrong_key),
        cmocka_unit_test(test_ttl_window),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
