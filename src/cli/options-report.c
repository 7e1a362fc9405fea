/* Options of the denial report: when it is printed, and --learn.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "cli/cli-private.h"
#include "spec/spec-private.h"

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
  p->cli->learn_file = g_strdup (args[0]);
  jail_spec_set_report (p->cli->spec, JAIL_REPORT_ALWAYS);
  /* Paths cost a round trip per open and stat: only when learning. */
  p->cli->spec->report_paths = TRUE;
  return TRUE;
}

static const Option report_options[] = {
  { "--report", 1, opt_report, 0, "auto|always|never",
    "print what the sandbox refused, with the option granting each (auto: when the command fails)" },
  { "--learn", OPTION_INLINE_OPTIONAL, opt_learn, 0, "FILE",
    "write what was refused as a draft profile: FILE, or NAME.local for --profile NAME" },
};

const OptionGroup jail_report_option_group = {
  "Report", report_options, G_N_ELEMENTS (report_options),
};
