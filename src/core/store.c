/*
 * The Agoras-compatible token store.  Locking: one lock file per record,
 * <base>/tokens/.<platform>-<identifier>.lock, taken for every write (save, update, delete).
 * Per record rather than one store lock because (a) unrelated records never wait for each
 * other, and (b) platform code may hold its own coarser lock around several records (TikTok
 * keeps tiktok-<user> and tiktok-default together) and still call the store without
 * deadlocking on a second flock of the same file.  Lock files are never removed: unlinking a
 * lock file races with a waiter that already opened it.  Readers take no lock; they see the
 * old or the new file thanks to rename.  Agoras lists only *.token, so it ignores both the
 * lock files and the temp files.
 */
#include "core/store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/crypto.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/fernet.h"
#include "core/fs.h"
#include "core/num.h"
#include "core/store_trust.h"

#define TOKEN_FILE_MAX ((size_t)1 << 20)
#define KEY_FILE_MAX   256
#define PROBE_BYTES    4096 /* more than a token file needs: the probe proves there is room */
#define LOCK_TIMEOUT_S 60   /* default bound on waiting for another run's lock */
#define JSON_FLAGS     (JSON_ENSURE_ASCII | JSON_PRESERVE_ORDER) /* ", " and ": " like Python's json.dumps */

struct ag_store {
    char *base;
    char *tokens;
    char *key_file;
    int have_key;
    int lock_timeout_s;
    struct ag_fernet_key key;
};

/* ---- paths and names ---- */

/* A formatted path (caller frees), or NULL when out of memory. */
__attribute__((format(printf, 1, 2))) static char *path_fmt(const char *fmt, ...)
{
    struct ag_buf p;
    ag_buf_init(&p, 0);
    va_list ap;
    va_start(ap, fmt);
    int rc = ag_buf_vprintf(&p, fmt, ap);
    va_end(ap);
    char *out = rc < 0 ? NULL : ag_buf_detach(&p);
    ag_buf_free(&p);
    return out;
}

/* $AGORAS_STORAGE_DIR (a leading "~" expanded, as Agoras does) or ~/.agoras. */
static int resolve_base(char **out, struct ag_error *err)
{
    const char *dir = getenv("AGORAS_STORAGE_DIR"), *home = "";
    if (!dir || !*dir)
        dir = "~/.agoras";
    if (dir[0] == '~' && (dir[1] == '\0' || dir[1] == '/')) {
        struct passwd *pw = NULL;
        home = getenv("HOME");
        if ((!home || !*home) && (pw = getpwuid(getuid())) != NULL)
            home = pw->pw_dir;
        if (!home || !*home)
            return ag_error_set(err, AG_EFAIL,
                                "cannot find the home directory: set HOME or AGORAS_STORAGE_DIR");
        dir++;
    }
    *out = path_fmt("%s%s", home, dir);
    return *out ? 0 : ag_error_set(err, AG_EFAIL, "out of memory");
}

/*
 * $AGORAS_STORAGE_KEY.  Set but empty (or only whitespace) is what CI passes for a secret that
 * does not exist: an error, never a silent fallback to a new .key file beside the tokens.
 */
static int key_from_env(struct ag_store *s, struct ag_error *err)
{
    const char *env_key = getenv("AGORAS_STORAGE_KEY");
    if (!env_key)
        return 0;
    if (env_key[strspn(env_key, " \t\r\n")] == '\0')
        return ag_error_set(err, AG_EUSAGE,
                            "AGORAS_STORAGE_KEY is set but %s: the CI secret is missing; set it or unset the "
                            "variable",
                            *env_key ? "blank (only whitespace)" : "empty");
    if (ag_fernet_key_parse(env_key, strlen(env_key), &s->key, NULL) < 0)
        return ag_error_set(err, AG_EUSAGE,
                            "AGORAS_STORAGE_KEY is not a fernet key (44 characters of urlsafe base64)");
    s->have_key = 1;
    return 0;
}

