/* The jail command line → a JailSpec.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "jail/jail.h"

typedef enum {
  JAIL_CLI_RUN,
  JAIL_CLI_PRINT,
  JAIL_CLI_HELP,
  JAIL_CLI_VERSION,
  JAIL_CLI_EXIT, /* the parser did all there was to do (--list-profiles…) */
} JailCliAction;

typedef struct {
  JailCliAction action;
  JailSpec *spec;
} JailCli;

/* Parse argv (argv[0] is the program).  On error, FALSE with a message that
 * names the option; the caller prints it and exits 125. */
gboolean jail_cli_parse (int argc, char **argv, JailCli *ret_cli, GError **error);
void jail_cli_clear (JailCli *cli);

void jail_cli_print_help (const char *prog);
