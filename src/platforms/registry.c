/* The one table of platforms (see registry.h). */
#include "platforms/registry.h"

#include <string.h>

#include "platforms/discord/discord.h"
#include "platforms/telegram/telegram.h"
#include "platforms/threads/threads.h"
#include "platforms/tiktok/tiktok.h"
#include "platforms/utils/utils.h"
#include "platforms/x/x.h"

const struct ag_network *const ag_networks[] = {
    &ag_tiktok_network,  &ag_telegram_network, &ag_x_network, &ag_discord_network,
    &ag_threads_network, &ag_utils_network,    NULL,
};

const struct ag_network *ag_network_find(const char *name)
{
    for (const struct ag_network *const *n = ag_networks; *n; n++) {
        if (strcmp((*n)->name, name) == 0)
            return *n;
        for (const char *const *a = (*n)->aliases; a && *a; a++)
            if (strcmp(*a, name) == 0)
                return *n;
    }
    return NULL;
}
