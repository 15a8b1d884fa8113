/* The session every network with tokens shares (see session.h). */
#include "net/session.h"

#include <openssl/crypto.h>
#include <openssl/sha.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/log.h"
#include "core/secret.h"
#include "core/text.h"
#include "net/account.h"

/* Refresh this long before the access token expires, so a long upload does not outlive it. */
#define EARLY_REFRESH_S 300

static int64_t (*clock_fn)(void);

void ag_session_set_clock(int64_t (*now)(void))
{
    clock_fn = now;
}

static int64_t now_s(void)
{
    return clock_fn ? clock_fn() : (int64_t)time(NULL);
}

static void set_str(char **dst, const char *src)
{
    ag_secret_free(*dst);
    *dst = src ? strdup(src) : NULL;
}

static size_t n_credentials(const struct ag_network *net)
{
    size_t n = 0;
    while (net->credentials && net->credentials[n].env && n < AG_SESSION_MAX_CREDENTIALS)
        n++;
    return n;
}

static int row_of(const struct ag_network *net, const char *field)
{
    const struct ag_credential *c = ag_network_credential(net, field);
    return c ? (int)(c - net->credentials) : -1;
}

static int row_with(const struct ag_network *net, unsigned flag)
{
    const struct ag_credential *c = ag_network_credential_with(net, flag);
    return c ? (int)(c - net->credentials) : -1;
}

/* The refresh token slot, or NULL for a network without one. */
static char **refresh_slot(struct ag_session *s)
{
    int r = row_with(s->net, AG_CRED_REFRESH);
    return r < 0 ? NULL : &s->cred[r];
}

static const char *refresh_token(const struct ag_session *s)
{
    int r = row_with(s->net, AG_CRED_REFRESH);
    return r < 0 ? NULL : s->cred[r];
}

/* A refresh token that is also the access token (AG_CRED_REFRESH | AG_CRED_TOKEN: Threads' long-lived token).
 */
static int self_refreshing(const struct ag_network *net)
{
    const struct ag_credential *c = ag_network_credential_with(net, AG_CRED_REFRESH);
    return c && (c->flags & AG_CRED_TOKEN);
}

void ag_session_init(struct ag_session *s, const struct ag_network *net)
{
    memset(s, 0, sizeof(*s));
    s->net = net;
}

const char *ag_session_get(const struct ag_session *s, const char *field)
{
    int r = row_of(s->net, field);
    return r < 0 ? NULL : s->cred[r];
}

int ag_session_set(struct ag_session *s, const char *field, const char *value)
{
    int r = row_of(s->net, field);
    if (r < 0)
        return -1;
    set_str(&s->cred[r], value);
    if (value && !s->cred[r])
        return -1;
    if (s->net->credentials[r].flags & AG_CRED_SECRET)
        ag_log_add_secret(s->cred[r]);
    return 0;
}

const char *ag_session_id(const struct ag_session *s)
{
    int r = row_with(s->net, AG_CRED_ID);
    return r < 0 ? NULL : s->cred[r];
}

