/* The network engine's seccomp allowlist: the one table of what the
 * engine may call, compiled by libseccomp when jail is built
 * (src/sandbox/seccomp-gen.c) and, where that program is missing or
 * refused, at run time by the engine itself (engine-isolate.c).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib.h>
#include <seccomp.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include "net/engine-filter.h"

/* Everything the engine calls, found by running it under strace through
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

int
jail_net_engine_filter_compile (void **ret_filter)
{
  *ret_filter = NULL;
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
  if (r < 0)
    {
      seccomp_release (f);
      return r;
    }
  *ret_filter = f;
  return 0;
}
