#include "platforms/tiktok/tt_store.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/fs.h"
#include "core/store.h"

#define PLATFORM   "tiktok"
#define DEFAULT_ID "default"

/* Several accounts and no default: the user has to say which one. */
static int ambiguous(struct ag_store_entry *e, size_t n, struct ag_error *err)
{
    struct ag_buf names;
    ag_buf_init(&names, 0);
    for (size_t i = 0; i < n; i++)
        ag_buf_printf(&names, "%s%s", i ? ", " : "", e[i].identifier);
    int rc = ag_error_set(
        err, AG_EUSAGE,
        "several TikTok accounts are stored (%s) and none is the default: set TIKTOK_USERNAME", names.data);
    ag_buf_free(&names);
    return rc;
}

static int load(struct ag_store *store, const char *id, json_t **out, struct ag_error *err)
{
    return ag_store_load(store, PLATFORM, id, out, err);
}

int tt_store_find(const char *username, json_t **out, struct ag_error *err)
{
    struct ag_store *store = NULL;
    struct ag_store_entry *entries = NULL;
    size_t n = 0;
    *out = NULL;
    int rc = ag_store_open(&store, err);
    if (rc == 0 && username)
        rc = load(store, username, out, err);
    if (rc == 0 && !*out) {
        rc = load(store, DEFAULT_ID, out, err);
        /* The default copy belongs to whoever authorized last: only use it for the same account. */
        const char *who = json_string_value(json_object_get(*out, "username"));
        if (rc == 0 && *out && username && who && strcmp(who, username) != 0) {
            json_decref(*out);
            *out = NULL;
        }
    }
    if (rc == 0 && !*out && !username) {
        rc = ag_store_list(store, PLATFORM, &entries, &n, err);
        if (rc == 0 && n == 1)
            rc = load(store, entries[0].identifier, out, err);
        else if (rc == 0 && n > 1)
            rc = ambiguous(entries, n, err);
    }
    ag_store_entries_free(entries, n);
    ag_store_close(store);
    return rc;
}

int tt_store_load_own(const char *username, json_t **out, struct ag_error *err)
{
    struct ag_store *store = NULL;
    *out = NULL;
    int rc = ag_store_open(&store, err);
    if (rc == 0)
        rc = load(store, username, out, err);
    ag_store_close(store);
    return rc;
}

int tt_store_save_own(const char *username, json_t *record, int force, struct ag_error *err)
{
    struct ag_store *store = NULL;
    json_t *current_default = NULL;
    unsigned flags = AG_STORE_REPLACE | (force ? AG_STORE_FORCE : 0);
    int rc = ag_store_open(&store, err);
    if (rc == 0)
        rc = ag_store_save(store, PLATFORM, username, record, flags, err);
    if (rc == 0 && load(store, DEFAULT_ID, &current_default, err) < 0)
        rc = force ? 0 : -err->code; /* an unreadable default copy is only replaced when forced */
    const char *who = json_string_value(json_object_get(current_default, "username"));
    if (rc == 0 && (!current_default || !who || strcmp(who, username) == 0))
        rc = ag_store_save(store, PLATFORM, DEFAULT_ID, record, flags, err);
    json_decref(current_default);
    ag_store_close(store);
    return rc;
}

int tt_store_forget(const char *username, struct ag_error *err)
{
    struct ag_store *store = NULL;
    json_t *current_default = NULL;
    int rc = ag_store_open(&store, err);
    if (rc == 0)
        rc = ag_store_delete(store, PLATFORM, username, NULL, err);
    if (rc == 0)
        rc = load(store, DEFAULT_ID, &current_default, err);
    const char *who = json_string_value(json_object_get(current_default, "username"));
    if (rc == 0 && who && strcmp(who, username) == 0)
        rc = ag_store_delete(store, PLATFORM, DEFAULT_ID, NULL, err);
    json_decref(current_default);
    ag_store_close(store);
    return rc;
}

int tt_store_check_writable(const char *username, int force, struct ag_error *err)
{
    struct ag_store *store = NULL;
    unsigned flags = force ? AG_STORE_FORCE : 0;
    int rc = ag_store_open(&store, err);
    if (rc == 0)
        rc = ag_store_check_writable(store, PLATFORM, username, flags, err);
    if (rc == 0)
        rc = ag_store_check_writable(store, PLATFORM, DEFAULT_ID, flags, err);
    ag_store_close(store);
    return rc;
}

int tt_store_lock(struct ag_error *err)
{
    struct ag_store *store = NULL;
    int rc = ag_store_open(&store, err);
    if (rc == 0)
        rc = ag_store_lock(store, PLATFORM, "refreshing the TikTok token", err);
    ag_store_close(store);
    return rc;
}

void tt_store_unlock(int fd)
{
    ag_fs_unlock(fd);
}
