/* The sandbox's child, started in the monitor's memory (spawn.c).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>
#include <sys/types.h>

#include "sandbox/sandbox.h"

typedef struct JailSpawn JailSpawn;

/* The monitor's descriptors the child closes first: at most this many. */
#define JAIL_SPAWN_MAX_CLOSED 8

/* Starts sandbox_main (ctx) in a child cloned with the namespace `flags`,
 * in the pid namespace `pidns_fd` (or -1: ours); the child closes
 * `closed` (the monitor's own descriptors) first.  The child's pid, with
 * *ret_spawn to free by jail_spawn_free once the child has ended; or
 * -errno and the error. */
pid_t jail_spawn_sandbox (int flags, int pidns_fd, const SandboxCtx *ctx, const int *closed,
                          guint n_closed, JailSpawn **ret_spawn, GError **error);

/* Once the child has ended (reaped, or told to end and about to): waits
 * for its thread.  NULL is ignored. */
void jail_spawn_free (JailSpawn *spawn);
