/* Overlay mounts (--overlay, --tmp-overlay, --ro-overlay), with
 * bubblewrap's semantics: the --overlay-src layers stack in the order given,
 * the first at the bottom, which is the reverse of overlayfs's lowerdir.
 *
 * Every host directory is opened beneath the host root first and handed to
 * overlayfs as /proc/self/fd/N, so a symlink swapped in after our check
 * cannot redirect a layer.  The new mount API (fsopen/fsconfig/fsmount) is
 * used where the kernel has it; mount(2) with an escaped option string
 * otherwise.  In a user namespace overlayfs needs Linux 5.11 and the
 * "userxattr" option (trusted.* xattrs are out of reach there).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/mount.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "sandbox/sandbox.h"
#include "sandbox/mount-util.h"

#define MAX_LAYERS 500

typedef struct {
  const MountCtx *mount; /* names the fds as /proc/self/fd/N */
  int fds[MAX_LAYERS]; /* lower layers, bottom first */
  unsigned n_fds;
  int upper_fd;
  int work_fd;
  bool userxattr;
  bool rdonly;
} OverlayParams;

/* overlayfs in a user namespace arrived in Linux 5.11. */
static bool
kernel_older_than_5_11 (void)
{
  struct utsname u;
  unsigned major = 0, minor = 0;
  if (uname (&u) < 0 || sscanf (u.release, "%u.%u", &major, &minor) != 2)
    return false;
  return major < 5 || (major == 5 && minor < 11);
}

static int
open_host_dir (SandboxCtx *ctx, const char *path, const char *what)
{
  int fd = mu_open_in_root (&ctx->mount, ctx->oldroot_fd, path, O_DIRECTORY);
  if (fd < 0)
    sandbox_fail (ctx, what, path, -fd);
  return fd;
}

/* overlayfs splits options at ',' and lowerdir at ':'; a backslash escapes
 * either.  Our paths are /proc/self/fd/N, but escape anyway: cheap, and
 * safe should a caller ever pass real paths. */
static bool
append_escaped (char *buf, size_t size, size_t *len, const char *s)
{
  for (; *s != '\0'; s++)
    {
      if ((*s == ',' || *s == ':' || *s == '\\') && *len + 1 < size)
        buf[(*len)++] = '\\';
      if (*len + 1 >= size)
        return false;
      buf[(*len)++] = *s;
    }
  buf[*len] = '\0';
  return true;
}

static bool
append_str (char *buf, size_t size, size_t *len, const char *s)
{
  size_t n = strlen (s);
  if (*len + n >= size)
    return false;
  memcpy (buf + *len, s, n + 1);
  *len += n;
  return true;
}

/* "a:b:c" of the lower layers, top first as overlayfs wants them. */
static bool
build_lowerdir (const OverlayParams *o, char *buf, size_t size)
{
  size_t len = 0;
  buf[0] = '\0';
  for (unsigned i = o->n_fds; i-- > 0;)
    {
      char p[64];
      if ((i + 1 < o->n_fds && !append_str (buf, size, &len, ":"))
          || !append_escaped (buf, size, &len, mu_fd_path (o->mount, o->fds[i], p, sizeof p)))
        return false;
    }
  return true;
}

static int
fsconfig_str (int fsfd, const char *key, const char *value)
{
  return syscall (SYS_fsconfig, fsfd, FSCONFIG_SET_STRING, key, value, 0) < 0 ? -errno : 0;
}

/* fsconfig strings are capped at 256 bytes; past that, "lowerdir+" (Linux
 * 6.8) adds one layer per call.  -E2BIG tells the caller to use mount(2). */
static int
config_lowerdir (int fsfd, const OverlayParams *o)
{
  char lower[4096];
  if (build_lowerdir (o, lower, sizeof lower) && strlen (lower) < 256)
    return fsconfig_str (fsfd, "lowerdir", lower);
  for (unsigned i = o->n_fds; i-- > 0;)
    {
      char p[64];
      int r = fsconfig_str (fsfd, "lowerdir+", mu_fd_path (o->mount, o->fds[i], p, sizeof p));
      if (r < 0)
        return r == -EINVAL && i + 1 == o->n_fds ? -E2BIG : r;
    }
  return 0;
}

