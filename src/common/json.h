/* A minimal JSON writer on GString, enough for specs and status reports.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

void jail_json_string (GString *out, const char *s);  /* "..." or null */
void jail_json_key (GString *out, const char *key);   /* "key": */
