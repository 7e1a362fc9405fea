/* The sandbox's systemd scope, asked for by the program jail-scope
 * (scope-main.c) so that GIO stays out of the monitor: what the two
 * sides agree on.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#define JAIL_SCOPE_PROGRAM "jail-scope"
/* app-jail-NAME-ID.scope, in the desktop scheme (flatpak: app-flatpak-…). */
#define JAIL_SCOPE_PREFIX "app-jail-"
/* The prefix, a name of at most 64 characters, "-", 8 hex digits, ".scope". */
#define JAIL_SCOPE_NAME_MAX 96
/* The monitor, the sandbox, the network engine, the report's supervisor. */
#define JAIL_SCOPE_PIDS_MAX 8
/* jail-scope's one line of reply, at most. */
#define JAIL_SCOPE_REPLY_MAX 1024
/* The request: the unit's name and the PIDs, one a line. */
#define JAIL_SCOPE_REQUEST_MAX (JAIL_SCOPE_NAME_MAX + JAIL_SCOPE_PIDS_MAX * 12)
/* How long the monitor waits for systemd's answer: jail-scope's calls
 * (10 s each) and the job (30 s), with a margin. */
#define JAIL_SCOPE_TIMEOUT_SECONDS 60
