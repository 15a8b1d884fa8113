/*
 * The registry: every platform agoras knows, in help order.  A network is a folder of its own under
 * src/platforms/<name>/ that defines one struct ag_network (net/network.h) and one row below in
 * registry.c; nothing else outside its folder changes.  The checklist is docs/ADDING_A_NETWORK.md:
 *
 *  - <name>/network.c: the descriptor (name, display, summary, aliases, actions, credentials with
 *    their env name, store field and secret flag, API bases with their AGORAS_<NET>_API_BASE
 *    override, error-code tables, ops for refresh where the network rotates tokens);
 *  - <name>/actions.c: one typed options struct and option table per action (net/opts.h);
 *  - <name>/<action>.c: the handlers, through net/session.h, net/poll.h, net/upload.h, net/result.h;
 *  - <name>/<name>.h: the descriptor's extern declaration for the row below;
 *  - tests under tests/unit/test_<name>_*.c and tests/e2e/test_<name>_*.sh.
 *
 * `utils tokens`, `--options-table`, `--commands-table`, the man page and shell completion then
 * serve the network from its descriptor.
 */
#ifndef AG_PLATFORMS_REGISTRY_H
#define AG_PLATFORMS_REGISTRY_H

#include "net/network.h"

/* NULL-terminated; "utils" is a pseudo-network: actions, no credentials. */
extern const struct ag_network *const ag_networks[];

/* The platform named name (or one of its aliases); NULL if none. */
const struct ag_network *ag_network_find(const char *name);

#endif
