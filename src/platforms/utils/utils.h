/* agoras utils: cross-platform commands. */
#ifndef AG_UTILS_H
#define AG_UTILS_H

#include "net/network.h"

/* The registry's row: actions only.  Multi-word commands ("tokens list") are single actions with a
 * space in the name. */
extern const struct ag_network ag_utils_network;

#endif
