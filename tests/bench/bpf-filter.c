/* Writes a flatpak-like seccomp filter as raw BPF to stdout, for
 * `bwrap --seccomp FD` in the startup benchmark (tests/bench/startup.sh).
 * Not part of jail: a helper of the benchmark only.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <seccomp.h>
#include <stdio.h>
#include <unistd.h>

int
main (void)
{
  /* Roughly what flatpak denies: kernel keyring, NUMA and module calls,
   * mount and namespace manipulation, accounting, perf, new user
   * namespaces through clone. */
  static const char *const denied[] = {
    "syslog", "uselib", "acct", "quotactl", "add_key", "keyctl", "request_key",
    "move_pages", "mbind", "get_mempolicy", "set_mempolicy", "migrate_pages",
    "unshare", "setns", "mount", "umount2", "pivot_root", "open_tree", "move_mount",
    "fsopen", "fsmount", "fsconfig", "mount_setattr", "perf_event_open",
    "init_module", "finit_module", "delete_module", "kexec_load", "bpf",
    "userfaultfd", "io_uring_setup", "ptrace",
  };
  scmp_filter_ctx ctx = seccomp_init (SCMP_ACT_ALLOW);
  if (ctx == NULL)
    return 1;
  for (size_t i = 0; i < sizeof denied / sizeof denied[0]; i++)
    {
      int nr = seccomp_syscall_resolve_name (denied[i]);
      if (nr != __NR_SCMP_ERROR && seccomp_rule_add (ctx, SCMP_ACT_ERRNO (EPERM), nr, 0) < 0)
        return 1;
    }
  if (seccomp_rule_add (ctx, SCMP_ACT_ERRNO (EPERM), SCMP_SYS (clone), 1,
                        SCMP_A0 (SCMP_CMP_MASKED_EQ, CLONE_NEWUSER, CLONE_NEWUSER)) < 0)
    return 1;
  int r = seccomp_export_bpf (ctx, STDOUT_FILENO);
  seccomp_release (ctx);
  return r < 0 ? 1 : 0;
}
