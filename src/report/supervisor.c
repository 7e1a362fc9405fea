/* The syscall supervisor: the process that holds the listener of the
 * sandbox's filter (see src/sandbox/seccomp-notify.c).  For each call a
 * refusing row caught it records the call's name, sends it to the monitor
 * and fails the call with the row's errno.  It never lets a call run.
 *
 * What it reads comes from the sandbox (the notification's syscall number
 * and arguments are the app's choice, and with --learn the app's memory),
 * so it holds nothing else: it is confined as the network engine is
 * (src/common/isolate.c: only its channel, an empty root in namespaces of
 * its own, no capability, no_new_privs, non-dumpable, Landlock unless it
 * reads paths) and, once the listener has arrived, takes a seccomp
 * allowlist of the few calls it makes.
 *
 * It costs nothing while nothing is refused: the monitor keeps the
 * listener and starts the supervisor only when the first notification is
 * pending (the kernel keeps it queued meanwhile, and the app waits in its
 * call).  By then a program linking libjail may have threads of its own,
 * and a fork of a threaded process may only make
 * async-signal-safe calls until it execs: another thread may have held
 * malloc's lock at the fork, and the confinement allocates (libseccomp,
 * GLib).  So the supervisor is a program of its own, jail-supervisor
 * (supervisor-main.c, running supervisor-serve.c), exec'd by
 * jail_supervisor_spawn.  Where that program is not installed (a program
 * linking libjail, run uninstalled), or where the monitor is to join a
 * user or pid namespace given as a descriptor (whose processes would see
 * a supervisor started later), jail_supervisor_start forks the monitor
 * instead, first thing in jail_run, while it is single-threaded and in
 * the host's namespaces.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/helper.h"
#include "common/sync.h"
#include "report/supervisor.h"
#include "sandbox/seccomp.h"

struct JailSupervisor {
  JailHelper helper;
};

/* ---- the monitor's side ---- */

gboolean
jail_supervisor_wanted (const JailSpec *spec)
{
  return jail_spec_reports (spec) && jail_spec_get_seccomp_mode (spec) != JAIL_SECCOMP_OFF;
}

gboolean
jail_supervisor_watches_paths (const JailSpec *spec)
{
  return jail_spec_get_report_paths (spec) && jail_supervisor_wanted (spec);
}

static JailSupervisor *
supervisor_new (const JailHelper *helper)
{
  JailSupervisor *s = g_new0 (JailSupervisor, 1);
  s->helper = *helper;
  return s;
}

/* --learn: the report's path scope (the supervisor sends the monitor
 * only the lookups below it); NULL otherwise. */
static GPtrArray *
path_roots (const JailSpec *spec)
{
  return jail_supervisor_watches_paths (spec) ? jail_report_paths_scope (g_get_home_dir ()) : NULL;
}

typedef struct {
  pid_t monitor;
  const GPtrArray *roots;
} ForkArgs;

static int
fork_child (int channel, void *data)
{
  ForkArgs *args = data;
  jail_supervisor_main (channel, args->monitor, args->roots);
}

gboolean
jail_supervisor_start (const JailSpec *spec, JailSupervisor **ret, GError **error)
{
  *ret = NULL;
  if (!jail_supervisor_wanted (spec))
    return TRUE;
  g_autoptr (GPtrArray) roots = path_roots (spec);
  ForkArgs args = { .monitor = getpid (), .roots = roots };
  JailHelper helper;
  if (!jail_helper_start ("report supervisor", fork_child, &args, &helper, error))
    return FALSE;
  *ret = supervisor_new (&helper);
  return TRUE;
}

gboolean
jail_supervisor_spawn (const JailSpec *spec, int exe_fd, JailSupervisor **ret, GError **error)
{
  char monitor[24];
  snprintf (monitor, sizeof monitor, "%d", (int) getpid ());
  /* Built before the fork: the child may not allocate. */
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (argv, g_strdup (JAIL_SUPERVISOR_PROGRAM));
  g_ptr_array_add (argv, g_strdup (monitor));
  g_autoptr (GPtrArray) roots = path_roots (spec);
  for (guint i = 0; roots != NULL && i < roots->len; i++)
    g_ptr_array_add (argv, g_strdup (g_ptr_array_index (roots, i)));
  g_ptr_array_add (argv, NULL);
  JailHelperProgram program = {
    .exe_fd = exe_fd, .argv = (char *const *) argv->pdata,
    .failed = "jail: report supervisor: cannot execute " JAIL_SUPERVISOR_PROGRAM "\n",
  };
  JailHelper helper;
  *ret = NULL;
  if (!jail_helper_start ("report supervisor", jail_helper_exec_main, &program, &helper, error))
    return FALSE;
  *ret = supervisor_new (&helper);
  return TRUE;
}

pid_t
jail_supervisor_pid (const JailSupervisor *s)
{
  return s->helper.pid;
}

int
jail_supervisor_fd (const JailSupervisor *s)
{
  return s->helper.fd;
}

int
jail_supervisor_give_listener (JailSupervisor *s, int listener)
{
  if (s == NULL)
    return close (listener), -ENOTCONN;
  return jail_helper_give_fd (&s->helper, SYNC_SECCOMP_LISTENER, listener);
}

/* The event as the monitor accepts it: a whole message of a known kind,
 * text ending inside it.  jail_report_add checks the text itself. */
gboolean
jail_supervisor_accept (JailReport *report, JailReportPaths *paths, const void *data, size_t len)
{
  JailSupervisorEvent copy;
  const JailSupervisorEvent *ev = &copy;
  if (len != sizeof copy)
    return FALSE;
  memcpy (&copy, data, sizeof copy);
  if (memchr (ev->what, '\0', sizeof ev->what) == NULL)
    return FALSE;
  if (ev->kind == JAIL_REFUSAL_PATH)
    return paths != NULL && jail_report_paths_observe (paths, report, ev->pid, ev->what);
  if (ev->kind != JAIL_REFUSAL_SYSCALL)
    return FALSE;
  return jail_report_add (report, JAIL_REFUSAL_SYSCALL, ev->what,
                          jail_seccomp_refusal_grant (ev->what), NULL);
}

gboolean
jail_supervisor_collect (JailSupervisor *s, JailReport *report, JailReportPaths *paths)
{
  JailSupervisorEvent ev;
  for (;;)
    {
      ssize_t n = recv (s->helper.fd, &ev, sizeof ev, MSG_DONTWAIT);
      if (n > 0)
        jail_supervisor_accept (report, paths, &ev, (size_t) n);
      else if (n < 0 && errno == EINTR)
        continue;
      else
        return n < 0 && errno == EAGAIN;
    }
}

void
jail_supervisor_stop (JailSupervisor *s, JailReport *report, JailReportPaths *paths)
{
  if (s == NULL)
    return;
  if (report != NULL)
    jail_supervisor_collect (s, report, paths);
  close (s->helper.fd);
  /* The sandbox has ended, its last records are collected: nothing is
   * left for it to do, and waiting for it to notice costs the run time. */
  jail_helper_stop (&s->helper, 0);
  g_free (s);
}