/* Hex SHA-256 of a refresh token: lets us recognise a stale env value without storing it. */
static void token_digest(const char *token, char out[65])
{
    unsigned char md[SHA256_DIGEST_LENGTH];
    SHA256((const unsigned char *)token, strlen(token), md);
    ag_hex_encode(md, sizeof(md), out);
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

static void adopt_tokens(struct ag_session *s, json_t *record)
{
    char **refresh = refresh_slot(s);
    const struct ag_credential *c = ag_network_credential_with(s->net, AG_CRED_REFRESH);
    if (refresh) {
        set_str(refresh, json_string_value(json_object_get(record, c->store_field)));
        ag_log_add_secret(*refresh);
    }
    set_str(&s->access_token, json_string_value(json_object_get(record, "access_token")));
    s->expires_at = stored_time(record, "expires_at");
    s->obtained_at = stored_time(record, "obtained_at");
    ag_log_add_secret(s->access_token);
}

/* How to read the stored refresh token, to update a stale CI secret. */
#define SHOW_REFRESH "'agoras utils tokens show --platform %s --identifier %s --field %s'"

/* Fill the session's gaps from a stored record (flag/env values win). */
static void fill_from_record(struct ag_session *s, json_t *record)
{
    const struct ag_credential *rows = s->net->credentials;
    for (size_t i = 0; i < n_credentials(s->net); i++) {
        if ((rows[i].flags & AG_CRED_REFRESH) || s->cred[i])
            continue;
        set_str(&s->cred[i], json_string_value(json_object_get(record, rows[i].store_field)));
        if (rows[i].flags & AG_CRED_SECRET)
            ag_log_add_secret(s->cred[i]);
    }
    const struct ag_credential *rc = ag_network_credential_with(s->net, AG_CRED_REFRESH);
    if (!rc)
        return; /* a token-only network: nothing rotates */
    const char *ours = refresh_token(s);
    const char *stored = json_string_value(json_object_get(record, rc->store_field));
    if (!ours) {
        adopt_tokens(s, record);
    } else if (stored && strcmp(stored, ours) == 0) {
        adopt_tokens(s, record); /* same chain: reuse its access token */
    } else if (stored && digest_matches(record, ours)) {
        ag_warn("%s is stale: %s rotated it and agoras stored the new one; update your CI secret "
                "from " SHOW_REFRESH,
                rc->env, s->net->display, s->net->name, ag_session_id(s), rc->store_field);
        adopt_tokens(s, record);
    }
}

/* "username client key client secret refresh token": the missing credentials, as the message says them. */
static void missing_list(const struct ag_session *s, struct ag_buf *out)
{
    size_t n = n_credentials(s->net);
    for (size_t i = 0; i < n; i++) {
        if (s->cred[i])
            continue;
        for (const char *p = s->net->credentials[i].store_field; *p; p++)
            ag_buf_printf(out, "%c", *p == '_' ? ' ' : *p);
        if (i + 1 < n)
            ag_buf_printf(out, " ");
    }
}

/* "set TIKTOK_REFRESH_TOKEN with TIKTOK_USERNAME, TIKTOK_CLIENT_KEY and TIKTOK_CLIENT_SECRET" */
static void env_list(const struct ag_network *net, struct ag_buf *out)
{
    int lead = row_with(net, AG_CRED_REFRESH);
    size_t n = n_credentials(net), shown = 0, others = n - (lead >= 0);
    if (lead >= 0)
        ag_buf_printf(out, "%s with ", net->credentials[lead].env);
    for (size_t i = 0; i < n; i++) {
        if ((int)i == lead)
            continue;
        shown++;
        ag_buf_printf(out, "%s%s",
                      shown == 1        ? ""
                      : shown == others ? " and "
                                        : ", ",
                      net->credentials[i].env);
    }
}

static int not_authorized(const struct ag_session *s, struct ag_error *err)
{
    struct ag_buf envs, missing;
    ag_buf_init(&envs, 0);
    ag_buf_init(&missing, 0);
    env_list(s->net, &envs);
    missing_list(s, &missing);
    int rc = ag_error_set(
        err, AG_EAUTH, "not authorized for %s: run 'agoras %s authorize' or set %s (missing: %s)",
        s->net->display, s->net->name, envs.data ? envs.data : "", missing.data ? missing.data : "");
    ag_buf_free(&envs);
    ag_buf_free(&missing);
    return rc;
}

int ag_session_open(struct ag_session *s, const struct ag_network *net, struct ag_error *err)
{
    ag_session_init(s, net);
    for (size_t i = 0; i < n_credentials(net); i++) {
        const char *v = getenv(net->credentials[i].env);
        set_str(&s->cred[i], v && *v ? v : NULL);
        if (net->credentials[i].flags & AG_CRED_SECRET)
            ag_log_add_secret(s->cred[i]);
    }
    s->refresh_from_env = refresh_token(s) != NULL;

    json_t *record = NULL;
    int rc = ag_account_find(net, ag_session_id(s), &record, err);
    if (rc == 0 && record)
        fill_from_record(s, record);
    for (size_t i = 0; rc == 0 && i < n_credentials(net); i++)
        if (!s->cred[i])
            rc = not_authorized(s, err);
    /* A token-only network (Telegram's bot token) calls its API with that credential as is. */
    int token = row_with(net, AG_CRED_TOKEN);
    if (rc == 0 && token >= 0 && row_with(net, AG_CRED_REFRESH) < 0)
        set_str(&s->access_token, s->cred[token]);
    /* A self-refreshing token the record does not describe is used as it is (its age unknown). */
    if (rc == 0 && self_refreshing(net) && !s->access_token) {
        set_str(&s->access_token, refresh_token(s));
        s->expires_at = s->obtained_at = 0;
    }
    json_decref(record);
    if (rc < 0)
        ag_session_close(s);
    return rc;
}

void ag_session_close(struct ag_session *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < AG_SESSION_MAX_CREDENTIALS; i++)
        set_str(&s->cred[i], NULL);
    set_str(&s->access_token, NULL);
    s->expires_at = 0;
}

