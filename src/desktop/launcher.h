/* jail desktop install|remove|list (launcher.c).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

/* argv[0] is "desktop"; returns the exit status. */
int jail_desktop_command (int argc, char **argv);
