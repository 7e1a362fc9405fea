/* Starting a helper process: a child of the monitor that works for the
 * sandbox and talks to the monitor over one channel (helper.c).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>
#include <sys/types.h>

typedef struct {
  pid_t pid;
  int fd; /* the monitor's end of the channel */
} JailHelper;

/* What the child runs, with its end of the channel: its exit status.  In
 * a caller that may have threads it may only make async-signal-safe calls
 * (exec a program: jail_helper_exec). */
typedef int (*JailHelperMain) (int channel, void *data);

/* A SOCK_SEQPACKET socketpair and a fork: the child keeps only its end of
 * the channel out of the pair and runs child_main, the caller gets the
 * pid and the other end.  `what` names the helper in the error. */
gboolean jail_helper_start (const char *what, JailHelperMain child_main, void *data,
                            JailHelper *ret, GError **error);

/* Hand the helper a descriptor with a message of this type (a SyncMsg
 * kind, common/sync.h); the caller's copy is closed either way, so that a
 * process forked later (jail enter) cannot hold it.  0 or -errno. */
int jail_helper_give_fd (const JailHelper *h, int type, int fd);

/* Reaps it if it has exited: its wait status, else -1 (still running,
 * or reaped already). */
int jail_helper_ended (JailHelper *h);

/* Stops it: grace_ms for it to exit by itself (its channel closed or
 * told to stop; 0: no wait), then SIGKILL.  Reaped either way: its wait
 * status, or -1 if it was reaped already. */
int jail_helper_stop (JailHelper *h, int grace_ms);

/* For a child_main that execs: the channel at fd 3, every other
 * descriptor above stderr closed on exec, then execveat(exe_fd, argv).
 * Async-signal-safe; returns only on failure (-errno). */
int jail_helper_exec (int channel, int exe_fd, char *const argv[]);

/* A helper that is a program of ours: jail_helper_start (what,
 * jail_helper_exec_main, &program, …) execs it, and if that fails writes
 * `failed` to the channel (when the caller reads text from it) or to
 * stderr, and exits with JAIL_EXIT_CANNOT_EXECUTE. */
typedef struct {
  int exe_fd;
  char *const *argv;
  const char *failed;
  gboolean failed_to_channel;
} JailHelperProgram;

int jail_helper_exec_main (int channel, void *program);

/* A program installed beside us (named `name`): beside /proc/self/exe
 * when that is jail itself (a build tree, or an install that keeps both
 * in one place), else in JAIL_LIBEXECDIR.  An O_PATH descriptor, or -1. */
int jail_helper_open_program (const char *name);
