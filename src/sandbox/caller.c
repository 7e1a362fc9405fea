/* The sandbox's half of what a calling program hands it (spec-caller.h):
 * the fds that hold the setup back, a pid namespace joined and one nested
 * below it, lock files, a user namespace to switch into and the
 * user-namespace lockdown.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sandbox/sandbox.h"
#include "sandbox/mount-util.h"
#include "common/exit-status.h"
#include "common/signals.h"

/* /proc/<our pid> of the host's procfs, kept across the switch of root so
 * that the user-namespace lockdown can write our own id maps even without
 * a /proc in the sandbox. */
static int proc_self_fd = -1;

/* A gate: the caller lets the sandbox go on by writing to it (or closing it). */
static void
wait_for_data (int fd)
{
  char b;
  ssize_t n;
  do
    n = read (fd, &b, 1);
  while (n < 0 && errno == EINTR);
  close (fd);
}

/* A joined pid namespace and a new one: we were cloned into the joined one
 * (the kernel refuses to create one below it at clone time); create the
 * new one now and fork its PID 1, which goes on with the setup.  This
 * process stays behind as a relay: signals in, exit status out. */
static void
enter_nested_pidns (SandboxCtx *ctx)
{
  if (unshare (CLONE_NEWPID) < 0)
    sandbox_fail (ctx, "unshare pid namespace below --pidns", "", errno);
  pid_t child = fork ();
  if (child < 0)
    sandbox_fail (ctx, "fork", "", errno);
  if (child == 0)
    {
      prctl (PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0); /* cleared by fork */
      return;
    }
  close (ctx->sync_fd);
  sigset_t set;
  jail_forwarded_signals (&set);
  sigaddset (&set, SIGCHLD);
  for (;;)
    {
      siginfo_t info;
      int status;
      if (sigwaitinfo (&set, &info) < 0)
        continue;
      if (info.si_signo != SIGCHLD)
        kill (child, info.si_signo);
      else if (waitpid (child, &status, WNOHANG) == child)
        _exit (jail_exit_code (status));
    }
}

void
sandbox_take_caller_fds (SandboxCtx *ctx)
{
  const JailSpec *spec = ctx->spec;
  /* The status fds are the monitor's to write, not the app's to keep. */
  if (jail_spec_get_fd (spec, JAIL_FD_INFO) >= 0)
    close (jail_spec_get_fd (spec, JAIL_FD_INFO));
  if (jail_spec_get_fd (spec, JAIL_FD_JSON_STATUS) >= 0)
    close (jail_spec_get_fd (spec, JAIL_FD_JSON_STATUS));
  if (jail_spec_get_fd (spec, JAIL_FD_USERNS_BLOCK) >= 0) /* the caller writes our id maps */
    wait_for_data (jail_spec_get_fd (spec, JAIL_FD_USERNS_BLOCK));
  if (jail_spec_get_fd (spec, JAIL_FD_PIDNS) >= 0
      && (jail_spec_get_namespaces (spec) & JAIL_NS_PID))
    enter_nested_pidns (ctx);
}

/* A read lock, as bubblewrap takes it: flatpak tests whether an app is
 * running by trying a write lock on the same file from outside. */
static void
take_lock (SandboxCtx *ctx, const char *path)
{
  char buf[64];
  int pfd = mu_open_in_root (&ctx->mount, ctx->newroot_fd, path, 0);
  int fd = pfd < 0 ? pfd
                   : open (mu_fd_path (&ctx->mount, pfd, buf, sizeof buf), O_RDONLY | O_CLOEXEC);
  if (pfd >= 0)
    close (pfd);
  if (fd < 0)
    sandbox_fail (ctx, "lock-file open", path, pfd < 0 ? -pfd : errno);
  struct flock l = { .l_type = F_RDLCK, .l_whence = SEEK_SET };
  if (fcntl (fd, F_SETLKW, &l) < 0)
    sandbox_fail (ctx, "lock-file lock", path, errno);
  /* Held by the sandbox's init (there is one whenever a lock is taken);
   * only with --as-pid-1 the app itself holds it across the exec. */
  if (jail_spec_get_as_pid_1 (ctx->spec))
    fcntl (fd, F_SETFD, 0);
}

void
sandbox_take_lock_files (SandboxCtx *ctx)
{
  for (guint i = 0; i < jail_spec_get_n_lock_files (ctx->spec); i++)
    take_lock (ctx, jail_spec_get_lock_file (ctx->spec, i));
}

