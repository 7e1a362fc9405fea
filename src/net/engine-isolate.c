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
 *            where the kernel can), then the seccomp allowlist below.
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

/* ---- postfork: the seccomp allowlist ----
 *
 * Everything the engine calls, found by running it under strace through
 * the network tests (connect, transfer, publish, DNS, shutdown), with its
 * caller.  Anything else fails with EPERM: no open, no exec, no fork, no
 * signal to another process, no ptrace, no mount, no new namespace. */
typedef struct {
  const char *name;
  const char *why;
} AllowRow;

static const AllowRow allowed[] = {
  /* The main loop (GLib) and the tap. */
  { "read", "frames from the tap, the main loop's eventfd" },
  { "write", "frames to the tap, the main loop's eventfd, stderr" },
  { "writev", "a segment's headers and payload to the tap in one frame (tcp.c)" },
  { "poll", "the GLib main loop" },
  { "ppoll", "the GLib main loop (newer glibc)" },
  { "epoll_wait", "the fast path's host sockets" },
  { "epoll_pwait", "epoll_wait on newer glibc" },
  { "epoll_ctl", "adding and removing host sockets" },
  { "close", "sockets that end" },
  { "fcntl", "O_NONBLOCK on new sockets (libslirp, GLib)" },
  /* Host sockets (socket() itself: AF_INET and AF_INET6 only, below). */
  { "connect", "the host side of a connection" },
  { "accept", "published ports (libslirp)" },
  { "accept4", "published ports (libslirp)" },
  { "sendto", "TCP data, UDP datagrams, DNS queries" },
  { "recvfrom", "TCP data, UDP datagrams, DNS answers" },
  { "sendmsg", "the monitor channel, libslirp" },
  { "recvmsg", "the monitor channel, libslirp" },
  { "shutdown", "half-closes" },
  { "getsockopt", "SO_ERROR after a connect" },
  { "setsockopt", "TCP_NODELAY, SO_LINGER (a reset to the host peer)" },
  { "getsockname", "libslirp" },
  { "getpeername", "libslirp" },
  /* Memory: glibc's malloc, malloc_trim. */
  { "brk", "malloc" },
  { "mmap", "malloc of large buffers" },
  { "munmap", "free of large buffers" },
  { "mremap", "realloc of large buffers" },
  { "mprotect", "malloc's arenas" },
  { "madvise", "malloc_trim gives freed memory back" },
  /* Time, locks, the end. */
  { "clock_gettime", "timers (when the vDSO cannot answer)" },
  { "futex", "GLib's locks" },
  { "sched_yield", "the sanitizers' allocator" },
  { "sigaltstack", "the sanitizers, at the end (ASan checks its signal stack)" },
  { "rt_sigreturn", "return from a signal handler" },
  { "restart_syscall", "an interrupted sleep" },
  { "exit", "the end" },
  { "exit_group", "the end" },
};

static int
add_allow_rows (scmp_filter_ctx f)
{
  for (size_t i = 0; i < G_N_ELEMENTS (allowed); i++)
    {
      int nr = seccomp_syscall_resolve_name (allowed[i].name);
      if (nr == __NR_SCMP_ERROR)
        continue; /* not on this architecture */
      int r = seccomp_rule_add (f, SCMP_ACT_ALLOW, nr, 0);
      if (r < 0)
        return r;
    }
  return 0;
}

/* Arguments that matter: only IP sockets (no AF_UNIX, AF_NETLINK, …: the
 * engine lives in the host's network namespace, where abstract sockets
 * of the user's session are), and only two harmless ioctls (libslirp
 * asks how much is queued; no TIOCSTI on an inherited terminal). */
static int
add_argument_rows (scmp_filter_ctx f)
{
  static const int families[] = { AF_INET, AF_INET6 };
  static const unsigned long ioctls[] = { FIONREAD, FIONBIO };
  int r;
  for (size_t i = 0; i < G_N_ELEMENTS (families); i++)
    if ((r = seccomp_rule_add (f, SCMP_ACT_ALLOW, SCMP_SYS (socket), 1,
                               SCMP_A0 (SCMP_CMP_EQ, (scmp_datum_t) families[i]))) < 0)
      return r;
  for (size_t i = 0; i < G_N_ELEMENTS (ioctls); i++)
    if ((r = seccomp_rule_add (f, SCMP_ACT_ALLOW, SCMP_SYS (ioctl), 1,
                               SCMP_A1 (SCMP_CMP_EQ, (scmp_datum_t) ioctls[i]))) < 0)
      return r;
  return 0;
}

static int
install_seccomp (void)
{
  /* Only the native architecture: a syscall made through another ABI
   * (int 0x80) kills the process (libseccomp's bad-arch action). */
  scmp_filter_ctx f = seccomp_init (SCMP_ACT_ERRNO (EPERM));
  if (f == NULL)
    return -ENOMEM;
  /* Every frame costs several syscalls through this filter: a binary
   * search over the syscall numbers instead of a walk down the list
   * (libseccomp 2.5; older ones refuse the attribute and walk). */
  seccomp_attr_set (f, SCMP_FLTATR_CTL_OPTIMIZE, 2);
  int r = add_allow_rows (f);
  if (r == 0)
    r = add_argument_rows (f);
  if (r == 0)
    r = seccomp_load (f);
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
