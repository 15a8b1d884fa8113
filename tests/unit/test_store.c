/*
 * The token store: reading a store written by Python Agoras, writing one that Python's
 * `cryptography` reads back (tests/unit/fernet_check.py), broken files, names, crashes, races.
 * Each test works in its own copy under a fresh temp dir; $AGORAS_STORAGE_DIR points there.
 */
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/buf.h"
#include "core/fs.h"
#include "core/store.h"

/*
 * Crash simulation: this definition takes the place of libc's rename() for the whole test
 * program, so ag_fs_write_atomic (which writes and fsyncs the temp file, then renames) can be
 * made to die exactly between the temp write and the rename -- without any hook in the store.
 */
static volatile int crash_in_rename;

int rename(const char *from, const char *to)
{
    if (crash_in_rename)
        _exit(99);
    return renameat(AT_FDCWD, from, AT_FDCWD, to);
}

struct env {
    char base[256];
    char path[512];
};

__attribute__((format(printf, 1, 2))) static int run(const char *fmt, ...)
{
    char cmd[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof(cmd), fmt, ap);
    va_end(ap);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int setup_empty(void **state)
{
    struct env *e = calloc(1, sizeof(*e));
    strcpy(e->base, "/tmp/agoras-store-test-XXXXXX");
    assert_non_null(mkdtemp(e->base));
    strcat(e->base, "/store"); /* not created: the store must do it */
    setenv("AGORAS_STORAGE_DIR", e->base, 1);
    unsetenv("AGORAS_STORAGE_KEY");
    *state = e;
    return 0;
}

/* A writable copy of testdata/agoras-store (the original is read-only). */
static int setup_copy(void **state)
{
    setup_empty(state);
    struct env *e = *state;
    assert_int_equal(run("cp -r '%s/agoras-store' '%s' && chmod -R u+w,go-w '%s'", getenv("AGORAS_TESTDATA"),
                         e->base, e->base),
                     0);
    return 0;
}

static int teardown(void **state)
{
    struct env *e = *state;
    *strrchr(e->base, '/') = '\0';
    run("chmod -R u+rwx '%s'; rm -rf '%s'", e->base, e->base);
    free(e);
    return 0;
}

static const char *tok(struct env *e, const char *stem)
{
    snprintf(e->path, sizeof(e->path), "%s/tokens/%s.token", e->base, stem);
    return e->path;
}

static struct ag_store *open_store(void)
{
    struct ag_store *s = NULL;
    assert_int_equal(ag_store_open(&s, NULL), 0);
    return s;
}

static json_t *load_ok(struct ag_store *s, const char *platform, const char *id)
{
    json_t *rec = NULL;
    struct ag_error err = {0};
    if (ag_store_load(s, platform, id, &rec, &err) < 0)
        fail_msg("load %s-%s: %s", platform, id, err.msg);
    return rec;
}

static size_t count(struct ag_store *s, const char *platform)
{
    struct ag_store_entry *list = NULL;
    size_t n = 0;
    assert_int_equal(ag_store_list(s, platform, &list, &n, NULL), 0);
    ag_store_entries_free(list, n);
    return n;
}

static char *slurp(const char *path, size_t *len)
{
    struct ag_buf b;
    ag_buf_init(&b, 0);
    if (ag_fs_read_file(path, 1 << 20, &b, NULL, NULL) < 0) {
        ag_buf_free(&b);
        return NULL;
    }
    if (len)
        *len = b.len;
    char *data = ag_buf_detach(&b);
    ag_buf_free(&b);
    return data;
}

static void spit(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
}

static void assert_mode(const char *path, mode_t mode)
{
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 07777, mode);
}

/* ---- compatibility with Python Agoras ---- */

static void test_reads_agoras_store(void **state)
{
    struct env *e = *state;
    char expected_path[512];
    snprintf(expected_path, sizeof(expected_path), "%s/plaintext.json", e->base);
    json_t *expected = json_load_file(expected_path, 0, NULL);
    assert_non_null(expected);
    /* plaintext.json is keyed by record; the handle's file is named after the username. */
    static const char *const map[][3] = {{"tiktok-default", "tiktok", "default"},
                                         {"tiktok-myhandle", "tiktok", "myawesomehandle"},
                                         {"x-default", "x", "default"}};
    struct ag_store *s = open_store();
    struct ag_store_entry *list = NULL;
    size_t n = 0;
    assert_int_equal(ag_store_list(s, NULL, &list, &n, NULL), 0);
    assert_int_equal(n, 3);
    for (size_t i = 0; i < 3; i++) {
        assert_string_equal(list[i].platform, map[i][1]);
        assert_string_equal(list[i].identifier, map[i][2]);
        json_t *rec = load_ok(s, map[i][1], map[i][2]);
        json_t *want = json_object_get(expected, map[i][0]);
        assert_int_equal(json_object_size(rec), json_object_size(want));
        const char *key;
        json_t *value;
        json_object_foreach(want, key, value)
        {
            assert_non_null(json_object_get(rec, key));
            assert_string_equal(json_string_value(json_object_get(rec, key)), json_string_value(value));
        }
        json_decref(rec);
    }
    ag_store_entries_free(list, n);
    ag_store_close(s);
    json_decref(expected);
    /* Reading took no lock and wrote nothing. */
    snprintf(expected_path, sizeof(expected_path), "%s/tokens", e->base);
    assert_int_equal(run("test $(ls -A '%s' | wc -l) -eq 3", expected_path), 0);
}

