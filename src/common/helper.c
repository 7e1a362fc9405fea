/* Starting a helper process (the network engine, the denial report's
 * supervisor): one channel, a fork, and nothing of the channel's other
 * end in the child.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/helper.h"
#include "common/sync.h"
#include "jail/jail.h"

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

/* Where a helper program finds its channel (src/common/isolate.c keeps
 * it there). */
#define HELPER_CHANNEL_FD 3

gboolean
jail_helper_start (const char *what, JailHelperMain child_main, void *data, JailHelper *ret,
                   GError **error)
{
  int sv[2];
  ret->pid = -1;
  ret->fd = -1;
  if (socketpair (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP, "%s: socketpair: %s", what,
                        g_strerror (errno)), FALSE;
  pid_t pid = fork ();
  if (pid < 0)
    {
      int err = errno;
      close (sv[0]);
      close (sv[1]);
      return g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP, "%s: fork: %s", what,
                          g_strerror (err)), FALSE;
    }
  if (pid == 0)
    {
      close (sv[0]);
      /* _exit: no atexit handler of the caller's, and none of the
       * sanitizers' (LeakSanitizer would need ptrace). */
      _exit (child_main (sv[1], data));
    }
  close (sv[1]);
  ret->pid = pid;
  ret->fd = sv[0];
  return TRUE;
}

int
jail_helper_give_fd (const JailHelper *h, int type, int fd)
{
  SyncMsg msg;
  memset (&msg, 0, sizeof msg);
  msg.type = type;
  int r = h->fd >= 0 ? sync_send_fd (h->fd, &msg, fd) : -ENOTCONN;
  close (fd);
  return r;
}

int
jail_helper_ended (JailHelper *h)
{
  int status;
  if (h->pid <= 0 || waitpid (h->pid, &status, WNOHANG) != h->pid)
    return -1;
  h->pid = -1;
  return status;
}

/* Waits up to ms for it to exit: on a pidfd where the kernel has them
 * (5.3), else in steps of 5 ms.  Its wait status, or -1. */
static int
ended_within (JailHelper *h, int ms)
{
  int pidfd = (int) syscall (SYS_pidfd_open, h->pid, 0);
  if (pidfd >= 0)
    {
      struct pollfd p = { .fd = pidfd, .events = POLLIN };
      while (poll (&p, 1, ms) < 0 && errno == EINTR)
        ;
      close (pidfd);
      return jail_helper_ended (h);
    }
  for (int waited = 0;; waited += 5)
    {
      int status = jail_helper_ended (h);
      if (status >= 0 || waited >= ms)
        return status;
      g_usleep (5000);
    }
}

int
jail_helper_stop (JailHelper *h, int grace_ms)
{
  if (h->pid <= 0)
    return -1;
  int status = grace_ms > 0 ? ended_within (h, grace_ms) : -1;
  if (status >= 0)
    return status;
  kill (h->pid, SIGKILL);
  while (waitpid (h->pid, &status, 0) < 0 && errno == EINTR)
    ;
  h->pid = -1;
  return status;
}

int
jail_helper_exec (int channel, int exe_fd, char *const argv[])
{
  extern char **environ;
  /* The program's descriptor out of the channel's way. */
  if (exe_fd == HELPER_CHANNEL_FD && (exe_fd = fcntl (exe_fd, F_DUPFD_CLOEXEC, 4)) < 0)
    return -errno;
  /* dup2 onto itself would keep close-on-exec. */
  if (channel == HELPER_CHANNEL_FD)
    {
      if (fcntl (channel, F_SETFD, 0) < 0)
        return -errno;
    }
  else if (dup2 (channel, HELPER_CHANNEL_FD) < 0)
    return -errno;
  /* The caller's descriptors (its sockets, the caller of jail's files)
   * are not the helper's business, not even until it closes them. */
  if (syscall (SYS_close_range, HELPER_CHANNEL_FD + 1, ~0U, CLOSE_RANGE_CLOEXEC) < 0)
    return -errno;
  syscall (SYS_execveat, exe_fd, "", argv, environ, AT_EMPTY_PATH);
  return -errno;
}

/* In the child of a process that may have threads: async-signal-safe
 * calls only. */
int
jail_helper_exec_main (int channel, void *data)
{
  const JailHelperProgram *program = data;
  jail_helper_exec (channel, program->exe_fd, program->argv);
  size_t len = strlen (program->failed);
  ssize_t n = program->failed_to_channel ? send (channel, program->failed, len, MSG_NOSIGNAL)
                                         : write (STDERR_FILENO, program->failed, len);
  (void) n; /* the monitor then sees the exit status alone */
  return JAIL_EXIT_CANNOT_EXECUTE;
}

int
jail_helper_open_program (const char *name)
{
  char self[PATH_MAX];
  ssize_t n = readlink ("/proc/self/exe", self, sizeof self - 1);
  if (n > 0)
    {
      self[n] = '\0';
      char *slash = strrchr (self, '/');
      if (slash != NULL && strcmp (slash + 1, "jail") == 0
          && (size_t) (slash + 1 - self) + strlen (name) < sizeof self)
        {
          strcpy (slash + 1, name);
          int fd = open (self, O_PATH | O_CLOEXEC);
          if (fd >= 0)
            return fd;
        }
    }
  char installed[PATH_MAX];
  g_snprintf (installed, sizeof installed, "%s/%s", JAIL_LIBEXECDIR, name);
  return open (installed, O_PATH | O_CLOEXEC);
}