/* $AGORAS_LOCK_TIMEOUT: how many seconds to wait for another run's lock on the store. */
static int lock_timeout_from_env(struct ag_store *s, struct ag_error *err)
{
    const char *v = getenv("AGORAS_LOCK_TIMEOUT");
    int64_t seconds = LOCK_TIMEOUT_S;
    if (v && *v && ag_parse_i64(v, 1, 86400, &seconds) < 0)
        return ag_error_set(err, AG_EUSAGE,
                            "AGORAS_LOCK_TIMEOUT must be a number of seconds from 1 to 86400");
    s->lock_timeout_s = (int)seconds;
    return 0;
}

int ag_store_open(struct ag_store **out, struct ag_error *err)
{
    struct ag_store *s = calloc(1, sizeof(*s));
    if (!s)
        return ag_error_set(err, AG_EFAIL, "out of memory");
    int rc = resolve_base(&s->base, err);
    if (rc == 0) {
        s->tokens = path_fmt("%s/tokens", s->base);
        s->key_file = path_fmt("%s/.key", s->base);
        if (!s->tokens || !s->key_file)
            rc = ag_error_set(err, AG_EFAIL, "out of memory");
    }
    if (rc == 0)
        rc = key_from_env(s, err);
    if (rc == 0)
        rc = lock_timeout_from_env(s, err);
    if (rc < 0) {
        ag_store_close(s);
        return rc;
    }
    *out = s;
    return 0;
}

void ag_store_close(struct ag_store *store)
{
    if (!store)
        return;
    ag_fernet_key_wipe(&store->key);
    free(store->base);
    free(store->tokens);
    free(store->key_file);
    free(store);
}

const char *ag_store_dir(const struct ag_store *store)
{
    return store->base;
}

static int has_control(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return 1;
    return 0;
}

/* " 'name'" for a message, or "" when echoing it would be unsafe (control characters) or unwieldy. */
static const char *quoted(const char *name, char *buf, size_t size)
{
    buf[0] = '\0';
    if (name && *name && strlen(name) <= AG_STORE_IDENTIFIER_MAX && !has_control(name))
        snprintf(buf, size, " '%s'", name);
    return buf;
}

int ag_store_check_name(const char *platform, const char *identifier, struct ag_error *err)
{
    char q[AG_STORE_IDENTIFIER_MAX + 4];
    size_t plen = platform ? strlen(platform) : 0;
    if (plen == 0 || plen > AG_STORE_PLATFORM_MAX ||
        platform[strspn(platform, "abcdefghijklmnopqrstuvwxyz0123456789_")])
        return ag_error_set(err, AG_EUSAGE, "invalid platform name%s: use 1-%d of a-z, 0-9 and _",
                            quoted(platform, q, sizeof(q)), AG_STORE_PLATFORM_MAX);
    if (!identifier)
        return 0;
    size_t ilen = strlen(identifier);
    if (ilen == 0 || ilen > AG_STORE_IDENTIFIER_MAX || strchr(identifier, '/') || strstr(identifier, "..") ||
        has_control(identifier))
        return ag_error_set(err, AG_EUSAGE,
                            "invalid identifier%s: use 1-%d bytes without '/', '..' or control characters",
                            quoted(identifier, q, sizeof(q)), AG_STORE_IDENTIFIER_MAX);
    return 0;
}

/* <tokens>/<platform>-<identifier>.token */
static int record_path(const struct ag_store *s, const char *platform, const char *identifier, char **out,
                       struct ag_error *err)
{
    *out = path_fmt("%s/%s-%s.token", s->tokens, platform, identifier);
    return *out ? 0 : ag_error_set(err, AG_EFAIL, "out of memory");
}

static void fsync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

/* ---- the key ---- */

