/* The monitor's side of the instance record: called from monitor.c.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#include "spec/spec-access.h"
#include "common/namespaces.h"

typedef struct JailInstance JailInstance;

/* After the clone, before GO: publish BASE/NAME (the spec's name or a
 * default one), keep the child's pidfd and namespace fds (for `jail enter`),
 * write info.json and listen on the control socket.  NULL with an error
 * (a name in use: exit 125). */
JailInstance *jail_instance_start (const JailSpec *spec, pid_t child, char **envp, GError **error);
/* Serve the control socket from the monitor's main loop. */
void jail_instance_attach (JailInstance *inst, GMainContext *ctx);
/* At the end: remove the record, close every connection. */
/* The app has ended: the namespace descriptors kept for `jail enter` go
 * now, while the sandbox's PID 1 still holds the namespaces (monitor.c). */
void jail_instance_release_namespaces (JailInstance *inst);
void jail_instance_free (JailInstance *inst);
/* The sandbox's name (NULL when it has no record: unlisted, no registry). */
const char *jail_instance_name (const JailInstance *inst);
/* Record the sandbox's cgroup (relative to /sys/fs/cgroup) for `jail stats`. */
void jail_instance_set_cgroup (JailInstance *inst, const char *path);
/* The run's denial report (src/report/), for `jail stats`; NULL when off.
 * Only read, while the monitor's main loop runs. */
struct JailReport;
void jail_instance_set_report (JailInstance *inst, const struct JailReport *report);
/* The network and cgroup namespaces the sandbox entered after the clone,
 * as it showed them (SYNC_VIEW): the record's from now on (dup'ed). */
void jail_instance_set_entered_namespaces (JailInstance *inst, int net_fd, int cgroup_fd);
/* The sandbox said READY: its record is written (info.json). */
void jail_instance_sandbox_ready (JailInstance *inst);

/* In a process forked from the monitor: join the sandbox and run argv with
 * the same lockdown, talking to the client on conn.  Never returns. */
typedef struct {
  const JailSpec *spec;
  char **envp;
  pid_t child;
  int pidfd;
  int ns_fds[JAIL_N_NAMESPACES]; /* in jail_namespaces' order */
} JailEnterTarget;
_Noreturn void jail_enter_serve (const JailEnterTarget *target, int conn, char **argv,
                                 const int stdio[3]);
