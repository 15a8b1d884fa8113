/*
 * The option schema shared by every network: values resolved from env, the store and defaults,
 * validated against their row, then written to the fields the rows are bound to.  Knows no argv
 * (cli/options.c parses it).
 */
#include "net/opts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/num.h"
#include "core/secret.h"
#include "core/text.h"
#include "net/account.h"
#include "net/network.h"

size_t ag_options_count(const struct ag_option *opts)
{
    size_t n = 0;
    while (opts && opts[n].name)
        n++;
    return n;
}

const char *ag_option_metavar(const struct ag_option *o)
{
    if (o->metavar)
        return o->metavar;
    switch (o->type) {
    case AG_OPT_INT:
        return "N";
    case AG_OPT_SECONDS:
        return "SECONDS";
    case AG_OPT_FILE:
        return "PATH";
    case AG_OPT_ENUM:
        return "VALUE";
    case AG_OPT_BOOL:
        return "";
    default:
        return "TEXT";
    }
}

static void clear_value(struct ag_value *v, int secret)
{
    if (secret)
        ag_secret_free(v->str);
    else
        free(v->str);
    for (size_t i = 0; i < v->n_items; i++)
        free(v->items[i]);
    free(v->items);
    memset(v, 0, sizeof(*v));
}

static const char *display_name(const struct ag_option *o, enum ag_src src, char *buf, size_t size)
{
    if (src == AG_SRC_ENV)
        snprintf(buf, size, "%s", o->env);
    else if (src == AG_SRC_STORE)
        snprintf(buf, size, "the stored %s", o->store_field);
    else
        snprintf(buf, size, "--%s", o->name);
    return buf;
}

/* Convert and validate text for row o; the value keeps its textual form too. */
int ag_value_assign(const struct ag_option *o, struct ag_value *v, const char *text, enum ag_src src,
                    struct ag_error *err)
{
    char where[128];
    int64_t num = 0;
    int b;
    switch (o->type) {
    case AG_OPT_BOOL:
        if (ag_parse_bool(text, &b) < 0)
            return ag_error_set(err, AG_EUSAGE,
                                "invalid value '%s' for %s: use true/false, yes/no, on/off or 1/0", text,
                                display_name(o, src, where, sizeof(where)));
        num = b;
        break;
    case AG_OPT_INT:
    case AG_OPT_SECONDS:
        if (ag_parse_i64(text, o->min, o->max, &num) < 0)
            return ag_error_set(err, AG_EUSAGE, "invalid value '%s' for %s: expected %s from %lld to %lld",
                                text, display_name(o, src, where, sizeof(where)),
                                o->type == AG_OPT_SECONDS ? "a number of seconds" : "an integer",
                                (long long)o->min, (long long)o->max);
        break;
    case AG_OPT_ENUM: {
        int ok = 0;
        for (size_t i = 0; o->choices[i]; i++)
            ok |= strcmp(o->choices[i], text) == 0;
        if (!ok) {
            char list[512] = "";
            for (size_t i = 0; o->choices[i]; i++)
                ag_join_append(list, sizeof(list), ", ", o->choices[i]);
            return ag_error_set(err, AG_EUSAGE, "invalid value '%s' for %s: choose from %s", text,
                                display_name(o, src, where, sizeof(where)), list);
        }
        break;
    }
    default:
        break;
    }
    char *copy = strdup(text);
    if (!copy)
        return ag_error_set(err, AG_EFAIL, "out of memory");
    clear_value(v, o->flags & AG_OPT_SECRET);
    v->str = copy;
    v->num = num;
    v->src = src;
    if (o->flags & AG_OPT_SECRET)
        ag_log_add_secret(copy);
    return 0;
}

int ag_value_append(struct ag_value *v, const char *text, struct ag_error *err)
{
    char **items = realloc(v->items, (v->n_items + 1) * sizeof(*items));
    if (!items)
        return ag_error_set(err, AG_EFAIL, "out of memory");
    v->items = items;
    if (!(items[v->n_items] = strdup(text)))
        return ag_error_set(err, AG_EFAIL, "out of memory");
    v->n_items++;
    v->src = AG_SRC_FLAG;
    return 0;
}

