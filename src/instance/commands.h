/* jail list|enter|stop|kill|stats|desktop: the subcommands, each with its
 * --help.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

typedef int (*JailCommand) (int argc, char **argv);

gboolean jail_command_exists (const char *name);
/* Run the subcommand argv[0] (jail_command_exists), or print its --help. */
int jail_command_run (int argc, char **argv);
/* One line per subcommand, for jail --help. */
char *jail_command_summary (void);
