/* agoras utils: cross-platform commands. */
#ifndef AG_UTILS_H
#define AG_UTILS_H

#include "cli/options.h"

/* NULL-terminated; multi-word commands ("tokens list") are single actions with a space in the name. */
extern const struct ag_action *const ag_utils_actions[];

#endif
