/* The end-of-setup lockdown: every capability, then no_new_privs, then
 * Landlock, then the syscall filter, the last thing before exec.  Order:
 * capabilities go while we may still drop the bounding set; Landlock and
 * seccomp both need no_new_privs (or CAP_SYS_ADMIN) to be installed; the
 * filter comes last because it refuses calls the earlier steps make.
 * `jail enter` must reuse this function with the sandbox's own spec.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/prctl.h>

#include "sandbox/sandbox.h"
#include "sandbox/seccomp.h"

static bool
kept (const SandboxCtx *ctx, cap_value_t cap)
{
  guint64 kept = jail_spec_get_kept_capabilities (ctx->spec);
  return cap < 64 && (kept & (G_GUINT64_CONSTANT (1) << cap));
}

/* The sets as the kernel takes them (capset(2)), not libcap's cap_t,
 * which is allocated: the child allocates nothing (monitor/spawn.c). */
typedef struct __user_cap_data_struct CapabilitySets[_LINUX_CAPABILITY_U32S_3];

static int
get_capability_sets (CapabilitySets sets)
{
  struct __user_cap_header_struct header = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
  return capget (&header, sets);
}

static int
set_capability_sets (CapabilitySets sets)
{
  struct __user_cap_header_struct header = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
  return capset (&header, sets);
}

/* Every capability but the kept ones (--cap-add, bwrap's) out of the
 * permitted, effective and inheritable sets.  The kept ones stay in all
 * three and are raised in the ambient set, so that they survive the exec
 * of a non-root app. */
static void
keep_only_kept (SandboxCtx *ctx)
{
  CapabilitySets sets;
  memset (sets, 0, sizeof sets);
  for (cap_value_t cap = 0; cap < 64; cap++)
    if (kept (ctx, cap) && CAP_IS_SUPPORTED (cap))
      {
        guint32 bit = 1u << (cap % 32);
        sets[cap / 32].permitted |= bit;
        sets[cap / 32].effective |= bit;
        sets[cap / 32].inheritable |= bit;
      }
  if (set_capability_sets (sets) < 0)
    sandbox_fail (ctx, "drop capabilities", "", errno);
  for (cap_value_t cap = 0; cap < 64; cap++)
    if (kept (ctx, cap) && CAP_IS_SUPPORTED (cap)
        && prctl (PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) < 0)
      sandbox_fail (ctx, "raise ambient capability", "", errno);
}

bool
sandbox_clear_effective_capabilities (void)
{
  CapabilitySets sets;
  if (get_capability_sets (sets) < 0)
    return false;
  for (size_t i = 0; i < G_N_ELEMENTS (sets); i++)
    sets[i].effective = 0;
  return set_capability_sets (sets) == 0;
}

/* The bounding set first (dropping it needs CAP_SETPCAP, which the next
 * step removes); with it empty, even a uid-0 app gains nothing at exec.
 * Then ambient, and last the effective, permitted and inheritable sets. */
static void
drop_capabilities (SandboxCtx *ctx)
{
  for (cap_value_t cap = 0; cap <= CAP_LAST_CAP || CAP_IS_SUPPORTED (cap); cap++)
    if (!kept (ctx, cap) && cap_drop_bound (cap) < 0 && errno != EINVAL)
      sandbox_fail (ctx, "drop capability bounding set", "", errno);
  /* One call (libcap's cap_reset_ambient asks for each capability first);
   * EINVAL: a kernel without ambient capabilities (before 4.3). */
  if (prctl (PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
    sandbox_fail (ctx, "clear ambient capabilities", "", errno);

  keep_only_kept (ctx);
}

/* Capabilities and no_new_privs: what the sandbox's PID 1 gives up too. */
void
sandbox_drop_capabilities (SandboxCtx *ctx)
{
  drop_capabilities (ctx);
  /* No exec may gain privileges again: setuid bits and file capabilities
   * are ignored from here on, for the app and everything it starts. */
  if (prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
    sandbox_fail (ctx, "set no_new_privs", "", errno);
}

/* Landlock and the syscall filter: the app's, installed in the process
 * that execs it.  The small init (src/init/) is exec'd from outside every
 * Landlock rule, so it is not under them; it holds nothing but the app's
 * pid, and is non-dumpable. */
void
sandbox_install_filters (SandboxCtx *ctx)
{
  sandbox_install_landlock (ctx);
  sandbox_install_seccomp (ctx);
}

void
sandbox_drop_privileges (SandboxCtx *ctx)
{
  sandbox_drop_capabilities (ctx);
  sandbox_install_filters (ctx);
}
