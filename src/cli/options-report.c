/* Options of the denial report: when it is printed.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "cli/cli-private.h"

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

static const Option report_options[] = {
  { "--report", 1, opt_report, 0, "auto|always|never",
    "print what the sandbox refused, with the option granting each (auto: when the command fails)" },
};

const OptionGroup jail_report_option_group = {
  "Report", report_options, G_N_ELEMENTS (report_options),
};
