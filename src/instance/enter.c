/* `jail enter`: a process forked from the monitor joins every namespace of
 * the running sandbox and runs a command there, under the very lockdown the
 * sandbox's own command got: sandbox_drop_privileges() with the sandbox's
 * spec (capabilities, no_new_privs, and whatever that function installs
 * later: Landlock, seccomp), and the sandbox's cgroup.
 *
 * Joining from a fresh process with only a name would need ptrace rights
 * over the sandbox's init (undumpable on purpose) and a copy of the spec;
 * the monitor has both.  firejail's --join is the counter-example: a
 * setuid join (CVE-2022-31214) that skipped the seccomp filter (#2718).
 *
 * Three processes, each holding the least its job needs:
 *
 *   server    forked from the monitor, stays in the host's namespaces: it
 *             first closes every descriptor of the monitor's (the tap,
 *             host sockets, the epoll set, the record's lock, other
 *             clients) and turns undumpable, then talks to the client
 *             until the end.  No process of the sandbox can see it.
 *   launcher  its child, still in the host's pid namespace, so invisible
 *             inside too: joins every namespace, takes the full lockdown
 *             (capabilities, no_new_privs, Landlock, seccomp) and only
 *             then forks the command.  setns() into a pid namespace moves
 *             children only: the command is born in the sandbox's pid
 *             namespace already locked, so no process inside ever sees it
 *             (or can ptrace it, with --allow-ptrace) before its lockdown.
 *   command   exec()s the command; undumpable until then.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "instance/instance.h"
#include "instance/control-proto.h"
#include "sandbox/sandbox.h"
#include "common/exit-status.h"
#include "common/sync.h"

/* The server's errors go to the client. */
_Noreturn static void
fail (int conn, int status, const char *step, int err)
{
  g_autofree char *text = g_strdup_printf ("%s: %s", step, g_strerror (err));
  control_send (conn, CONTROL_ERROR, status, text, strlen (text), NULL, 0);
  _exit (status);
}

/* The launcher's go to the server, as the sandbox's own go to the monitor. */
_Noreturn static void
launcher_fail (int err_fd, const char *step, int err)
{
  sync_send_error (err_fd, SYNC_SETUP_ERROR, step, "", err, NULL);
  _exit (JAIL_EXIT_FAILURE);
}

static int
compare_ints (const void *a, const void *b)
{
  return *(const int *) a - *(const int *) b;
}

static void
close_from_to (int from, int to)
{
  if (from > to)
    return;
  if (syscall (SYS_close_range, (unsigned) from, (unsigned) to, 0) == 0)
    return;
  /* Linux < 5.9: one by one, up to the descriptor limit. */
  long max = sysconf (_SC_OPEN_MAX);
  for (long fd = from; fd <= to && fd < (max > 0 ? max : 65536); fd++)
    close ((int) fd);
}

/* Close every descriptor from 3 up but the n in keep. */
static void
close_all_but (const int *keep, gsize n)
{
  int sorted[16];
  g_assert (n <= G_N_ELEMENTS (sorted));
  for (gsize i = 0; i < n; i++)
    sorted[i] = keep[i];
  qsort (sorted, n, sizeof *sorted, compare_ints);
  int next = 3;
  for (gsize i = 0; i < n; i++)
    if (sorted[i] >= next)
      {
        close_from_to (next, sorted[i] - 1);
        next = sorted[i] + 1;
      }
  close_from_to (next, INT_MAX);
}

/* The monitor's standard streams are not ours to keep either: /dev/null
 * in their place, so that no later descriptor takes number 0–2 (the
 * command's dup2() onto them would close it). */
static void
null_stdio (void)
{
  int null = open ("/dev/null", O_RDWR | O_CLOEXEC);
  for (int i = 0; null >= 0 && i < 3; i++)
    if (null != i)
      dup2 (null, i);
  if (null > 2)
    close (null);
}

