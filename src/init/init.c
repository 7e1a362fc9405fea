/* jail-init: the sandbox's PID 1.  It forwards signals to the app, reaps
 * every orphan, and exits with the app's status; when it exits, the kernel
 * kills the rest of the PID namespace.  An app that is PID 1 itself would
 * ignore SIGTERM and SIGINT unless it installs handlers: that is why this
 * exists.
 *
 * It is a program of its own, without a C library where src/init/nolibc.h
 * knows the system calls (a static libc alone otherwise), exec'd by the
 * sandbox's first process once the app is forked: a copy of the whole jail
 * process (GLib, GIO, libslirp mapped and initialised) would sit in every
 * sandbox for its whole life only to wait for signals.
 *
 * Where it is to be non-dumpable, it is exec'd from a copy nobody may
 * read (src/sandbox/exec.c), which makes it so from its first
 * instruction: the app, running already with the same uid, never sees a
 * PID 1 it could trace.
 *
 * Usage (internal): jail-init APP-PID READY-FD STATUS-FD NEW-SESSION DUMPABLE
 *   APP-PID      the app's pid, a child of ours (inherited across exec)
 *   READY-FD     written to once we are as dumpable as we are to be, for
 *                an app that waits for it before its exec, or -1
 *   STATUS-FD    the monitor's init channel, or -1 (common/init-loop.h)
 *   NEW-SESSION  1 when the app has its own session (--new-session): then
 *                signals raised by a terminal are forwarded as well
 *   DUMPABLE     1 to stay dumpable: bubblewrap's callers that are told our
 *                pid (--info-fd, --json-status-fd) read /proc/PID/root and
 *                /proc/PID/ns, as `flatpak enter` does; bwrap's PID 1 is
 *                dumpable too
 * The signals we forward and SIGCHLD arrive blocked (the mask survives
 * execve), so none sent before we started is lost.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/init-loop.h"

/* A decimal argument, digits only.  Not strtol: in a static binary it pulls
 * in glibc's locale tables, several hundred kB mapped in every sandbox. */
static long
number_arg (const char *s)
{
  long v = 0;
  if (*s == '\0')
    _exit (125);
  for (; *s != '\0'; s++)
    {
      if (*s < '0' || *s > '9' || v > (LONG_MAX - 9) / 10)
        _exit (125);
      v = v * 10 + (*s - '0');
    }
  return v;
}

int
main (int argc, char **argv)
{
  if (argc != 6)
    _exit (125);
  pid_t app = (pid_t) number_arg (argv[1]);
  int ready_fd = argv[2][0] == '-' ? -1 : (int) number_arg (argv[2]);
  int status_fd = argv[3][0] == '-' ? -1 : (int) number_arg (argv[3]);
  bool new_session = number_arg (argv[4]) != 0;
  bool dumpable = number_arg (argv[5]) != 0;

  /* Our name is the copy's ("memfd:jail-init") on kernels that name an
   * exec through a descriptor after its file, "3" on older ones. */
  prctl (PR_SET_NAME, (unsigned long) "jail-init", 0, 0, 0);
  jail_init_loop (app, ready_fd, status_fd, new_session, dumpable);
}
