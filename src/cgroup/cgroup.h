/* The sandbox's cgroup: a transient systemd user scope (or a delegated
 * cgroup v2 directory) holding two leaves, monitor/ and sandbox/, with the
 * resource limits on sandbox/.  Runs in the monitor, after the clone and
 * before the child is let go: begun first (systemd makes the scope while
 * the monitor goes on), set up when the sandbox needs it.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <sys/types.h>

#include "spec/spec-access.h"

typedef struct JailCgroup JailCgroup;
typedef struct JailCgroupStart JailCgroupStart;

/* Before the sandbox's processes exist, in the host's namespaces: starts
 * the way to systemd (a scope needs a connection to the user bus, made
 * while the monitor builds the sandbox).  Cannot fail: what went wrong is
 * told by jail_cgroup_setup. */
JailCgroupStart *jail_cgroup_prepare (const JailSpec *spec);
/* Once they exist: asks for the sandbox's scope holding the monitor,
 * `child` and `helpers` (the monitor's processes that work for the
 * sandbox: the network engine, the report's supervisor), without waiting
 * for it. */
void jail_cgroup_begin (JailCgroupStart *start, const char *name, pid_t child,
                        const pid_t *helpers, gsize n_helpers);
/* Waits for the scope (or takes a delegated cgroup), places the monitor
 * and the child in their leaves, the helpers in the sandbox's, and writes
 * the limits.  *ret is NULL when there is no cgroup to use and none was
 * needed (or --limits=best-effort, after a warning to the caller). */
gboolean jail_cgroup_setup (JailCgroupStart *start, JailCgroup **ret, GError **error);
/* Stops what jail_cgroup_prepare started if nobody waited for it. */
void jail_cgroup_start_free (JailCgroupStart *start);
/* A helper started once the sandbox runs joins the sandbox's leaf. */
gboolean jail_cgroup_add_helper (JailCgroup *cg, pid_t pid, GError **error);
/* The sandbox's leaf, relative to the cgroup2 root (for `jail stats`). */
const char *jail_cgroup_leaf_path (const JailCgroup *cg);

/* At the end: reports OOM kills and --stats to the caller; *status becomes 137
 * when the app itself was killed by the OOM killer. */
void jail_cgroup_finish (JailCgroup *cg, int *status);

void jail_cgroup_free (JailCgroup *cg);

/* systemd (cgroup-systemd.c): _connect starts jail-scope, which connects
 * to the user bus; _ask tells it the scope `unit` (Delegate=yes) and the
 * `pids` it is to hold; _wait reads its answer (once); _free stops it if
 * nobody waited.  What fails before _wait is told by _wait. */
typedef struct JailScopeRequest JailScopeRequest;
JailScopeRequest *jail_cgroup_scope_connect (void);
void jail_cgroup_scope_ask (JailScopeRequest *req, const char *unit, const pid_t *pids,
                            gsize n_pids);
gboolean jail_cgroup_scope_wait (JailScopeRequest *req, GError **error);
void jail_cgroup_scope_request_free (JailScopeRequest *req);
