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
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "instance/instance.h"
#include "instance/control-proto.h"
#include "sandbox/sandbox.h"
#include "common/sync.h"

int jail_instance_ns_flag (gsize i, const JailSpec *spec);

_Noreturn static void
fail (int conn, int status, const char *step, int err)
{
  g_autofree char *text = g_strdup_printf ("%s: %s", step, g_strerror (err));
  control_send (conn, CONTROL_ERROR, status, text, strlen (text), NULL, 0);
  _exit (status);
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
join_namespaces (const JailEnterTarget *t, int conn)
{
  int all = 0;
  for (gsize i = 0; i < G_N_ELEMENTS (t->ns_fds); i++)
    all |= jail_instance_ns_flag (i, t->spec);
  /* Linux ≥ 5.8: one call joins them all, atomically and in the right
   * order.  It needs ptrace rights over the sandbox's PID 1, which only
   * holds while that process is dumpable (jail's own init is not); so
   * also the namespace fds the monitor opened right after the clone,
   * joined one by one, user first (EINVAL: kernel < 5.8). */
  if (t->pidfd >= 0 && setns (t->pidfd, all) == 0)
    return;
  if (t->pidfd >= 0 && errno != EINVAL && errno != EPERM)
    fail (conn, JAIL_EXIT_FAILURE, "enter: join namespaces (setns pidfd)", errno);
  for (gsize i = 0; i < G_N_ELEMENTS (t->ns_fds); i++)
    {
      int flag = jail_instance_ns_flag (i, t->spec);
      if (flag == 0)
        continue;
      /* The sandbox made its cgroup namespace after GO, rooted at its
       * leaf, and its init may turn undumpable before the monitor could
       * open it.  We already sit in that leaf (join_cgroup) and hold
       * CAP_SYS_ADMIN in the sandbox's user namespace (joined first): a
       * new cgroup namespace here has the very same root. */
      if (flag == CLONE_NEWCGROUP)
        {
          if (unshare (CLONE_NEWCGROUP) < 0)
            fail (conn, JAIL_EXIT_FAILURE, "enter: cgroup namespace (unshare)", errno);
          continue;
        }
      if (t->ns_fds[i] < 0 || setns (t->ns_fds[i], flag) < 0)
        fail (conn, JAIL_EXIT_FAILURE, "enter: join namespaces (setns)", t->ns_fds[i] < 0 ? EBADF : errno);
    }
}

static void
enter_directory (const JailSpec *spec, char **envp)
{
  const char *home = g_environ_getenv (envp, "HOME");
  if ((spec->chdir == NULL || chdir (spec->chdir) < 0) && (home == NULL || chdir (home) < 0))
    (void) chdir ("/");
}

/* The process that becomes the command, inside the sandbox. */
_Noreturn static void
run_command (const JailEnterTarget *t, char **argv, const int stdio[3], int err_fd)
{
  JailSpec spec = *t->spec;
  g_autoptr (GArray) no_fds = g_array_new (FALSE, FALSE, sizeof (int));
  spec.argv = argv;
  spec.argv0 = NULL;
  spec.keep_all_fds = FALSE;
  spec.keep_fds = no_fds;
  for (int i = 0; i < 3; i++)
    if (dup2 (stdio[i], i) < 0)
      _exit (JAIL_EXIT_FAILURE);
  /* A session of its own: it is not in the foreground process group of
   * the caller's terminal (that is `jail enter`, which forwards the
   * terminal's signals), and without a controlling terminal it may still
   * read and write the one it was handed; no TIOCSTI into the caller's. */
  if (setsid () < 0)
    _exit (JAIL_EXIT_FAILURE);
  spec.new_session = FALSE;
  enter_directory (&spec, t->envp);
  SandboxCtx ctx = { .spec = &spec, .sync_fd = err_fd, .envp = g_strdupv (t->envp),
                     .oldroot_fd = -1, .newroot_fd = -1 };
  char cwd[JAIL_PATH_MAX];
  if (getcwd (cwd, sizeof cwd) != NULL)
    ctx.envp = g_environ_setenv (ctx.envp, "PWD", cwd, TRUE);
  /* Exactly the sandbox's end of setup, never a weaker copy of it. */
  sandbox_drop_privileges (&ctx);
  sandbox_exec_command (&ctx);
}

static int
status_code (int status)
{
  if (WIFEXITED (status))
    return WEXITSTATUS (status);
  if (WIFSIGNALED (status))
    return 128 + WTERMSIG (status);
  return JAIL_EXIT_FAILURE;
}

/* Wait for the command; forward the client's signals; if the client goes
 * away, so does the command. */
static int
supervise (pid_t cmd, int conn)
{
  int status;
  for (;;)
    {
      pid_t r = waitpid (cmd, &status, WNOHANG);
      if (r == cmd)
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
        kill (cmd, msg.value);
      else if (rr < 0 && rr != -EAGAIN)
        {
          kill (cmd, SIGKILL);
          while (waitpid (cmd, &status, 0) < 0 && errno == EINTR)
            ;
          return status;
        }
    }
}

_Noreturn void
jail_enter_serve (const JailEnterTarget *t, int conn, char **argv, const int stdio[3])
{
  int sv[2];
  /* Blocking from here on; the monitor's copy was non-blocking. */
  fcntl (conn, F_SETFL, fcntl (conn, F_GETFL) & ~O_NONBLOCK);
  join_cgroup (t, conn);
  join_namespaces (t, conn);
  if (socketpair (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
    fail (conn, JAIL_EXIT_FAILURE, "enter: socketpair", errno);
  /* A new pid namespace applies to children only: the command is one. */
  pid_t cmd = fork ();
  if (cmd < 0)
    fail (conn, JAIL_EXIT_FAILURE, "enter: fork", errno);
  if (cmd == 0)
    {
      close (sv[0]);
      close (conn);
      run_command (t, argv, stdio, sv[1]);
    }
  close (sv[1]);
  for (int i = 0; i < 3; i++)
    close (stdio[i]);
  control_send (conn, CONTROL_OK, cmd, NULL, 0, NULL, 0);
  int code = status_code (supervise (cmd, conn));

  static SyncMsg msg;
  if (sync_recv (sv[0], &msg, MSG_DONTWAIT) == 0
      && (msg.type == SYNC_SETUP_ERROR || msg.type == SYNC_EXEC_ERROR))
    {
      g_autofree char *text = NULL;
      const char *reason = msg.err != 0 ? g_strerror (msg.err) : msg.detail;
      if (msg.type == SYNC_EXEC_ERROR && msg.err == ENOENT)
        text = g_strdup_printf ("%s: command not found", msg.path);
      else if (msg.type == SYNC_EXEC_ERROR)
        text = g_strdup_printf ("exec %s: %s", msg.path, reason);
      else
        text = g_strdup_printf ("enter: %s %s: %s", msg.step, msg.path, reason);
      control_send (conn, CONTROL_ERROR, code, text, strlen (text), NULL, 0);
    }
  else
    control_send (conn, CONTROL_EXITED, code, NULL, 0, NULL, 0);
  _exit (0);
}
