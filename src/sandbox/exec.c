/* The last steps: exec the command, directly or under a small init.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <alloca.h>
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <link.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sandbox/sandbox.h"
#include "common/helper.h"
#include "common/init-loop.h"
#include "common/signals.h"
#include "common/sync.h"

#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U /* Linux 6.3 */
#endif
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

/* A file without a #! line (ENOEXEC), run by the shell, as execvp does. */
static void
exec_as_script (const char *path, char *const argv[], char *const envp[])
{
  size_t argc = 0;
  while (argv[argc] != NULL)
    argc++;
  /* On the stack: the child allocates nothing (monitor/spawn.c). */
  char **sh_argv = alloca ((argc + 2) * sizeof *sh_argv);
  sh_argv[0] = (char *) "/bin/sh";
  sh_argv[1] = (char *) path;
  for (size_t i = 1; i <= argc; i++)
    sh_argv[i + 1] = argv[i];
  execve ("/bin/sh", sh_argv, envp);
}

static void
exec_file (const char *path, char *const argv[], char *const envp[])
{
  execve (path, argv, envp);
  if (errno == ENOEXEC)
    {
      exec_as_script (path, argv, envp);
      errno = ENOEXEC;
    }
}

/* execvp's search (and its errors), in the sandbox's PATH, so that the
 * command is looked up as the app would see it.  execvp searches the
 * PATH of `environ`, which the child may not set: it runs in the
 * monitor's memory (monitor/spawn.c).  Returns only on failure. */
static void
exec_in_path (const char *file, char *const argv[], char *const envp[])
{
  if (file[0] == '\0')
    {
      errno = ENOENT;
      return;
    }
  if (strchr (file, '/') != NULL)
    {
      exec_file (file, argv, envp);
      return;
    }
  const char *path = g_environ_getenv ((char **) envp, "PATH");
  if (path == NULL)
    path = "/bin:/usr/bin"; /* glibc's default */
  size_t file_len = strlen (file);
  bool denied = false;
  errno = ENOENT; /* where no element is short enough to try */
  for (const char *dir = path;; dir++)
    {
      const char *end = strchrnul (dir, ':');
      size_t dir_len = (size_t) (end - dir);
      char full[JAIL_PATH_MAX];
      if (dir_len + 1 + file_len < sizeof full)
        {
          /* An empty element is the working directory, as for execvp. */
          memcpy (full, dir, dir_len);
          full[dir_len] = '/';
          memcpy (full + dir_len + 1, file, file_len + 1);
          exec_file (dir_len == 0 ? file : full, argv, envp);
          if (errno == EACCES)
            denied = true;
          else if (errno != ENOENT && errno != ENOTDIR && errno != ESTALE && errno != ENODEV
                   && errno != ETIMEDOUT)
            return;
        }
      dir = end;
      if (*end == '\0')
        break;
    }
  if (denied)
    errno = EACCES;
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

  const char *file = jail_spec_get_command (spec)[0];
  sandbox_apply_seccomp_fds (ctx); /* the caller's programs: the very last step */
  exec_in_path (file, ctx->argv, ctx->envp);

  int err = errno;
  sync_send_error (ctx->sync_fd, SYNC_EXEC_ERROR, "exec", file, err, NULL);
  _exit (err == ENOENT ? JAIL_EXIT_NOT_FOUND : JAIL_EXIT_CANNOT_EXECUTE);
}

/* How much of the ELF program open as `fd` an exec loads: its headers
 * and segments, without the debug sections and symbols after them (three
 * quarters of jail-init's file); 0 if it is no ELF program of ours. */
static off_t
loaded_size (int fd)
{
  ElfW (Ehdr) eh;
  if (pread (fd, &eh, sizeof eh, 0) != (ssize_t) sizeof eh || memcmp (eh.e_ident, ELFMAG, SELFMAG) != 0
      || eh.e_phentsize != sizeof (ElfW (Phdr)) || eh.e_phnum == 0 || eh.e_phnum > 64)
    return 0;
  ElfW (Phdr) ph[64];
  size_t len = eh.e_phnum * sizeof ph[0];
  if (pread (fd, ph, len, (off_t) eh.e_phoff) != (ssize_t) len)
    return 0;
  off_t end = (off_t) (eh.e_phoff + len);
  for (size_t i = 0; i < eh.e_phnum; i++)
    if ((ph[i].p_type == PT_LOAD || ph[i].p_type == PT_INTERP)
        && (off_t) (ph[i].p_offset + ph[i].p_filesz) > end)
      end = (off_t) (ph[i].p_offset + ph[i].p_filesz);
  return end;
}