static void test_python_reads_ours(void **state)
{
    struct env *e = *state;
    struct ag_store *s = open_store();
    json_t *rec = json_pack("{s:s, s:s, s:I, s:n}", "username", "caf\xc3\xa9", "refresh_token", "rft.x\"y",
                            "expires_at", (json_int_t)1767225600, "scope");
    assert_int_equal(ag_store_save(s, "tiktok", "me", rec, 0, NULL), 0);
    ag_store_close(s);
    json_decref(rec);
    char key_path[300];
    snprintf(key_path, sizeof(key_path), "%s/.key", e->base);
    size_t len = 0;
    free(slurp(key_path, &len));
    assert_int_equal(len, 44); /* 44 characters, no newline */
    assert_mode(e->base, 0700);
    assert_mode(key_path, 0600);
    assert_mode(tok(e, "tiktok-me"), 0600);
    char *token = slurp(tok(e, "tiktok-me"), &len);
    assert_null(memchr(token, '\n', len));
    free(token);
    snprintf(key_path, sizeof(key_path), "%s/tokens", e->base);
    assert_mode(key_path, 0700);
    /* Python's json.dumps layout, non-ASCII escaped, decrypted by the independent implementation. */
    char out[300];
    snprintf(out, sizeof(out), "%s/plain.out", e->base);
    assert_int_equal(run("python3 '%s/tests/unit/fernet_check.py' decrypt '%s/.key' '%s' > '%s'",
                         getenv("AGORAS_SOURCE_DIR"), e->base, tok(e, "tiktok-me"), out),
                     0);
    char *plain = slurp(out, NULL);
    assert_string_equal(plain,
                        "{\"username\": \"caf\\u00E9\", \"refresh_token\": \"rft.x\\\"y\", \"expires_at\": "
                        "1767225600, \"scope\": null}");
    free(plain);
    /* (jansson writes \u00E9 where Python writes \u00e9: the same JSON, as Python's parser confirms.) */
    assert_int_equal(
        run("python3 -c 'import json, sys; assert json.load(sys.stdin)[\"username\"] == \"caf\\xe9\"' < '%s'",
            out),
        0);
}

static void test_we_read_python(void **state)
{
    struct env *e = *state;
    struct ag_store *s = open_store();
    json_t *seed = json_object();
    assert_int_equal(ag_store_save(s, "tiktok", "seed", seed, 0, NULL), 0); /* creates dirs + key */
    json_decref(seed);
    assert_int_equal(
        run("printf '%%s' '{\"username\": \"py\", \"future_field\": [1, 2], \"n\": 3}' | python3 "
            "'%s/tests/unit/fernet_check.py' encrypt '%s/.key' '%s'",
            getenv("AGORAS_SOURCE_DIR"), e->base, tok(e, "tiktok-py")),
        0);
    json_t *rec = load_ok(s, "tiktok", "py");
    assert_string_equal(json_string_value(json_object_get(rec, "username")), "py");
    json_decref(rec);
    /* A rewrite by us keeps the field we do not know; REPLACE is the explicit way to drop it. */
    json_t *upd = json_pack("{s:s}", "access_token", "act.1");
    assert_int_equal(ag_store_save(s, "tiktok", "py", upd, 0, NULL), 0);
    rec = load_ok(s, "tiktok", "py");
    assert_int_equal(json_array_size(json_object_get(rec, "future_field")), 2);
    assert_string_equal(json_string_value(json_object_get(rec, "access_token")), "act.1");
    json_decref(rec);
    assert_int_equal(ag_store_save(s, "tiktok", "py", upd, AG_STORE_REPLACE, NULL), 0);
    rec = load_ok(s, "tiktok", "py");
    assert_int_equal(json_object_size(rec), 1);
    json_decref(rec);
    json_decref(upd);
    ag_store_close(s);
}

/* ---- broken files ---- */

static void expect_load_error(struct ag_store *s, const char *id, const char *needle, const char *path)
{
    json_t *rec = NULL;
    struct ag_error err = {0};
    assert_int_equal(ag_store_load(s, "tiktok", id, &rec, &err), -AG_EFAIL);
    assert_null(rec);
    if (!strstr(err.msg, needle) || !strstr(err.msg, path))
        fail_msg("message '%s' lacks '%s' or the path", err.msg, needle);
}