/* Before anything else: nothing of the monitor's but what joining needs
 * (the connection, the caller's stdio, the pidfd and namespace fds).  A
 * descriptor kept here would outlive its owner's close in the monitor: a
 * host socket closed there stays in the epoll set while we hold it, and
 * epoll then reports the freed connection.  Not dumpable either, and the
 * launcher and the command inherit it (until the command's exec): no
 * ptrace, no /proc/PID/fd or /proc/PID/mem for anyone without
 * CAP_SYS_PTRACE on the host. */
static void
shed_monitor (const JailEnterTarget *t, int conn, const int stdio[3])
{
  int keep[16];
  gsize n = 0;
  keep[n++] = conn;
  for (int i = 0; i < 3; i++)
    keep[n++] = stdio[i];
  keep[n++] = t->pidfd;
  for (gsize i = 0; i < G_N_ELEMENTS (t->ns_fds); i++)
    keep[n++] = t->ns_fds[i];
  close_all_but (keep, n);
  null_stdio ();
  prctl (PR_SET_DUMPABLE, 0, 0, 0, 0);
}

/* The sandbox's cgroup v2 path as its PID 1 sees it from the host. */
static char *
cgroup_of (pid_t pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/cgroup", (int) pid);
  g_autofree char *text = NULL;
  if (!g_file_get_contents (path, &text, NULL, NULL))
    return NULL;
  for (char *line = text; line != NULL && *line != '\0';)
    {
      char *nl = strchr (line, '\n');
      if (nl != NULL)
        *nl = '\0';
      if (g_str_has_prefix (line, "0::"))
        return g_strdup (line + 3);
      line = nl != NULL ? nl + 1 : NULL;
    }
  return NULL;
}

/* Same cgroup as the sandbox: its limits and accounting cover us too. */
static void
join_cgroup (const JailEnterTarget *t, int conn)
{
  g_autofree char *theirs = cgroup_of (t->child);
  g_autofree char *ours = cgroup_of (getpid ());
  if (theirs == NULL || g_strcmp0 (theirs, ours) == 0)
    return;
  g_autofree char *procs = g_build_filename ("/sys/fs/cgroup", theirs, "cgroup.procs", NULL);
  if (!g_file_set_contents (procs, "0", 1, NULL))
    {
      g_clear_pointer (&procs, g_free);
      procs = g_build_filename ("/sys/fs/cgroup/unified", theirs, "cgroup.procs", NULL);
      int fd = open (procs, O_WRONLY | O_CLOEXEC);
      if (fd < 0 || write (fd, "0", 1) != 1)
        fail (conn, JAIL_EXIT_FAILURE, "enter: join the sandbox's cgroup", errno);
      close (fd);
    }
}

static void
join_namespaces (const JailEnterTarget *t, int err_fd)
{
  int all = jail_namespaces_clone_flags (jail_spec_get_namespaces (t->spec));
  /* Linux ≥ 5.8: one call joins them all, atomically and in the right
   * order.  It needs ptrace rights over the sandbox's PID 1, which only
   * holds while that process is dumpable (jail's own init is not); so
   * also the namespace fds the monitor opened right after the clone,
   * joined one by one, user first (EINVAL: kernel < 5.8). */
  if (t->pidfd >= 0 && setns (t->pidfd, all) == 0)
    return;
  if (t->pidfd >= 0 && errno != EINVAL && errno != EPERM)
    launcher_fail (err_fd, "join namespaces (setns pidfd)", errno);
  for (gsize i = 0; i < G_N_ELEMENTS (t->ns_fds); i++)
    {
      if (!(jail_spec_get_namespaces (t->spec) & jail_namespaces[i].ns))
        continue;
      int flag = jail_namespaces[i].clone_flag;
      /* The sandbox made its cgroup namespace after GO, rooted at its
       * leaf, and its init may turn undumpable before the monitor could
       * open it.  We already sit in that leaf (join_cgroup) and hold
       * CAP_SYS_ADMIN in the sandbox's user namespace (joined first): a
       * new cgroup namespace here has the very same root. */
      if (flag == CLONE_NEWCGROUP)
        {
          if (unshare (CLONE_NEWCGROUP) < 0)
            launcher_fail (err_fd, "cgroup namespace (unshare)", errno);
          continue;
        }
      if (t->ns_fds[i] < 0 || setns (t->ns_fds[i], flag) < 0)
        launcher_fail (err_fd, "join namespaces (setns)", t->ns_fds[i] < 0 ? EBADF : errno);
    }
}

