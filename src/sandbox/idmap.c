/* The sandbox's id maps, written by the sandbox itself right after the
 * clone, as bubblewrap does: it needs no answer from the monitor before
 * it builds its mounts, so the two work at the same time.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sandbox/sandbox.h"

static void
write_proc_self (const SandboxCtx *ctx, const char *name, const char *content)
{
  char path[64];
  snprintf (path, sizeof path, "/proc/self/%s", name);
  int fd = open (path, O_WRONLY | O_CLOEXEC);
  ssize_t len = (ssize_t) strlen (content);
  ssize_t n = fd < 0 ? -1 : write (fd, content, (size_t) len);
  int err = n < 0 ? errno : EIO;
  if (fd >= 0)
    close (fd);
  if (n != len)
    sandbox_fail (ctx, "write id map", path, err);
}

/* The caller's uid/gid mapped to the inside ones, and nothing else;
 * setgroups is denied first, as the kernel requires of an unprivileged
 * writer of gid_map (CVE-2014-8989).  Until then we are nobody: no file
 * can be created (EOVERFLOW), so this comes before any mount. */
void
sandbox_write_id_maps (const SandboxCtx *ctx)
{
  char uid_line[64], gid_line[64];
  snprintf (uid_line, sizeof uid_line, "%u %u 1\n", (unsigned) jail_spec_get_uid (ctx->spec),
            (unsigned) ctx->caller_uid);
  snprintf (gid_line, sizeof gid_line, "%u %u 1\n", (unsigned) jail_spec_get_gid (ctx->spec),
            (unsigned) ctx->caller_gid);
  write_proc_self (ctx, "uid_map", uid_line);
  write_proc_self (ctx, "setgroups", "deny");
  write_proc_self (ctx, "gid_map", gid_line);
}
