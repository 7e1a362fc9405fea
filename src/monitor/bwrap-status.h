/* The monitor's half of bubblewrap compatibility.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "spec/spec-private.h"
#include "common/sync.h"

/* --userns / --pidns: join them before the clone (single-threaded). */
gboolean jail_monitor_join_namespaces (const JailSpec *spec, GError **error);
/* Clone flags the monitor leaves to the sandbox (--pidns + --unshare-pid). */
int jail_monitor_clone_flags_dropped (const JailSpec *spec);
/* TRUE if the monitor writes the child's id maps (no --userns-block-fd). */
gboolean jail_monitor_writes_id_maps (const JailSpec *spec);
/* --info-fd and the first --json-status-fd line, once the child exists. */
gboolean jail_monitor_report_started (const JailSpec *spec, pid_t child, GError **error);
/* The exit-code line (only when the command really ran), then close. */
void jail_monitor_report_exit (const JailSpec *spec, gboolean ran, int exit_code);
/* Errors from the child in bubblewrap's wording; FALSE if not bwrap mode. */
gboolean jail_monitor_bwrap_error (const JailSpec *spec, const SyncMsg *msg, GError **error);
