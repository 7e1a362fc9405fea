/* libFuzzer target: the desktop entry jail rewrites into a launcher.  The
 * launcher must hold no way to start the app outside jail: every Exec is
 * jail's, no localized Exec, no D-Bus activation, no key given twice.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "desktop/launcher.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

#define WRAP "jail --profile p -- "

static void
check_launcher (GKeyFile *out)
{
  g_autofree char *text = g_key_file_to_data (out, NULL, NULL);
  g_autoptr (GError) error = NULL;
  /* What jail writes must pass its own reading: no duplicate key or group. */
  g_autoptr (GKeyFile) again = jail_desktop_entry_parse ("out", text, strlen (text), &error);
  if (again == NULL)
    abort ();
  g_auto (GStrv) groups = g_key_file_get_groups (again, NULL);
  for (char **g = groups; *g != NULL; g++)
    {
      g_auto (GStrv) keys = g_key_file_get_keys (again, *g, NULL, NULL);
      for (char **k = keys; k != NULL && *k != NULL; k++)
        {
          if (g_str_has_prefix (*k, "Exec[") || strcmp (*k, "DBusActivatable") == 0)
            abort ();
          if (strcmp (*k, "Exec") != 0)
            continue;
          g_autofree char *exec = g_key_file_get_string (again, *g, "Exec", NULL);
          if (exec == NULL || !g_str_has_prefix (exec, WRAP))
            abort ();
        }
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr (GError) error = NULL;
  g_autoptr (GKeyFile) kf = jail_desktop_entry_parse ("in", text, size, &error);
  if (kf == NULL)
    return 0;
  g_autoptr (GKeyFile) out = jail_desktop_launcher_build (kf, "in", "jail", "p");
  check_launcher (out);
  return 0;
}