/*
 * An access token is refreshed 5 minutes before it expires, or at half its lifetime when it
 * lives less than 10 minutes.  With short-lived tokens a fixed 5-minute margin would refresh on
 * every call, and each refresh kills the access token that concurrent runs are using.
 */
static int token_fresh(const struct ag_session *s)
{
    /* Unknown expiry of a self-refreshing token: used until the network refuses it (then refreshed once). */
    if (s->expires_at == 0 && self_refreshing(s->net))
        return s->access_token != NULL;
    int64_t margin = EARLY_REFRESH_S;
    if (s->obtained_at > 0 && (s->expires_at - s->obtained_at) / 2 < margin)
        margin = (s->expires_at - s->obtained_at) / 2;
    return s->access_token && s->expires_at - margin > now_s();
}

/* Record fields after a refresh or an authorize; unknown fields of an existing record stay. */
static int record_token(json_t *record, const struct ag_session *s, const struct ag_token *t,
                        const char *previous_refresh)
{
    int64_t now = now_s();
    int rc = 0;
    const struct ag_credential *rows = s->net->credentials;
    for (size_t i = 0; i < n_credentials(s->net); i++)
        rc |= json_object_set_new(
            record, rows[i].store_field,
            json_string((rows[i].flags & AG_CRED_REFRESH) ? t->refresh_token : s->cred[i]));
    rc |= json_object_set_new(record, "access_token", json_string(t->access_token));
    rc |= json_object_set_new(record, "expires_at", json_integer(now + t->expires_in));
    rc |= json_object_set_new(record, "obtained_at", json_integer(now));
    if (t->refresh_expires_in > 0)
        rc |= json_object_set_new(record, "refresh_expires_at", json_integer(now + t->refresh_expires_in));
    if (t->extra)
        rc |= json_object_update(record, t->extra);
    if (t->scope)
        rc |= json_object_set_new(record, "scope", json_string(t->scope));
    if (previous_refresh && t->refresh_token && strcmp(previous_refresh, t->refresh_token) != 0)
        rc |= remember_superseded(record, previous_refresh);
    return rc ? -1 : 0;
}

/* Under the lock: someone else may have rotated already; then their tokens are ours. */
static int adopt_newer_rotation(struct ag_session *s, json_t *record, int force, const char *failed_access)
{
    const struct ag_credential *c = ag_network_credential_with(s->net, AG_CRED_REFRESH);
    const char *stored_refresh = json_string_value(json_object_get(record, c->store_field));
    const char *stored_access = json_string_value(json_object_get(record, "access_token"));
    if (!stored_refresh || strcmp(stored_refresh, refresh_token(s)) == 0) {
        /* Same refresh token: only a stored access token we have not tried yet is of use. */
        if (!stored_access || (failed_access && strcmp(stored_access, failed_access) == 0))
            return 0;
    } else if (s->refresh_from_env && !digest_matches(record, refresh_token(s))) {
        return 0; /* the env names a different chain: trust the env */
    }
    adopt_tokens(s, record);
    if (force && failed_access && s->access_token && strcmp(s->access_token, failed_access) == 0)
        return 0;
    return token_fresh(s);
}

