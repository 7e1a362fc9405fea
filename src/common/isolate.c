/* Giving up every right a helper process will not use, in named stages,
 * before it reads its first byte of hostile input (passt's isolation.c is
 * the model).  The network engine (src/net/engine-isolate.c) and the
 * denial report's supervisor (src/report/supervisor.c) run them, each
 * then adding its own seccomp allowlist:
 *
 *   initial  only its channel to the monitor (and stderr) stays open,
 *            its own session, RLIMIT_NOFILE fixed, no core dumps;
 *   user     a user namespace of its own (nothing mapped but the user)
 *            holding a mount namespace whose root is an empty read-only
 *            tmpfs: /proc/PID/root shows nothing of the host.  It stays in
 *            the host's network namespace;
 *   prefork  no capabilities (bounding and ambient sets too), no_new_privs,
 *            non-dumpable (not before: /proc/self/uid_map of a
 *            non-dumpable process belongs to root, so the user could not
 *            write it) and a parent-death signal (after the capabilities:
 *            changing them resets both).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <glib.h>

#include "common/isolate.h"

/* The channel ends up here, everything above it is closed. */
#define CHANNEL_FD 3

/* ---- initial ---- */

static int
only_channel_open (int *channel)
{
  if (*channel != CHANNEL_FD)
    {
      if (dup3 (*channel, CHANNEL_FD, O_CLOEXEC) < 0)
        return -errno;
      *channel = CHANNEL_FD;
    }
  /* Whatever the caller of jail had open (bwrap's --info-fd and
   * friends, a terminal, files) is not the engine's business. */
  if (syscall (SYS_close_range, CHANNEL_FD + 1, ~0U, 0) < 0)
    return -errno;
  int null = open ("/dev/null", O_RDWR | O_CLOEXEC);
  if (null < 0)
    return -errno;
  /* stderr stays: the sanitizers and GLib's fatal messages go there.  No
   * ioctl on it passes the filter (TIOCSTI). */
  int r = dup2 (null, 0) < 0 || dup2 (null, 1) < 0 ? -errno : 0;
  close (null);
  return r;
}

static int
limit_resources (rlim_t want)
{
  struct rlimit nofile, none = { 0, 0 };
  if (getrlimit (RLIMIT_NOFILE, &nofile) < 0)
    return -errno;
  rlim_t n = nofile.rlim_max == RLIM_INFINITY ? want : MIN (nofile.rlim_max, want);
  nofile.rlim_cur = nofile.rlim_max = n; /* and never raised again */
  if (setrlimit (RLIMIT_NOFILE, &nofile) < 0 || setrlimit (RLIMIT_CORE, &none) < 0)
    return -errno;
  return 0;
}

int
jail_isolate_initial (int *channel, rlim_t nofile, const char *name, const char **ret_step)
{
  sigset_t none;
  int r;
  *ret_step = "close descriptors";
  if ((r = only_channel_open (channel)) < 0)
    return r;
  *ret_step = "set resource limits";
  if ((r = limit_resources (nofile)) < 0)
    return r;
  /* A name of its own in ps and top (and for the tests to find it). */
  prctl (PR_SET_NAME, name, 0, 0, 0);
  /* Out of the terminal's process group: a ^C goes to the monitor, which
   * ends the sandbox and then its helpers, in order. */
  setsid ();
  sigemptyset (&none);
  sigprocmask (SIG_SETMASK, &none, NULL);
  signal (SIGPIPE, SIG_IGN);
  return 0;
}

/* ---- user ---- */

static int
write_proc_self (const char *file, const char *text)
{
  char path[64];
  snprintf (path, sizeof path, "/proc/self/%s", file);
  int fd = open (path, O_WRONLY | O_CLOEXEC);
  if (fd < 0)
    return -errno;
  ssize_t n = write (fd, text, strlen (text));
  int r = n == (ssize_t) strlen (text) ? 0 : n < 0 ? -errno : -EIO;
  close (fd);
  return r;
}

static int
map_self (uid_t uid, gid_t gid)
{
  char line[64];
  int r = write_proc_self ("setgroups", "deny");
  if (r < 0 && r != -ENOENT)
    return r;
  snprintf (line, sizeof line, "%u %u 1\n", (unsigned) uid, (unsigned) uid);
  if ((r = write_proc_self ("uid_map", line)) < 0)
    return r;
  snprintf (line, sizeof line, "%u %u 1\n", (unsigned) gid, (unsigned) gid);
  return write_proc_self ("gid_map", line);
}

/* An empty, read-only tmpfs becomes the root; the host's tree is
 * detached.  Mounted on /tmp (any existing directory would do) because
 * a mount over "/" itself would not be where "." resolves. */
static int
empty_root (const char **ret_step)
{
  *ret_step = "make mounts private";
  if (mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
    return -errno;
  *ret_step = "mount empty root";
  if (mount ("jail-net", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RDONLY,
             "size=4k,nr_inodes=1,mode=0555") < 0)
    return -errno;
  *ret_step = "pivot_root";
  if (chdir ("/tmp") < 0 || syscall (SYS_pivot_root, ".", ".") < 0)
    return -errno;
  /* The old root is stacked under the new one: detach it. */
  if (umount2 (".", MNT_DETACH) < 0 || chdir ("/") < 0)
    return -errno;
  return 0;
}

int
jail_isolate_user (const char **ret_step)
{
  uid_t uid = getuid ();
  gid_t gid = getgid ();
  int r;
  *ret_step = "create user and mount namespaces";
  if (unshare (CLONE_NEWUSER | CLONE_NEWNS) < 0)
    return -errno;
  *ret_step = "write id maps";
  if ((r = map_self (uid, gid)) < 0)
    return r;
  return empty_root (ret_step);
}

/* ---- prefork ---- */

/* PR_CAPBSET_DROP needs CAP_SETPCAP.  A process without it (the user in
 * the host's user namespace, where the report's supervisor stays while it
 * reads paths) holds no capability to begin with, and under no_new_privs
 * gains none from the bounding set at exec. */
static bool
may_drop_bounding_set (void)
{
  cap_t now = cap_get_proc ();
  cap_flag_value_t v = CAP_CLEAR;
  if (now != NULL)
    cap_get_flag (now, CAP_SETPCAP, CAP_EFFECTIVE, &v);
  cap_free (now);
  return v == CAP_SET;
}

static int
drop_capabilities (void)
{
  bool bounding = may_drop_bounding_set ();
  for (int cap = 0; bounding && cap <= CAP_LAST_CAP; cap++)
    if (prctl (PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL)
      return -errno;
  if (prctl (PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
    return -errno;
  cap_t none = cap_init ();
  if (none == NULL)
    return -errno;
  int r = cap_set_proc (none) < 0 ? -errno : 0;
  cap_free (none);
  return r;
}

int
jail_isolate_prefork (pid_t monitor, const char **ret_step)
{
  int r;
  *ret_step = "drop capabilities";
  if ((r = drop_capabilities ()) < 0)
    return r;
  *ret_step = "set no_new_privs";
  if (prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
    return -errno;
  *ret_step = "set non-dumpable";
  if (prctl (PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
    return -errno;
  *ret_step = "set parent-death signal";
  if (prctl (PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
    return -errno;
  if (getppid () != monitor)
    return -ESRCH; /* the monitor is already gone */
  return 0;
}

