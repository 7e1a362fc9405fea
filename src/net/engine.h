/* The network engine: libslirp and the TCP fast path in a process of
 * their own, confined before they read the first frame (engine.c,
 * engine-isolate.c).  The monitor keeps only the engine's channel.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>
#include <stddef.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "spec/spec-access.h"

typedef struct JailNetEngine JailNetEngine;

/* Fork the engine for --net=slirp (*ret stays NULL otherwise).  The
 * caller must be single-threaded and in the host's namespaces. */
gboolean jail_net_engine_start (const JailSpec *spec, JailNetEngine **ret, GError **error);

/* The channel: the engine answers a tap with SYNC_NET_READY or a
 * SYNC_SETUP_ERROR; end of stream means it is gone. */
int jail_net_engine_fd (const JailNetEngine *e);
pid_t jail_net_engine_pid (const JailNetEngine *e);

/* Hand the sandbox's tap over (closed here in any case).  0 or -errno. */
int jail_net_engine_give_tap (JailNetEngine *e, int tap_fd);

/* The engine's channel ended: make sure it is gone and say how it ended
 * ("was killed by signal 9", "exited with status 1"). */
char *jail_net_engine_reap (JailNetEngine *e);

/* Ask the engine to finish: it resets its connections and exits (closing
 * the tap takes the kernel a few milliseconds, which the monitor spends on
 * its own teardown meanwhile).  NULL is fine.  Returns how the engine
 * ended if it had already ended by itself (as jail_net_engine_reap says),
 * else NULL. */
char *jail_net_engine_finish (JailNetEngine *e);
/* Finish, wait for the engine a moment, then kill it; frees e.  NULL is
 * fine. */
void jail_net_engine_stop (JailNetEngine *e);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JailNetEngine, jail_net_engine_stop)

/* The isolation stages, in order (engine-isolate.c); each returns 0 or
 * -errno with *ret_step naming what failed. */
/* nofile: the descriptors the engine may hold, 0 for the default. */
int jail_net_isolate_initial (int *channel, rlim_t nofile, const char **ret_step);
int jail_net_isolate_user (const char **ret_step);
int jail_net_isolate_prefork (pid_t monitor, const char **ret_step);
int jail_net_isolate_postfork (const char **ret_step);
/* For the test hook: tries calls the engine must not be able to make. */
void jail_net_isolation_probe (pid_t monitor, char *out, size_t size);
