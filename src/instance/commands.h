/* jail list|enter|stop|kill|stats: the client side of the lifecycle.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

typedef int (*JailCommand) (int argc, char **argv);

/* The subcommand called `name`, or NULL. argv[0] is the subcommand. */
JailCommand jail_command_lookup (const char *name);
