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
#include <string.h>
#include <unistd.h>

#include "common/sync.h"
#include "sandbox/seccomp.h"

/* The listener goes to the monitor, which hands it to the supervisor;
 * the sandbox keeps no copy (an app holding it could answer its own
 * refused calls). */
void
sandbox_seccomp_send_listener (SandboxCtx *ctx, int fd)
{
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
