/* The sandbox's half of the denial report's syscall part.
 *
 * With reporting on, the default filter's refusing rows return
 * SECCOMP_RET_USER_NOTIF instead of SECCOMP_RET_ERRNO: the kernel holds
 * the call and asks the filter's listener, the supervisor (a process of
 * its own outside the sandbox, src/report/supervisor.c), which records
 * the call and fails it with the errno the row would have returned.  The
 * app sees the same result; the call never runs.
 *
 * Nothing is loosened by this:
 * - an answer other than an error is never sent (no
 *   SECCOMP_USER_NOTIF_FLAG_CONTINUE for these rows);
 * - if the supervisor is gone, or the listener never reached it, the
 *   kernel fails the call with ENOSYS (a different errno, still refused);
 * - a stacked filter that refuses with SECCOMP_RET_ERRNO wins over
 *   USER_NOTIF (its precedence is higher), one that allows does not.
 *
 * Only one filter of a process may have a listener (the kernel answers
 * EBUSY to a second): an app that stacks its own filter with a listener
 * under ours fails to do so.  Plain stacked filters (Chromium's sandbox,
 * bwrap's --seccomp programs) work as before.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <seccomp.h>
#include <string.h>
#include <unistd.h>

#include "common/sync.h"
#include "report/supervisor.h"
#include "sandbox/seccomp.h"

/* Every refusing row is reported, those answering ENOSYS too (the new
 * mount API, io_uring: an app that calls them and falls back is worth
 * naming) but clone3: glibc (2.34 and later) tries it first at every
 * pthread_create and posix_spawn and falls back to clone on ENOSYS, so
 * every app would have it in its report, and each thread would cost a
 * round trip to the supervisor. */
uint32_t
jail_seccomp_refusal_action (const char *syscall, int err, bool notify)
{
  if (notify && strcmp (syscall, "clone3") != 0)
    return SCMP_ACT_NOTIFY;
  return SCMP_ACT_ERRNO ((uint32_t) err);
}

/* --learn: every call of the open and stat family goes to the supervisor,
 * which reads the path for the report and lets the call go on unchanged
 * (SECCOMP_USER_NOTIF_FLAG_CONTINUE).  Nothing is refused or allowed by
 * this that the rest of the filter would not: these calls have no
 * refusing row, and a caller's own rule for one of them wins (it is
 * added instead).  x86-64 only: an i386 or x32 app's paths go unseen. */
int
sandbox_seccomp_add_path_rules (void *filter, const JailSpec *spec)
{
  for (const char *const *name = jail_supervisor_path_calls; *name != NULL; name++)
    {
      int nr = seccomp_syscall_resolve_name (*name);
      if (nr == __NR_SCMP_ERROR || jail_seccomp_user_rule (spec, *name))
        continue;
      int r = seccomp_rule_add (filter, SCMP_ACT_NOTIFY, nr, 0);
      if (r < 0)
        return r;
    }
  return 0;
}

/* The listener goes to the monitor, which hands it to the supervisor;
 * the sandbox keeps no copy (an app holding it could answer its own
 * refused calls). */
void
sandbox_seccomp_send_listener (SandboxCtx *ctx, void *filter)
{
  int fd = seccomp_notify_fd (filter);
  if (fd < 0)
    sandbox_fail (ctx, "seccomp: notification fd", "", -fd);
  SyncMsg msg;
  memset (&msg, 0, sizeof msg);
  msg.type = SYNC_SECCOMP_LISTENER;
  int r = sync_send_fd (ctx->sync_fd, &msg, fd);
  close (fd);
  if (r < 0)
    sandbox_fail (ctx, "seccomp: send notification fd", "", -r);
}