/* Read <base>/.key into the store.  A missing file leaves have_key at 0 and is not an error. */
static int read_key_file(struct ag_store *s, struct ag_error *err)
{
    struct stat st;
    int os_errno = 0;
    int fd = ag_fs_open_regular(s->key_file, O_RDONLY, 0, &st, &os_errno, err);
    if (fd < 0 && os_errno == ENOENT) {
        ag_error_clear(err); /* no key file is not an error */
        return 0;
    }
    if (fd < 0)
        return fd;
    int rc = ag_store_trust_file(s->key_file, &st, AG_STORE_KEY_FILE, err);
    if (rc < 0) {
        close(fd);
        return rc;
    }
    char text[KEY_FILE_MAX];
    size_t len = 0;
    ssize_t n;
    while (len < sizeof(text) &&
           ((n = read(fd, text + len, sizeof(text) - len)) > 0 || (n < 0 && errno == EINTR)))
        len += n > 0 ? (size_t)n : 0;
    if (len == sizeof(text) || ag_fernet_key_parse(text, len, &s->key, NULL) < 0)
        rc = ag_error_set(err, AG_EFAIL, "'%s' is not a fernet key (44 characters of urlsafe base64)",
                          s->key_file);
    else
        s->have_key = 1;
    OPENSSL_cleanse(text, sizeof(text));
    close(fd);
    return rc;
}

/*
 * Create <base>/.key: the key goes to a private temp file first, then link() publishes it.
 * link never replaces an existing file, so two processes creating a key at once agree on one,
 * and nobody ever reads a half-written key.
 */
static int create_key_file(struct ag_store *s, struct ag_error *err)
{
    char text[AG_FERNET_KEY_B64_LEN + 1];
    char *tmp = NULL;
    int rc = ag_fernet_key_generate(text, err);
    int fd = rc < 0 ? rc : ag_fs_temp_file(s->base, ".key", &tmp, err);
    if (fd < 0) {
        rc = fd;
        goto out;
    }
    if (write(fd, text, AG_FERNET_KEY_B64_LEN) != AG_FERNET_KEY_B64_LEN || fsync(fd) < 0) {
        rc = ag_error_set(err, AG_EFAIL, "cannot write '%s': %s", tmp, strerror(errno));
        close(fd);
        goto out;
    }
    close(fd);
    if (link(tmp, s->key_file) < 0 && errno != EEXIST) {
        rc = ag_error_set(err, AG_EFAIL, "cannot create '%s': %s", s->key_file, strerror(errno));
        goto out;
    }
    fsync_dir(s->base);
    rc = read_key_file(s, err); /* ours, or the one another process linked first */
    if (rc == 0 && !s->have_key)
        rc = ag_error_set(err, AG_EFAIL, "'%s' vanished while being created", s->key_file);
out:
    if (tmp)
        unlink(tmp);
    free(tmp);
    OPENSSL_cleanse(text, sizeof(text));
    return rc;
}

static int tokens_exist(struct ag_store *s)
{
    struct ag_store_entry *entries = NULL;
    size_t n = 0;
    if (ag_store_list(s, NULL, &entries, &n, NULL) < 0)
        return 1; /* cannot tell: assume there are, the safe answer */
    ag_store_entries_free(entries, n);
    return n > 0;
}

/*
 * Load the key; with create, make one if there is none.  A new key is refused (unless
 * AG_STORE_FORCE) while tokens exist: they were encrypted with the missing key, and a new one
 * would hide that mistake until the next read.
 */
static int ensure_key(struct ag_store *s, int create, unsigned flags, struct ag_error *err)
{
    if (s->have_key)
        return 0;
    int rc = read_key_file(s, err);
    if (rc < 0 || s->have_key || !create)
        return rc;
    if (!(flags & AG_STORE_FORCE) && tokens_exist(s)) {
        /* A key is always linked before its first token: look again in case another process just made both.
         */
        if ((rc = read_key_file(s, err)) < 0 || s->have_key)
            return rc;
        return ag_error_set(err, AG_EFAIL,
                            "'%s' is missing but '%s' holds tokens encrypted with it: restore it or set "
                            "AGORAS_STORAGE_KEY (--force starts a new key)",
                            s->key_file, s->tokens);
    }
    return create_key_file(s, err);
}

/* ---- records ---- */

/* A token file that is not what a store writes (cut short, garbage, not JSON): say so, and the two ways out.
 */