static void test_broken_files(void **state)
{
    struct env *e = *state;
    struct ag_store *s = open_store();
    size_t len = 0;
    char *good = slurp(tok(e, "tiktok-default"), &len);
    struct {
        char data[400];
        size_t len;
        const char *reason;
        const char *fix; /* corrupt files and wrong keys are told apart, each with its fix */
    } cases[] = {
        {"", len / 2, "wrong length", "is corrupt"},                          /* truncated */
        {"", len, "signature mismatch", "set AGORAS_STORAGE_KEY to the key"}, /* tampered: as a wrong key */
        {"hello world", 11, "not padded urlsafe base64", "is corrupt"},       /* garbage */
        {"", 0, "not padded urlsafe base64", "is corrupt"},                   /* empty */
        {"", len, "unknown version", "is corrupt"},                           /* wrong version byte */
    };
    memcpy(cases[0].data, good, len / 2);
    memcpy(cases[1].data, good, len);
    cases[1].data[100] = cases[1].data[100] == 'A' ? 'B' : 'A';
    memcpy(cases[4].data, good, len);
    cases[4].data[0] = 'A'; /* 0x80 is "g..." in base64: the version byte becomes 0x0? */
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        spit(tok(e, "tiktok-broken"), cases[i].data, cases[i].len);
        expect_load_error(s, "broken", cases[i].fix, tok(e, "tiktok-broken"));
        expect_load_error(s, "broken", cases[i].reason, tok(e, "tiktok-broken"));
        /* Never overwritten without force: the bytes stay as they were. */
        json_t *rec = json_pack("{s:s}", "username", "new");
        struct ag_error err = {0};
        assert_int_equal(ag_store_save(s, "tiktok", "broken", rec, 0, &err), -AG_EFAIL);
        assert_non_null(strstr(err.msg, "--force"));
        size_t now_len = 0;
        char *now = slurp(tok(e, "tiktok-broken"), &now_len);
        assert_int_equal(now_len, cases[i].len);
        assert_memory_equal(now, cases[i].data, now_len);
        free(now);
        assert_int_equal(ag_store_save(s, "tiktok", "broken", rec, AG_STORE_FORCE, &err), 0);
        json_decref(rec);
        json_decref(load_ok(s, "tiktok", "broken"));
    }
    /* Valid tokens whose plaintext is not a JSON object. */
    static const char *const plains[] = {"not json", "[1, 2]"};
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(
            run("printf '%%s' '%s' | python3 '%s/tests/unit/fernet_check.py' encrypt '%s/.key' '%s'",
                plains[i], getenv("AGORAS_SOURCE_DIR"), e->base, tok(e, "tiktok-plain")),
            0);
        expect_load_error(s, "plain", "is corrupt (it decrypts, but not to", tok(e, "tiktok-plain"));
        expect_load_error(s, "plain", "'agoras utils tokens delete --platform tiktok --identifier plain'",
                          tok(e, "tiktok-plain"));
    }
    /* A trailing newline (an editor's) is tolerated, as by Agoras's decoder. */
    memcpy(cases[0].data, good, len);
    cases[0].data[len] = '\n';
    spit(tok(e, "tiktok-nl"), cases[0].data, len + 1);
    json_decref(load_ok(s, "tiktok", "nl"));
    free(good);
    ag_store_close(s);
}

static void test_wrong_or_missing_key(void **state)
{
    struct env *e = *state;
    setenv("AGORAS_STORAGE_KEY", "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=", 1);
    struct ag_store *s = open_store();
    expect_load_error(s, "default", "written with another key than the one in AGORAS_STORAGE_KEY",
                      tok(e, "tiktok-default"));
    expect_load_error(s, "default", "set AGORAS_STORAGE_KEY to the key that wrote it",
                      tok(e, "tiktok-default"));
    ag_store_close(s);
    setenv("AGORAS_STORAGE_KEY", "not-a-key", 1);
    struct ag_error err = {0};
    assert_int_equal(ag_store_open(&s, &err), -AG_EUSAGE);
    assert_null(strstr(err.msg, "not-a-key"));
    /* The right key from the environment works without the .key file. */
    char key_path[300];
    snprintf(key_path, sizeof(key_path), "%s/.key", e->base);
    char *key = slurp(key_path, NULL);
    setenv("AGORAS_STORAGE_KEY", key, 1);
    free(key);
    assert_int_equal(unlink(key_path), 0);
    s = open_store();
    json_decref(load_ok(s, "x", "default"));
    ag_store_close(s);
    /* No key at all: reading a token names the missing key; writing refuses to start a new one. */
    unsetenv("AGORAS_STORAGE_KEY");
    s = open_store();
    expect_load_error(s, "default", "no key", tok(e, "tiktok-default"));
    json_t *rec = json_pack("{s:s}", "a", "b");
    assert_int_equal(ag_store_save(s, "tiktok", "fresh", rec, 0, &err), -AG_EFAIL);
    assert_non_null(strstr(err.msg, "is missing"));
    assert_int_equal(access(key_path, F_OK), -1);
    json_decref(rec);
    ag_store_close(s);
}

