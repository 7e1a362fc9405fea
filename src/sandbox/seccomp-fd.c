/* bubblewrap's --seccomp FD / --add-seccomp-fd FD: compiled cBPF programs
 * from the caller, loaded right after the lockdown (sandbox.c calls this
 * after sandbox_drop_privileges), so that they filter the app
 * and nothing of jail's own setup.  no_new_privs is already set, which is
 * what lets an unprivileged process install a filter.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>

#include "sandbox/sandbox.h"

void
sandbox_apply_seccomp_fds (SandboxCtx *ctx)
{
  GPtrArray *programs = ctx->spec->seccomp_programs;
  for (guint i = 0; i < programs->len; i++)
    {
      gsize size;
      const void *data = g_bytes_get_data (g_ptr_array_index (programs, i), &size);
      struct sock_fprog prog = {
        .len = (unsigned short) (size / sizeof (struct sock_filter)),
        .filter = (struct sock_filter *) data,
      };
      if (prctl (PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0)
        sandbox_fail (ctx, "Unable to set up system call filtering as requested", "", errno);
    }
}
