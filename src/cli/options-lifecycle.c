/* Options of the sandbox lifecycle: the instance name, the root tree.
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

static gboolean
opt_rootfs (Parser *p, const char *opt, char **args, GError **error)
{
  JailSpec *spec = p->cli->spec;
  if (g_str_equal (opt, "--rootfs"))
    return jail_spec_set_rootfs (spec, args[0], error);
  if (g_str_equal (opt, "--rootfs-overlay"))
    return jail_spec_set_rootfs_mode (spec, JAIL_ROOTFS_OVERLAY, NULL, error);
  return jail_spec_set_rootfs_mode (spec, JAIL_ROOTFS_PERSIST, args[0], error);
}

static const Option lifecycle_options[] = {
  { "--name", 1, opt_name, 0, "NAME",
    "name of this sandbox for jail list/enter/stop/kill/stats (default: COMMAND-ID)" },
  { "--rootfs", 1, opt_rootfs, 0, "DIR",
    "run in root tree DIR (read-only) instead of the host's /usr and /etc" },
  { "--rootfs-overlay", 0, opt_rootfs, 0, NULL,
    "make --rootfs writable; the writes vanish at exit (tmpfs upper layer)" },
  { "--persist", 1, opt_rootfs, 0, "DIR",
    "make --rootfs writable; the writes are kept in DIR (upper/, work/)" },
};

const OptionGroup jail_lifecycle_option_group = {
  "Lifecycle", lifecycle_options, G_N_ELEMENTS (lifecycle_options),
};