void
sandbox_limit_user_namespaces (SandboxCtx *ctx)
{
  if (!jail_spec_get_disable_userns (ctx->spec))
    return;
  /* Allow exactly one more user namespace in ours: the nested one we enter
   * after setup, from which the limit of ours cannot be raised. */
  int fd = open ("/oldroot/proc/sys/user/max_user_namespaces", O_WRONLY | O_CLOEXEC);
  if (fd < 0 || write (fd, "1", 1) != 1)
    sandbox_fail (ctx, "Disabling use of user namespaces failed", "user.max_user_namespaces",
                  errno);
  close (fd);
  proc_self_fd = open ("/oldroot/proc/self", O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (proc_self_fd < 0)
    sandbox_fail (ctx, "open", "/proc/self", errno);
}

/* The directory /proc/self of ours, from the fd taken before /proc
 * inside was replaced (or where there is none inside). */
static int
open_proc_self (void)
{
  char buf[64];
  snprintf (buf, sizeof buf, "/proc/self/fd/%d", proc_self_fd);
  int dfd = open (buf, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) /* no /proc inside: reach the directory through the fd */
    dfd = openat (proc_self_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  return dfd < 0 ? -errno : dfd;
}

static void
enter_nested_userns (SandboxCtx *ctx)
{
  const char *file;
  uid_t uid = getuid ();
  gid_t gid = getgid ();
  if (unshare (CLONE_NEWUSER) < 0)
    sandbox_fail (ctx, "Creating new user namespace failed", "", errno);
  int dir = open_proc_self ();
  int r = dir < 0 ? dir : sandbox_map_ids (dir, uid, uid, gid, gid, &file);
  if (dir >= 0)
    close (dir);
  if (r < 0)
    sandbox_fail (ctx, "setting up uid map of nested user namespace", "", -r);
  close (proc_self_fd);
  proc_self_fd = -1;
}

static void
assert_userns_disabled (SandboxCtx *ctx)
{
  if (unshare (CLONE_NEWUSER) == 0)
    sandbox_fail (ctx, "creation of new user namespaces was not disabled as requested", "", 0);
  if (errno != ENOSPC && errno != EPERM && errno != EUSERS)
    sandbox_fail (ctx, "checking that user namespaces are disabled", "",
                  errno);
}

void
sandbox_enter_user_namespaces (SandboxCtx *ctx)
{
  int userns2 = jail_spec_get_fd (ctx->spec, JAIL_FD_USERNS2);
  if (userns2 >= 0)
    {
      if (setns (userns2, CLONE_NEWUSER) < 0)
        sandbox_fail (ctx, "Setting userns2 failed", "", errno);
      close (userns2);
    }
  if (jail_spec_get_disable_userns (ctx->spec))
    enter_nested_userns (ctx);
  if (jail_spec_get_assert_userns_disabled (ctx->spec))
    assert_userns_disabled (ctx);
}

bool
sandbox_needs_init (const SandboxCtx *ctx)
{
  const JailSpec *spec = ctx->spec;
  if (jail_spec_get_as_pid_1 (spec))
    return false;
  /* An init also holds the lock files and the sync fd when there is no pid
   * namespace, so that the app never sees them (as bubblewrap's does). */
  return (jail_spec_get_namespaces (spec) & JAIL_NS_PID) || jail_spec_get_n_lock_files (spec) > 0
         || jail_spec_get_fd (spec, JAIL_FD_SYNC) >= 0;
}

/* The spec's init_dumpable: a caller told the init's pid (the info and status
 * fds) reads /proc/PID/root, environ and ns/ of it: `flatpak enter` and
 * flatpak-spawn join a running sandbox that way.  The kernel lets the same
 * user do that only while the process is dumpable, so the init stays so;
 * it holds no capability and no descriptor worth taking, and the TIOCSTI
 * rule (seccomp-fd.c) covers it too. */
bool
sandbox_init_dumpable (const SandboxCtx *ctx)
{
  return jail_spec_get_init_dumpable (ctx->spec);
}

void
sandbox_release_caller_fds (SandboxCtx *ctx)
{
  const JailSpec *spec = ctx->spec;
  if (jail_spec_get_fd (spec, JAIL_FD_BLOCK) >= 0)
    wait_for_data (jail_spec_get_fd (spec, JAIL_FD_BLOCK));
  /* fds that served the setup do not reach the app; the sync fd stays
   * open in the monitor for the sandbox's lifetime. */
  for (guint i = 0; i < jail_spec_get_n_fs (spec); i++)
    {
      const JailFsEntry *e = jail_spec_get_fs (spec, i);
      if (e->fd > 2)
        close (e->fd);
    }
  const JailFdRole used[] = { JAIL_FD_SYNC, JAIL_FD_USERNS, JAIL_FD_PIDNS };
  for (gsize i = 0; i < G_N_ELEMENTS (used); i++)
    if (jail_spec_get_fd (spec, used[i]) > 2)
      close (jail_spec_get_fd (spec, used[i]));
}
