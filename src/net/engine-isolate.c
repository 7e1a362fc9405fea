/* The network engine gives up every right it will not use, in named
 * stages, before it reads the first frame from the sandbox (the first
 * three are src/common/isolate.c, shared with the report's supervisor):
 *
 *   initial  only its channel to the monitor (and stderr) stays open,
 *            its own session, RLIMIT_NOFILE fixed (the
 *            fast path's connection cap is derived from it), GLib's random
 *            generator seeded and the host's resolver read while the host's
 *            files are still visible;
 *   user     a user namespace of its own (nothing mapped but the user)
 *            holding a mount namespace whose root is an empty read-only
 *            tmpfs: /proc/PID/root shows nothing of the host.  It stays in
 *            the host's network namespace: its sockets are the host's;
 *   prefork  no capabilities (bounding and ambient sets too), no_new_privs,
 *            non-dumpable (not before: /proc/self/uid_map of a
 *            non-dumpable process belongs to root, so the user could not
 *            write it) and a parent-death signal (after the capabilities:
 *            changing them resets both);
 *   postfork after libslirp and the published ports are set up: Landlock
 *            with no filesystem right (signals and abstract sockets scoped
 *            where the kernel can), then the seccomp allowlist
 *            (engine-filter.c, compiled when jail was built).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common/isolate.h"
#include "net/engine.h"
#include "net/engine-filter.h"
#include "sandbox/seccomp.h"

/* Descriptors the engine may hold: the fast path takes this less its
 * reserve as its connection cap (tcp.c). */
#define ENGINE_NOFILE 2048

/* ---- initial, user, prefork: src/common/isolate.c ---- */

int
jail_net_isolate_initial (int *channel, rlim_t nofile, const char **ret_step)
{
  int r = jail_isolate_initial (channel, nofile > 0 ? nofile : ENGINE_NOFILE, "jail-net", ret_step);
  if (r < 0)
    return r;
  /* GLib seeds its generator from /dev/urandom on first use: now, while
   * there is one (the fast path's initial sequence numbers). */
  (void) g_random_int ();
  return 0;
}

int
jail_net_isolate_user (const char **ret_step)
{
  return jail_isolate_user (ret_step);
}

int
jail_net_isolate_prefork (pid_t monitor, const char **ret_step)
{
  return jail_isolate_prefork (monitor, ret_step);
}

/* ---- postfork: the seccomp allowlist (engine-filter.c) ---- */

static int
install_seccomp (void)
{
  /* Compiled when jail was built, like the sandbox's default filter: the
   * engine then never runs libseccomp's compiler, whose code and heap
   * would be pages of its own in every sandbox with a network. */
  const JailSeccompProgram *pre = &jail_net_engine_precompiled;
  if (pre->len > 0 && pre->arch == seccomp_arch_native ()
      && jail_seccomp_load_program (pre->insn, pre->len) == 0)
    return 0;
  void *f = NULL;
  int r = jail_net_engine_filter_compile (&f);
  if (r == 0)
    r = seccomp_load (f);
  if (f != NULL)
    seccomp_release (f);
  return r;
}

int
jail_net_isolate_postfork (const char **ret_step)
{
  int r;
  *ret_step = "landlock";
  if ((r = jail_landlock_deny_all ()) < 0)
    return r;
  *ret_step = "seccomp";
  return install_seccomp ();
}

/* The test hook: what a few calls outside the allowlist get. */
void
jail_net_isolation_probe (pid_t monitor, char *out, size_t size)
{
  int fd = open ("/etc/passwd", O_RDONLY | O_CLOEXEC);
  int open_err = fd < 0 ? errno : 0;
  if (fd >= 0)
    close (fd);
  char *argv[] = { (char *) "/bin/sh", NULL };
  execve ("/bin/sh", argv, argv + 1);
  int exec_err = errno;
  int s = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int unix_err = s < 0 ? errno : 0;
  if (s >= 0)
    close (s);
  int kill_err = kill (monitor, SIGTERM) < 0 ? errno : 0;
  snprintf (out, size, "probe: open /etc/passwd: %s, execve /bin/sh: %s, socket AF_UNIX: %s, "
                       "kill monitor: %s",
            open_err ? strerrorname_np (open_err) : "allowed",
            exec_err ? strerrorname_np (exec_err) : "allowed",
            unix_err ? strerrorname_np (unix_err) : "allowed",
            kill_err ? strerrorname_np (kill_err) : "allowed");
}