/* A sealed copy of what an exec loads of the program open as `fd`, in
 * memory, that only its owner may execute and nobody may read; -1 where
 * it cannot be made. */
static int
unreadable_copy (int fd)
{
  char path[64];
  snprintf (path, sizeof path, "/proc/self/fd/%d", fd);
  int in = open (path, O_RDONLY | O_CLOEXEC);
  struct stat st;
  off_t size = 0;
  if (in < 0 || fstat (in, &st) < 0 || (size = loaded_size (in)) == 0 || size > st.st_size)
    {
      if (in >= 0)
        close (in);
      return -1;
    }
  /* MFD_EXEC where vm.memfd_noexec makes memory files non-executable by
   * default (Linux 6.3); older kernels refuse the flag and need none. */
  int copy = memfd_create ("jail-init", MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_EXEC);
  if (copy < 0 && errno == EINVAL)
    copy = memfd_create ("jail-init", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  off_t done = 0;
  while (copy >= 0 && done < size)
    if (sendfile (copy, in, &done, (size_t) (size - done)) <= 0)
      break;
  close (in);
  if (copy >= 0
      && (done != size || fchmod (copy, S_IXUSR) < 0
          || fcntl (copy, F_ADD_SEALS, F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE) < 0))
    {
      close (copy);
      copy = -1;
    }
  return copy;
}

/* Whether jail-init's file, open as `fd`, is one the sandbox may exec as
 * it is and stay non-dumpable: a file of another owner (root's, installed
 * with mode 0711) that we may not read even with the capabilities we hold
 * now (they reach no file whose owner has no uid in our namespace).  No
 * process of the sandbox runs with its owner's uid, so none may make it
 * readable before PID 1's exec; a file of ours could be (chmod), and is
 * copied.  With --cap-add, always copied: a kept CAP_FOWNER would do. */
static bool
unreadable_as_it_is (const SandboxCtx *ctx, int fd)
{
  struct stat st;
  return jail_spec_get_kept_capabilities (ctx->spec) == 0 && fstat (fd, &st) == 0
         && st.st_uid != geteuid () && faccessat (fd, "", R_OK, AT_EACCESS | AT_EMPTY_PATH) < 0
         && errno == EACCES;
}

/* jail-init (src/init/), opened now, while the host's files are still in
 * view; a program linking libjail gets the installed one.  A PID 1 that
 * is to stay non-dumpable execs a file it may not read: the kernel leaves
 * a process that execs a file it may not read non-dumpable from its first
 * instruction (fs/exec.c, would_dump), so there is no moment in which the
 * app, which runs with our uid, could trace the new PID 1 or read its
 * memory, and the app need not wait for it (sandbox_run_init).  That is
 * the installed file where we may not read it (meson installs it so), or
 * else a copy nobody may read, made for this sandbox.  -1 where jail-init
 * is not installed or not copied: PID 1 then stays the init itself. */
int
sandbox_open_init (const SandboxCtx *ctx)
{
  int fd = jail_helper_open_program ("jail-init");
  if (fd < 0 || sandbox_init_dumpable (ctx) || unreadable_as_it_is (ctx, fd))
    return fd;
  int copy = unreadable_copy (fd);
  close (fd);
  return copy;
}

/* Whatever PID 1 holds now it goes on holding as jail-init: the caller's
 * lock files (flatpak tests a running app by them) and its sync fd, whose
 * end tells the caller the sandbox is gone.  Read with getdents64 into a
 * buffer of ours: opendir's would be the first malloc of PID 1 since the
 * fork (environ.c says what that costs). */
static bool
keep_fds_across_exec (const SandboxCtx *ctx)
{
  int dir = open ("/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0)
    return false;
  char buf[2048] __attribute__ ((aligned (8)));
  long n;
  while ((n = syscall (SYS_getdents64, dir, buf, sizeof buf)) > 0)
    for (long at = 0; at < n;)
      {
        const struct dirent64 *e = (const void *) (buf + at);
        int fd = atoi (e->d_name);
        if (fd > 2 && fd != dir && fd != ctx->init_fd)
          fcntl (fd, F_SETFD, 0);
        at += e->d_reclen;
      }
  close (dir);
  return n == 0;
}

/* The effective capabilities go before the exec (--cap-add may have kept
 * some): CAP_DAC_OVERRIDE or CAP_DAC_READ_SEARCH would let us read
 * jail-init's copy, and the exec would then leave it dumpable.  The
 * ambient set, which jail-init gets, is kept. */
static bool
clear_effective_capabilities (const SandboxCtx *ctx)
{
  if (jail_spec_get_kept_capabilities (ctx->spec) == 0 || sandbox_init_dumpable (ctx))
    return true; /* none is left (sandbox_drop_capabilities), or no copy */
  return sandbox_clear_effective_capabilities ();
}

/* Become jail-init; returns only if that cannot be done (no jail-init
 * installed, no /proc inside), and then we stay the init ourselves.
 * `ready_fd`: jail-init's word to an app that waits for it, or -1. */
static void
exec_small_init (const SandboxCtx *ctx, pid_t app, int ready_fd)
{
  if (ctx->init_fd < 0 || !keep_fds_across_exec (ctx) || !clear_effective_capabilities (ctx))
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

/* The app: its filters, then its exec.  `ready`: the pipe on which it
 * waits until PID 1 is jail-init, or NULL for an app started by vfork,
 * which runs in PID 1's memory until its exec: that memory is made
 * non-dumpable first, so that the command, with PID 1's uid, may neither
 * trace PID 1 nor read its memory while PID 1 is not yet jail-init.
 * First, before the filters: a --seccomp-deny rule could refuse it after
 * them.  The command's own memory, after the exec, is dumpable as usual. */
static _Noreturn void
run_app (SandboxCtx *ctx, int ready[2])
{
  if (ctx->init_status_fd >= 0)
    close (ctx->init_status_fd); /* PID 1's alone */
  if (ready == NULL && prctl (PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
    sandbox_fail (ctx, "set non-dumpable", "", errno);
  sandbox_install_filters (ctx);
  if (ready != NULL)
    {
      char c;
      close (ready[1]);
      while (read (ready[0], &c, 1) < 0 && errno == EINTR)
        ;
      close (ready[0]);
    }
  sandbox_finish_and_exec (ctx);
}

/* A PID 1 that stays dumpable (a caller told its pid reads /proc/PID of
 * it at any moment, as `flatpak enter` does): the app is forked, and
 * waits until PID 1 is jail-init before its exec, so that it never meets
 * the jail process PID 1 was, which holds the sync fd (the monitor takes
 * descriptors from it). */
static _Noreturn void
run_dumpable_init (SandboxCtx *ctx)
{
  int ready[2];
  if (pipe2 (ready, O_CLOEXEC) < 0)
    sandbox_fail (ctx, "create pipe for init", "", errno);
  pid_t app = fork ();
  if (app < 0)
    sandbox_fail (ctx, "fork", "", errno);
  if (app == 0)
    run_app (ctx, ready);
  close (ctx->sync_fd);
  close (ready[0]);
  exec_small_init (ctx, app, ready[1]);
  jail_init_loop (app, ready[1], ctx->init_status_fd, jail_spec_get_new_session (ctx->spec), true);
}

/* The test hook: JAIL_TEST_INIT=slow-exec holds PID 1 for 300 ms as soon
 * as the app has exec'd, as a busy machine may, so that the tests can try
 * to trace or read it in that moment (escape/attacks.sh).  Read from the
 * environment of jail on the host, which nothing inside a sandbox can
 * set; it loosens nothing. */
static bool
slow_exec_hook (void)
{
  const char *hook = getenv ("JAIL_TEST_INIT");
  return hook != NULL && strstr (hook, "slow-exec") != NULL;
}

/* The app, in a vfork child: its filters are installed in our memory
 * (the monitor's, monitor/spawn.c) while we wait, up to its exec (or
 * _exit).  A fork would copy our page tables, and the app would fault in
 * again every page of ours it touches: on a machine with costly page
 * faults that was a tenth of a start (tests/bench/README.md).  The app
 * changes nothing of ours (its descriptors and signal mask are its own)
 * but the memory's dumpability, which it turns off (run_app); it never
 * returns here: this function holds nothing across the vfork but the
 * pid. */
static pid_t
start_app (SandboxCtx *ctx)
{
  pid_t app = vfork ();
  if (app == 0)
    run_app (ctx, NULL);
  return app;
}

/* PID 1 of the sandbox: start the app, then become the small jail-init
 * (src/init/init.c), or, where it is not installed, do its job here. */
_Noreturn void
sandbox_run_init (SandboxCtx *ctx)
{
  if (sandbox_init_dumpable (ctx))
    run_dumpable_init (ctx);
  bool slow_exec = slow_exec_hook ();
  pid_t app = start_app (ctx);
  if (app < 0)
    sandbox_fail (ctx, "fork", "", errno);
  if (slow_exec)
    g_usleep (300 * 1000);
  /* Non-dumpable already (run_app), until jail-init takes over, which is
   * so from its first instruction. */
  close (ctx->sync_fd);
  exec_small_init (ctx, app, -1);
  jail_init_loop (app, -1, ctx->init_status_fd, jail_spec_get_new_session (ctx->spec), false);
}
