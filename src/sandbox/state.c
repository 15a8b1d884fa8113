/*
 * The emulated world and its JSON state file (--state FILE): one top-level key per network, each
 * network's section described in its own folder (tiktok/world.c, telegram/world.c) and filled with
 * its built-in defaults where the file leaves something out:
 *   {"tiktok": {"apps": [...], "accounts": [...], ...}, "telegram": {"bots": [...], "chats": [...], ...}}
 * A file written before the prefixes (TikTok's section at the top level) is still read, and saved
 * in this format.  Uploaded and pulled media of a persisted state live in FILE.media/ next to it.
 */
#include "sandbox/sandbox.h"

#include <errno.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/error.h"
#include "core/fs.h"
#include "core/log.h"

#define STATE_MAX ((size_t)64 << 20)

const char *sbx_str(json_t *obj, const char *key)
{
    return json_string_value(json_object_get(obj, key));
}

long long sbx_int(json_t *obj, const char *key)
{
    return json_integer_value(json_object_get(obj, key));
}

bool sbx_bool(json_t *obj, const char *key)
{
    return json_is_true(json_object_get(obj, key));
}

void sbx_set_str(json_t *obj, const char *key, const char *v)
{
    json_object_set_new(obj, key, v ? json_string(v) : json_null());
}

void sbx_set_int(json_t *obj, const char *key, long long v)
{
    json_object_set_new(obj, key, json_integer(v));
}

json_t *sbx_find(json_t *array, const char *key, const char *value)
{
    size_t i;
    json_t *item;
    if (!value)
        return NULL;
    json_array_foreach(array, i, item)
    {
        const char *v = sbx_str(item, key);
        if (v && strcmp(v, value) == 0)
            return item;
    }
    return NULL;
}

json_t *sbx_array(json_t *obj, const char *name)
{
    json_t *a = json_object_get(obj, name);
    if (!json_is_array(a)) {
        a = json_array();
        json_object_set_new(obj, name, a);
    }
    return a;
}

json_t *sbx_section(struct sbx *s, const char *net)
{
    json_t *o = json_object_get(s->state, net);
    if (!json_is_object(o)) {
        o = json_object();
        json_object_set_new(s->state, net, o);
    }
    return o;
}

void sbx_set_default(json_t *obj, const char *key, json_t *value)
{
    if (!json_object_get(obj, key))
        json_object_set(obj, key, value);
    json_decref(value);
}

int sbx_check_list(json_t *section, const char *name, const char *const *required)
{
    size_t i;
    json_t *item;
    json_t *a = json_object_get(section, name);
    if (!a)
        return 0;
    if (!json_is_array(a))
        return -1;
    json_array_foreach(a, i, item)
    {
        for (const char *const *k = required; *k; k++)
            if (!sbx_str(item, *k))
                return -1;
    }
    return 0;
}

/*
 * A file of the format before the prefixes holds TikTok's section at the top level (no key is a
 * network's name): it is read as {"tiktok": FILE} and saved in the new format.
 */
static json_t *migrate(json_t *state)
{
    const char *key;
    json_t *v;
    json_object_foreach(state, key, v)
    {
        if (sbx_network_named(key, strlen(key)))
            return state;
    }
    if (json_object_size(state) == 0)
        return state;
    json_t *wrapped = json_pack("{s:o}", "tiktok", state);
    return wrapped;
}

/* Each network's section checked by its own rules; a key that is no network is refused. */
static int check_sections(json_t *state, const char *path)
{
    const char *key, *why = "";
    json_t *v;
    json_object_foreach(state, key, v)
    {
        const struct sbx_network *net = sbx_network_named(key, strlen(key));
        if (!net) {
            ag_err("invalid state file '%s': unknown network '%s' (expected tiktok, telegram or x)", path,
                   key);
            return -1;
        }
        if (!json_is_object(v) || net->state_check(v, &why) < 0) {
            ag_err("invalid state file '%s': %s: %s", path, key, json_is_object(v) ? why : "not an object");
            return -1;
        }
    }
    return 0;
}

