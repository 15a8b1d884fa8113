#include "platforms/tiktok/session.h"

#include <openssl/crypto.h>
#include <openssl/sha.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "platforms/tiktok/tt_store.h"

/* Refresh this long before the access token expires, so a long upload does not outlive it. */
#define EARLY_REFRESH_S 300

static void set_str(char **dst, const char *src)
{
    if (*dst) {
        OPENSSL_cleanse(*dst, strlen(*dst));
        free(*dst);
    }
    *dst = src ? strdup(src) : NULL;
}

static const char *env_value(const char *name)
{
    const char *v = getenv(name);
    return v && *v ? v : NULL;
}

/* Hex SHA-256 of a refresh token: lets us recognise a stale env value without storing it. */
static void token_digest(const char *token, char out[65])
{
    unsigned char md[SHA256_DIGEST_LENGTH];
    SHA256((const unsigned char *)token, strlen(token), md);
    for (int i = 0; i < SHA256_DIGEST_LENGTH; i++)
        snprintf(out + 2 * i, 3, "%02x", md[i]);
}

/*
 * Digests of the refresh tokens this record's chain has superseded (newest last).  A CI job whose
 * secret still holds one of them is recognised however many rotations ago it went stale.
 */
#define SUPERSEDED_FIELD "superseded_refresh_sha256"
#define SUPERSEDED_MAX   64

static int digest_matches(json_t *record, const char *token)
{
    char digest[65];
    size_t i;
    json_t *v;
    if (!token)
        return 0;
    token_digest(token, digest);
    json_array_foreach(json_object_get(record, SUPERSEDED_FIELD), i, v)
    {
        const char *stored = json_string_value(v);
        if (stored && strlen(stored) == 64 && CRYPTO_memcmp(stored, digest, 64) == 0)
            return 1;
    }
    return 0;
}

static int remember_superseded(json_t *record, const char *old_refresh)
{
    json_t *list = json_object_get(record, SUPERSEDED_FIELD);
    if (!json_is_array(list)) {
        list = json_array();
        if (!list || json_object_set_new(record, SUPERSEDED_FIELD, list) < 0)
            return -1;
    }
    char digest[65];
    token_digest(old_refresh, digest);
    while (json_array_size(list) >= SUPERSEDED_MAX)
        json_array_remove(list, 0);
    return json_array_append_new(list, json_string(digest));
}

/* A stored Unix time, bounded (0 when absent or absurd) so no lifetime computed from it overflows. */
static int64_t stored_time(json_t *record, const char *key)
{
    json_int_t v = json_integer_value(json_object_get(record, key));
    return v > 0 && v < INT64_MAX / 4 ? (int64_t)v : 0;
}

static void adopt_tokens(struct tt_session *s, json_t *record)
{
    set_str(&s->refresh_token, json_string_value(json_object_get(record, "refresh_token")));
    set_str(&s->access_token, json_string_value(json_object_get(record, "access_token")));
    s->expires_at = stored_time(record, "expires_at");
    s->obtained_at = stored_time(record, "obtained_at");
    ag_log_add_secret(s->refresh_token);
    ag_log_add_secret(s->access_token);
}

/* Fill the session's gaps from a stored record (flag/env values win). */
static void fill_from_record(struct tt_session *s, json_t *record)
{
    static const char *const fields[] = {"username", "client_key", "client_secret"};
    char **slots[] = {&s->username, &s->client_key, &s->client_secret};
    for (size_t i = 0; i < 3; i++)
        if (!*slots[i])
            set_str(slots[i], json_string_value(json_object_get(record, fields[i])));
    ag_log_add_secret(s->client_secret);
    const char *stored_refresh = json_string_value(json_object_get(record, "refresh_token"));
    if (!s->refresh_token) {
        adopt_tokens(s, record);
    } else if (stored_refresh && strcmp(stored_refresh, s->refresh_token) == 0) {
        adopt_tokens(s, record); /* same chain: reuse its access token */
    } else if (stored_refresh && digest_matches(record, s->refresh_token)) {
        ag_warn(
            "TIKTOK_REFRESH_TOKEN is stale: TikTok rotated it and agoras stored the new one; update your CI "
            "secret from 'agoras utils tokens show --platform tiktok --identifier %s --field refresh_token'",
            s->username);
        adopt_tokens(s, record);
    }
}