static int assign_env(const struct ag_option *o, struct ag_value *v, struct ag_error *err)
{
    const char *env = o->env ? getenv(o->env) : NULL;
    if (!env || !*env)
        return 0;
    int rc =
        o->type == AG_OPT_LIST ? ag_value_append(v, env, err) : ag_value_assign(o, v, env, AG_SRC_ENV, err);
    v->src = AG_SRC_ENV;
    return rc;
}

/* The store step: rows with a store_field that flag and env left unset, from the account record. */
static int assign_store(struct ag_args *args, struct ag_error *err)
{
    int wanted = 0;
    for (size_t i = 0; i < args->n_values; i++)
        wanted |= args->action->options[i].store_field && args->values[i].src == AG_SRC_UNSET;
    if (!wanted || !args->net)
        return 0; /* CI runs with every credential in env never read the store */
    json_t *rec = NULL;
    int rc = ag_account_find(args->net, NULL, &rec, err);
    for (size_t i = 0; rc == 0 && rec && i < args->n_values; i++) {
        const struct ag_option *o = &args->action->options[i];
        json_t *field = o->store_field ? json_object_get(rec, o->store_field) : NULL;
        char number[32];
        const char *text = json_string_value(field);
        if (json_is_integer(field)) {
            snprintf(number, sizeof(number), "%" JSON_INTEGER_FORMAT, json_integer_value(field));
            text = number;
        }
        if (text && *text && args->values[i].src == AG_SRC_UNSET)
            rc = ag_value_assign(o, &args->values[i], text, AG_SRC_STORE, err);
    }
    json_decref(rec);
    return rc;
}

static int missing(const struct ag_args *args, const struct ag_option *o, struct ag_error *err)
{
    const char *net = args->net ? args->net->name : "";
    if (o->store_field && (o->flags & AG_OPT_NO_FLAG)) /* a credential: not authorized (SPEC §1) */
        return ag_error_set(err, AG_EAUTH, "missing %s: set it, or run 'agoras %s authorize' to store it",
                            o->env, net);
    if (o->flags & AG_OPT_NO_FLAG)
        return ag_error_set(err, AG_EUSAGE, "missing %s: set it in the environment", o->env);
    if (o->env)
        return ag_error_set(err, AG_EUSAGE, "missing required option '--%s' (or set %s)", o->name, o->env);
    return ag_error_set(err, AG_EUSAGE, "missing required option '--%s'", o->name);
}

/* Every value into its field of the options struct. */
static void bind_values(struct ag_args *args)
{
    for (size_t i = 0; i < args->n_values; i++) {
        const struct ag_option *o = &args->action->options[i];
        const struct ag_value *v = &args->values[i];
        char *field = (char *)args->opts + o->offset;
        switch (o->type) {
        case AG_OPT_BOOL:
            *(bool *)field = v->num != 0;
            break;
        case AG_OPT_INT:
        case AG_OPT_SECONDS:
            *(int64_t *)field = v->num;
            break;
        case AG_OPT_LIST:
            *(struct ag_list *)field = (struct ag_list){v->items, v->n_items};
            break;
        default:
            *(const char **)field = v->str;
            break;
        }
    }
}

int ag_args_resolve(struct ag_args *args, struct ag_error *err)
{
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < args->n_values; i++)
        if (args->values[i].src == AG_SRC_UNSET)
            rc = assign_env(&args->action->options[i], &args->values[i], err);
    if (rc == 0)
        rc = assign_store(args, err);
    for (size_t i = 0; rc == 0 && i < args->n_values; i++) {
        const struct ag_option *o = &args->action->options[i];
        struct ag_value *v = &args->values[i];
        if (v->src == AG_SRC_UNSET && o->def)
            rc = ag_value_assign(o, v, o->def, AG_SRC_DEFAULT, err);
        if (rc == 0 && v->src == AG_SRC_UNSET && (o->flags & AG_OPT_REQUIRED))
            rc = missing(args, o, err);
    }
    if (rc == 0)
        bind_values(args);
    return rc;
}

void ag_args_free(struct ag_args *args)
{
    if (!args)
        return;
    for (size_t i = 0; args->values && i < args->n_values; i++)
        clear_value(&args->values[i], args->action->options[i].flags & AG_OPT_SECRET);
    free(args->values);
    free(args->opts);
    args->values = NULL;
    args->opts = NULL;
    args->n_values = 0;
}