/* 0 when a tokens dir with mode 000 makes listing and loading fail with messages naming them. */
static int unreadable_dir_fails(struct env *e)
{
    char dir[300];
    snprintf(dir, sizeof(dir), "%s/tokens", e->base);
    if (chmod(dir, 0) < 0)
        return 10;
    struct ag_store *s = NULL;
    struct ag_store_entry *list = NULL;
    size_t n = 0;
    json_t *rec = NULL;
    struct ag_error err = {0}, err2 = {0};
    int bad = ag_store_open(&s, NULL) < 0;
    bad |= (ag_store_list(s, NULL, &list, &n, &err) != -AG_EFAIL || !strstr(err.msg, dir)) << 1;
    bad |= (ag_store_load(s, "tiktok", "default", &rec, &err2) != -AG_EFAIL ||
            !strstr(err2.msg, "Permission denied") || !strstr(err2.msg, "tiktok-default.token"))
           << 2;
    ag_store_close(s);
    chmod(dir, 0700);
    return bad;
}

static void test_unreadable_dir(void **state)
{
    struct env *e = *state;
    if (geteuid() != 0) {
        assert_int_equal(unreadable_dir_fails(e), 0);
        return;
    }
    /* root reads through mode 000: hand the copy to "nobody" and check as that user instead. */
    assert_int_equal(run("chown -R 65534:65534 '%s/..'", e->base), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        if (setgid(65534) < 0 || setuid(65534) < 0)
            _exit(77);
        _exit(unreadable_dir_fails(e));
    }
    int st = 0;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFEXITED(st));
    if (WEXITSTATUS(st) == 77) {
        print_message(
            "skipped: running as root and cannot switch to uid 65534, so mode 000 blocks nothing\n");
        skip();
    }
    assert_int_equal(WEXITSTATUS(st), 0);
}

static void test_names(void **state)
{
    struct env *e = *state;
    struct ag_store *s = open_store();
    static const char *const bad_ids[] = {"..", "../x", "a/b", "a..b", "", "tab\there", "nl\n"};
    json_t *rec = json_pack("{s:s}", "a", "b");
    struct ag_error err = {0};
    json_t *out = NULL;
    int existed = 0;
    for (size_t i = 0; i < sizeof(bad_ids) / sizeof(bad_ids[0]); i++) {
        assert_int_equal(ag_store_save(s, "tiktok", bad_ids[i], rec, 0, &err), -AG_EUSAGE);
        assert_int_equal(ag_store_load(s, "tiktok", bad_ids[i], &out, &err), -AG_EUSAGE);
        assert_int_equal(ag_store_delete(s, "tiktok", bad_ids[i], &existed, &err), -AG_EUSAGE);
    }
    char long_id[AG_STORE_IDENTIFIER_MAX + 2] = {0};
    memset(long_id, 'a', AG_STORE_IDENTIFIER_MAX + 1); /* one byte too long, then just right */
    assert_int_equal(ag_store_check_name("tiktok", long_id, NULL), -AG_EUSAGE);
    assert_int_equal(ag_store_check_name("tiktok", long_id + 1, NULL), 0);
    static const char *const bad_platforms[] = {"", "TikTok", "tik-tok", "../x", "a/b"};
    for (size_t i = 0; i < sizeof(bad_platforms) / sizeof(bad_platforms[0]); i++)
        assert_int_equal(ag_store_check_name(bad_platforms[i], "default", NULL), -AG_EUSAGE);
    /* Discord's identifiers have spaces; UTF-8 is fine too. */
    assert_int_equal(ag_store_save(s, "discord", "My Server-general", rec, 0, NULL), 0);
    assert_int_equal(ag_store_save(s, "tiktok", "caf\xc3\xa9", rec, 0, NULL), 0);
    json_decref(rec);
    ag_store_close(s);
    /* Nothing but the two valid records was written, inside or outside the store. */
    assert_int_equal(
        run("test \"$(ls -A '%s/tokens' | grep -c 'token$')\" = 2 && test \"$(ls -A '%s/..')\" = store",
            e->base, e->base),
        0);
}

