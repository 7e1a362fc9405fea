/* The last steps: exec the command, directly or under a small init.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sandbox/sandbox.h"
#include "common/signals.h"
#include "common/sync.h"

extern char **environ;

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

/* Descriptors the caller leaked to us (a terminal's, a session's) must not
 * reach the app: an open directory fd is a way out of any mount namespace. */
static void
close_inherited_fds (const JailSpec *spec)
{
  if (spec->keep_all_fds)
    return;
  if (syscall (SYS_close_range, 3, ~0U, CLOSE_RANGE_CLOEXEC) < 0)
    {
      struct rlimit rl;
      int max = getrlimit (RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < 65536 ? (int) rl.rlim_cur : 65536;
      for (int fd = 3; fd < max; fd++)
        fcntl (fd, F_SETFD, FD_CLOEXEC);
    }
  for (guint i = 0; i < spec->keep_fds->len; i++)
    fcntl (g_array_index (spec->keep_fds, int, i), F_SETFD, 0);
}

_Noreturn void
sandbox_exec_command (SandboxCtx *ctx)
{
  const JailSpec *spec = ctx->spec;
  sigset_t none;

  sigemptyset (&none);
  sigprocmask (SIG_SETMASK, &none, NULL);
  if (spec->new_session && setsid () < 0)
    sandbox_fail (ctx, "setsid", "", errno);
  close_inherited_fds (spec);

  /* execvp() searches the PATH of the current environment: make it the
   * sandbox's, so the command is looked up as the app would see it. */
  environ = ctx->envp;
  const char *file = spec->argv[0];
  if (spec->argv0 != NULL)
    spec->argv[0] = spec->argv0;
  sandbox_apply_seccomp_fds (ctx); /* --seccomp, --add-seccomp-fd: the very last step */
  execvp (file, spec->argv);

  int err = errno;
  sync_send_error (ctx->sync_fd, SYNC_EXEC_ERROR, "exec", file, err, NULL);
  _exit (err == ENOENT ? JAIL_EXIT_NOT_FOUND : JAIL_EXIT_CANNOT_EXECUTE);
}

static int
status_to_exit_code (int status)
{
  if (WIFEXITED (status))
    return WEXITSTATUS (status);
  if (WIFSIGNALED (status))
    return 128 + WTERMSIG (status);
  return JAIL_EXIT_FAILURE;
}

/* Reap every child that has exited; return the app's status once it has. */
static bool
reap_children (pid_t app, int *ret_status)
{
  bool app_done = false;
  int status;
  pid_t pid;
  while ((pid = waitpid (-1, &status, WNOHANG)) > 0)
    if (pid == app)
      {
        *ret_status = status;
        app_done = true;
      }
  return app_done;
}

/* PID 1 of the sandbox: forwards signals to the app, reaps every orphan,
 * and exits with the app's status.  When it exits, the kernel kills the
 * rest of the PID namespace.  An app that is PID 1 itself would ignore
 * SIGTERM and SIGINT unless it installs handlers: that is why this exists. */
_Noreturn void
sandbox_run_init (SandboxCtx *ctx)
{
  sigset_t wait_set;
  jail_forwarded_signals (&wait_set);
  sigaddset (&wait_set, SIGCHLD);

  pid_t app = fork ();
  if (app < 0)
    sandbox_fail (ctx, "fork", "", errno);
  if (app == 0)
    sandbox_exec_command (ctx);

  close (ctx->sync_fd);
  /* The app runs with our uid: undumpable, we cannot be ptraced by it. */
  if (!sandbox_bwrap_init_dumpable (ctx))
    prctl (PR_SET_DUMPABLE, 0, 0, 0, 0);

  for (;;)
    {
      siginfo_t info;
      int status;
      if (sigwaitinfo (&wait_set, &info) < 0)
        continue;
      if (info.si_signo == SIGCHLD)
        {
          if (reap_children (app, &status))
            _exit (status_to_exit_code (status));
        }
      else if (jail_signal_is_forwardable (&info, ctx->spec->new_session))
        kill (app, info.si_signo);
    }
}
