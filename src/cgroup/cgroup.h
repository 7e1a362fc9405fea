/* The sandbox's cgroup: a transient systemd user scope (or a delegated
 * cgroup v2 directory) holding two leaves, monitor/ and sandbox/, with the
 * resource limits on sandbox/.  Runs in the monitor, after the clone (GDBus
 * starts a thread) and before the child is let go.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <sys/types.h>

#include "spec/spec-access.h"

typedef struct JailCgroup JailCgroup;

/* Places the monitor and `child` in their leaves and writes the limits.
 * `helpers`, the monitor's processes that work for the sandbox (the
 * network engine, the report's supervisor), share the sandbox's leaf and
 * limits.
 * *ret is NULL when there is no cgroup to use and none was needed (or
 * --limits=best-effort, after a warning to the caller). */
gboolean jail_cgroup_setup (const JailSpec *spec, const char *name, pid_t child,
                            const pid_t *helpers, gsize n_helpers, JailCgroup **ret,
                            GError **error);
/* A helper started once the sandbox runs joins the sandbox's leaf. */
gboolean jail_cgroup_add_helper (JailCgroup *cg, pid_t pid, GError **error);
/* The sandbox's leaf, relative to the cgroup2 root (for `jail stats`). */
const char *jail_cgroup_leaf_path (const JailCgroup *cg);

/* At the end: reports OOM kills and --stats to the caller; *status becomes 137
 * when the app itself was killed by the OOM killer. */
void jail_cgroup_finish (JailCgroup *cg, int *status);

void jail_cgroup_free (JailCgroup *cg);

/* systemd (cgroup-systemd.c): starts `unit` with Delegate=yes holding
 * `pids`, and waits for its job. */
gboolean jail_cgroup_start_scope (const char *unit, const pid_t *pids, gsize n_pids,
                                  GError **error);