static void test_delete_and_list(void **state)
{
    struct env *e = *state;
    struct ag_store *s = open_store();
    spit(tok(e, "unknown-thing"), "x", 1);
    char tmp[600];
    snprintf(tmp, sizeof(tmp), "%s.tmp.1.0", tok(e, "tiktok-default")); /* a crashed writer's leftover */
    spit(tmp, "x", 1);
    struct ag_store_entry *list = NULL;
    size_t n = 0;
    assert_int_equal(ag_store_list(s, "tiktok", &list, &n, NULL), 0);
    assert_int_equal(n, 2);
    assert_string_equal(list[0].identifier, "default");
    assert_string_equal(list[1].identifier, "myawesomehandle");
    ag_store_entries_free(list, n);
    assert_int_equal(count(s, "youtube"), 0);
    int existed = 0;
    assert_int_equal(ag_store_delete(s, "tiktok", "default", &existed, NULL), 0);
    assert_true(existed);
    assert_int_equal(access(tok(e, "tiktok-default"), F_OK), -1);
    assert_int_equal(ag_store_delete(s, "tiktok", "default", &existed, NULL), 0);
    assert_false(existed);
    assert_int_equal(count(s, NULL), 2); /* tiktok-myawesomehandle, x-default; unknown prefix, temp ignored */
    ag_store_close(s);
}

static void test_empty_store_creates_nothing(void **state)
{
    struct env *e = *state;
    struct ag_store *s = open_store();
    assert_string_equal(ag_store_dir(s), e->base);
    assert_int_equal(count(s, NULL), 0);
    json_t *rec = (json_t *)1;
    assert_int_equal(ag_store_load(s, "tiktok", "default", &rec, NULL), 0);
    assert_null(rec);
    int existed = 1;
    assert_int_equal(ag_store_delete(s, "tiktok", "default", &existed, NULL), 0);
    assert_false(existed);
    assert_int_equal(access(e->base, F_OK), -1);
    ag_store_close(s);
}

/* ---- update, crashes and races ---- */

static int bump(json_t *rec, int existed, void *ctx, struct ag_error *err)
{
    (void)existed;
    (void)err;
    int *mode = ctx;
    if (mode && *mode == 1)
        return AG_STORE_KEEP;
    if (mode && *mode == 2)
        return ag_error_set(err, AG_EFAIL, "aborted");
    json_int_t n = json_integer_value(json_object_get(rec, "counter"));
    return json_object_set_new(rec, "counter", json_integer(n + 1));
}

static json_int_t counter(struct ag_store *s, const char *id)
{
    json_t *rec = load_ok(s, "tiktok", id);
    assert_non_null(rec);
    json_int_t n = json_integer_value(json_object_get(rec, "counter"));
    json_decref(rec);
    return n;
}

static void test_update_keep_abort(void **state)
{
    struct env *e = *state;
    struct ag_store *s = open_store();
    int keep = 1, abort_ = 2;
    struct ag_error err = {0};
    assert_int_equal(ag_store_update(s, "tiktok", "c", bump, &keep, 0, NULL), 0);
    assert_int_equal(access(tok(e, "tiktok-c"), F_OK), -1);
    assert_int_equal(ag_store_update(s, "tiktok", "c", bump, NULL, 0, NULL), 0);
    assert_int_equal(ag_store_update(s, "tiktok", "c", bump, &abort_, 0, &err), -AG_EFAIL);
    assert_string_equal(err.msg, "aborted");
    assert_int_equal(counter(s, "c"), 1);
    ag_store_close(s);
}

static void test_crash_before_rename(void **state)
{
    struct env *e = *state;
    struct ag_store *s = open_store();
    assert_int_equal(ag_store_update(s, "tiktok", "c", bump, NULL, 0, NULL), 0);
    size_t before_len = 0;
    char *before = slurp(tok(e, "tiktok-c"), &before_len);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        crash_in_rename = 1;
        ag_store_update(s, "tiktok", "c", bump, NULL, 0, NULL);
        _exit(0); /* not reached: rename() exits with 99 */
    }
    int st = 0;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 99);
    /* The temp file was fully written, the old token is intact and still the one read. */
    assert_int_equal(run("ls -A '%s/tokens/' | grep -q '^\\.tiktok-c\\.token\\.tmp\\.[0-9]*$'", e->base), 0);
    size_t after_len = 0;
    char *after = slurp(tok(e, "tiktok-c"), &after_len);
    assert_int_equal(after_len, before_len);
    assert_memory_equal(after, before, before_len);
    free(before);
    free(after);
    assert_int_equal(counter(s, "c"), 1);
    /* The lock died with the child; the next update goes through. */
    assert_int_equal(ag_store_update(s, "tiktok", "c", bump, NULL, 0, NULL), 0);
    assert_int_equal(counter(s, "c"), 2);
    /* ...and removes the temp file the killed writer left. */
    assert_int_equal(run("ls -A '%s/tokens/' | grep -q 'tmp'", e->base), 1);
    ag_store_close(s);
}

static void test_concurrent_updates(void **state)
{
    (void)state;
    /* A fresh store: the two writers also race to create the directories and the key. */
    pid_t kids[2];
    for (int k = 0; k < 2; k++) {
        kids[k] = fork();
        assert_true(kids[k] >= 0);
        if (kids[k] == 0) {
            struct ag_store *s = NULL;
            struct ag_error err = {0};
            int rc = ag_store_open(&s, &err);
            for (int i = 0; i < 200 && rc == 0; i++)
                rc = ag_store_update(s, "tiktok", "race", bump, NULL, 0, &err);
            if (rc < 0)
                fprintf(stderr, "child: %s\n", err.msg);
            ag_store_close(s);
            _exit(rc < 0);
        }
    }
    for (int k = 0; k < 2; k++) {
        int st = 0;
        assert_int_equal(waitpid(kids[k], &st, 0), kids[k]);
        assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    }
    struct ag_store *s = open_store();
    assert_int_equal(counter(s, "race"), 400);
    ag_store_close(s);
}