static int corrupt(struct ag_error *err, const char *path, const char *platform, const char *identifier,
                   const char *why)
{
    return ag_error_set(err, AG_EFAIL,
                        "'%s' is corrupt (%s): run 'agoras %s authorize --force' to replace it, or "
                        "'agoras utils tokens delete --platform %s --identifier %s'",
                        path, why, platform, platform, identifier);
}

static int parse_plaintext(const char *path, const char *platform, const char *identifier, const char *plain,
                           size_t len, json_t **out, struct ag_error *err)
{
    json_error_t jerr;
    char why[96];
    json_t *rec = json_loadb(plain, len, 0, &jerr);
    /* jansson's error text quotes the input near the error: it could be a secret, so give positions only. */
    if (!rec) {
        snprintf(why, sizeof(why), "it decrypts, but not to JSON: line %d, column %d", jerr.line,
                 jerr.column);
        return corrupt(err, path, platform, identifier, why);
    }
    if (!json_is_object(rec)) {
        json_decref(rec);
        return corrupt(err, path, platform, identifier, "it decrypts, but not to a JSON object");
    }
    *out = rec;
    return 0;
}

/*
 * A well-formed Fernet token whose signature does not verify was written with another key (or altered,
 * which the signature cannot tell apart); anything else is corrupt.
 */
static int undecryptable(const struct ag_store *s, const char *path, const char *platform,
                         const char *identifier, const char *token, size_t len, const char *why,
                         struct ag_error *err)
{
    if (!ag_fernet_well_formed(token, len))
        return corrupt(err, path, platform, identifier, why);
    const char *env = getenv("AGORAS_STORAGE_KEY");
    return ag_error_set(err, AG_EFAIL,
                        "cannot decrypt '%s': it was written with another key than the one in %s (%s): set "
                        "AGORAS_STORAGE_KEY to the key that wrote it",
                        path, env && *env ? "AGORAS_STORAGE_KEY" : s->key_file, why);
}

/* Read and decrypt one token file; *out NULL if it does not exist. */
static int read_record(struct ag_store *s, const char *platform, const char *identifier, const char *path,
                       json_t **out, struct ag_error *err)
{
    struct ag_buf file;
    struct stat st;
    char *plain = NULL;
    size_t plain_len = 0;
    int os_errno = 0;
    *out = NULL;
    ag_buf_init(&file, 0);
    int fd = ag_fs_open_regular(path, O_RDONLY, 0, &st, &os_errno, err);
    int rc =
        fd < 0 ? (os_errno == ENOENT ? 0 : fd) : ag_store_trust_file(path, &st, AG_STORE_TOKEN_FILE, err);
    if (rc == 0 && fd >= 0)
        rc = ag_fs_read_fd(fd, path, TOKEN_FILE_MAX, &file, NULL, err);
    if (fd >= 0)
        close(fd);
    if (rc < 0 || fd < 0)
        goto out;
    if ((rc = ensure_key(s, 0, 0, err)) < 0)
        goto out;
    if (!s->have_key) {
        rc = ag_error_set(err, AG_EFAIL,
                          "cannot decrypt '%s': no key (AGORAS_STORAGE_KEY is not set and '%s' is missing)",
                          path, s->key_file);
        goto out;
    }
    size_t start = strspn(file.data, " \t\r\n"), end = file.len; /* Agoras's decoder skips whitespace too */
    while (end > start && file.data[end - 1] != '\0' && strchr(" \t\r\n", file.data[end - 1]))
        end--;
    struct ag_error why = {0};
    if (ag_fernet_decrypt(&s->key, file.data + start, end - start, 0, 0, &plain, &plain_len, &why) < 0) {
        rc = undecryptable(s, path, platform, identifier, file.data + start, end - start, why.msg, err);
        goto out;
    }
    rc = parse_plaintext(path, platform, identifier, plain, plain_len, out, err);
out:
    ag_fernet_free(plain, plain_len);
    ag_buf_free(&file);
    return rc;
}