static void
enter_directory (const JailSpec *spec, char **envp)
{
  const char *home = g_environ_getenv (envp, "HOME");
  const char *dir = jail_spec_get_chdir (spec);
  if ((dir == NULL || chdir (dir) < 0) && (home == NULL || chdir (home) < 0))
    (void) chdir ("/");
}

/* The command: the caller's stdio, a session of its own, then exec. */
_Noreturn static void
run_command (SandboxCtx *ctx, const int stdio[3])
{
  for (int i = 0; i < 3; i++)
    if (dup2 (stdio[i], i) < 0)
      _exit (JAIL_EXIT_FAILURE);
  /* A session of its own: it is not in the foreground process group of
   * the caller's terminal (that is `jail enter`, which forwards the
   * terminal's signals), and without a controlling terminal it may still
   * read and write the one it was handed; no TIOCSTI into the caller's. */
  if (setsid () < 0)
    _exit (JAIL_EXIT_FAILURE);
  sandbox_exec_command (ctx);
}

/* The launcher: join, lock down, fork the command, tell the server its
 * pid (in the host's pid namespace, which is still ours), and exit with
 * its status.  err_fd carries failures, pid_fd the command's pid. */
_Noreturn static void
launch (const JailEnterTarget *t, char **argv, const int stdio[3], int err_fd, int pid_fd)
{
  /* If the server dies, nothing is left to report to: neither are we. */
  prctl (PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  join_namespaces (t, err_fd);
  /* Joined: the pidfd and namespace fds go, the command never sees them. */
  int keep[] = { err_fd, pid_fd, stdio[0], stdio[1], stdio[2] };
  close_all_but (keep, G_N_ELEMENTS (keep));
  /* No session of its own: run_command's own setsid(). */
  JailSpec *spec = jail_spec_command_view_new (t->spec, argv);
  enter_directory (spec, t->envp);
  SandboxCtx ctx = { .spec = spec, .sync_fd = err_fd, .envp = g_strdupv (t->envp),
                     .argv = jail_spec_exec_argv (spec), .oldroot_fd = -1, .newroot_fd = -1 };
  char cwd[JAIL_PATH_MAX];
  if (getcwd (cwd, sizeof cwd) != NULL)
    ctx.envp = g_environ_setenv (ctx.envp, "PWD", cwd, TRUE);
  /* Exactly the sandbox's end of setup, never a weaker copy of it, and
   * before the fork that makes the command visible inside. */
  sandbox_drop_privileges (&ctx);
  pid_t cmd = fork ();
  if (cmd < 0)
    launcher_fail (err_fd, "fork", errno);
  if (cmd == 0)
    {
      close (pid_fd);
      run_command (&ctx, stdio);
    }
  ssize_t n;
  do
    n = write (pid_fd, &cmd, sizeof cmd);
  while (n < 0 && errno == EINTR);
  close_all_but (NULL, 0);
  int status;
  while (waitpid (cmd, &status, 0) < 0)
    if (errno != EINTR)
      _exit (JAIL_EXIT_FAILURE);
  _exit (jail_exit_code (status));
}

/* Wait for the launcher (which ends with the command); forward the
 * client's signals to the command; if the client goes away, so does it. */
static int
supervise (pid_t launcher, int cmd_fd, int conn)
{
  int status;
  for (;;)
    {
      pid_t r = waitpid (launcher, &status, WNOHANG);
      if (r == launcher)
        return status;
      struct pollfd p = { .fd = conn, .events = POLLIN };
      if (poll (&p, 1, 100) <= 0)
        continue;
      static ControlMsg msg;
      int fds[3];
      int rr = control_recv (conn, &msg, fds, MSG_DONTWAIT);
      for (int i = 0; i < 3; i++)
        if (fds[i] >= 0)
          close (fds[i]);
      if (rr == 0 && msg.type == CONTROL_SIGNAL && msg.value > 0 && msg.value < NSIG)
        syscall (SYS_pidfd_send_signal, cmd_fd, msg.value, NULL, 0);
      else if (rr < 0 && rr != -EAGAIN)
        {
          syscall (SYS_pidfd_send_signal, cmd_fd, SIGKILL, NULL, 0);
          while (waitpid (launcher, &status, 0) < 0 && errno == EINTR)
            ;
          return status;
        }
    }
}

/* How the command ended, or why it never ran, for the client. */
static void
report_end (int conn, int err_fd, int code)
{
  static SyncMsg msg;
  if (sync_recv (err_fd, &msg, MSG_DONTWAIT) == 0
      && (msg.type == SYNC_SETUP_ERROR || msg.type == SYNC_EXEC_ERROR))
    {
      g_autofree char *text = NULL;
      const char *reason = msg.err != 0 ? g_strerror (msg.err) : msg.detail;
      if (msg.type == SYNC_EXEC_ERROR && msg.err == ENOENT)
        text = g_strdup_printf ("%s: command not found", msg.path);
      else if (msg.type == SYNC_EXEC_ERROR)
        text = g_strdup_printf ("exec %s: %s", msg.path, reason);
      else
        text = g_strdup_printf ("enter: %s%s%s: %s", msg.step, msg.path[0] ? " " : "", msg.path,
                                reason);
      control_send (conn, CONTROL_ERROR, code, text, strlen (text), NULL, 0);
    }
  else
    control_send (conn, CONTROL_EXITED, code, NULL, 0, NULL, 0);
}

_Noreturn void
jail_enter_serve (const JailEnterTarget *t, int conn, char **argv, const int stdio[3])
{
  shed_monitor (t, conn, stdio);
  /* Blocking from here on; the monitor's copy was non-blocking. */
  fcntl (conn, F_SETFL, fcntl (conn, F_GETFL) & ~O_NONBLOCK);
  /* The launcher and the command inherit the cgroup: the sandbox's
   * limits and accounting cover them. */
  join_cgroup (t, conn);
  int sv[2], pid_pipe[2];
  if (socketpair (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0
      || pipe2 (pid_pipe, O_CLOEXEC) < 0)
    fail (conn, JAIL_EXIT_FAILURE, "enter: socketpair", errno);
  pid_t launcher = fork ();
  if (launcher < 0)
    fail (conn, JAIL_EXIT_FAILURE, "enter: fork", errno);
  if (launcher == 0)
    {
      close (conn);
      close (sv[0]);
      close (pid_pipe[0]);
      launch (t, argv, stdio, sv[1], pid_pipe[1]);
    }
  /* Only the connection and the error channel from here on. */
  close (pid_pipe[1]);
  int keep[] = { conn, sv[0], pid_pipe[0] };
  close_all_but (keep, G_N_ELEMENTS (keep));

  pid_t cmd = -1;
  ssize_t n;
  do
    n = read (pid_pipe[0], &cmd, sizeof cmd);
  while (n < 0 && errno == EINTR);
  close (pid_pipe[0]);
  int status;
  if (n == (ssize_t) sizeof cmd)
    {
      /* The command is not our child: signal it through a pidfd, never
       * by a pid that could be reused once the launcher reaped it. */
      int cmd_fd = (int) syscall (SYS_pidfd_open, cmd, 0);
      control_send (conn, CONTROL_OK, cmd, NULL, 0, NULL, 0);
      status = supervise (launcher, cmd_fd, conn);
    }
  else
    while (waitpid (launcher, &status, 0) < 0 && errno == EINTR)
      ;
  report_end (conn, sv[0], jail_exit_code (status));
  _exit (0);
}