int tt_session_open(struct tt_session *s, struct ag_error *err)
{
    memset(s, 0, sizeof(*s));
    set_str(&s->username, env_value("TIKTOK_USERNAME"));
    set_str(&s->client_key, env_value("TIKTOK_CLIENT_KEY"));
    set_str(&s->client_secret, env_value("TIKTOK_CLIENT_SECRET"));
    set_str(&s->refresh_token, env_value("TIKTOK_REFRESH_TOKEN"));
    s->refresh_from_env = s->refresh_token != NULL;
    ag_log_add_secret(s->client_secret);
    ag_log_add_secret(s->refresh_token);

    json_t *record = NULL;
    int rc = tt_store_find(s->username, &record, err);
    if (rc < 0)
        goto out;
    if (record)
        fill_from_record(s, record);
    if (!s->username || !s->client_key || !s->client_secret || !s->refresh_token)
        rc = ag_error_set(
            err, AG_EAUTH,
            "not authorized for TikTok: run 'agoras tiktok authorize' or set TIKTOK_REFRESH_TOKEN "
            "with TIKTOK_USERNAME, TIKTOK_CLIENT_KEY and TIKTOK_CLIENT_SECRET (missing: %s%s%s%s)",
            s->username ? "" : "username ", s->client_key ? "" : "client key ",
            s->client_secret ? "" : "client secret ", s->refresh_token ? "" : "refresh token");
out:
    json_decref(record);
    if (rc < 0)
        tt_session_close(s);
    return rc;
}

void tt_session_close(struct tt_session *s)
{
    if (!s)
        return;
    set_str(&s->username, NULL);
    set_str(&s->client_key, NULL);
    set_str(&s->client_secret, NULL);
    set_str(&s->refresh_token, NULL);
    set_str(&s->access_token, NULL);
    s->expires_at = 0;
}

/*
 * An access token is refreshed 5 minutes before it expires, or at half its lifetime when it
 * lives less than 10 minutes.  With short-lived tokens a fixed 5-minute margin would refresh on
 * every call, and each refresh kills the access token that concurrent runs are using.
 */
static int token_fresh(const struct tt_session *s)
{
    int64_t margin = EARLY_REFRESH_S;
    if (s->obtained_at > 0 && (s->expires_at - s->obtained_at) / 2 < margin)
        margin = (s->expires_at - s->obtained_at) / 2;
    return s->access_token && s->expires_at - margin > (int64_t)time(NULL);
}

/* Record fields after a refresh or an authorize; unknown fields of an existing record stay. */
static int record_token(json_t *record, const char *username, const char *client_key,
                        const char *client_secret, const struct tt_token *t, const char *previous_refresh)
{
    int64_t now = (int64_t)time(NULL);
    int rc = 0;
    rc |= json_object_set_new(record, "username", json_string(username));
    rc |= json_object_set_new(record, "client_key", json_string(client_key));
    rc |= json_object_set_new(record, "client_secret", json_string(client_secret));
    rc |= json_object_set_new(record, "refresh_token", json_string(t->refresh_token));
    rc |= json_object_set_new(record, "access_token", json_string(t->access_token));
    rc |= json_object_set_new(record, "expires_at", json_integer(now + t->expires_in));
    rc |= json_object_set_new(record, "obtained_at", json_integer(now));
    if (t->refresh_expires_in > 0)
        rc |= json_object_set_new(record, "refresh_expires_at", json_integer(now + t->refresh_expires_in));
    if (t->open_id)
        rc |= json_object_set_new(record, "open_id", json_string(t->open_id));
    if (t->scope)
        rc |= json_object_set_new(record, "scope", json_string(t->scope));
    if (previous_refresh && strcmp(previous_refresh, t->refresh_token) != 0)
        rc |= remember_superseded(record, previous_refresh);
    return rc ? -1 : 0;
}

/* Under the lock: someone else may have rotated already; then their tokens are ours. */
static int adopt_newer_rotation(struct tt_session *s, json_t *record, int force, const char *failed_access)
{
    const char *stored_refresh = json_string_value(json_object_get(record, "refresh_token"));
    const char *stored_access = json_string_value(json_object_get(record, "access_token"));
    if (!stored_refresh || strcmp(stored_refresh, s->refresh_token) == 0) {
        /* Same refresh token: only a stored access token we have not tried yet is of use. */
        if (!stored_access || (failed_access && strcmp(stored_access, failed_access) == 0))
            return 0;
    } else if (s->refresh_from_env && !digest_matches(record, s->refresh_token)) {
        return 0; /* the env names a different chain: trust the env */
    }
    adopt_tokens(s, record);
    if (force && failed_access && s->access_token && strcmp(s->access_token, failed_access) == 0)
        return 0;
    return token_fresh(s);
}

