/* bubblewrap's options that the core group does not have.  They mix with
 * jail's own options and apply in the order given.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "cli/cli-private.h"
#include "spec/spec-private.h"

static gboolean
opt_overlay (Parser *p, const char *opt, char **args, GError **error)
{
  JailFsOp op = JAIL_FS_OP_INIT;
  op.mode = p->next_mode;
  op.size = p->next_size;
  if (strcmp (opt, "--overlay-src") == 0)
    {
      op.kind = JAIL_FS_OVERLAY_SRC;
      op.source = args[0];
    }
  else if (strcmp (opt, "--overlay") == 0)
    {
      op.kind = JAIL_FS_OVERLAY;
      op.source = args[0];
      op.workdir = args[1];
      op.dest = args[2];
    }
  else
    {
      op.kind = strcmp (opt, "--tmp-overlay") == 0 ? JAIL_FS_TMP_OVERLAY : JAIL_FS_RO_OVERLAY;
      op.dest = args[0];
    }
  p->next_mode = JAIL_MODE_DEFAULT;
  p->next_size = 0;
  return jail_spec_add_fs_op (p->cli->spec, &op, error);
}

static const Option bwrap_options[] = {
  { "--overlay-src", 1, opt_overlay, 0, "SRC", "add host SRC as a lower layer of the next overlay" },
  { "--overlay", 3, opt_overlay, 0, "RWSRC WORKDIR DEST",
    "overlay on DEST, writes go to host RWSRC" },
  { "--tmp-overlay", 1, opt_overlay, 0, "DEST", "overlay on DEST, writes go to a hidden tmpfs" },
  { "--ro-overlay", 1, opt_overlay, 0, "DEST", "read-only overlay of the layers on DEST" },
};

const OptionGroup jail_bwrap_option_group = {
  "Bubblewrap-compatible", bwrap_options, G_N_ELEMENTS (bwrap_options),
};
