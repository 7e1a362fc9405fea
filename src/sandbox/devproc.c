/* A fresh /proc and a minimal /dev.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sandbox/sandbox.h"
#include "sandbox/mount-util.h"

static void
join (char *out, size_t size, const char *dir, const char *name)
{
  snprintf (out, size, "%s%s%s", dir, strcmp (dir, "/") == 0 ? "" : "/", name);
}

/* These proc files reach the host kernel, not just our namespaces (sysrq,
 * irq affinity, bus devices): read-only over themselves, as bubblewrap. */
static const char *const proc_read_only[] = { "sys", "sysrq-trigger", "irq", "bus" };

static bool
writable (const MountCtx *mc, int fd)
{
  char buf[64];
  return access (mu_fd_path (mc, fd, buf, sizeof buf), W_OK) == 0;
}

void
sandbox_mount_proc (SandboxCtx *ctx, const char *dest)
{
  int fd = -1;
  int r = mu_make_mountpoint (&ctx->mount, ctx->newroot_fd, dest, true, &fd);
  if (r < 0)
    sandbox_fail (ctx, "create mount point", dest, -r);
  if (jail_spec_get_namespaces (ctx->spec) & JAIL_NS_PID)
    r = mu_mount_fs (&ctx->mount, "proc", fd, MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
  else
    {
      /* Without a pid namespace of our own the kernel refuses a new procfs
       * (it belongs to the pid namespace's owner): bind the host's, as
       * bubblewrap does, and cover the same files read-only below. */
      int host = mu_open_in_root (&ctx->mount, ctx->oldroot_fd, "/proc", O_DIRECTORY);
      r = host < 0 ? host : mu_bind (&ctx->mount, host, fd, MU_NOSUID | MU_NODEV);
      if (host >= 0)
        close (host);
    }
  if (r < 0)
    sandbox_fail (ctx, "mount proc", dest, -r);
  close (fd);

  for (size_t i = 0; i < sizeof proc_read_only / sizeof proc_read_only[0]; i++)
    {
      char path[JAIL_PATH_MAX];
      join (path, sizeof path, dest, proc_read_only[i]);
      int sub = mu_open_in_root (&ctx->mount, ctx->newroot_fd, path, 0);
      if (sub == -ENOENT)
        continue;
      if ((jail_spec_get_mount_shape (ctx->spec) & JAIL_MOUNT_PROC_RO_WRITABLE) && sub >= 0
          && !writable (&ctx->mount, sub))
        {
          /* As bubblewrap: cover only what we could write to. */
          close (sub);
          continue;
        }
      r = sub < 0 ? sub : mu_bind (&ctx->mount, sub, sub, MU_RDONLY | MU_NOSUID | MU_NODEV);
      if (r < 0)
        sandbox_fail (ctx, "make read-only", path, -r);
      close (sub);
    }
}

static const char *const dev_nodes[] = { "null", "zero", "full", "random", "urandom", "tty" };

static const struct {
  const char *name;
  const char *target;
} dev_links[] = {
  { "fd", "/proc/self/fd" },          { "stdin", "/proc/self/fd/0" },
  { "stdout", "/proc/self/fd/1" },    { "stderr", "/proc/self/fd/2" },
  { "core", "/proc/kcore" },          { "ptmx", "pts/ptmx" },
};

/* The fresh /dev, as a directory fd.  Nothing but us reaches it while
 * the sandbox is built (the app does not exist yet), so what goes in it
 * is created right there, not resolved from the root each time (which
 * took ~17 system calls a node). */
static int
open_fresh_dir (SandboxCtx *ctx, const char *dest)
{
  int dfd = mu_open_dir (&ctx->mount, ctx->newroot_fd, dest);
  if (dfd < 0)
    sandbox_fail (ctx, "open", dest, -dfd);
  return dfd;
}

/* Device nodes cannot be created in a user namespace: bind the host's. */
static void
bind_dev_node (SandboxCtx *ctx, int devdir, const char *dest, const char *name)
{
  char host[64], path[JAIL_PATH_MAX];
  snprintf (host, sizeof host, "/dev/%s", name);
  join (path, sizeof path, dest, name);
  int srcfd = mu_open_in_root (&ctx->mount, ctx->oldroot_fd, host, 0);
  if (srcfd < 0)
    sandbox_fail (ctx, "open host device", host, -srcfd);
  int destfd = openat (devdir, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0444);
  int r = destfd < 0 ? -errno : mu_bind (&ctx->mount, srcfd, destfd, MU_NOSUID);
  if (r < 0)
    sandbox_fail (ctx, "bind device", path, -r);
  close (destfd);
  close (srcfd);
}

/* A fresh filesystem of `fstype` on the directory `name` of the fresh
 * /dev. */
static int
mount_in_dev (SandboxCtx *ctx, int devdir, const char *name, const char *fstype,
              unsigned long flags, const char *data)
{
  if (mkdirat (devdir, name, 0755) < 0)
    return -errno;
  int fd = openat (devdir, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return -errno;
  int r = mu_mount_fs (&ctx->mount, fstype, fd, flags, data);
  close (fd);
  return r;
}

static int
mount_sub (SandboxCtx *ctx, const char *path, const char *fstype, unsigned long flags,
           const char *data)
{
  int fd = -1;
  int r = mu_make_mountpoint (&ctx->mount, ctx->newroot_fd, path, true, &fd);
  if (r == 0)
    r = mu_mount_fs (&ctx->mount, fstype, fd, flags, data);
  if (fd >= 0)
    close (fd);
  return r;
}

void
sandbox_mount_dev (SandboxCtx *ctx, const char *dest)
{
  char path[JAIL_PATH_MAX];
  int r = mount_sub (ctx, dest, "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=0755");
  if (r < 0)
    sandbox_fail (ctx, "mount dev tmpfs", dest, -r);

  int devdir = open_fresh_dir (ctx, dest);
  for (size_t i = 0; i < sizeof dev_nodes / sizeof dev_nodes[0]; i++)
    bind_dev_node (ctx, devdir, dest, dev_nodes[i]);
  for (size_t i = 0; i < sizeof dev_links / sizeof dev_links[0]; i++)
    if (symlinkat (dev_links[i].target, devdir, dev_links[i].name) < 0)
      {
        join (path, sizeof path, dest, dev_links[i].name);
        sandbox_fail (ctx, "create symlink", path, errno);
      }

  /* A private devpts instance: the app's ptys are its own, and the host's
   * terminals are not listed. */
  join (path, sizeof path, dest, "pts");
  r = mount_in_dev (ctx, devdir, "pts", "devpts", MS_NOSUID | MS_NOEXEC,
                    "newinstance,ptmxmode=0666,mode=620");
  if (r < 0)
    sandbox_fail (ctx, "mount devpts", path, -r);
  join (path, sizeof path, dest, "shm");
  if (jail_spec_get_mount_shape (ctx->spec) & JAIL_MOUNT_DEV_SHM_DIR) /* as bubblewrap has it */
    r = mkdirat (devdir, "shm", 0755) < 0 ? -errno : 0;
  else
    r = mount_in_dev (ctx, devdir, "shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777");
  if (r < 0)
    sandbox_fail (ctx, "mount shm tmpfs", path, -r);
  close (devdir);
}
