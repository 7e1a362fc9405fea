/* Pure helpers for sandbox paths: no side effects, unit-tested.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

/* Longest path jail accepts anywhere (PATH_MAX, including the NUL). */
#define JAIL_PATH_MAX 4096

/* A destination inside the sandbox must be absolute, shorter than
 * JAIL_PATH_MAX and free of ".." components: the mount plan never walks
 * upwards, so no spelling can name a place outside the new root. */
gboolean jail_path_validate_dest (const char *path, const char *what, GError **error);

/* "/a//b/./c/" → "/a/b/c"; "/" stays "/". */
char *jail_path_normalize (const char *path);

/* TRUE if `path` is `prefix` or lies below it (both normalized). */
gboolean jail_path_has_prefix (const char *path, const char *prefix);
