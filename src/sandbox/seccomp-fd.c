/* Compiled cBPF programs from the caller (bubblewrap's --seccomp FD and
 * --add-seccomp-fd FD), and the one rule jail keeps when its own filter is
 * off.
 *
 * The caller's programs are loaded as the very last step before execve()
 * (bwrap: "the last thing before execve() so that filters don't need to
 * handle anything above"), in the order given, and nothing of jail runs
 * under them afterwards: the sandbox's init is forked before, so an
 * allowlist filter (default ERRNO(ENOSYS), as flatpak-builder's tests
 * write them) needs to allow only what the command itself does.
 * no_new_privs is set by then, which is what lets an unprivileged process
 * install a filter.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>

#include "sandbox/sandbox.h"

#ifndef TIOCLINUX
#define TIOCLINUX 0x541C
#endif

/* A caller that turns jail's filter off and passes its own (bubblewrap has
 * none of its own) may not cover TIOCSTI (CVE-2017-5226: a sandboxed app
 * types commands into the terminal the sandbox was started from).  With
 * the spec's terminal rule jail keeps that one rule all the same, for the app
 * whatever the caller passes (the sandbox's init, which runs
 * no terminal code, is exec'd before it).  The ioctl
 * number is compared on its low 32 bits only, as the kernel reads it
 * (CVE-2019-10063). */
static void
install_terminal_filter (SandboxCtx *ctx)
{
  static const unsigned long refused[] = { TIOCSTI, TIOCLINUX };
  scmp_filter_ctx f = seccomp_init (SCMP_ACT_ALLOW);
  int r = f == NULL ? -ENOMEM : 0;
#if defined(__x86_64__)
  /* i386 through int 0x80 and x32 reach the same ioctl. */
  if (r == 0 && (r = seccomp_arch_add (f, SCMP_ARCH_X86)) == -EEXIST)
    r = 0;
  if (r == 0 && (r = seccomp_arch_add (f, SCMP_ARCH_X32)) == -EEXIST)
    r = 0;
#endif
  for (gsize i = 0; r == 0 && i < G_N_ELEMENTS (refused); i++)
    r = seccomp_rule_add (f, SCMP_ACT_ERRNO (EPERM), SCMP_SYS (ioctl), 1,
                          SCMP_A1 (SCMP_CMP_MASKED_EQ, 0xffffffffu, refused[i]));
  if (r == 0)
    r = seccomp_load (f);
  if (f != NULL)
    seccomp_release (f);
  if (r < 0)
    sandbox_fail (ctx, "seccomp: load filter", "TIOCSTI", -r);
}

void
sandbox_install_terminal_rule (SandboxCtx *ctx)
{
  const JailSpec *spec = ctx->spec;
  /* The default filter already has the rule. */
  if (jail_spec_get_terminal_rule (spec) && jail_spec_get_seccomp_mode (spec) == JAIL_SECCOMP_OFF)
    install_terminal_filter (ctx);
}

void
sandbox_apply_seccomp_fds (SandboxCtx *ctx)
{
  for (guint i = 0; i < jail_spec_get_n_seccomp_programs (ctx->spec); i++)
    {
      gsize size;
      const void *data = g_bytes_get_data (jail_spec_get_seccomp_program (ctx->spec, i), &size);
      struct sock_fprog prog = {
        .len = (unsigned short) (size / sizeof (struct sock_filter)),
        .filter = (struct sock_filter *) data,
      };
      if (prctl (PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0)
        sandbox_fail (ctx, "Unable to set up system call filtering as requested", "", errno);
    }
}
