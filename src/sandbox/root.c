/* The two pivots: into a scratch root at the start, into the finished new
 * root at the end.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sandbox/sandbox.h"
#include "sandbox/mount-util.h"

#define SCRATCH "/tmp"

static int
pivot_root (const char *new_root, const char *put_old)
{
  return (int) syscall (SYS_pivot_root, new_root, put_old);
}

/* Afterwards "/" is a private scratch tmpfs holding /oldroot (the host) and
 * /newroot (the sandbox's fresh tmpfs root). */
void
sandbox_prepare_root (SandboxCtx *ctx)
{
  /* The host's mounts must not see ours: make every mount we inherited a
   * slave, so nothing propagates back to the parent namespace. */
  if (mount (NULL, "/", NULL, MS_SLAVE | MS_REC, NULL) < 0)
    sandbox_fail (ctx, "make the host mounts rslave", "/", errno);
  if (mount ("tmpfs", SCRATCH, "tmpfs", MS_NODEV | MS_NOSUID, "mode=0700") < 0)
    sandbox_fail (ctx, "mount scratch tmpfs", SCRATCH, errno);
  if (chdir (SCRATCH) < 0)
    sandbox_fail (ctx, "chdir", SCRATCH, errno);
  if (mkdir ("newroot", 0755) < 0 || mkdir ("oldroot", 0755) < 0)
    sandbox_fail (ctx, "mkdir", SCRATCH, errno);
  if (mount ("tmpfs", "newroot", "tmpfs", MS_NODEV | MS_NOSUID, "mode=0755") < 0)
    sandbox_fail (ctx, "mount root tmpfs", "/", errno);
  if (pivot_root (".", "oldroot") < 0)
    sandbox_fail (ctx, "pivot_root", SCRATCH, errno);
  if (chdir ("/") < 0)
    sandbox_fail (ctx, "chdir", "/", errno);

  ctx->oldroot_fd = open ("/oldroot", O_PATH | O_DIRECTORY | O_CLOEXEC);
  ctx->newroot_fd = open ("/newroot", O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (ctx->oldroot_fd < 0 || ctx->newroot_fd < 0)
    sandbox_fail (ctx, "open", "/newroot", errno);
  mu_ctx_init (&ctx->mount, "/oldroot/proc", ctx->newroot_fd, ctx->sync_fd);
}

void
sandbox_switch_root (SandboxCtx *ctx)
{
  close (ctx->oldroot_fd);
  close (ctx->newroot_fd);
  ctx->oldroot_fd = ctx->newroot_fd = -1;
  mu_ctx_init (&ctx->mount, "/proc", -1, -1);

  /* The old root better be unreachable: detach it with all its submounts. */
  if (umount2 ("/oldroot", MNT_DETACH) < 0)
    sandbox_fail (ctx, "detach the host root", "/oldroot", errno);
  if (chdir ("/newroot") < 0)
    sandbox_fail (ctx, "chdir", "/newroot", errno);
  /* pivot_root(".", ".") stacks the scratch root on top of the new one;
   * detaching "." then leaves only the new root. */
  if (pivot_root (".", ".") < 0)
    sandbox_fail (ctx, "pivot_root", "/newroot", errno);
  if (umount2 (".", MNT_DETACH) < 0)
    sandbox_fail (ctx, "detach the scratch root", "/", errno);
  if (chdir ("/") < 0)
    sandbox_fail (ctx, "chdir", "/", errno);
}
