/* Bind sources under /proc, resolved as bubblewrap resolves them.
 *
 * Every other source is opened with RESOLVE_NO_MAGICLINKS (mount-util.c),
 * which keeps the symlink-race protection.  But callers bind the sandbox's
 * own proc entries on purpose: flatpak binds /proc/self/ns/user on
 * /run/.userns so that `flatpak enter` and flatpak-spawn can join the
 * sandbox later.  bwrap opens such a source from inside the new mount
 * namespace, through the host's procfs (under the old root), so "self" is
 * the sandbox's setup process and ns/user its new user namespace: both
 * magic links.  Here only a path whose first component is the host's
 * procfs follows magic links; /proc is the kernel's, nothing in it can be
 * swapped by the app, and the descriptor of /proc itself is opened with
 * the usual rules.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <string.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "sandbox/mount-util.h"

/* "/proc/…" without a ".." component (which could leave procfs again). */
bool
mu_is_proc_source (const char *source)
{
  if (source == NULL || strncmp (source, "/proc/", 6) != 0)
    return false;
  for (const char *p = source; (p = strstr (p, "..")) != NULL; p += 2)
    if (p[-1] == '/' && (p[2] == '/' || p[2] == '\0'))
      return false;
  return true;
}

int
mu_open_proc_source (const MountCtx *mc, int oldroot_fd, const char *source)
{
  int procfd = mu_open_in_root (mc, oldroot_fd, "/proc", O_DIRECTORY);
  if (procfd < 0)
    return procfd;
  struct statfs sfs;
  if (fstatfs (procfd, &sfs) < 0 || sfs.f_type != PROC_SUPER_MAGIC)
    {
      /* Not a procfs: an ordinary directory, ordinary rules. */
      close (procfd);
      return mu_open_in_root (mc, oldroot_fd, source, 0);
    }
  const char *rest = source + strlen ("/proc/");
  while (*rest == '/')
    rest++;
  int fd = *rest == '\0' ? dup (procfd) : openat (procfd, rest, O_PATH | O_CLOEXEC);
  int err = errno;
  close (procfd);
  return fd < 0 ? -err : fd;
}
