/* Options of the sandbox lifecycle: the instance name.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "cli/cli-private.h"

static gboolean
opt_name (Parser *p, const char *opt, char **args, GError **error)
{
  (void) opt;
  return jail_spec_set_name (p->cli->spec, args[0], error);
}

static const Option lifecycle_options[] = {
  { "--name", 1, opt_name, 0, "NAME",
    "name of this sandbox for jail list/enter/stop/kill/stats (default: COMMAND-ID)" },
};

const OptionGroup jail_lifecycle_option_group = {
  "Lifecycle", lifecycle_options, G_N_ELEMENTS (lifecycle_options),
};
