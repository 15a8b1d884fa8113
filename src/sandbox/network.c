/*
 * The networks the sandbox emulates.  Adding one: a folder with its routes, error shapes, state
 * section, page section and export lines behind a struct sbx_network, one line here, and its
 * endpoints in help.c's text through endpoints_help.
 */
#include "sandbox/sandbox.h"

#include <stdio.h>
#include <string.h>

const struct sbx_network *const sbx_networks[] = {&sbx_tiktok, &sbx_telegram, &sbx_x, &sbx_discord,
                                                  &sbx_threads};
const size_t sbx_n_networks = sizeof(sbx_networks) / sizeof(sbx_networks[0]);

const struct sbx_network *sbx_network_named(const char *name, size_t len)
{
    for (size_t i = 0; i < sbx_n_networks; i++)
        if (strlen(sbx_networks[i]->name) == len && strncmp(sbx_networks[i]->name, name, len) == 0)
            return sbx_networks[i];
    return NULL;
}

static char names[256];

static void list_names(void)
{
    for (size_t i = 0; i < sbx_n_networks; i++)
        snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s", i ? ", " : "",
                 sbx_networks[i]->name);
}

const char *sbx_network_names(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, list_names); /* connections' threads may ask at the same time */
    return names;
}
