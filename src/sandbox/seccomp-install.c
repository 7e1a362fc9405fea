/* Loading the default filter (its rows are in seccomp.c).
 *
 * libseccomp spent 1.5–2.5 ms of CPU compiling the filter on every start
 * (tests/bench/README.md), for a program that depends on three booleans.  So the build compiles
 * each variant a spec without rules of its own can ask for (seccomp-gen.c,
 * with the same code: jail_seccomp_compile), and a start loads the
 * matching program as it is.  Anything else (--seccomp-allow/-deny rules,
 * --learn's path rules, another architecture, a kernel that refuses the
 * program) is compiled here at run time, exactly as before; test-seccomp
 * checks that every embedded program equals what libseccomp compiles now.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sandbox/sandbox.h"
#include "sandbox/seccomp.h"

void
jail_seccomp_policy_init (JailSeccompPolicy *policy, const JailSpec *spec, bool notify)
{
  *policy = (JailSeccompPolicy) {
    .allow_userns = jail_spec_get_allow_userns (spec),
    .allow_ptrace = jail_spec_get_allow_ptrace (spec),
    .notify = notify,
    .watch_paths = notify && jail_spec_get_report_paths (spec),
    .rules = jail_spec_get_seccomp_rules (spec),
  };
}

bool
jail_seccomp_user_rule (const JailSpec *spec, const char *syscall)
{
  const JailSeccompPolicy policy = { .rules = jail_spec_get_seccomp_rules (spec) };
  return jail_seccomp_policy_has_rule (&policy, syscall);
}

const JailSeccompPrecompiled *
jail_seccomp_precompiled_find (const JailSeccompPolicy *policy)
{
  if (policy->watch_paths || (policy->rules != NULL && policy->rules->len > 0))
    return NULL;
  for (size_t i = 0; i < jail_seccomp_n_precompiled; i++)
    {
      const JailSeccompPrecompiled *p = &jail_seccomp_precompiled[i];
      if (p->arch == seccomp_arch_native () && p->allow_userns == policy->allow_userns
          && p->allow_ptrace == policy->allow_ptrace && p->notify == policy->notify)
        return p;
    }
  return NULL;
}

/* As seccomp_load() does it with the attributes jail_seccomp_compile()
 * sets: no_new_privs (set already by sandbox_drop_capabilities), then the
 * program.  0 or -errno.  (A notifying program goes behind the report's
 * head instead: sandbox_seccomp_load_notify_program.) */
int
jail_seccomp_load_program (const struct sock_filter *insn, unsigned short len)
{
  struct sock_fprog prog = { .len = len, .filter = (struct sock_filter *) insn };
  if (prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
    return -errno;
  long r = syscall (SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
  return r < 0 ? -errno : 0;
}

/* libseccomp, at run time; -errno with *ret_step and *ret_what naming
 * what failed. */
static int
compile_and_load (SandboxCtx *ctx, const JailSeccompPolicy *policy, const char **ret_step,
                  const char **ret_what)
{
  void *f = NULL;
  int r = jail_seccomp_compile (policy, &f, ret_what);
  if (r < 0)
    {
      *ret_step = *ret_what != NULL ? "seccomp: add rule" : "seccomp: create filter";
      if (*ret_what == NULL)
        *ret_what = "";
      return r;
    }
  if (policy->notify)
    sandbox_seccomp_load_notify (ctx, f), r = 0; /* seccomp-notify.c */
  else
    {
      /* The kernel's errno, as the reporting path gives it, rather than
       * libseccomp's ECANCELED for any refusal. */
      seccomp_attr_set (f, SCMP_FLTATR_API_SYSRAWRC, 1);
      r = seccomp_load (f);
    }
  seccomp_release (f);
  *ret_step = "seccomp: load filter";
  *ret_what = "";
  return r;
}

/* The test hook: JAIL_TEST_SECCOMP=refuse-precompiled hands the kernel
 * the precompiled program cut to its first instruction, a load, which it
 * refuses (a filter must end in a return: EINVAL), so that the tests can
 * show the run-time compile taking over.  Read from the environment of
 * jail on the host, which nothing inside a sandbox can set; it loosens
 * nothing (the same filter is compiled instead). */
static unsigned short
precompiled_len (const JailSeccompPrecompiled *pre)
{
  const char *hook = getenv ("JAIL_TEST_SECCOMP");
  return hook != NULL && strstr (hook, "refuse-precompiled") != NULL ? 1 : pre->len;
}

void
sandbox_install_seccomp (SandboxCtx *ctx)
{
  const JailSpec *spec = ctx->spec;
  if (jail_spec_get_seccomp_mode (spec) == JAIL_SECCOMP_OFF)
    return;

  JailSeccompPolicy policy;
  jail_seccomp_policy_init (&policy, spec, ctx->seccomp_notify);
  const JailSeccompPrecompiled *pre = jail_seccomp_precompiled_find (&policy);
  bool personality = !jail_seccomp_user_rule (spec, "personality") && !policy.notify;
  bool own_rows_loaded = false;
  int r = -ENOENT;
  /* Reporting: the precompiled program behind the report's head
   * (seccomp-notify.c). */
  if (pre != NULL && policy.notify)
    r = sandbox_seccomp_load_notify_program (ctx, pre->insn, precompiled_len (pre));
  else if (pre != NULL)
    {
      /* One program rather than three (seccomp.h says why). */
      static struct sock_filter prog[BPF_MAXINSNS]; /* not allocated: seccomp-notify.c */
      unsigned len
          = jail_seccomp_with_own_rows (&policy, personality, pre->insn, precompiled_len (pre), prog);
      r = len > 0 ? jail_seccomp_load_program (prog, (unsigned short) len) : -E2BIG;
      own_rows_loaded = r == 0;
    }
  if (r < 0)
    {
      /* Not precompiled, or refused: libseccomp says why, if anything. */
      const char *step, *what;
      r = compile_and_load (ctx, &policy, &step, &what);
      if (r < 0)
        sandbox_fail (ctx, step, what, -r);
    }
  if (own_rows_loaded)
    return;
  r = jail_seccomp_load_numbered_filter (&policy);
  if (r < 0)
    sandbox_fail (ctx, "seccomp: load filter", "by number", -r);
  /* Reporting: personality's row is at the main filter's head. */
  if (personality)
    {
      r = jail_seccomp_load_personality_filter ();
      if (r < 0)
        sandbox_fail (ctx, "seccomp: load filter", "personality", -r);
    }
}
