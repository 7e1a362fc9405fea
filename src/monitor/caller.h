/* The monitor's half of what a calling program hands the sandbox
 * (spec-caller.h): namespaces to join, the info and status fds.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "spec/spec-access.h"

/* The user namespace given as an fd: joined before the clone, while the
 * monitor is single-threaded (the pid namespace: spawn.c). */
gboolean jail_monitor_join_namespaces (const JailSpec *spec, GError **error);
/* The error of a failed join: bwrap's words.  nstype: CLONE_NEWUSER or
 * CLONE_NEWPID. */
void jail_monitor_join_error (int nstype, int err, GError **error);
/* Clone flags the monitor leaves to the sandbox (a joined pid namespace
 * and a new one below it). */
int jail_monitor_clone_flags_dropped (const JailSpec *spec);
/* TRUE if the caller gave a user or pid namespace to join. */
gboolean jail_monitor_joins_namespaces (const JailSpec *spec);
/* TRUE if the sandbox writes its own id maps (the caller does not). */
gboolean jail_monitor_writes_id_maps (const JailSpec *spec);
/* The info fd's object and the status fd's first line, once the child
 * exists; net_ns: the inode of the network namespace it will have, or 0
 * to read it off the child. */
gboolean jail_monitor_report_started (const JailSpec *spec, pid_t child, ino_t net_ns,
                                      GError **error);
/* The exit-code line (only when the command really ran), then close. */
void jail_monitor_report_exit (const JailSpec *spec, gboolean ran, int exit_code);
