/* Id maps written by the sandbox itself, as bubblewrap does: its own
 * right after the clone (it needs no answer from the monitor before it
 * builds its mounts, so the two work at the same time), and the nested
 * user namespace's (caller.c).
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

static int
write_at (int dir, const char *name, const char *content)
{
  int fd = openat (dir, name, O_WRONLY | O_CLOEXEC);
  if (fd < 0)
    return -errno;
  ssize_t len = (ssize_t) strlen (content);
  ssize_t n = write (fd, content, (size_t) len);
  int err = n < 0 ? errno : EIO;
  close (fd);
  return n == len ? 0 : -err;
}

int
sandbox_map_ids (int proc_self, uid_t inside_uid, uid_t outside_uid, gid_t inside_gid,
                 gid_t outside_gid, const char **ret_file)
{
  char uid_line[64], gid_line[64];
  snprintf (uid_line, sizeof uid_line, "%u %u 1\n", (unsigned) inside_uid, (unsigned) outside_uid);
  snprintf (gid_line, sizeof gid_line, "%u %u 1\n", (unsigned) inside_gid, (unsigned) outside_gid);
  const char *files[] = { "uid_map", "setgroups", "gid_map" };
  const char *contents[] = { uid_line, "deny", gid_line };
  for (size_t i = 0; i < G_N_ELEMENTS (files); i++)
    {
      int r = write_at (proc_self, files[i], contents[i]);
      if (r < 0)
        return *ret_file = files[i], r;
    }
  return 0;
}

/* Until then we are nobody: no file can be created (EOVERFLOW), so this
 * comes before any mount. */
void
sandbox_write_id_maps (const SandboxCtx *ctx)
{
  const char *file = "";
  char path[64];
  int dir = open ("/proc/self", O_PATH | O_DIRECTORY | O_CLOEXEC);
  int r = dir < 0 ? -errno
                  : sandbox_map_ids (dir, jail_spec_get_uid (ctx->spec), ctx->caller_uid,
                                     jail_spec_get_gid (ctx->spec), ctx->caller_gid, &file);
  if (dir >= 0)
    close (dir);
  if (r < 0)
    {
      snprintf (path, sizeof path, "/proc/self/%s", file);
      sandbox_fail (ctx, "write id map", path, -r);
    }
}
