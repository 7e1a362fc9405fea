/* The last steps: exec the command, directly or under a small init.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sandbox/sandbox.h"
#include "common/helper.h"
#include "common/init-loop.h"
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
  if (jail_spec_get_keep_all_fds (spec))
    return;
  if (syscall (SYS_close_range, 3, ~0U, CLOSE_RANGE_CLOEXEC) < 0)
    {
      struct rlimit rl;
      int max = getrlimit (RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < 65536 ? (int) rl.rlim_cur : 65536;
      for (int fd = 3; fd < max; fd++)
        fcntl (fd, F_SETFD, FD_CLOEXEC);
    }
  guint n_keep;
  const int *keep = jail_spec_get_keep_fds (spec, &n_keep);
  for (guint i = 0; i < n_keep; i++)
    fcntl (keep[i], F_SETFD, 0);
}

_Noreturn void
sandbox_exec_command (SandboxCtx *ctx)
{
  const JailSpec *spec = ctx->spec;
  sigset_t none;

  sigemptyset (&none);
  sigprocmask (SIG_SETMASK, &none, NULL);
  if (jail_spec_get_new_session (spec) && setsid () < 0)
    sandbox_fail (ctx, "setsid", "", errno);
  close_inherited_fds (spec);

  /* execvp() searches the PATH of the current environment: make it the
   * sandbox's, so the command is looked up as the app would see it. */
  environ = ctx->envp;
  const char *file = jail_spec_get_command (spec)[0];
  char *const *argv = jail_spec_exec_argv (spec);
  sandbox_apply_seccomp_fds (ctx); /* the caller's programs: the very last step */
  execvp (file, argv);

  int err = errno;
  sync_send_error (ctx->sync_fd, SYNC_EXEC_ERROR, "exec", file, err, NULL);
  _exit (err == ENOENT ? JAIL_EXIT_NOT_FOUND : JAIL_EXIT_CANNOT_EXECUTE);
}

/* jail-init (src/init/), opened now, while the host's files are still in
 * view.  A program linking libjail gets the installed one. */
int
sandbox_open_init (void)
{
  return jail_helper_open_program ("jail-init");
}

/* Whatever PID 1 holds now it goes on holding as jail-init: the caller's
 * lock files (flatpak tests a running app by them) and its sync fd, whose
 * end tells the caller the sandbox is gone. */
static bool
keep_fds_across_exec (const SandboxCtx *ctx)
{
  DIR *d = opendir ("/proc/self/fd");
  if (d == NULL)
    return false;
  struct dirent *e;
  while ((e = readdir (d)) != NULL)
    {
      int fd = atoi (e->d_name);
      if (fd > 2 && fd != dirfd (d) && fd != ctx->init_fd)
        fcntl (fd, F_SETFD, 0);
    }
  closedir (d);
  return true;
}

/* Become jail-init; returns only if that cannot be done (no jail-init
 * installed, no /proc inside), and then we stay the init ourselves. */
static void
exec_small_init (const SandboxCtx *ctx, pid_t app, int ready_fd)
{
  if (ctx->init_fd < 0 || !keep_fds_across_exec (ctx))
    return;
  char app_arg[24], fd_arg[24], status_arg[24];
  snprintf (app_arg, sizeof app_arg, "%d", (int) app);
  snprintf (fd_arg, sizeof fd_arg, "%d", ready_fd);
  snprintf (status_arg, sizeof status_arg, "%d", ctx->init_status_fd);
  char *argv[] = { (char *) "jail-init", app_arg, fd_arg, status_arg,
                   (char *) (jail_spec_get_new_session (ctx->spec) ? "1" : "0"),
                   (char *) (sandbox_init_dumpable (ctx) ? "1" : "0"), NULL };
  char *envp[] = { NULL };
  syscall (SYS_execveat, ctx->init_fd, "", argv, envp, AT_EMPTY_PATH);
}

/* The app waits until PID 1 is non-dumpable (where it is to be): with the
 * same uid it could otherwise attach to it or read its memory in that
 * moment. */
static void
wait_for_init (int ready[2])
{
  char c;
  close (ready[1]);
  while (read (ready[0], &c, 1) < 0 && errno == EINTR)
    ;
  close (ready[0]);
}

/* PID 1 of the sandbox: fork the app, then become the small jail-init
 * (src/init/init.c), or, where it is not installed, do its job here. */
_Noreturn void
sandbox_run_init (SandboxCtx *ctx)
{
  int ready[2];
  if (pipe2 (ready, O_CLOEXEC) < 0)
    sandbox_fail (ctx, "create pipe for init", "", errno);
  pid_t app = fork ();
  if (app < 0)
    sandbox_fail (ctx, "fork", "", errno);
  if (app == 0)
    {
      /* The filters while PID 1 becomes jail-init: neither needs the
       * other, and nothing of the app's runs before its exec, which comes
       * after the wait. */
      if (ctx->init_status_fd >= 0)
        close (ctx->init_status_fd); /* PID 1's alone */
      sandbox_install_filters (ctx);
      wait_for_init (ready);
      sandbox_finish_and_exec (ctx);
    }

  close (ctx->sync_fd);
  close (ready[0]);
  exec_small_init (ctx, app, ready[1]);
  jail_init_loop (app, ready[1], ctx->init_status_fd, jail_spec_get_new_session (ctx->spec),
                  sandbox_init_dumpable (ctx));
}
