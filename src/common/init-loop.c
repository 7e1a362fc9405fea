/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/exit-status.h"
#include "common/init-loop.h"
#include "common/signals.h"

/* Reap every child that has exited; true once the app has. */
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

/* Tell the monitor how the app ended, and wait for its answer. */
static void
report_end (int status_fd, int code)
{
  /* Whether any other process is left in our pid namespace: not only our
   * children, but one `jail enter` started (its parent is outside) and
   * any in a pid namespace below ours.  kill(-1, 0) checks every process
   * we could signal, which inside the namespace is every one but us, and
   * fails with ESRCH only when there is none (kernel/signal.c,
   * kill_something_info). */
  unsigned char msg[JAIL_INIT_STATUS_SIZE] = { (unsigned char) code, kill (-1, 0) == 0 };
  char answer;
  /* One read: every signal that could interrupt it is blocked here, and
   * the monitor's end (or its death) ends it. */
  if (status_fd >= 0 && write (status_fd, msg, sizeof msg) == (ssize_t) sizeof msg)
    (void) !read (status_fd, &answer, 1);
}

_Noreturn void
jail_init_loop (pid_t app, int ready_fd, int status_fd, bool new_session, bool dumpable)
{
  prctl (PR_SET_DUMPABLE, dumpable ? 1 : 0, 0, 0, 0);
  if (ready_fd >= 0)
    {
      if (write (ready_fd, "", 1) != 1)
        _exit (125);
      close (ready_fd);
    }

  sigset_t wait_set;
  jail_forwarded_signals (&wait_set);
  sigaddset (&wait_set, SIGCHLD);
  sigprocmask (SIG_BLOCK, &wait_set, NULL);
  for (;;)
    {
      siginfo_t info;
      int status = 0;
      if (sigwaitinfo (&wait_set, &info) < 0)
        continue;
      if (info.si_signo == SIGCHLD)
        {
          if (reap_children (app, &status))
            {
              report_end (status_fd, jail_exit_code (status));
              _exit (jail_exit_code (status));
            }
        }
      else if (jail_signal_is_forwardable (&info, new_session))
        kill (app, info.si_signo);
    }
}