static int refresh_locked(struct ag_session *s, int force, struct ag_error *err)
{
    const struct ag_network *net = s->net;
    char *failed_access = s->access_token ? strdup(s->access_token) : NULL;
    struct ag_token fresh = {0};
    json_t *record = NULL;
    int rc = ag_account_load(net, ag_session_id(s), &record, err);
    if (rc < 0)
        goto out;
    if (record && adopt_newer_rotation(s, record, force, failed_access))
        goto out;
    /* A rotating network kills the old refresh token: a new one we cannot store is a lost grant. */
    if ((rc = ag_account_check_writable(net, ag_session_id(s), 0, err)) < 0) {
        ag_error_wrap(err,
                      "the token store cannot be written, so the %s token was not refreshed "
                      "(nothing is lost; fix the store and run again)",
                      net->display);
        goto out;
    }
    rc = net->ops->refresh(s, &fresh, err);
    if (rc < 0)
        goto out;
    if (!record)
        record = json_object();
    if (!record || record_token(record, s, &fresh, refresh_token(s)) < 0) {
        rc = ag_error_set(err, AG_EFAIL, "out of memory");
        goto out;
    }
    /* Persist the rotated token before using the new access token: the old refresh token is dead now. */
    rc = ag_account_save(net, ag_session_id(s), record, 0, err);
    if (rc < 0) {
        ag_error_wrap(
            err, "%s rotated the refresh token but it could not be stored; run 'agoras %s authorize' again",
            net->display, net->name);
        goto out;
    }
    const struct ag_credential *rc_row = ag_network_credential_with(net, AG_CRED_REFRESH);
    if (s->refresh_from_env && strcmp(fresh.refresh_token, refresh_token(s)) != 0)
        ag_warn("%s rotated the refresh token from %s; the new one is stored and the env value is now stale: "
                "update your CI secret (" SHOW_REFRESH ")",
                net->display, rc_row->env, net->name, ag_session_id(s), rc_row->store_field);
    set_str(refresh_slot(s), fresh.refresh_token);
    set_str(&s->access_token, fresh.access_token);
    s->expires_at = now_s() + fresh.expires_in;
    s->obtained_at = now_s();
out:
    ag_secret_free(failed_access);
    ag_token_free(&fresh);
    json_decref(record);
    return rc;
}

int ag_session_ensure_token(struct ag_session *s, int force, struct ag_error *err)
{
    if (row_with(s->net, AG_CRED_REFRESH) < 0) /* nothing to refresh: the token is the credential */
        return s->access_token
                   ? 0
                   : ag_error_set(err, AG_EAUTH, "no %s token to call the API with", s->net->display);
    if (!force && token_fresh(s))
        return 0;
    int lock = ag_account_lock(s->net, err);
    if (lock < 0)
        return lock;
    int rc = refresh_locked(s, force, err);
    ag_account_unlock(lock);
    return rc;
}

int ag_session_call(struct ag_session *s, ag_session_call_fn fn, void *ctx, char *code, size_t code_size,
                    struct ag_error *err)
{
    code[0] = '\0';
    int rc = ag_session_ensure_token(s, 0, err);
    for (int attempt = 0; rc == 0; attempt++) {
        rc = fn(s->access_token, ctx, code, code_size, err);
        /* The network refused the call, so even a create may be re-sent after one refresh. */
        if (rc < 0 && attempt == 0 && s->net->auth_error_code && strcmp(code, s->net->auth_error_code) == 0) {
            ag_info("%s rejected the access token; refreshing it once", s->net->display);
            rc = ag_session_ensure_token(s, 1, err);
            continue;
        }
        break;
    }
    return rc;
}

int ag_session_forget(struct ag_session *s, struct ag_error *err)
{
    return ag_account_forget(s->net, ag_session_id(s), err);
}

int ag_session_store_new(const struct ag_session *s, const struct ag_token *token, int force,
                         struct ag_error *err)
{
    int lock = ag_account_lock(s->net, err);
    if (lock < 0)
        return lock;
    json_t *record = NULL;
    int rc = ag_account_load(s->net, ag_session_id(s), &record, err);
    if (rc < 0 && force)
        rc = 0; /* the unreadable record is replaced by a new one */
    if (rc == 0 && !record)
        record = json_object();
    if (rc == 0 && (!record || record_token(record, s, token, NULL) < 0))
        rc = ag_error_set(err, AG_EFAIL, "out of memory");
    if (rc == 0) {
        json_object_del(record, SUPERSEDED_FIELD); /* a new authorization starts a new chain */
        rc = ag_account_save(s->net, ag_session_id(s), record, force, err);
    }
    json_decref(record);
    ag_account_unlock(lock);
    return rc;
}
