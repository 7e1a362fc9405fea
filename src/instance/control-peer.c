/* Who may talk to a control socket: a process of the monitor's own user,
 * in the host's user namespace, that is, the user's own host-side
 * processes and never a sandbox.  Every sandbox shares the user's uid
 * (so SO_PEERCRED's uid alone tells nothing) but runs in a user namespace
 * of its own.  The registry is hidden in every sandbox (registry.c); this
 * holds also when a socket reaches one by another route (a bind of the
 * socket file, a hard link, a passed descriptor of the directory).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#include "instance/control-proto.h"

#ifndef SO_PEERPIDFD
#define SO_PEERPIDFD 77 /* Linux 6.5 */
#endif

/* The peer's pid in our pid namespace, read from its pidfd ("Pid:" in
 * fdinfo: -1 once it exited, 0 outside our pid namespace). */
static pid_t
pidfd_pid (int pidfd)
{
  char path[64];
  snprintf (path, sizeof path, "/proc/self/fdinfo/%d", pidfd);
  FILE *f = fopen (path, "re");
  if (f == NULL)
    return -1;
  char line[128];
  pid_t pid = -1;
  while (fgets (line, sizeof line, f) != NULL)
    if (sscanf (line, "Pid:\t%d", &pid) == 1)
      break;
  fclose (f);
  return pid;
}

static gboolean
pidfd_exited (int pidfd)
{
  struct pollfd p = { .fd = pidfd, .events = POLLIN };
  return poll (&p, 1, 0) != 0;
}

static gboolean
same_inode (int fd, const char *path)
{
  struct stat a, b;
  return fstat (fd, &a) == 0 && stat (path, &b) == 0 && a.st_dev == b.st_dev
         && a.st_ino == b.st_ino;
}

/* The peer's user namespace is ours?  With SO_PEERPIDFD the pid cannot
 * have been reused by another process between the connect and our look
 * at /proc: the namespace is opened first, then the pidfd must still
 * name a live process.  Older kernels: the pid SO_PEERCRED recorded.
 * Opening /proc/PID/ns/user needs ptrace read access: a peer we may not
 * inspect is refused too. */
static gboolean
peer_in_host_userns (int fd, pid_t cred_pid)
{
  int pidfd = -1;
  socklen_t len = sizeof pidfd;
  pid_t pid = cred_pid;
  if (getsockopt (fd, SOL_SOCKET, SO_PEERPIDFD, &pidfd, &len) == 0 && pidfd >= 0)
    pid = pidfd_pid (pidfd);
  gboolean ok = FALSE;
  if (pid > 0)
    {
      char path[64];
      snprintf (path, sizeof path, "/proc/%d/ns/user", (int) pid);
      int ns = open (path, O_RDONLY | O_CLOEXEC);
      ok = ns >= 0 && (pidfd < 0 || !pidfd_exited (pidfd)) && same_inode (ns, "/proc/self/ns/user");
      if (ns >= 0)
        close (ns);
    }
  if (pidfd >= 0)
    close (pidfd);
  return ok;
}

const char *
jail_control_peer_refused (int fd)
{
  struct ucred cred;
  socklen_t len = sizeof cred;
  if (getsockopt (fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0 || cred.uid != getuid ())
    return "refused: the caller is not the sandbox's user";
  if (!peer_in_host_userns (fd, cred.pid))
    return "refused: the caller runs inside a sandbox (not in the host's user namespace); "
           "no sandbox may control another";
  return NULL;
}
