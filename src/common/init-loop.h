/* What a sandbox's PID 1 does once the app runs, shared by jail-init
 * (src/init/) and the in-process init that stands in where jail-init is
 * not installed (src/sandbox/exec.c).  Plain libc.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

/* Be dumpable as `dumpable` says (a caller told our pid may ask for it;
 * otherwise the app, which runs with our uid, could trace us or read our
 * memory), tell an app that waits for that by one byte on `ready_fd`
 * (which is closed; -1: none waits), then forward signals to `app`,
 * reap every orphan, and exit with the app's status once it ends.  The
 * forwarded signals and SIGCHLD are blocked (kept blocked across exec), so
 * none sent before is lost.
 *
 * `status_fd` (or -1): the monitor's init channel.  When the app ends, the
 * exit code and whether other processes remain in our pid namespace go
 * there first, as two bytes, and we exit once the monitor answers (or is
 * gone): it has then let go of the sandbox's namespaces, so that their
 * teardown is our exit's, not a wait of the monitor's (monitor.c,
 * on_init_status). */
#define JAIL_INIT_STATUS_SIZE 2
_Noreturn void jail_init_loop (pid_t app, int ready_fd, int status_fd, bool new_session,
                               bool dumpable);
