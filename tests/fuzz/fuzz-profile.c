/* Fuzz the profile parser: key-file syntax, escapes, lists, merge rules,
 * variables, includes (by absolute path only: the search path is empty).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "profile/profile.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static gboolean initialized;
  if (!initialized)
    {
      /* Nothing to find on the search path, a fixed home. */
      g_setenv ("HOME", "/nonexistent/home", TRUE);
      g_setenv ("XDG_CONFIG_HOME", "/nonexistent/config", TRUE);
      g_setenv ("XDG_CONFIG_DIRS", "/nonexistent/xdg", TRUE);
      initialized = TRUE;
    }
  g_autoptr (JailProfile) profile = jail_profile_new ();
  g_autoptr (GError) error = NULL;
  if (jail_profile_load_data (profile, "/nonexistent/fuzz.profile", (const char *) data, size,
                              &error))
    {
      GPtrArray *ops = jail_profile_resolve (profile, NULL);
      g_assert (ops != NULL);
      for (guint i = 0; i < ops->len; i++)
        {
          const JailProfileOp *op = ops->pdata[i];
          g_assert (op->option != NULL && op->option[0] == '-' && op->line > 0);
        }
    }
  else
    g_assert (error != NULL && error->message != NULL);

  /* Variable expansion on its own. */
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr (GError) error2 = NULL;
  g_autofree char *expanded = jail_profile_expand (text, TRUE, &error2);
  g_assert ((expanded == NULL) == (error2 != NULL));
  (void) jail_profile_edit_distance (text, "Filesystems");
  return 0;
}