static json_t *load_file(const char *path)
{
    struct ag_buf b;
    struct ag_error err;
    json_error_t jerr;
    int eno = 0;
    json_t *state = NULL;

    ag_buf_init(&b, STATE_MAX);
    if (ag_fs_read_file(path, STATE_MAX, &b, &eno, &err) < 0) {
        if (eno == ENOENT)
            state = json_object(); /* first run: defaults, written at exit */
        else
            ag_err("%s", err.msg);
        goto out;
    }
    state = json_loads(b.data, 0, &jerr);
    if (!json_is_object(state)) {
        if (state)
            ag_err("invalid state file '%s': not a JSON object", path);
        else
            ag_err("invalid state file '%s': %s (line %d)", path, jerr.text, jerr.line);
        json_decref(state);
        state = NULL;
        goto out;
    }
    state = migrate(state);
    if (check_sections(state, path) < 0) {
        json_decref(state);
        state = NULL;
    }
out:
    ag_buf_free(&b);
    return state;
}

static int make_data_dir(struct sbx *s)
{
    struct ag_error err;
    if (s->cfg.state_path) {
        size_t n = strlen(s->cfg.state_path) + 8;
        s->data_dir = malloc(n);
        snprintf(s->data_dir, n, "%s.media", s->cfg.state_path);
        if (ag_fs_mkdir_p(s->data_dir, 0700, &err) < 0) {
            ag_err("%s", err.msg);
            return -1;
        }
        return 0;
    }
    const char *tmp = getenv("TMPDIR");
    size_t n = strlen(tmp ? tmp : "/tmp") + 32;
    s->data_dir = malloc(n);
    snprintf(s->data_dir, n, "%s/agoras-sandbox-XXXXXX", tmp ? tmp : "/tmp");
    if (!mkdtemp(s->data_dir)) {
        ag_err("cannot create a media directory in '%s': %s", tmp ? tmp : "/tmp", strerror(errno));
        return -1;
    }
    s->own_data_dir = true;
    return 0;
}

int sbx_state_init(struct sbx *s)
{
    s->state = s->cfg.state_path ? load_file(s->cfg.state_path) : json_object();
    if (!s->state || make_data_dir(s) < 0)
        return -1;
    for (size_t i = 0; i < sbx_n_networks; i++)
        sbx_networks[i]->state_init(s, sbx_section(s, sbx_networks[i]->name));
    return 0;
}

/* The media directory is flat (one file per media item), so removing it needs no tree walk. */
static void remove_flat_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[4096];
    while (d && (e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        unlink(path);
    }
    if (d)
        closedir(d);
    rmdir(dir);
}

int sbx_state_save(struct sbx *s)
{
    int rc = 0;
    if (s->cfg.state_path) {
        struct ag_error err;
        pthread_mutex_lock(&s->lock);
        json_t *pub = sbx_state_public(s);
        pthread_mutex_unlock(&s->lock);
        char *text = json_dumps(pub, JSON_INDENT(2));
        if (!text || ag_fs_write_atomic(s->cfg.state_path, text, strlen(text), 0600, &err) < 0) {
            ag_err("cannot save state: %s", text ? err.msg : "out of memory");
            rc = -1;
        }
        free(text);
        json_decref(pub);
    } else if (s->own_data_dir && s->data_dir) {
        remove_flat_dir(s->data_dir);
    }
    return rc;
}

static json_t *strip_runtime(json_t *v)
{
    if (json_is_object(v)) {
        json_t *out = json_object();
        const char *k;
        json_t *child;
        json_object_foreach(v, k, child)
        {
            if (k[0] != '_')
                json_object_set_new(out, k, strip_runtime(child));
        }
        return out;
    }
    if (json_is_array(v)) {
        json_t *out = json_array();
        size_t i;
        json_t *child;
        json_array_foreach(v, i, child)
        {
            json_array_append_new(out, strip_runtime(child));
        }
        return out;
    }
    return json_copy(v);
}

json_t *sbx_state_public(struct sbx *s)
{
    for (size_t i = 0; i < sbx_n_networks; i++)
        if (sbx_networks[i]->state_public)
            sbx_networks[i]->state_public(s, sbx_section(s, sbx_networks[i]->name));
    return strip_runtime(s->state);
}