static int write_record(struct ag_store *s, const char *path, const json_t *rec, struct ag_error *err)
{
    struct ag_buf token;
    ag_buf_init(&token, 0);
    /* Size first, then dump into an exact buffer: no reallocation leaves plaintext copies behind. */
    size_t len = json_dumpb(rec, NULL, 0, JSON_FLAGS);
    char *plain = len ? malloc(len) : NULL;
    int rc = 0;
    if (!plain || json_dumpb(rec, plain, len, JSON_FLAGS) != len)
        rc = ag_error_set(err, AG_EFAIL, "cannot serialise the record for '%s'", path);
    if (rc == 0)
        rc = ag_fernet_encrypt(&s->key, plain, len, &token, err);
    if (rc == 0)
        rc = ag_fs_write_atomic(path, token.data, token.len, 0600, err);
    if (plain)
        OPENSSL_clear_free(plain, len);
    ag_buf_free(&token);
    return rc;
}

/* Both store directories, where they exist, belong to us and are writable only by us. */
static int trust_dirs(const struct ag_store *s, struct ag_error *err)
{
    int rc = ag_store_trust_dir(s->base, err);
    return rc < 0 ? rc : ag_store_trust_dir(s->tokens, err);
}

/* Create the directories (0700) where missing, and check the trust of those that exist. */
static int ensure_dirs(const struct ag_store *s, struct ag_error *err)
{
    int rc = ag_fs_mkdir_p(s->base, 0700, err);
    if (rc == 0 && mkdir(s->tokens, 0700) < 0 && errno != EEXIST)
        rc = ag_error_set(err, AG_EFAIL, "cannot create directory '%s': %s", s->tokens, strerror(errno));
    return rc < 0 ? rc : trust_dirs(s, err);
}

/* Lock <tokens>/.<name>.lock, bounded by the store's lock timeout. */
static int lock_file(const struct ag_store *s, const char *name, const char *what, struct ag_error *err)
{
    char *lock_path = path_fmt("%s/.%s.lock", s->tokens, name);
    int rc = lock_path ? ag_fs_lock(lock_path, s->lock_timeout_s, what, err)
                       : ag_error_set(err, AG_EFAIL, "out of memory");
    free(lock_path);
    return rc;
}

/* The record's own lock (see the top of this file). */
static int lock_record(const struct ag_store *s, const char *platform, const char *identifier,
                       struct ag_error *err)
{
    char name[AG_STORE_PLATFORM_MAX + AG_STORE_IDENTIFIER_MAX + 2], what[sizeof(name) + 16];
    snprintf(name, sizeof(name), "%s-%s", platform, identifier);
    snprintf(what, sizeof(what), "writing %s", name);
    return lock_file(s, name, what, err);
}

int ag_store_lock(struct ag_store *store, const char *name, const char *what, struct ag_error *err)
{
    int rc = ensure_dirs(store, err);
    return rc < 0 ? rc : lock_file(store, name, what, err);
}

/* Under the lock: the current record, or an empty one; a broken file only with AG_STORE_FORCE. */
static int read_for_update(struct ag_store *s, const char *platform, const char *identifier, const char *path,
                           unsigned flags, json_t **rec, int *existed, struct ag_error *err)
{
    int rc = read_record(s, platform, identifier, path, rec, err);
    if (rc < 0 && !(flags & AG_STORE_FORCE))
        return err ? ag_error_wrap(err, "refusing to overwrite (use --force to replace it)") : rc;
    *existed = rc == 0 && *rec != NULL;
    if (!*rec && !(*rec = json_object()))
        return ag_error_set(err, AG_EFAIL, "out of memory");
    return 0;
}

