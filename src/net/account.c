/* Accounts in the token store, per network (see account.h). */
#include "net/account.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/fs.h"
#include "core/store.h"

#define DEFAULT_ID "default"

/* The store field naming the account ("username"). */
static const char *id_field(const struct ag_network *net)
{
    const struct ag_credential *c = ag_network_credential_with(net, AG_CRED_ID);
    return c ? c->store_field : NULL;
}

/* Does the record belong to another account than id? */
static int other_account(const struct ag_network *net, json_t *record, const char *id)
{
    const char *who = json_string_value(json_object_get(record, id_field(net)));
    return who && strcmp(who, id) != 0;
}

/* Several accounts and no default: the user has to say which one. */
static int ambiguous(const struct ag_network *net, struct ag_store_entry *e, size_t n, struct ag_error *err)
{
    struct ag_buf names;
    ag_buf_init(&names, 0);
    for (size_t i = 0; i < n; i++)
        ag_buf_printf(&names, "%s%s", i ? ", " : "", e[i].identifier);
    const struct ag_credential *id = ag_network_credential_with(net, AG_CRED_ID);
    int rc =
        ag_error_set(err, AG_EUSAGE, "several %s accounts are stored (%s) and none is the default: set %s",
                     net->display, names.data, id ? id->env : "the account's variable");
    ag_buf_free(&names);
    return rc;
}

static int load(const struct ag_network *net, struct ag_store *store, const char *id, json_t **out,
                struct ag_error *err)
{
    return ag_store_load(store, net->name, id, out, err);
}

int ag_account_find(const struct ag_network *net, const char *username, json_t **out, struct ag_error *err)
{
    struct ag_store *store = NULL;
    struct ag_store_entry *entries = NULL;
    size_t n = 0;
    *out = NULL;
    int rc = ag_store_open(&store, err);
    if (rc == 0 && username)
        rc = load(net, store, username, out, err);
    if (rc == 0 && !*out) {
        rc = load(net, store, DEFAULT_ID, out, err);
        /* The default copy belongs to whoever authorized last: only use it for the same account. */
        if (rc == 0 && *out && username && other_account(net, *out, username)) {
            json_decref(*out);
            *out = NULL;
        }
    }
    if (rc == 0 && !*out && !username) {
        rc = ag_store_list(store, net->name, &entries, &n, err);
        if (rc == 0 && n == 1)
            rc = load(net, store, entries[0].identifier, out, err);
        else if (rc == 0 && n > 1)
            rc = ambiguous(net, entries, n, err);
    }
    ag_store_entries_free(entries, n);
    ag_store_close(store);
    return rc;
}

int ag_account_load(const struct ag_network *net, const char *username, json_t **out, struct ag_error *err)
{
    struct ag_store *store = NULL;
    *out = NULL;
    int rc = ag_store_open(&store, err);
    if (rc == 0)
        rc = load(net, store, username, out, err);
    ag_store_close(store);
    return rc;
}

int ag_account_save(const struct ag_network *net, const char *username, json_t *record, int force,
                    struct ag_error *err)
{
    struct ag_store *store = NULL;
    json_t *current_default = NULL;
    unsigned flags = AG_STORE_REPLACE | (force ? AG_STORE_FORCE : 0);
    int rc = ag_store_open(&store, err);
    if (rc == 0)
        rc = ag_store_save(store, net->name, username, record, flags, err);
    if (rc == 0 && load(net, store, DEFAULT_ID, &current_default, err) < 0)
        rc = force ? 0 : -err->code; /* an unreadable default copy is only replaced when forced */
    if (rc == 0 && !other_account(net, current_default, username))
        rc = ag_store_save(store, net->name, DEFAULT_ID, record, flags, err);
    json_decref(current_default);
    ag_store_close(store);
    return rc;
}

int ag_account_forget(const struct ag_network *net, const char *username, struct ag_error *err)
{
    struct ag_store *store = NULL;
    json_t *current_default = NULL;
    int rc = ag_store_open(&store, err);
    if (rc == 0)
        rc = ag_store_delete(store, net->name, username, NULL, err);
    if (rc == 0)
        rc = load(net, store, DEFAULT_ID, &current_default, err);
    const char *who = json_string_value(json_object_get(current_default, id_field(net)));
    if (rc == 0 && who && strcmp(who, username) == 0)
        rc = ag_store_delete(store, net->name, DEFAULT_ID, NULL, err);
    json_decref(current_default);
    ag_store_close(store);
    return rc;
}

int ag_account_check_writable(const struct ag_network *net, const char *username, int force,
                              struct ag_error *err)
{
    struct ag_store *store = NULL;
    unsigned flags = force ? AG_STORE_FORCE : 0;
    int rc = ag_store_open(&store, err);
    if (rc == 0)
        rc = ag_store_check_writable(store, net->name, username, flags, err);
    if (rc == 0)
        rc = ag_store_check_writable(store, net->name, DEFAULT_ID, flags, err);
    ag_store_close(store);
    return rc;
}

int ag_account_lock(const struct ag_network *net, struct ag_error *err)
{
    struct ag_store *store = NULL;
    char what[96];
    snprintf(what, sizeof(what), "refreshing the %s token", net->display);
    int rc = ag_store_open(&store, err);
    if (rc == 0)
        rc = ag_store_lock(store, net->name, what, err);
    ag_store_close(store);
    return rc;
}

void ag_account_unlock(int fd)
{
    ag_fs_unlock(fd);
}