/* ---- issue 14: empty key, trust, non-regular files, writability, lock bound ---- */

static void test_empty_key_env(void **state)
{
    struct env *e = *state;
    const char *const blanks[] = {"", " ", "\t\n", "\r\n  "};
    for (size_t i = 0; i < sizeof(blanks) / sizeof(blanks[0]); i++) {
        setenv("AGORAS_STORAGE_KEY", blanks[i], 1);
        struct ag_store *s = NULL;
        struct ag_error err = {0};
        assert_int_equal(ag_store_open(&s, &err), -AG_EUSAGE);
        assert_null(s);
        assert_non_null(strstr(err.msg, "AGORAS_STORAGE_KEY is set but "));
        assert_non_null(strstr(err.msg, "the CI secret is missing; set it or unset the variable"));
        assert_non_null(strstr(err.msg, i ? "blank" : "empty"));
    }
    assert_int_equal(access(e->base, F_OK), -1); /* nothing created, no .key beside the tokens */
    /* A real key with surrounding whitespace (a secret pasted with a newline) is still a key. */
    setenv("AGORAS_STORAGE_KEY", " cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=\n", 1);
    struct ag_store *s = open_store();
    json_t *rec = json_pack("{s:s}", "a", "b");
    assert_int_equal(ag_store_save(s, "tiktok", "x", rec, 0, NULL), 0);
    json_decref(rec);
    ag_store_close(s);
    char key_path[300];
    snprintf(key_path, sizeof(key_path), "%s/.key", e->base);
    assert_int_equal(access(key_path, F_OK), -1);
}

/* Load tiktok-default and expect a trust error naming path and fix. */
static void expect_refused(const char *path, const char *needle)
{
    struct ag_store *s = open_store();
    json_t *rec = NULL;
    struct ag_error err = {0};
    int rc = ag_store_load(s, "tiktok", "default", &rec, &err);
    json_decref(rec);
    ag_store_close(s);
    if (rc != -AG_EFAIL || !strstr(err.msg, path) || !strstr(err.msg, needle))
        fail_msg("%s: expected a refusal with '%s', got %d '%s'", path, needle, rc, err.msg);
}

static void test_trust_modes(void **state)
{
    struct env *e = *state;
    char tokens[300], key[300], token[512];
    snprintf(tokens, sizeof(tokens), "%s/tokens", e->base);
    snprintf(key, sizeof(key), "%s/.key", e->base);
    snprintf(token, sizeof(token), "%s", tok(e, "tiktok-default"));
    const struct {
        const char *path;
        mode_t bad, good;
        const char *fix;
    } cases[] = {
        {e->base, 0770, 0755, "chmod 700"}, {e->base, 0757, 0755, "chmod 700"},
        {tokens, 0730, 0700, "chmod 700"},  {tokens, 0702, 0700, "chmod 700"},
        {key, 0620, 0600, "chmod 600"},     {key, 0602, 0600, "chmod 600"},
        {token, 0660, 0600, "chmod 600"},   {token, 0646, 0644, "chmod 600"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        assert_int_equal(chmod(cases[i].path, cases[i].bad), 0);
        expect_refused(cases[i].path, cases[i].fix);
        assert_int_equal(chmod(cases[i].path, cases[i].good), 0);
    }
    /* Writing is refused the same way, and the record is left as it was. */
    assert_int_equal(chmod(tokens, 0770), 0);
    size_t before_len = 0;
    char *before = slurp(token, &before_len);
    struct ag_store *s = open_store();
    struct ag_error err = {0};
    json_t *rec = json_pack("{s:s}", "a", "b");
    assert_int_equal(ag_store_save(s, "tiktok", "default", rec, 0, &err), -AG_EFAIL);
    assert_non_null(strstr(err.msg, "writable by group or others"));
    json_decref(rec);
    size_t after_len = 0;
    char *after = slurp(token, &after_len);
    assert_int_equal(after_len, before_len);
    assert_memory_equal(after, before, before_len);
    free(before);
    free(after);
    assert_int_equal(chmod(tokens, 0700), 0);
    /* A key readable by others (Python Agoras under umask 022) is only warned about. */
    assert_int_equal(chmod(key, 0644), 0);
    json_decref(load_ok(s, "tiktok", "default"));
    ag_store_close(s);
}

static void test_trust_owner(void **state)
{
    struct env *e = *state;
    if (geteuid() != 0) {
        print_message("skipped: not root, so no store path can be given to another user (chown)\n");
        skip();
    }
    char tokens[300], key[300], token[512];
    snprintf(tokens, sizeof(tokens), "%s/tokens", e->base);
    snprintf(key, sizeof(key), "%s/.key", e->base);
    snprintf(token, sizeof(token), "%s", tok(e, "tiktok-default"));
    const char *const paths[] = {e->base, tokens, key, token};
    for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
        assert_int_equal(chown(paths[i], 65534, (gid_t)-1), 0);
        expect_refused(paths[i], "belongs to uid 65534, not to you (uid 0)");
        assert_int_equal(chown(paths[i], 0, (gid_t)-1), 0);
    }
    struct ag_store *s = open_store(); /* all back to root: trusted again */
    json_decref(load_ok(s, "tiktok", "default"));
    ag_store_close(s);
}

