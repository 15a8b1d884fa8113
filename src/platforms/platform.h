/* The platform table: each platform is a name, a summary and its actions. */
#ifndef AG_PLATFORM_H
#define AG_PLATFORM_H

#include "cli/options.h"

struct ag_platform {
    const char *name;
    const char *summary;
    const struct ag_action *const *actions; /* NULL-terminated */
};

/* The platforms agoras knows, terminated by a row with name == NULL. */
extern const struct ag_platform ag_platforms[];

const struct ag_platform *ag_platform_find(const char *name);
const struct ag_action *ag_action_find(const struct ag_platform *platform, const char *name);

#endif