enum ag_src ag_args_src(const struct ag_args *args, const void *field)
{
    size_t offset = (size_t)((const char *)field - (const char *)args->opts);
    for (size_t i = 0; i < args->n_values; i++)
        if (args->action->options[i].offset == offset)
            return args->values[i].src;
    /* A field no row binds is a bug in the action, not user input. */
    abort();
}

const struct ag_option ag_no_options[] = {{0}};

int ag_args_init(struct ag_args *args, const struct ag_network *net, const struct ag_action *action,
                 struct ag_error *err)
{
    size_t n = ag_options_count(action->options);
    memset(args, 0, sizeof(*args));
    args->net = net;
    args->action = action;
    args->values = calloc(n + 1, sizeof(*args->values));
    args->opts = calloc(1, action->opts_size ? action->opts_size : 1);
    if (!args->values || !args->opts) {
        ag_args_free(args);
        return ag_error_set(err, AG_EFAIL, "out of memory");
    }
    args->n_values = n;
    return 0;
}

static size_t field_size(enum ag_opt_type t)
{
    switch (t) {
    case AG_OPT_BOOL:
        return sizeof(bool);
    case AG_OPT_INT:
    case AG_OPT_SECONDS:
        return sizeof(int64_t);
    case AG_OPT_LIST:
        return sizeof(struct ag_list);
    default:
        return sizeof(const char *);
    }
}

static size_t field_align(enum ag_opt_type t)
{
    switch (t) {
    case AG_OPT_BOOL:
        return _Alignof(bool);
    case AG_OPT_INT:
    case AG_OPT_SECONDS:
        return _Alignof(int64_t);
    case AG_OPT_LIST:
        return _Alignof(struct ag_list);
    default:
        return _Alignof(const char *);
    }
}

/* One table's rows against each other and their own declarations; the first problem in *why. */
static int check_row(const struct ag_action *action, size_t i, const char **why)
{
    const struct ag_option *opts = action->options;
    const struct ag_option *o = &opts[i];
    struct ag_value v = {0};
    struct ag_error ignored;
    *why = NULL;
    for (size_t j = 0; j < i; j++) {
        if (strcmp(opts[j].name, o->name) == 0)
            *why = "long name used twice";
        else if (o->short_name && opts[j].short_name == o->short_name)
            *why = "short name used twice";
        else if (o->env && opts[j].env && strcmp(opts[j].env, o->env) == 0)
            *why = "env variable used twice";
        else if (opts[j].offset == o->offset)
            *why = "field bound twice";
    }
    if (!*why && (o->offset + field_size(o->type) > action->opts_size || o->offset % field_align(o->type)))
        *why = "field outside the action's options struct (opts_size)";
    if (!*why && (!o->help || !*o->help))
        *why = "no help";
    else if (!*why && o->type == AG_OPT_ENUM && (!o->choices || !o->choices[0]))
        *why = "enum without choices";
    else if (!*why && (o->type == AG_OPT_INT || o->type == AG_OPT_SECONDS) && o->min > o->max)
        *why = "min above max";
    else if (!*why && (o->flags & AG_OPT_REQUIRED) && o->def)
        *why = "required with a default";
    else if (!*why && (o->flags & AG_OPT_SECRET) && !o->env)
        *why = "secret without an env variable (a flag shows in ps)";
    else if (!*why && (o->flags & AG_OPT_NO_FLAG) && !o->env)
        *why = "no flag and no env variable";
    else if (!*why && o->def && o->type != AG_OPT_LIST &&
             ag_value_assign(o, &v, o->def, AG_SRC_DEFAULT, &ignored) < 0)
        *why = "default does not parse";
    free(v.str);
    return *why ? -1 : 0;
}

int ag_options_check(const struct ag_action *action, char *msg, size_t size)
{
    const char *why;
    const struct ag_option *opts = action->options;
    for (size_t i = 0; opts && opts[i].name; i++)
        if (check_row(action, i, &why) < 0) {
            snprintf(msg, size, "option '--%s': %s", opts[i].name, why);
            return -1;
        }
    return 0;
}