static int refresh_locked(struct tt_session *s, int force, struct ag_error *err)
{
    char *failed_access = s->access_token ? strdup(s->access_token) : NULL;
    struct tt_token fresh = {0};
    json_t *record = NULL;
    int rc = tt_store_load_own(s->username, &record, err);
    if (rc < 0)
        goto out;
    if (record && adopt_newer_rotation(s, record, force, failed_access))
        goto out;
    /* TikTok kills the old refresh token when it rotates: a new one we cannot store is a lost grant. */
    if ((rc = tt_store_check_writable(s->username, 0, err)) < 0) {
        ag_error_wrap(err, "the token store cannot be written, so the TikTok token was not refreshed "
                           "(nothing is lost; fix the store and run again)");
        goto out;
    }
    rc = tt_oauth_refresh(s->client_key, s->client_secret, s->refresh_token, &fresh, err);
    if (rc < 0)
        goto out;
    if (!record)
        record = json_object();
    if (!record ||
        record_token(record, s->username, s->client_key, s->client_secret, &fresh, s->refresh_token) < 0) {
        rc = ag_error_set(err, AG_EFAIL, "out of memory");
        goto out;
    }
    /* Persist the rotated token before using the new access token: the old refresh token is dead now. */
    rc = tt_store_save_own(s->username, record, 0, err);
    if (rc < 0) {
        ag_error_wrap(err, "TikTok rotated the refresh token but it could not be stored; run 'agoras tiktok "
                           "authorize' again");
        goto out;
    }
    if (s->refresh_from_env && strcmp(fresh.refresh_token, s->refresh_token) != 0)
        ag_warn("TikTok rotated the refresh token from TIKTOK_REFRESH_TOKEN; the new one is stored and the "
                "env value "
                "is now stale: update your CI secret ('agoras utils tokens show --platform tiktok "
                "--identifier %s "
                "--field refresh_token')",
                s->username);
    set_str(&s->refresh_token, fresh.refresh_token);
    set_str(&s->access_token, fresh.access_token);
    s->expires_at = (int64_t)time(NULL) + fresh.expires_in;
    s->obtained_at = (int64_t)time(NULL);
out:
    if (failed_access) {
        OPENSSL_cleanse(failed_access, strlen(failed_access));
        free(failed_access);
    }
    tt_token_free(&fresh);
    json_decref(record);
    return rc;
}

int tt_session_ensure_token(struct tt_session *s, int force, struct ag_error *err)
{
    if (!force && token_fresh(s))
        return 0;
    int lock = tt_store_lock(err);
    if (lock < 0)
        return lock;
    int rc = refresh_locked(s, force, err);
    tt_store_unlock(lock);
    return rc;
}

int tt_session_post(struct tt_session *s, const char *path, json_t *body, int idempotent, json_t **data,
                    struct ag_error *err)
{
    char code[64];
    return tt_session_post_code(s, path, body, idempotent, data, code, sizeof(code), err);
}

int tt_session_post_code(struct tt_session *s, const char *path, json_t *body, int idempotent, json_t **data,
                         char *code, size_t code_size, struct ag_error *err)
{
    code[0] = '\0';
    int rc = tt_session_ensure_token(s, 0, err);
    for (int attempt = 0; rc == 0; attempt++) {
        rc = tt_api_post(s->access_token, path, body, idempotent, data, code, code_size, err);
        /* A 401 means TikTok refused the call, so even an init may be re-sent after one refresh. */
        if (rc < 0 && attempt == 0 && strcmp(code, "access_token_invalid") == 0) {
            ag_info("TikTok rejected the access token; refreshing it once");
            rc = tt_session_ensure_token(s, 1, err);
            continue;
        }
        break;
    }
    return rc;
}

int tt_session_forget(struct tt_session *s, struct ag_error *err)
{
    return tt_store_forget(s->username, err);
}

int tt_session_store_new(const char *username, const char *client_key, const char *client_secret,
                         const struct tt_token *token, int force, struct ag_error *err)
{
    int lock = tt_store_lock(err);
    if (lock < 0)
        return lock;
    json_t *record = NULL;
    int rc = tt_store_load_own(username, &record, err);
    if (rc < 0 && force)
        rc = 0; /* the unreadable record is replaced by a new one */
    if (rc == 0 && !record)
        record = json_object();
    if (rc == 0 && (!record || record_token(record, username, client_key, client_secret, token, NULL) < 0))
        rc = ag_error_set(err, AG_EFAIL, "out of memory");
    if (rc == 0) {
        json_object_del(record, SUPERSEDED_FIELD); /* a new authorization starts a new chain */
        rc = tt_store_save_own(username, record, force, err);
    }
    json_decref(record);
    tt_store_unlock(lock);
    return rc;
}
