/* The sandbox's network namespace, made on the monitor's side while the
 * sandbox builds its mounts.
 *
 * A new network namespace is the dearest part of a sandbox's start: the
 * kernel registers every per-namespace sysctl table and the loopback
 * device (about half a millisecond, as long as the rest of the clone).
 * Made at the clone, it delays every step after; made here, by a short
 * vfork-style helper that joins the sandbox's user namespace, it is built
 * on the other CPU while the sandbox sets up its mounts, loopback up, and
 * the sandbox joins it (setns) after its mounts.  The helper owns
 * nothing afterwards: the namespace belongs to the sandbox's user
 * namespace, exactly as if the clone had made it.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "monitor/caller.h"
#include "monitor/netns.h"
#include "net/loopback.h"

bool
jail_monitor_makes_netns (const JailSpec *spec, int clone_flags)
{
  /* Only for a user namespace of the sandbox's own, whose owner (we) may
   * join it: not one given as an fd, nor one a caller maps. */
  return (clone_flags & CLONE_NEWNET) && (clone_flags & CLONE_NEWUSER)
         && jail_monitor_writes_id_maps (spec) && !jail_monitor_joins_namespaces (spec);
}

typedef struct {
  int userns_fd;
  int netns_fd; /* out; shared with the monitor: CLONE_VM | CLONE_FILES */
  int err;      /* out */
} NetnsJob;

/* Runs in the monitor's memory while the monitor is suspended
 * (CLONE_VFORK), so that errno and the fd table are its alone.  On a
 * stack of its own, which AddressSanitizer does not know: its check
 * before _exit would warn on every start of a sanitizer build. */
__attribute__ ((no_sanitize ("address")))
static int
make_netns_helper (void *data)
{
  NetnsJob *job = data;
  int r;
  if (setns (job->userns_fd, CLONE_NEWUSER) < 0 || unshare (CLONE_NEWNET) < 0
      || (job->netns_fd = open ("/proc/self/ns/net", O_RDONLY | O_CLOEXEC)) < 0)
    job->err = errno;
  else if ((r = jail_net_loopback_up ()) < 0) /* as the sandbox would, on this side */
    job->err = -r;
  _exit (0);
}

int
jail_monitor_make_netns (pid_t child)
{
  static char stack[16 * 1024] __attribute__ ((aligned (16)));
  char path[64];
  NetnsJob job = { .userns_fd = -1, .netns_fd = -1, .err = 0 };
  /* The test hook (tests/integration/isolation.sh): fail as a host that
   * refuses the helper would, so that the way back is tested. */
  const char *hook = getenv ("JAIL_TEST_NETNS");
  if (hook != NULL && strcmp (hook, "fail") == 0)
    return -EPERM;
  snprintf (path, sizeof path, "/proc/%d/ns/user", (int) child);
  job.userns_fd = open (path, O_RDONLY | O_CLOEXEC);
  if (job.userns_fd < 0)
    return -errno;
  /* No exit signal: the main loop's SIGCHLD is the sandbox's alone. */
  pid_t pid = clone (make_netns_helper, stack + sizeof stack,
                     CLONE_VM | CLONE_VFORK | CLONE_FILES, &job);
  int err = pid < 0 ? errno : job.err;
  if (pid > 0)
    while (waitpid (pid, NULL, __WALL) < 0 && errno == EINTR)
      ;
  close (job.userns_fd);
  if (err != 0)
    {
      if (job.netns_fd >= 0)
        close (job.netns_fd);
      return -err;
    }
  return job.netns_fd;
}