/* Whatever the umask, what the store creates is private from the start. */
static void test_created_modes(void **state)
{
    struct env *e = *state;
    mode_t old = umask(0);
    struct ag_store *s = open_store();
    json_t *rec = json_pack("{s:s}", "a", "b");
    assert_int_equal(ag_store_save(s, "tiktok", "m", rec, 0, NULL), 0);
    assert_int_equal(ag_store_check_writable(s, "tiktok", "n", 0, NULL), 0);
    int lock = ag_store_lock(s, "tiktok", "testing", NULL);
    assert_true(lock >= 0);
    ag_fs_unlock(lock);
    json_decref(rec);
    ag_store_close(s);
    umask(old);
    char path[512];
    assert_mode(e->base, 0700);
    snprintf(path, sizeof(path), "%s/tokens", e->base);
    assert_mode(path, 0700);
    snprintf(path, sizeof(path), "%s/.key", e->base);
    assert_mode(path, 0600);
    assert_mode(tok(e, "tiktok-m"), 0600);
    snprintf(path, sizeof(path), "%s/tokens/.tiktok-m.lock", e->base);
    assert_mode(path, 0600);
    snprintf(path, sizeof(path), "%s/tokens/.tiktok.lock", e->base);
    assert_mode(path, 0600);
}

/* A FIFO (or any non-regular file) at a token path or at .key is refused at once, never waited on. */
static void test_non_regular_store_files(void **state)
{
    struct env *e = *state;
    char key[300], moved[300];
    snprintf(key, sizeof(key), "%s/.key", e->base);
    snprintf(moved, sizeof(moved), "%s/key.saved", e->base);
    alarm(30); /* a hang fails the test */
    assert_int_equal(mkfifo(tok(e, "tiktok-fifo"), 0600), 0);
    struct ag_store *s = open_store();
    json_t *rec = NULL;
    struct ag_error err = {0};
    assert_int_equal(ag_store_load(s, "tiktok", "fifo", &rec, &err), -AG_EFAIL);
    assert_non_null(strstr(err.msg, "tiktok-fifo.token' is a FIFO, not a regular file"));
    json_t *record = json_pack("{s:s}", "a", "b");
    assert_int_equal(ag_store_save(s, "tiktok", "fifo", record, 0, &err), -AG_EFAIL);
    assert_non_null(strstr(err.msg, "is a FIFO"));
    ag_store_close(s);
    /* .key as a FIFO, and as a directory. */
    assert_int_equal(rename(key, moved), 0);
    assert_int_equal(mkfifo(key, 0600), 0);
    s = open_store();
    assert_int_equal(ag_store_load(s, "tiktok", "default", &rec, &err), -AG_EFAIL);
    assert_non_null(strstr(err.msg, ".key' is a FIFO, not a regular file"));
    ag_store_close(s);
    assert_int_equal(unlink(key), 0);
    assert_int_equal(mkdir(key, 0700), 0);
    s = open_store();
    assert_int_equal(ag_store_save(s, "tiktok", "new", record, 0, &err), -AG_EFAIL);
    assert_non_null(strstr(err.msg, ".key' is a directory"));
    ag_store_close(s);
    alarm(0);
    json_decref(record);
}

