/*
 * The option engine with the real tables: argv built from the input goes through ag_args_parse
 * (getopt_long, --no- negation, env fallback, validation, secret wiping), then every value is read
 * back through the accessors.
 *
 * Input: byte 0 picks the platform action (over every action of every platform); the rest is split
 * at NUL bytes into arguments.  An argument starting with 0x01 is not an argument but an env
 * variable for this run: its next byte picks the option row whose env name is set, the rest is the
 * value (all such variables are unset again afterwards).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/options.h"
#include "core/log.h"
#include "platforms/registry.h"

#define MAX_ARGS 64

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct ag_action *actions[64];
static size_t n_actions;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    if (!freopen("/dev/null", "w", stdout)) /* --help */
        return 1;
    for (const struct ag_network *const *p = ag_networks; *p; p++)
        for (const struct ag_action *const *a = (*p)->actions; *a && n_actions < 64; a++)
            actions[n_actions++] = *a;
    /* The real environment must not leak into the runs. */
    for (size_t i = 0; i < n_actions; i++)
        for (const struct ag_option *o = actions[i]->options; o->name; o++)
            if (o->env)
                unsetenv(o->env);
    return 0;
}

/* Every bound field as a handler reads it: lists complete, numbers inside their row's range. */
static void read_back(const struct ag_action *action, const struct ag_args *args)
{
    for (size_t i = 0; action->options[i].name; i++) {
        const struct ag_option *o = &action->options[i];
        const char *field = (const char *)args->opts + o->offset;
        int set = args->values[i].src != AG_SRC_UNSET;
        if (o->type == AG_OPT_LIST) {
            const struct ag_list *l = (const struct ag_list *)field;
            for (size_t k = 0; k < l->n; k++)
                if (!l->items[k])
                    abort();
        } else if (o->type == AG_OPT_INT || o->type == AG_OPT_SECONDS) {
            int64_t v = *(const int64_t *)field;
            if (set && (v < o->min || v > o->max))
                abort(); /* validation let an out-of-range number through */
        } else if (o->type != AG_OPT_BOOL) {
            const char *str = *(const char *const *)field;
            if (set != (str != NULL))
                abort(); /* a set value must reach its field, an unset one must not */
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || n_actions == 0)
        return 0;
    const struct ag_action *action = actions[data[0] % n_actions];
    size_t n_opts = 0;
    while (action->options[n_opts].name)
        n_opts++;
    char *buf = malloc(size); /* data[1..] NUL-terminated */
    memcpy(buf, data + 1, size - 1);
    buf[size - 1] = '\0';
    char *argv[MAX_ARGS + 1];
    const char *envs[MAX_ARGS];
    int argc = 0, n_env = 0;
    argv[argc++] = (char *)action->name;
    for (char *p = buf; p < buf + size && argc < MAX_ARGS; p += strlen(p) + 1) {
        if (p[0] == '\x01') {
            if (p[1] && n_opts && n_env < MAX_ARGS) {
                const struct ag_option *o = &action->options[(unsigned char)p[1] % n_opts];
                if (o->env && setenv(o->env, p + 2, 1) == 0)
                    envs[n_env++] = o->env;
            }
            continue;
        }
        argv[argc++] = p;
        if (p + strlen(p) + 1 >= buf + size)
            break;
    }
    argv[argc] = NULL;
    struct ag_args args;
    struct ag_error err = {0};
    memset(&args, 0, sizeof(args));
    int rc = ag_args_parse(NULL, action, argc, argv, &args, &err);
    if (rc == 0)
        read_back(action, &args);
    else if (rc < 0 && err.msg[0] == '\0')
        abort(); /* a usage error names the problem */
    ag_args_free(&args);
    for (int i = 0; i < n_env; i++)
        unsetenv(envs[i]);
    ag_log_set_level(AG_LOG_CRITICAL);
    free(buf);
    return 0;
}
