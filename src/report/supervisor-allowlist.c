/* The report supervisor's seccomp allowlist: the one table of what the
 * supervisor may call once it holds the listener, compiled by libseccomp
 * when jail is built (src/sandbox/seccomp-gen.c, as the network engine's)
 * and, where that program is missing or refused, at run time by the
 * supervisor itself (supervisor-serve.c).  libseccomp spent ~0.25 ms of
 * CPU compiling it at every start of the supervisor
 * (tests/bench/README.md).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <sys/ioctl.h>

#include "report/supervisor-allowlist.h"

/* Everything serve() (supervisor-serve.c) calls.  Anything else fails
 * with EPERM: no open, no exec, no fork, no signal, no socket. */
typedef struct {
  const char *name;
  const char *why;
} AllowRow;

static const AllowRow allowed[] = {
  { "poll", "the listener and the channel, when no notification is pending" },
  { "ppoll", "poll on newer glibc" },
  { "sendto", "a record to the monitor" },
  { "sendmsg", "a record to the monitor" },
  { "write", "stderr" },
  { "close", "the end" },
  { "process_vm_readv", "the paths --learn reads from the app's memory" },
  { "brk", "malloc: libseccomp allocates a refused call's name" },
  { "mmap", "malloc" },
  { "munmap", "free" },
  { "mremap", "realloc" },
  { "madvise", "free" },
  { "futex", "glibc's locks" },
  { "clock_gettime", "when the vDSO cannot answer" },
  { "sched_yield", "the sanitizers' allocator" },
  { "sigaltstack", "the sanitizers, at the end" },
  { "rt_sigreturn", "return from a signal handler" },
  { "restart_syscall", "an interrupted wait" },
  { "exit", "the end" },
  { "exit_group", "the end" },
};

/* The listener's ioctls, and no other (no TIOCSTI on an inherited
 * terminal). */
static const unsigned long ioctls[] = {
  SECCOMP_IOCTL_NOTIF_RECV,
  SECCOMP_IOCTL_NOTIF_SEND,
  SECCOMP_IOCTL_NOTIF_ID_VALID,
};

int
jail_supervisor_allowlist_compile (void **ret_filter)
{
  *ret_filter = NULL;
  scmp_filter_ctx f = seccomp_init (SCMP_ACT_ERRNO (EPERM));
  if (f == NULL)
    return -ENOMEM;
  int r = 0;
  for (gsize i = 0; i < G_N_ELEMENTS (allowed) && r == 0; i++)
    {
      int nr = seccomp_syscall_resolve_name (allowed[i].name);
      if (nr != __NR_SCMP_ERROR) /* not on this architecture */
        r = seccomp_rule_add (f, SCMP_ACT_ALLOW, nr, 0);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (ioctls) && r == 0; i++)
    r = seccomp_rule_add (f, SCMP_ACT_ALLOW, SCMP_SYS (ioctl), 1,
                          SCMP_A1 (SCMP_CMP_EQ, (scmp_datum_t) ioctls[i]));
  if (r < 0)
    {
      seccomp_release (f);
      return r;
    }
  *ret_filter = f;
  return 0;
}
