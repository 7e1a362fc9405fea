/* The few changes the sandbox makes to the command's environment
 * (LD_PRELOAD, PWD), made without the C library's allocator.
 *
 * Read with GLib's g_environ_getenv, which allocates nothing.  Why not
 * g_environ_setenv: the sandbox child is a fork of the
 * monitor, and the first malloc and printf in it fault in their code and
 * state again (fork copies no page table entry of a program's code, and
 * each page written is copied): about ten page faults, 0.2 ms of a start
 * on a machine where a fault costs 20 µs (tests/bench/README.md).  The
 * monitor leaves room at the end of the environment (environ_with_room);
 * the entries are the callers' storage, kept until the exec.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "sandbox/sandbox.h"

/* Room for LD_PRELOAD (lookups.c) and PWD (sandbox.c). */
#define ROOM SANDBOX_ENVIRON_ROOM

char **
sandbox_environ_with_room (char **envp)
{
  guint n = g_strv_length (envp);
  envp = g_renew (char *, envp, n + 1 + ROOM);
  for (guint i = n; i <= n + ROOM; i++)
    envp[i] = NULL;
  return envp;
}

/* The slot of NAME's entry, or of the terminating NULL. */
static char **
find (char **envp, const char *name, size_t name_len)
{
  while (*envp != NULL && !(strncmp (*envp, name, name_len) == 0 && (*envp)[name_len] == '='))
    envp++;
  return envp;
}

void
sandbox_environ_put (SandboxCtx *ctx, char *entry)
{
  char **slot = find (ctx->envp, entry, strcspn (entry, "="));
  if (*slot != NULL)
    {
      *slot = entry; /* the entry it replaces goes with the exec */
      return;
    }
  if (ctx->environ_room == 0)
    {
      /* An environment the monitor did not build (jail enter's). */
      size_t n = (size_t) (slot - ctx->envp);
      ctx->envp = g_renew (char *, ctx->envp, n + 2);
      slot = ctx->envp + n;
    }
  else
    ctx->environ_room--;
  slot[0] = entry;
  slot[1] = NULL;
}
