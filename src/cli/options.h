/*
 * argv over the option schema of net/opts.h: getopt_long parsing and --help (the machine-readable
 * listing is cli/tables.h's).
 */
#ifndef AG_CLI_OPTIONS_H
#define AG_CLI_OPTIONS_H

#include <stdio.h>

#include "net/opts.h"

/*
 * Parse argv (argv[0] is the action name) against action->options, then apply env, net's
 * account record and defaults, validate, and fill args->opts.  "-l/--loglevel" is accepted anywhere and
 * applied to the logger. Secret flag values are copied and wiped from argv.  "-h/--help" prints nothing and
 * returns 1 (the caller prints the help).  On a usage error returns -AG_EUSAGE with err->msg one line (the
 * caller adds "Try '… --help'.").  Returns 0 on success; free args with ag_args_free.
 */
int ag_args_parse(const struct ag_network *net, const struct ag_action *action, int argc, char **argv,
                  struct ag_args *args, struct ag_error *err);

/* Print help for an action (usage line, summary, every visible option with env/default). */
void ag_options_print_help(FILE *out, const char *command_path, const struct ag_action *action);

/* An AG_OPT_ENUM row's choices, comma-separated ("" for none), cut to size. */
void ag_option_choices(const struct ag_option *o, char *out, size_t size);

#endif
