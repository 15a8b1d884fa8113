/*
 * agoras utils tokens list|show|delete|unattended-format: the token store (core/store.h) seen
 * from the command line, with the output formats of Python Agoras (reference §3.4), sorted.
 * Results go to stdout; "nothing found" is exit 1 with the reference's message on stderr.
 */
#ifndef AG_CLI_TOKENS_H
#define AG_CLI_TOKENS_H

#include "net/opts.h"

/* "tokens list [--platform P]" */
extern const struct ag_action ag_action_tokens_list;
/* "tokens show --platform P [--identifier I] [--field F] [--format plain|json] [--reveal]"
 * (plain masks secrets unless --reveal; on a terminal a note on stderr says so) */
extern const struct ag_action ag_action_tokens_show;
/* "tokens delete --platform P --identifier I"; also deletes the "default" copy mirroring I (said on stderr)
 */
extern const struct ag_action ag_action_tokens_delete;
/* "tokens unattended-format [--platform P]...": NAME=value lines for unattended runs (cleartext) */
extern const struct ag_action ag_action_tokens_unattended;

#endif
