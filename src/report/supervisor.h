/* The syscall supervisor of the denial report: holds the listener of the
 * sandbox's filter, answers each refused call with the row's errno and
 * tells the monitor what it refused (supervisor.c).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>
#include <stdint.h>
#include <sys/types.h>

#include "report/paths.h"
#include "report/report.h"
#include "spec/spec-access.h"

typedef struct JailSupervisor JailSupervisor;

/* One refusal, supervisor → monitor (a SOCK_SEQPACKET datagram).  The
 * monitor checks it as input from a process that reads hostile data. */
typedef struct {
  uint32_t kind; /* JailRefusalKind */
  int32_t pid;   /* JAIL_REFUSAL_PATH: who looked it up (host pid) */
  char what[JAIL_REPORT_MAX_TEXT + 1];
} JailSupervisorEvent;

/* The supervisor's own program, in libexecdir (or beside jail). */
#define JAIL_SUPERVISOR_PROGRAM "jail-supervisor"

/* The spec reports refused syscalls: its filter has a listener. */
gboolean jail_supervisor_wanted (const JailSpec *spec);
/* Fork the supervisor (*ret NULL when the spec does not report syscalls).
 * Call it while single-threaded and in the host's namespaces. */
gboolean jail_supervisor_start (const JailSpec *spec, JailSupervisor **ret, GError **error);
/* Start it as its own program, exe_fd (jail_helper_open_program
 * (JAIL_SUPERVISOR_PROGRAM)): safe in a process with threads. */
gboolean jail_supervisor_spawn (const JailSpec *spec, int exe_fd, JailSupervisor **ret,
                                GError **error);
/* The supervisor's side, in the forked or exec'd process: confine
 * itself, wait for the listener on `channel`, serve it.  With --learn,
 * `roots` is the report's path scope (jail_report_paths_scope): the
 * lookups below it go to the monitor; NULL otherwise. */
_Noreturn void jail_supervisor_main (int channel, pid_t monitor, const GPtrArray *roots);
/* Its pid: it works for the sandbox, so it goes into the sandbox's cgroup. */
pid_t jail_supervisor_pid (const JailSupervisor *s);
/* Also the paths looked up: the spec asked for them (--learn). */
gboolean jail_supervisor_watches_paths (const JailSpec *spec);
/* The channel, for the monitor's main loop. */
int jail_supervisor_fd (const JailSupervisor *s);
/* Hand over the filter's listener (closed here in any case): 0 or -errno. */
int jail_supervisor_give_listener (JailSupervisor *s, int listener);
/* Move every event waiting on the channel into the report (paths through
 * `paths`, NULL when none are watched); FALSE once the supervisor has
 * gone. */
gboolean jail_supervisor_collect (JailSupervisor *s, JailReport *report, JailReportPaths *paths);
/* Collect what is left, end it and free s.  NULL is fine. */
void jail_supervisor_stop (JailSupervisor *s, JailReport *report, JailReportPaths *paths);

/* The monitor's check of one datagram from the supervisor: TRUE when it
 * was a valid event, counted in the report. */
gboolean jail_supervisor_accept (JailReport *report, JailReportPaths *paths, const void *data,
                                 size_t len);

/* The path argument of a path-family call (open, openat, stat…) as the
 * supervisor sees it, by syscall name: its index, or -1 for any other. */
int jail_supervisor_path_arg (const char *syscall);
/* Read a NUL-terminated path at `addr` in process `pid` into buf: its
 * length, or -errno (-ENAMETOOLONG without a NUL in size - 1 bytes,
 * -EFAULT where the memory ends).  Reads page by page, never past the
 * first NUL's page: the app's memory is hostile, and may be unmapped. */
ssize_t jail_supervisor_read_path (pid_t pid, uint64_t addr, char *buf, size_t size);

/* The supervisor's answer and record for one notification (exposed for
 * the fuzz target): the refused syscall's name into `what` and the errno
 * to answer with. */
int jail_supervisor_judge (uint32_t arch, int nr, char *what, size_t size);
