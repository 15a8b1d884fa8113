/*
 * The hidden machine-readable listings of `agoras`, read by scripts/gen-man and
 * scripts/gen-completion: one line per row, TAB-separated fields, "-" for an empty one.  They take
 * the list of networks (NULL-terminated, as ag_networks) so a test can list networks of its own.
 */
#ifndef AG_CLI_TABLES_H
#define AG_CLI_TABLES_H

#include <stdio.h>

#include "net/network.h"

/* --commands-table: platform, action ("-" on the platform's own line), summary, "unsupported" or "-". */
void ag_tables_print_commands(FILE *out, const struct ag_network *const *nets);

/*
 * One line per option of action: command_path, long, short, type, env, default, choices, flags
 * (some of required,secret,hidden,noflag), metavar, help.
 */
void ag_options_print_table(FILE *out, const char *command_path, const struct ag_action *action);

/* --options-table: ag_options_print_table for every action of every network. */
void ag_tables_print_options(FILE *out, const struct ag_network *const *nets);

/*
 * --credentials-table: network, display, kind, env, key, flag, flags, text.
 *   credential rows: kind "credential", key the store field, flag authorize's option name, flags
 *                    some of secret,id,refresh,token, text the help line;
 *   API base rows:   kind "api-base", key the base's key ("api"), text its default URL.
 */
void ag_tables_print_credentials(FILE *out, const struct ag_network *const *nets);

#endif
