/* jail-supervisor: the denial report's supervisor as a program of its
 * own, exec'd by the monitor when the sandbox's filter first has a call
 * to report (supervisor.c says why a program and not a fork).
 *
 * Usage (internal): jail-supervisor MONITOR-PID [ROOT...], with the
 * channel to the monitor at descriptor 3; the ROOTs (--learn) are the
 * report's path scope, whose lookups it sends the monitor.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/supervisor.h"
#include "sandbox/sandbox.h"

/* The filter's tables (src/sandbox/seccomp.c) come with the sandbox's
 * setup code, whose failure path this program never takes.  Defined
 * here, it keeps the linker from pulling in the rest of the sandbox's
 * setup and the libraries that needs (GIO): each library
 * mapped costs this process its relocated pages. */
_Noreturn void
sandbox_fail (const SandboxCtx *ctx, const char *step, const char *path, int err)
{
  (void) ctx, (void) path, (void) err;
  fprintf (stderr, "jail-supervisor: %s: unexpected\n", step);
  _exit (JAIL_EXIT_FAILURE);
}

int
main (int argc, char **argv)
{
  if (argc < 2)
    {
      fprintf (stderr, "%s: internal to jail, not to be run by hand\n", argv[0]);
      return JAIL_EXIT_FAILURE;
    }
  pid_t monitor = (pid_t) strtol (argv[1], NULL, 10);
  GPtrArray *roots = NULL;
  if (argc > 2)
    {
      roots = g_ptr_array_new ();
      for (int i = 2; i < argc; i++)
        g_ptr_array_add (roots, argv[i]);
    }
  jail_supervisor_main (3, monitor, roots);
}
