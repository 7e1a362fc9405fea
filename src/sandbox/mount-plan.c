/* The mount plan: the spec's filesystem operations, in order, on the new
 * root.  Sources are resolved beneath the host root, destinations beneath
 * the new root, both through file descriptors (see mount-util.h).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sandbox/sandbox.h"
#include "sandbox/mount-util.h"
#include "common/sync.h"

static mode_t
mode_or (guint32 mode, mode_t fallback)
{
  return mode == JAIL_MODE_DEFAULT ? fallback : (mode_t) mode;
}

static MuAttrs
bind_attrs (JailFsKind kind)
{
  if (kind == JAIL_FS_RO_BIND || kind == JAIL_FS_RO_BIND_DATA)
    return MU_RDONLY | MU_NOSUID | MU_NODEV;
  if (kind == JAIL_FS_DEV_BIND)
    return MU_NOSUID;
  return MU_NOSUID | MU_NODEV;
}

static int
make_mountpoint_or_fail (SandboxCtx *ctx, const char *dest, bool dir)
{
  int fd = -1;
  int r = mu_make_mountpoint (&ctx->mount, ctx->newroot_fd, dest, dir, &fd);
  if (r < 0)
    sandbox_fail (ctx, "create mount point", dest, -r);
  return fd;
}

static void
bind_fd_at (SandboxCtx *ctx, int srcfd, const JailFsEntry *e)
{
  struct stat st;
  if (fstat (srcfd, &st) < 0)
    sandbox_fail (ctx, "stat bind source", e->source, errno);
  int destfd = make_mountpoint_or_fail (ctx, e->dest, S_ISDIR (st.st_mode));
  int r = mu_bind (&ctx->mount, srcfd, destfd, bind_attrs (e->kind));
  if (r < 0)
    sandbox_fail (ctx, jail_fs_kind_name (e->kind), e->dest, -r);
  close (destfd);
}

/* --bind-fd: the fd names a mount of the caller's namespace, which the
 * kernel will not clone into ours.  Find the same place under the host
 * root by its path and check it is the very same inode, so a rename in
 * between cannot swap in something else. */
static void
do_bind_fd (SandboxCtx *ctx, const JailFsEntry *e)
{
  char link[64], path[JAIL_PATH_MAX];
  struct stat want, got;
  ssize_t n = readlink (mu_fd_path (&ctx->mount, e->fd, link, sizeof link), path, sizeof path - 1);
  if (n < 0 || fstat (e->fd, &want) < 0)
    sandbox_fail (ctx, "bind-fd source", link, errno);
  path[n] = '\0';
  int srcfd = mu_open_in_root (&ctx->mount, ctx->oldroot_fd, path, 0);
  if (srcfd < 0)
    sandbox_fail (ctx, "bind-fd source", path, -srcfd);
  if (fstat (srcfd, &got) < 0 || got.st_dev != want.st_dev || got.st_ino != want.st_ino)
    sandbox_fail (ctx, "bind-fd source (moved while we looked)", path, ESTALE);
  bind_fd_at (ctx, srcfd, e);
  close (srcfd);
}

/* The source as the monitor resolved it on the host, every symbolic link
 * on the way checked (symlink-trust.h): opened without following any, so
 * one swapped in since cannot redirect the bind.  A /proc source (flatpak
 * binds /proc/self/ns/user) through the host's procfs, its magic links
 * followed there only (proc-source.c); others as the kernel resolves them
 * beneath the host root. */
static int
open_bind_source (SandboxCtx *ctx, const JailFsEntry *e, unsigned index)
{
  const char *resolved = ctx->sources != NULL ? ctx->sources[index] : NULL;
  if (resolved != NULL)
    return mu_open_source (ctx->oldroot_fd, resolved);
  if (mu_is_proc_source (e->source))
    return mu_open_proc_source (&ctx->mount, ctx->oldroot_fd, e->source);
  return mu_open_in_root (&ctx->mount, ctx->oldroot_fd, e->source, 0);
}