int ag_store_update(struct ag_store *store, const char *platform, const char *identifier,
                    ag_store_update_fn fn, void *ctx, unsigned flags, struct ag_error *err)
{
    char *path = NULL;
    json_t *rec = NULL;
    int lock = -1, existed = 0;
    int rc = ag_store_check_name(platform, identifier, err);
    if (rc == 0)
        rc = record_path(store, platform, identifier, &path, err);
    if (rc == 0)
        rc = ensure_dirs(store, err);
    if (rc < 0)
        goto out;
    if ((lock = lock_record(store, platform, identifier, err)) < 0) {
        rc = lock;
        goto out;
    }
    ag_fs_remove_temps(path); /* under the record's lock no other writer of it can be running */
    if ((rc = read_for_update(store, platform, identifier, path, flags, &rec, &existed, err)) < 0)
        goto out;
    rc = fn(rec, existed, ctx, err);
    if (rc == AG_STORE_KEEP) {
        rc = 0;
        goto out;
    }
    /* The key is created only now: never for a file that exists but cannot be read. */
    if (rc == 0)
        rc = ensure_key(store, 1, flags, err);
    if (rc == 0)
        rc = write_record(store, path, rec, err);
out:
    json_decref(rec);
    ag_fs_unlock(lock);
    free(path);
    return rc;
}

int ag_store_check_writable(struct ag_store *store, const char *platform, const char *identifier,
                            unsigned flags, struct ag_error *err)
{
    char *path = NULL;
    int lock = -1;
    int rc = ag_store_check_name(platform, identifier, err);
    if (rc == 0)
        rc = record_path(store, platform, identifier, &path, err);
    if (rc == 0)
        rc = ensure_dirs(store, err);
    if (rc == 0 && (lock = lock_record(store, platform, identifier, err)) < 0)
        rc = lock;
    if (rc == 0) {
        ag_fs_remove_temps(path);
        rc = ensure_key(store, 1, flags & AG_STORE_FORCE, err);
    }
    if (rc == 0)
        rc = ag_fs_check_replaceable(path, PROBE_BYTES, err);
    ag_fs_unlock(lock);
    free(path);
    return rc;
}

struct save_ctx {
    json_t *record;
    unsigned flags;
};

static int save_cb(json_t *rec, int existed, void *ctx, struct ag_error *err)
{
    const struct save_ctx *c = ctx;
    (void)existed;
    if (c->flags & AG_STORE_REPLACE)
        json_object_clear(rec);
    if (json_object_update(rec, c->record) < 0)
        return ag_error_set(err, AG_EFAIL, "out of memory");
    return 0;
}

int ag_store_save(struct ag_store *store, const char *platform, const char *identifier, json_t *record,
                  unsigned flags, struct ag_error *err)
{
    if (!json_is_object(record))
        return ag_error_set(err, AG_EFAIL, "a stored record must be a JSON object");
    struct save_ctx c = {record, flags};
    return ag_store_update(store, platform, identifier, save_cb, &c, flags, err);
}

int ag_store_load(struct ag_store *store, const char *platform, const char *identifier, json_t **out,
                  struct ag_error *err)
{
    char *path = NULL;
    json_t *rec = NULL;
    int rc = ag_store_check_name(platform, identifier, err);
    if (rc == 0)
        rc = record_path(store, platform, identifier, &path, err);
    if (rc == 0)
        rc = trust_dirs(store, err);
    if (rc == 0)
        rc = read_record(store, platform, identifier, path, &rec, err);
    if (rc == 0)
        *out = rec;
    free(path);
    return rc;
}

int ag_store_delete(struct ag_store *store, const char *platform, const char *identifier, int *existed,
                    struct ag_error *err)
{
    char *path = NULL;
    int lock = -1, found = 0;
    struct stat st;
    int rc = ag_store_check_name(platform, identifier, err);
    if (rc == 0)
        rc = record_path(store, platform, identifier, &path, err);
    if (rc == 0)
        rc = trust_dirs(store, err);
    /* No tokens directory: nothing to delete, and nothing gets created. */
    if (rc < 0 || stat(store->tokens, &st) < 0)
        goto out;
    if ((lock = lock_record(store, platform, identifier, err)) < 0) {
        rc = lock;
        goto out;
    }
    if (unlink(path) == 0) {
        found = 1;
        fsync_dir(store->tokens);
    } else if (errno != ENOENT) {
        rc = ag_error_set(err, AG_EFAIL, "cannot delete '%s': %s", path, strerror(errno));
    }
out:
    if (rc == 0 && existed)
        *existed = found;
    ag_fs_unlock(lock);
    free(path);
    return rc;
}