static int
mount_new_api (const OverlayParams *o, int destfd)
{
  int fsfd = (int) syscall (SYS_fsopen, "overlay", FSOPEN_CLOEXEC);
  if (fsfd < 0)
    return -errno;
  char p[64];
  int r = fsconfig_str (fsfd, "source", "overlay"); /* as mount(2) names it */
  if (r == 0)
    r = config_lowerdir (fsfd, o);
  if (r == 0 && o->upper_fd >= 0)
    r = fsconfig_str (fsfd, "upperdir", mu_fd_path (o->mount, o->upper_fd, p, sizeof p));
  if (r == 0 && o->work_fd >= 0)
    r = fsconfig_str (fsfd, "workdir", mu_fd_path (o->mount, o->work_fd, p, sizeof p));
  if (r == 0 && o->userxattr)
    r = syscall (SYS_fsconfig, fsfd, FSCONFIG_SET_FLAG, "userxattr", NULL, 0) < 0 ? -errno : 0;
  if (r == 0)
    r = syscall (SYS_fsconfig, fsfd, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0 ? -errno : 0;
  int mnt = -1;
  if (r == 0)
    {
      unsigned attrs = MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | (o->rdonly ? MOUNT_ATTR_RDONLY : 0);
      mnt = (int) syscall (SYS_fsmount, fsfd, FSMOUNT_CLOEXEC, attrs);
      r = mnt < 0 ? -errno : 0;
    }
  if (r == 0)
    r = syscall (SYS_move_mount, mnt, "", destfd, "",
                 MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0 ? -errno : 0;
  if (mnt >= 0)
    close (mnt);
  close (fsfd);
  return r;
}

static int
mount_legacy (const OverlayParams *o, int destfd)
{
  char data[4096], p[64], target[64];
  size_t len = 0;
  if (!append_str (data, sizeof data, &len, "lowerdir="))
    return -E2BIG;
  if (!build_lowerdir (o, data + len, sizeof data - len))
    return -E2BIG;
  len = strlen (data);
  if (o->upper_fd >= 0
      && (!append_str (data, sizeof data, &len, ",upperdir=")
          || !append_escaped (data, sizeof data, &len,
                              mu_fd_path (o->mount, o->upper_fd, p, sizeof p))
          || !append_str (data, sizeof data, &len, ",workdir=")
          || !append_escaped (data, sizeof data, &len,
                              mu_fd_path (o->mount, o->work_fd, p, sizeof p))))
    return -E2BIG;
  if (o->userxattr && !append_str (data, sizeof data, &len, ",userxattr"))
    return -E2BIG;
  unsigned long flags = MS_NOSUID | MS_NODEV | (o->rdonly ? MS_RDONLY : 0);
  const char *dest = mu_fd_path (o->mount, destfd, target, sizeof target);
  if (mount ("overlay", dest, "overlay", flags, data) < 0)
    return -errno;
  return 0;
}

/* --tmp-overlay: upper and work directories on the scratch tmpfs, which is
 * "/" during setup and unreachable from the host and the sandbox. */
static void
make_tmp_upper (SandboxCtx *ctx, const JailFsEntry *e, unsigned index, OverlayParams *o)
{
  char base[64], upper[80], work[80];
  snprintf (base, sizeof base, "/tmp-overlay-%u", index);
  snprintf (upper, sizeof upper, "%s/upper", base);
  snprintf (work, sizeof work, "%s/work", base);
  if (mkdir (base, 0700) < 0 || mkdir (upper, 0755) < 0 || mkdir (work, 0700) < 0)
    sandbox_fail (ctx, "create tmp-overlay directory", e->dest, errno);
  o->upper_fd = open (upper, O_PATH | O_DIRECTORY | O_CLOEXEC);
  o->work_fd = open (work, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (o->upper_fd < 0 || o->work_fd < 0)
    sandbox_fail (ctx, "open tmp-overlay directory", e->dest, errno);
}

void
sandbox_mount_overlay (SandboxCtx *ctx, const JailFsEntry *e, unsigned index)
{
  OverlayParams o = { .mount = &ctx->mount, .n_fds = 0, .upper_fd = -1, .work_fd = -1 };
  bool in_userns = (jail_spec_get_namespaces (ctx->spec) & JAIL_NS_USER) || getuid () != 0;

  if (in_userns && kernel_older_than_5_11 ())
    sandbox_fail (ctx, "overlayfs in a user namespace needs Linux 5.11",
                  e->dest, ENOTSUP);
  for (char **l = e->layers; l != NULL && *l != NULL && o.n_fds < MAX_LAYERS; l++)
    o.fds[o.n_fds++] = open_host_dir (ctx, *l, "overlay source");
  if (e->kind == JAIL_FS_OVERLAY)
    {
      o.upper_fd = open_host_dir (ctx, e->source, "overlay upper directory");
      o.work_fd = open_host_dir (ctx, e->workdir, "overlay work directory");
    }
  else if (e->kind == JAIL_FS_TMP_OVERLAY)
    make_tmp_upper (ctx, e, index, &o);
  o.rdonly = e->kind == JAIL_FS_RO_OVERLAY;
  o.userxattr = in_userns;

  int destfd = -1;
  int r = mu_make_mountpoint (&ctx->mount, ctx->newroot_fd, e->dest, true, &destfd);
  if (r < 0)
    sandbox_fail (ctx, "create mount point", e->dest, -r);
  /* JAIL_TEST_LEGACY_MOUNT lets the tests exercise the pre-5.2 path. */
  r = getenv ("JAIL_TEST_LEGACY_MOUNT") != NULL ? -ENOSYS : mount_new_api (&o, destfd);
  if (r == -ENOSYS || r == -E2BIG)
    r = mount_legacy (&o, destfd);
  if (r < 0)
    sandbox_fail (ctx, jail_fs_kind_name (e->kind), e->dest, -r);

  close (destfd);
  for (unsigned i = 0; i < o.n_fds; i++)
    close (o.fds[i]);
  if (o.upper_fd >= 0)
    close (o.upper_fd);
  if (o.work_fd >= 0)
    close (o.work_fd);
}