static void
do_bind (SandboxCtx *ctx, const JailFsEntry *e, unsigned index)
{
  if (e->source == NULL && e->fd >= 0) /* --bind-fd: the caller opened it */
    {
      do_bind_fd (ctx, e);
      return;
    }
  int srcfd = open_bind_source (ctx, e, index);
  if (srcfd == -ENOENT && (e->flags & JAIL_FS_FLAG_TRY))
    return;
  if (srcfd < 0)
    {
      char step[64];
      snprintf (step, sizeof step, "%s source", jail_fs_kind_name (e->kind));
      sandbox_fail (ctx, step, e->source, -srcfd);
    }
  bind_fd_at (ctx, srcfd, e);
  close (srcfd);
}

static void
do_tmpfs (SandboxCtx *ctx, const JailFsEntry *e)
{
  char data[64];
  int n = snprintf (data, sizeof data, "mode=%04o", mode_or (e->mode, 0755));
  if (e->size != 0)
    snprintf (data + n, sizeof data - (size_t) n, ",size=%" PRIu64, (uint64_t) e->size);
  int fd = make_mountpoint_or_fail (ctx, e->dest, true);
  int r = mu_mount_fs (&ctx->mount, "tmpfs", fd, MS_NOSUID | MS_NODEV, data);
  if (r < 0)
    sandbox_fail (ctx, "mount tmpfs", e->dest, -r);
  close (fd);
}

/* bwrap(1): missing parents are 0755, but an operation whose mode hides
 * the file from group or others hides its new parents from them too. */
static unsigned
parent_mode_for (const JailFsEntry *e)
{
  guint32 m = e->mode;
  if (m == JAIL_MODE_DEFAULT)
    m = e->kind == JAIL_FS_FILE ? 0666
        : (e->kind == JAIL_FS_BIND_DATA || e->kind == JAIL_FS_RO_BIND_DATA) ? 0600 : 0755;
  unsigned mode = 0755;
  if ((m & 0070) == 0)
    mode &= ~0050u;
  if ((m & 0007) == 0)
    mode &= ~0005u;
  return mode;
}

/* The mode (--perms, else 0755) is the leaf's; its missing parents get
 * the operation's parent mode (parent_mode_for), as for every other
 * destination (--perms 0640 --dir /a/b: /a 0750, /a/b 0640). */
static void
do_dir (SandboxCtx *ctx, const JailFsEntry *e)
{
  char parent[JAIL_PATH_MAX];
  const char *slash = strrchr (e->dest, '/');
  size_t len = slash == e->dest ? 1 : (size_t) (slash - e->dest);
  memcpy (parent, e->dest, len);
  parent[len] = '\0';
  int r = mu_mkdir_p (&ctx->mount, ctx->newroot_fd, parent, ctx->mount.parent_mode);
  if (r < 0)
    sandbox_fail (ctx, "create parent directory", parent, -r);
  r = mu_mkdir_p (&ctx->mount, ctx->newroot_fd, e->dest, mode_or (e->mode, 0755));
  if (r < 0)
    sandbox_fail (ctx, "create directory", e->dest, -r);
}

static int
open_parent (SandboxCtx *ctx, const char *dest, const char **ret_name)
{
  char parent[JAIL_PATH_MAX];
  const char *slash = strrchr (dest, '/');
  size_t len = slash == dest ? 1 : (size_t) (slash - dest);
  memcpy (parent, dest, len);
  parent[len] = '\0';
  int r = mu_mkdir_p (&ctx->mount, ctx->newroot_fd, parent, ctx->mount.parent_mode);
  int fd = r < 0 ? r : mu_open_in_root (&ctx->mount, ctx->newroot_fd, parent, O_DIRECTORY);
  if (fd < 0)
    sandbox_fail (ctx, "create parent directory", parent, -fd);
  *ret_name = slash + 1;
  return fd;
}

