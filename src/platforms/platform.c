#include "platforms/platform.h"

#include <string.h>

#include "platforms/tiktok/tiktok.h"
#include "platforms/utils/utils.h"

const struct ag_platform ag_platforms[] = {
    {"tiktok", "TikTok: authorize, publish videos and photo posts (run 'agoras tiktok authorize' first)",
     ag_tiktok_actions},
    {"utils", "Cross-platform utilities: stored tokens, media limits", ag_utils_actions},
    {0},
};

const struct ag_platform *ag_platform_find(const char *name)
{
    for (const struct ag_platform *p = ag_platforms; p->name; p++)
        if (strcmp(p->name, name) == 0)
            return p;
    return NULL;
}

const struct ag_action *ag_action_find(const struct ag_platform *platform, const char *name)
{
    for (const struct ag_action *const *a = platform->actions; *a; a++)
        if (strcmp((*a)->name, name) == 0)
            return *a;
    return NULL;
}
