/* Invoked as bwrap, setup failures read as bubblewrap words them ("Can't
 * mkdir /x: …", "execvp CMD: …"): callers such as flatpak match them.
 * Installed as the spec's failure wording (spec-caller.h).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "cli/cli-private.h"

/* Steps of the mount plan whose failure bwrap words as "Can't …". */
static gboolean
reworded_step (const SyncMsg *msg, const char *reason, GError **error)
{
  static const struct {
    const char *step;
    const char *bwrap;
  } table[] = {
    { "create symlink", "make symlink at" },
    { "create directory", "mkdir" },
    { "create parent directory", "mkdir" },
    { "write file", "create file" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (table); i++)
    if (strcmp (msg->step, table[i].step) == 0)
      return g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP, "Can't %s %s: %s", table[i].bwrap,
                          msg->path, reason), TRUE;
  if (g_str_has_prefix (msg->step, "chmod "))
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP, "Can't %s %s: %s", msg->step,
                        msg->path, reason), TRUE;
  return FALSE;
}

void
jail_bwrap_word_failure (const SyncMsg *msg, GError **error)
{
  const char *reason = msg->err != 0 ? g_strerror (msg->err) : msg->detail;
  if (msg->type == SYNC_EXEC_ERROR)
    g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP, "execvp %s: %s", msg->path, reason);
  else if (g_str_has_suffix (msg->step, "bind source"))
    g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP, "Can't find source path %s: %s",
                 msg->path, reason);
  else if (reworded_step (msg, reason, error))
    ;
  else if (strcmp (msg->step, "lock-file open") == 0)
    g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP, "Unable to open lock file %s: %s",
                 msg->path, reason);
  else if (strcmp (msg->step, "mount mqueue") == 0)
    g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP, "Can't mount mqueue on /newroot%s: %s",
                 msg->path, reason);
  else if (strcmp (msg->step, "chdir") == 0)
    g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP, "Can't chdir to %s: %s", msg->path,
                 reason);
  else if (msg->err == 0 && msg->detail[0] == '\0') /* the step says it all */
    g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP, "%s", msg->step);
  else if (msg->path[0] != '\0')
    g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP, "%s %s: %s", msg->step, msg->path, reason);
  else
    g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP, "%s: %s", msg->step, reason);
}