static void
do_symlink (SandboxCtx *ctx, const JailFsEntry *e)
{
  const char *name;
  int pfd = open_parent (ctx, e->dest, &name);
  if (symlinkat (e->source, pfd, name) < 0)
    {
      /* An identical link already there is fine (bwrap >= 0.9 too); a
       * different one is named in the message, in bwrap's words, which
       * callers match. */
      int err = errno;
      char existing[JAIL_PATH_MAX];
      ssize_t n = err == EEXIST ? readlinkat (pfd, name, existing, sizeof existing - 1) : -1;
      if (n >= 0)
        existing[n] = '\0';
      if (n >= 0 && strcmp (existing, e->source) != 0)
        {
          char detail[256];
          snprintf (detail, sizeof detail, "existing destination is %.200s", existing);
          sync_send_error (ctx->sync_fd, SYNC_SETUP_ERROR, "create symlink", e->dest, 0, detail);
          sandbox_exit_failed (ctx);
        }
      if (n < 0 && err == EEXIST && errno == EINVAL)
        {
          sync_send_error (ctx->sync_fd, SYNC_SETUP_ERROR, "create symlink", e->dest, 0,
                           "destination exists and is not a symlink");
          sandbox_exit_failed (ctx);
        }
      if (n < 0)
        sandbox_fail (ctx, "create symlink", e->dest, err);
    }
  close (pfd);
}

static void
do_remount_ro (SandboxCtx *ctx, const JailFsEntry *e)
{
  int fd = mu_open_in_root (&ctx->mount, ctx->newroot_fd, e->dest, 0);
  /* bwrap(1): "works only on the specified mount point"; jail's own
   * --remount-ro covers every submount too. */
  int r = fd < 0 ? fd
          : (jail_spec_get_mount_shape (ctx->spec) & JAIL_MOUNT_REMOUNT_RO_SINGLE)
            ? mu_set_attrs (&ctx->mount, fd, MU_RDONLY)
            : mu_set_attrs_recursive (&ctx->mount, fd, MU_RDONLY);
  if (r < 0)
    sandbox_fail (ctx, "remount read-only", e->dest, -r);
  close (fd);
}

