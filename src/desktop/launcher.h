/* jail desktop install|remove|list (launcher.c).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

/* A system desktop entry (`text`, `len` bytes, read from `path`), checked:
 * NULL with an error naming the path (and line) when a key or group is
 * given twice, it is not an application or has no Exec. */
GKeyFile *jail_desktop_entry_parse (const char *path, const char *text, gsize len,
                                    GError **error);
/* jail's launcher for that entry: the allowlisted keys, every Exec run by
 * `jail --profile PROFILE -- ORIGINAL`. */
GKeyFile *jail_desktop_launcher_build (GKeyFile *entry, const char *path, const char *jail,
                                       const char *profile);

/* argv[0] is "desktop"; returns the exit status. */
int jail_desktop_command (int argc, char **argv);
