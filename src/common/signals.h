/* Which signals travel from the caller to the app, shared by the monitor
 * and the sandbox's init.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <signal.h>
#include <stdbool.h>

/* SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH, SIGCONT. */
void jail_forwarded_signals (sigset_t *set);

/* Signals sent by a process (kill, sigqueue) are forwarded.  Those the
 * kernel raised for a terminal (Ctrl-C, a resize) already reach the app,
 * which shares our process group, unless it runs in its own session. */
bool jail_signal_is_forwardable (const siginfo_t *info, bool new_session);