/* ---- listing ---- */

const char *const ag_store_platforms[] = {"facebook", "instagram", "linkedin", "discord",
                                          "telegram", "threads",   "twitter",  "whatsapp",
                                          "x",        "youtube",   "tiktok",   NULL};

/* Length of the platform prefix of stem (before its '-'), or 0 if it is not wanted. */
static size_t platform_prefix(const char *stem, const char *filter)
{
    const char *const one[] = {filter, NULL};
    for (const char *const *p = filter ? one : ag_store_platforms; *p; p++) {
        size_t n = strlen(*p);
        if (strncmp(stem, *p, n) == 0 && stem[n] == '-' && stem[n + 1])
            return n;
    }
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Collect the stems of wanted *.token files (unsorted). */
static int collect_stems(const struct ag_store *s, DIR *dir, const char *filter, char ***stems, size_t *n,
                         struct ag_error *err)
{
    size_t cap = 0;
    for (;;) {
        errno = 0;
        struct dirent *de = readdir(dir);
        if (!de)
            break;
        size_t len = strlen(de->d_name);
        if (de->d_name[0] == '.' || len <= 6 || strcmp(de->d_name + len - 6, ".token") != 0)
            continue;
        char *stem = strndup(de->d_name, len - 6);
        if (!stem || !platform_prefix(stem, filter)) {
            free(stem);
            if (!stem)
                return ag_error_set(err, AG_EFAIL, "out of memory");
            continue;
        }
        if (*n == cap) {
            char **grown = realloc(*stems, (cap = cap ? 2 * cap : 16) * sizeof(*grown));
            if (!grown) {
                free(stem);
                return ag_error_set(err, AG_EFAIL, "out of memory");
            }
            *stems = grown;
        }
        (*stems)[(*n)++] = stem;
    }
    if (errno)
        return ag_error_set(err, AG_EFAIL, "cannot list '%s': %s", s->tokens, strerror(errno));
    return 0;
}

int ag_store_list(struct ag_store *store, const char *platform, struct ag_store_entry **out, size_t *n,
                  struct ag_error *err)
{
    char **stems = NULL;
    size_t count = 0, built = 0;
    struct ag_store_entry *entries = NULL;
    int rc = platform ? ag_store_check_name(platform, NULL, err) : 0;
    if (rc == 0)
        rc = trust_dirs(store, err);
    if (rc < 0)
        return rc;
    DIR *dir = opendir(store->tokens);
    if (!dir && errno != ENOENT)
        return ag_error_set(err, AG_EFAIL, "cannot list '%s': %s", store->tokens, strerror(errno));
    if (dir)
        rc = collect_stems(store, dir, platform, &stems, &count, err);
    if (rc == 0 && count) {
        qsort(stems, count, sizeof(*stems), cmp_str);
        if (!(entries = calloc(count, sizeof(*entries))))
            rc = ag_error_set(err, AG_EFAIL, "out of memory");
    }
    for (; rc == 0 && built < count; built++) {
        size_t plen = platform_prefix(stems[built], platform);
        entries[built].platform = strndup(stems[built], plen);
        entries[built].identifier = strdup(stems[built] + plen + 1);
        if (!entries[built].platform || !entries[built].identifier)
            rc = ag_error_set(err, AG_EFAIL, "out of memory");
    }
    for (size_t i = 0; i < count; i++)
        free(stems[i]);
    free(stems);
    if (dir)
        closedir(dir);
    if (rc < 0) {
        ag_store_entries_free(entries, built);
        return rc;
    }
    *out = entries;
    *n = count;
    return 0;
}

void ag_store_entries_free(struct ag_store_entry *entries, size_t n)
{
    for (size_t i = 0; entries && i < n; i++) {
        free(entries[i].platform);
        free(entries[i].identifier);
    }
    free(entries);
}
