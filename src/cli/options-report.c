/* Options of the denial report: when it is printed, and --learn.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include <stdio.h>

#include "cli/cli-private.h"
#include "report/paths.h"
#include "spec/spec-access.h"

static gboolean
opt_report (Parser *p, const char *opt, char **args, GError **error)
{
  static const struct {
    const char *name;
    JailReportMode mode;
  } modes[] = { { "auto", JAIL_REPORT_AUTO }, { "always", JAIL_REPORT_ALWAYS },
                { "never", JAIL_REPORT_NEVER } };
  for (gsize i = 0; i < G_N_ELEMENTS (modes); i++)
    if (strcmp (args[0], modes[i].name) == 0)
      {
        jail_spec_set_report (p->cli->spec, modes[i].mode);
        return TRUE;
      }
  return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                      "%s: '%s' is not 'auto', 'always' or 'never'", opt, args[0]), FALSE;
}

/* --learn: the report becomes a draft profile (src/profile/draft.c);
 * the run gets the profiles' grants and nothing more. */
static gboolean
opt_learn (Parser *p, const char *opt, char **args, GError **error)
{
  if (args[0] != NULL && args[0][0] == '\0')
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID, "%s=: a file name is needed", opt),
           FALSE;
  p->cli->learn = TRUE;
  g_free (p->cli->learn_file);
  p->cli->learn_file = NULL;
  jail_spec_set_report_visible (p->cli->spec, args[0] != NULL && strcmp (args[0], "visible") == 0);
  if (jail_spec_get_report_visible (p->cli->spec))
    fprintf (stderr, "jail: warning: --learn=visible: this run sees your home, /opt, /media and "
                     "/mnt read-only, below its profiles' grants (./visible names a file)\n");
  else
    p->cli->learn_file = g_strdup (args[0]);
  jail_spec_set_report (p->cli->spec, JAIL_REPORT_ALWAYS);
  /* Paths cost a round trip per lookup (src/sandbox/seccomp.c,
   * add_path_rules): only when learning. */
  jail_spec_set_report_paths (p->cli->spec, TRUE);
  return TRUE;
}

/* --learn=visible: the scope of the path report bound read-only from the
 * host, in front of every grant so that the grants still show as theirs
 * (src/report/paths.c tells them apart by mount).  Called before the
 * default filesystem is put in front of it all. */
gboolean
jail_cli_learn_visible_binds (Parser *p, GError **error)
{
  if (!jail_spec_get_report_visible (p->cli->spec))
    return TRUE;
  g_autoptr (JailSpec) visible = jail_spec_new ();
  g_autoptr (GPtrArray) roots = jail_report_paths_scope (g_get_home_dir ());
  for (guint i = 0; i < roots->len; i++)
    {
      const char *dir = g_ptr_array_index (roots, i);
      if (g_file_test (dir, G_FILE_TEST_IS_DIR)
          && !jail_spec_add_fs (visible, JAIL_FS_RO_BIND, dir, dir, JAIL_FS_FLAG_TRY, error))
        return FALSE;
    }
  jail_spec_prepend_fs (p->cli->spec, visible);
  return TRUE;
}

static const Option report_options[] = {
  { "--report", 1, opt_report, 0, "auto|always|never",
    "print what the sandbox refused, with the option granting each (auto: when the command fails)" },
  { "--learn", OPTION_INLINE_OPTIONAL, opt_learn, 0, "FILE",
    "write what was refused as a draft profile: FILE, or NAME.local for --profile NAME; "
    "visible: the run sees home, /opt, /media, /mnt read-only" },
};

const OptionGroup jail_report_option_group = {
  "Report", report_options, G_N_ELEMENTS (report_options),
};
