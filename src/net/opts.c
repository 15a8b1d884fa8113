/*
 * The option schema shared by every network: values resolved from env, the store and defaults,
 * validated against their row.  Knows no argv (cli/options.c parses it).
 */
#include "net/opts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/num.h"

size_t ag_options_count(const struct ag_option *opts)
{
    size_t n = 0;
    while (opts && opts[n].name)
        n++;
    return n;
}

static int find_row(const struct ag_args *args, const char *name)
{
    for (size_t i = 0; i < args->n_values; i++)
        if (strcmp(args->action->options[i].name, name) == 0)
            return (int)i;
    /* Asking for a name that is not in the table is a bug in the action, not user input. */
    abort();
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
    if (v->str && secret)
        explicit_bzero(v->str, strlen(v->str));
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
            for (size_t i = 0; o->choices[i]; i++) {
                strncat(list, i ? ", " : "", sizeof(list) - strlen(list) - 1);
                strncat(list, o->choices[i], sizeof(list) - strlen(list) - 1);
            }
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

/* After flags: env variables, then defaults, then required checks. */
int ag_args_resolve(struct ag_args *args, struct ag_error *err)
{
    for (size_t i = 0; i < args->n_values; i++) {
        const struct ag_option *o = &args->action->options[i];
        struct ag_value *v = &args->values[i];
        if (v->src != AG_SRC_UNSET)
            continue;
        const char *env = o->env ? getenv(o->env) : NULL;
        if (env && *env) {
            int rc = o->type == AG_OPT_LIST ? ag_value_append(v, env, err)
                                            : ag_value_assign(o, v, env, AG_SRC_ENV, err);
            if (rc < 0)
                return rc;
            v->src = AG_SRC_ENV;
        } else if (o->def) {
            int rc = ag_value_assign(o, v, o->def, AG_SRC_DEFAULT, err);
            if (rc < 0)
                return rc;
        }
        if (v->src == AG_SRC_UNSET && (o->flags & AG_OPT_REQUIRED)) {
            if (o->env)
                return ag_error_set(err, AG_EUSAGE, "missing required option '--%s' (or set %s)", o->name,
                                    o->env);
            return ag_error_set(err, AG_EUSAGE, "missing required option '--%s'", o->name);
        }
    }
    return 0;
}

void ag_args_free(struct ag_args *args)
{
    if (!args || !args->values)
        return;
    for (size_t i = 0; i < args->n_values; i++)
        clear_value(&args->values[i], args->action->options[i].flags & AG_OPT_SECRET);
    free(args->values);
    args->values = NULL;
    args->n_values = 0;
}

const char *ag_args_str(const struct ag_args *args, const char *name)
{
    return args->values[find_row(args, name)].str;
}

int64_t ag_args_num(const struct ag_args *args, const char *name)
{
    return args->values[find_row(args, name)].num;
}

int ag_args_is_set(const struct ag_args *args, const char *name)
{
    return args->values[find_row(args, name)].src != AG_SRC_UNSET;
}

enum ag_src ag_args_source(const struct ag_args *args, const char *name)
{
    return args->values[find_row(args, name)].src;
}

char *const *ag_args_list(const struct ag_args *args, const char *name, size_t *n)
{
    const struct ag_value *v = &args->values[find_row(args, name)];
    *n = v->n_items;
    return v->items;
}

int ag_args_set_from_store(struct ag_args *args, const char *name, const char *value)
{
    int row = find_row(args, name);
    struct ag_value *v = &args->values[row];
    if (v->src >= AG_SRC_STORE || !value)
        return 0;
    struct ag_error ignored;
    return ag_value_assign(&args->action->options[row], v, value, AG_SRC_STORE, &ignored) < 0 ? -1 : 0;
}

int ag_args_init(struct ag_args *args, const struct ag_action *action, struct ag_error *err)
{
    size_t n = ag_options_count(action->options);
    memset(args, 0, sizeof(*args));
    args->action = action;
    args->values = calloc(n + 1, sizeof(*args->values));
    if (!args->values)
        return ag_error_set(err, AG_EFAIL, "out of memory");
    args->n_values = n;
    return 0;
}

/* One table's rows against each other and their own declarations; the first problem in *why. */
static int check_row(const struct ag_option *opts, size_t i, const char **why)
{
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
    }
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
    else if (!*why && o->def && o->type != AG_OPT_LIST &&
             ag_value_assign(o, &v, o->def, AG_SRC_DEFAULT, &ignored) < 0)
        *why = "default does not parse";
    free(v.str);
    return *why ? -1 : 0;
}

int ag_options_check(const struct ag_option *opts, char *msg, size_t size)
{
    const char *why;
    for (size_t i = 0; opts && opts[i].name; i++)
        if (check_row(opts, i, &why) < 0) {
            snprintf(msg, size, "option '--%s': %s", opts[i].name, why);
            return -1;
        }
    return 0;
}