static void test_check_writable(void **state)
{
    struct env *e = *state;
    struct ag_store *s = open_store();
    struct ag_error err = {0};
    /* A fresh store: directories and key are made, the probe leaves nothing behind. */
    assert_int_equal(ag_store_check_writable(s, "tiktok", "w", 0, &err), 0);
    assert_int_equal(run("ls -A '%s/tokens' | grep -v '^\\.tiktok-w\\.lock$' | grep -q .", e->base), 1);
    /* Leftovers of killed writers of that record are removed; other records' are not touched. */
    assert_int_equal(run("cd '%s/tokens' && touch .tiktok-w.token.tmp.1 .tiktok-w.token.tmp.99999999 "
                         ".tiktok-v.token.tmp.1",
                         e->base),
                     0);
    assert_int_equal(ag_store_check_writable(s, "tiktok", "w", 0, &err), 0);
    assert_int_equal(run("ls -A '%s/tokens' | grep -q '^\\.tiktok-w\\.token\\.tmp'", e->base), 1);
    assert_int_equal(run("test -e '%s/tokens/.tiktok-v.token.tmp.1'", e->base), 0);
    /* A file-size limit (a full disk, for the probe) fails the check; the old token is kept. */
    json_t *rec = json_pack("{s:s}", "a", "b");
    assert_int_equal(ag_store_save(s, "tiktok", "w", rec, 0, NULL), 0);
    json_decref(rec);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        struct rlimit none = {0, 0};
        signal(SIGXFSZ, SIG_IGN);
        if (setrlimit(RLIMIT_FSIZE, &none) < 0)
            _exit(77);
        struct ag_error cerr = {0};
        int rc = ag_store_check_writable(s, "tiktok", "w", 0, &cerr);
        _exit(rc == -AG_EFAIL && strstr(cerr.msg, ".tiktok-w.token.tmp.") &&
                      strstr(cerr.msg, "File too large")
                  ? 0
                  : 1);
    }
    int st = 0;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 0);
    json_t *back = load_ok(s, "tiktok", "w");
    assert_string_equal(json_string_value(json_object_get(back, "a")), "b");
    json_decref(back);
    ag_store_close(s);
    /* The key lost while tokens exist: refused, unless forced (authorize --force starts a new key). */
    char key[300];
    snprintf(key, sizeof(key), "%s/.key", e->base);
    assert_int_equal(unlink(key), 0);
    s = open_store();
    assert_int_equal(ag_store_check_writable(s, "tiktok", "w", 0, &err), -AG_EFAIL);
    assert_non_null(strstr(err.msg, "is missing but"));
    assert_int_equal(ag_store_check_writable(s, "tiktok", "w", AG_STORE_FORCE, &err), 0);
    assert_int_equal(access(key, F_OK), 0);
    ag_store_close(s);
}

static void test_lock_timeout(void **state)
{
    (void)state;
    setenv("AGORAS_LOCK_TIMEOUT", "1", 1);
    struct ag_store *s = open_store();
    int held = ag_store_lock(s, "tiktok", "testing", NULL);
    assert_true(held >= 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        struct ag_error cerr = {0};
        alarm(30);
        int rc = ag_store_lock(s, "tiktok", "refreshing the TikTok token", &cerr);
        _exit(rc == -AG_ETEMP && strstr(cerr.msg, "refreshing the TikTok token") &&
                      strstr(cerr.msg, ".tiktok.lock")
                  ? 0
                  : 1);
    }
    int st = 0;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    ag_fs_unlock(held);
    ag_store_close(s);
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 0);
    const char *const bad[] = {"0", "-1", "abc", "1.5", "86401"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        setenv("AGORAS_LOCK_TIMEOUT", bad[i], 1);
        struct ag_error err = {0};
        assert_int_equal(ag_store_open(&s, &err), -AG_EUSAGE);
        assert_non_null(strstr(err.msg, "AGORAS_LOCK_TIMEOUT"));
    }
    unsetenv("AGORAS_LOCK_TIMEOUT");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_reads_agoras_store, setup_copy, teardown),
        cmocka_unit_test_setup_teardown(test_python_reads_ours, setup_empty, teardown),
        cmocka_unit_test_setup_teardown(test_we_read_python, setup_empty, teardown),
        cmocka_unit_test_setup_teardown(test_broken_files, setup_copy, teardown),
        cmocka_unit_test_setup_teardown(test_wrong_or_missing_key, setup_copy, teardown),
        cmocka_unit_test_setup_teardown(test_unreadable_dir, setup_copy, teardown),
        cmocka_unit_test_setup_teardown(test_names, setup_empty, teardown),
        cmocka_unit_test_setup_teardown(test_delete_and_list, setup_copy, teardown),
        cmocka_unit_test_setup_teardown(test_empty_store_creates_nothing, setup_empty, teardown),
        cmocka_unit_test_setup_teardown(test_update_keep_abort, setup_empty, teardown),
        cmocka_unit_test_setup_teardown(test_crash_before_rename, setup_empty, teardown),
        cmocka_unit_test_setup_teardown(test_concurrent_updates, setup_empty, teardown),
        cmocka_unit_test_setup_teardown(test_empty_key_env, setup_empty, teardown),
        cmocka_unit_test_setup_teardown(test_trust_modes, setup_copy, teardown),
        cmocka_unit_test_setup_teardown(test_trust_owner, setup_copy, teardown),
        cmocka_unit_test_setup_teardown(test_created_modes, setup_empty, teardown),
        cmocka_unit_test_setup_teardown(test_non_regular_store_files, setup_copy, teardown),
        cmocka_unit_test_setup_teardown(test_check_writable, setup_empty, teardown),
        cmocka_unit_test_setup_teardown(test_lock_timeout, setup_empty, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
