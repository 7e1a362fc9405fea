/* The default sandbox: what `jail -- CMD` gives with no other option.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <sys/stat.h>
#include <unistd.h>

#include "spec/spec-private.h"

static gboolean
add_op_mode (JailSpec *spec, JailFsKind kind, const char *source, const char *dest,
             guint32 mode, GError **error)
{
  JailFsOp op = jail_fs_op (kind, source, dest, 0);
  op.mode = mode;
  return jail_spec_add_fs_op (spec, &op, error);
}

/* /bin, /lib… are links into /usr on merged-/usr systems and directories
 * elsewhere: mirror whatever the host has so binaries find their loader. */
static gboolean
add_usr_links (JailSpec *spec, GError **error)
{
  static const char *const tops[] = { "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32" };

  for (gsize i = 0; i < G_N_ELEMENTS (tops); i++)
    {
      struct stat st;
      if (lstat (tops[i], &st) != 0)
        continue;
      if (S_ISLNK (st.st_mode))
        {
          g_autofree char *target = g_file_read_link (tops[i], NULL);
          if (target != NULL && !jail_spec_add_fs (spec, JAIL_FS_SYMLINK,
                                                   target, tops[i], 0, error))
            return FALSE;
        }
      else if (S_ISDIR (st.st_mode) && !jail_spec_add_fs (spec, JAIL_FS_RO_BIND,
                                                          tops[i], tops[i], 0, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
jail_spec_add_default_filesystem (JailSpec *spec, GError **error)
{
  /* The host uid, as systemd names the runtime directory. */
  g_autofree char *run_user = g_strdup_printf ("/run/user/%u", (unsigned) getuid ());
  const char *home = g_get_home_dir ();

  if (!jail_spec_add_fs (spec, JAIL_FS_RO_BIND, "/usr", "/usr", 0, error)
      || !add_usr_links (spec, error)
      || !jail_spec_add_fs (spec, JAIL_FS_RO_BIND, "/etc", "/etc", 0, error)
      || !jail_spec_add_fs (spec, JAIL_FS_PROC, NULL, "/proc", 0, error)
      || !jail_spec_add_fs (spec, JAIL_FS_DEV, NULL, "/dev", 0, error)
      || !add_op_mode (spec, JAIL_FS_TMPFS, NULL, "/tmp", 01777, error)
      /* The FHS's other temporary directory, private too: programs keep
       * their larger scratch files there (Audacity's session data,
       * /var/tmp/audacity-USER) and stop when it is missing. */
      || !add_op_mode (spec, JAIL_FS_TMPFS, NULL, "/var/tmp", 01777, error)
      || !add_op_mode (spec, JAIL_FS_TMPFS, NULL, run_user, 0700, error))
    return FALSE;
  /* The app's runtime directory is this one, whatever the caller's
   * $XDG_RUNTIME_DIR names (a path that may not exist inside). */
  jail_spec_setenv (spec, "XDG_RUNTIME_DIR", run_user);
  /* An empty, private home at the same path, so programs that insist on
   * $HOME work and nothing of the real one is visible. */
  if (home != NULL && home[0] == '/' && strcmp (home, "/") != 0
      && !add_op_mode (spec, JAIL_FS_TMPFS, NULL, home, 0700, error))
    return FALSE;
  return TRUE;
}