static void
do_mqueue (SandboxCtx *ctx, const JailFsEntry *e)
{
  int fd = make_mountpoint_or_fail (ctx, e->dest, true);
  int r = mu_mount_fs (&ctx->mount, "mqueue", fd, MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
  if (r < 0)
    sandbox_fail (ctx, "mount mqueue", e->dest, -r);
  close (fd);
}

static int
copy_fd_data (int from, int to)
{
  char buf[16384];
  for (;;)
    {
      ssize_t n = read (from, buf, sizeof buf);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return n < 0 ? -errno : 0;
      for (ssize_t off = 0; off < n;)
        {
          ssize_t w = write (to, buf + off, (size_t) (n - off));
          if (w < 0 && errno != EINTR)
            return -errno;
          off += w > 0 ? w : 0;
        }
    }
}

/* Write the fd's data to `name` in dirfd (an O_PATH directory). */
static int
write_data_file (const MountCtx *mc, int dirfd, const char *name, int datafd, mode_t mode)
{
  char buf[64];
  int dfd = open (mu_fd_path (mc, dirfd, buf, sizeof buf), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0)
    return -errno;
  int fd = openat (dfd, name, O_CREAT | O_TRUNC | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, mode);
  close (dfd);
  if (fd < 0)
    return -errno;
  int r = fchmod (fd, mode) < 0 ? -errno : copy_fd_data (datafd, fd);
  close (fd);
  return r;
}

static void
do_file (SandboxCtx *ctx, const JailFsEntry *e)
{
  const char *name;
  int pfd = open_parent (ctx, e->dest, &name);
  int r = write_data_file (&ctx->mount, pfd, name, e->fd, mode_or (e->mode, 0666));
  if (r < 0)
    sandbox_fail (ctx, "write file", e->dest, -r);
  close (pfd);
}

/* bind-data: the data lives in a file of the scratch root, bound in place. */
static void
do_bind_data (SandboxCtx *ctx, const JailFsEntry *e, unsigned index)
{
  char name[32];
  snprintf (name, sizeof name, "bind-data-%u", index);
  int scratch = open ("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
  mode_t mode = mode_or (e->mode, 0600);
  int r = scratch < 0 ? -errno : write_data_file (&ctx->mount, scratch, name, e->fd, mode);
  if (r < 0)
    sandbox_fail (ctx, "write bind data", e->dest, -r);
  int srcfd = openat (scratch, name, O_PATH | O_CLOEXEC);
  if (srcfd < 0)
    sandbox_fail (ctx, "open bind data", e->dest, errno);
  bind_fd_at (ctx, srcfd, e);
  close (srcfd);
  close (scratch);
}

static void
do_chmod (SandboxCtx *ctx, const JailFsEntry *e)
{
  char buf[64];
  int fd = mu_open_in_root (&ctx->mount, ctx->newroot_fd, e->dest, 0);
  int r = fd;
  if (fd >= 0 && chmod (mu_fd_path (&ctx->mount, fd, buf, sizeof buf), e->mode) < 0)
    r = -errno;
  char step[32];
  snprintf (step, sizeof step, "chmod %04o", (unsigned) e->mode);
  if (r < 0)
    sandbox_fail (ctx, step, e->dest, -r);
  close (fd);
}

static void
run_entry (SandboxCtx *ctx, const JailFsEntry *e, unsigned index)
{
  switch (e->kind)
    {
    case JAIL_FS_BIND:
    case JAIL_FS_RO_BIND:
    case JAIL_FS_DEV_BIND:
      do_bind (ctx, e, index);
      break;
    case JAIL_FS_REMOUNT_RO:
      do_remount_ro (ctx, e);
      break;
    case JAIL_FS_TMPFS:
      do_tmpfs (ctx, e);
      break;
    case JAIL_FS_DIR:
      do_dir (ctx, e);
      break;
    case JAIL_FS_SYMLINK:
      do_symlink (ctx, e);
      break;
    case JAIL_FS_PROC:
      sandbox_mount_proc (ctx, e->dest);
      break;
    case JAIL_FS_DEV:
      sandbox_mount_dev (ctx, e->dest);
      break;
    case JAIL_FS_MQUEUE:
      do_mqueue (ctx, e);
      break;
    case JAIL_FS_FILE:
      do_file (ctx, e);
      break;
    case JAIL_FS_BIND_DATA:
    case JAIL_FS_RO_BIND_DATA:
      do_bind_data (ctx, e, index);
      break;
    case JAIL_FS_CHMOD:
      do_chmod (ctx, e);
      break;
    case JAIL_FS_OVERLAY:
    case JAIL_FS_TMP_OVERLAY:
    case JAIL_FS_RO_OVERLAY:
      sandbox_mount_overlay (ctx, e, index);
      break;
    case JAIL_FS_OVERLAY_SRC: /* folded into the overlay op by the spec */
    case JAIL_FS_N_KINDS:
      sandbox_fail (ctx, "unknown filesystem operation", e->dest, EINVAL);
    }
}

void
sandbox_run_mount_plan (SandboxCtx *ctx)
{
  for (guint i = 0; i < jail_spec_get_n_fs (ctx->spec); i++)
    {
      const JailFsEntry *e = jail_spec_get_fs (ctx->spec, i);
      ctx->mount.parent_mode = parent_mode_for (e);
      run_entry (ctx, e, i);
      /* A mount on "/" covers the root our fd names: follow it, so the
       * next operations land on the new top (an overlay or bind as root). */
      if (strcmp (e->dest, "/") == 0)
        {
          close (ctx->newroot_fd);
          ctx->newroot_fd = open ("/newroot", O_PATH | O_DIRECTORY | O_CLOEXEC);
          if (ctx->newroot_fd < 0)
            sandbox_fail (ctx, "open", "/newroot", errno);
          /* The new top is what was mounted (an overlay, a bind of the
           * user's rootfs): its links get the destination rules, and its
           * filesystem is not one jail made fresh. */
          ctx->mount.dest_root_fd = ctx->newroot_fd;
        }
    }
}
