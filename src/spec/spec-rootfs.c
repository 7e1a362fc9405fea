/* --rootfs: a whole root tree in place of the host's /usr and /etc.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <sys/stat.h>

#include "spec/spec-private.h"

gboolean
jail_spec_set_rootfs (JailSpec *spec, const char *dir, GError **error)
{
  struct stat st;
  if (dir[0] != '/')
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "--rootfs %s: must be an absolute path", dir), FALSE;
  int err = stat (dir, &st) < 0 ? errno : !S_ISDIR (st.st_mode) ? ENOTDIR : 0;
  if (err != 0)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID, "--rootfs %s: %s", dir,
                        g_strerror (err)), FALSE;
  g_free (spec->rootfs);
  spec->rootfs = g_strdup (dir);
  return TRUE;
}

gboolean
jail_spec_set_rootfs_mode (JailSpec *spec, JailRootfsMode mode, const char *persist,
                           GError **error)
{
  if (mode == JAIL_ROOTFS_PERSIST && (persist == NULL || persist[0] != '/'))
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "--persist %s: must be an absolute path", persist ? persist : ""), FALSE;
  spec->rootfs_mode = mode;
  g_free (spec->rootfs_persist);
  spec->rootfs_persist = mode == JAIL_ROOTFS_PERSIST ? g_strdup (persist) : NULL;
  return TRUE;
}

static gboolean
add (JailSpec *spec, JailFsKind kind, const char *source, const char *dest, guint32 mode,
     const char *workdir, GError **error)
{
  JailFsOp op = JAIL_FS_OP_INIT;
  op.kind = kind;
  op.source = source;
  op.dest = dest;
  op.mode = mode;
  op.workdir = workdir;
  return jail_spec_add_fs_op (spec, &op, error);
}

/* DIR/upper and DIR/work, created private on first use: overlayfs wants
 * its workdir empty and on the upper layer's filesystem. */
static gboolean
make_persist_dirs (const char *dir, char **ret_upper, char **ret_work, GError **error)
{
  g_autofree char *upper = g_build_filename (dir, "upper", NULL);
  g_autofree char *work = g_build_filename (dir, "work", NULL);
  if (g_mkdir_with_parents (upper, 0700) < 0 || g_mkdir_with_parents (work, 0700) < 0)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID, "--persist %s: %s", dir,
                        g_strerror (errno)), FALSE;
  *ret_upper = g_steal_pointer (&upper);
  *ret_work = g_steal_pointer (&work);
  return TRUE;
}

gboolean
jail_spec_add_base_filesystem (JailSpec *base, const JailSpec *spec, GError **error)
{
  g_autofree char *upper = NULL, *work = NULL;
  if (spec->rootfs == NULL && spec->rootfs_mode != JAIL_ROOTFS_READ_ONLY)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "%s needs --rootfs DIR",
                        spec->rootfs_mode == JAIL_ROOTFS_PERSIST ? "--persist" : "--rootfs-overlay"),
           FALSE;
  if (spec->rootfs == NULL)
    return jail_spec_add_default_filesystem (base, error);

  gboolean ok;
  switch (spec->rootfs_mode)
    {
    case JAIL_ROOTFS_OVERLAY:
      ok = add (base, JAIL_FS_OVERLAY_SRC, spec->rootfs, NULL, JAIL_MODE_DEFAULT, NULL, error)
           && add (base, JAIL_FS_TMP_OVERLAY, NULL, "/", JAIL_MODE_DEFAULT, NULL, error);
      break;
    case JAIL_ROOTFS_PERSIST:
      ok = make_persist_dirs (spec->rootfs_persist, &upper, &work, error)
           && add (base, JAIL_FS_OVERLAY_SRC, spec->rootfs, NULL, JAIL_MODE_DEFAULT, NULL, error)
           && add (base, JAIL_FS_OVERLAY, upper, "/", JAIL_MODE_DEFAULT, work, error);
      break;
    case JAIL_ROOTFS_READ_ONLY:
    default:
      ok = add (base, JAIL_FS_RO_BIND, spec->rootfs, "/", JAIL_MODE_DEFAULT, NULL, error);
      break;
    }
  return ok && add (base, JAIL_FS_PROC, NULL, "/proc", JAIL_MODE_DEFAULT, NULL, error)
         && add (base, JAIL_FS_DEV, NULL, "/dev", JAIL_MODE_DEFAULT, NULL, error)
         && add (base, JAIL_FS_TMPFS, NULL, "/tmp", 01777, NULL, error);
}
