/* The path part of the denial report (--learn): what the app looked up
 * and did not find, where the same path exists on the host in a place a
 * grant can reach (the home, /opt, /media, /mnt, the XDG directories).
 * Run by the monitor on the paths the supervisor read (paths.c).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>
#include <sys/types.h>

#include "report/report.h"

typedef struct JailReportPaths JailReportPaths;

/* `home` is the user's home on the host. */
JailReportPaths *jail_report_paths_new (const char *home);
/* The sandbox has ended (its init said so): the root and the mount
 * namespace are let go, so that their teardown is init's exit's work, not
 * ours at the end; what comes after is not judged. */
void jail_report_paths_release_sandbox (JailReportPaths *paths);
/* --learn=visible: the scope's directories are bound read-only from the
 * host below the run's grants; what the app reaches through those binds
 * alone is reported as what it would miss without them. */
void jail_report_paths_set_visible (JailReportPaths *paths);
/* The sandbox's root and mount namespace, once final (the sandbox shows
 * them: SYNC_VIEW), dup'ed and held, so that lookups judged after the
 * sandbox's end are judged in it, not in whatever then has its pid.
 * Until then nothing is found missing. */
void jail_report_paths_set_root (JailReportPaths *paths, int root_fd, int mnt_ns_fd);
/* The directories a path grant can reach, existing or not: the home,
 * /opt, /media, /mnt, /run/media (also what --learn=visible shows). */
GPtrArray *jail_report_paths_scope (const char *home);
void jail_report_paths_free (JailReportPaths *paths);
/* Whether a path the app looked up is worth judging: absolute, without
 * "..", no longer than a report's text, below one of `roots` (a scope).
 * No allocation: the supervisor asks it of every lookup it sees and
 * sends the monitor only those. */
gboolean jail_report_paths_candidate (const GPtrArray *roots, const char *path);

/* One path the app looked up (absolute, as it wrote it): counted when it
 * is missing in the sandbox and exists on the host, as the grant that
 * would show it (a file, or its highest missing directory below a base
 * such as ~/.config).  The path is only ever looked up, never granted. */
gboolean jail_report_paths_observe (JailReportPaths *paths, JailReport *report, pid_t pid,
                                    const char *path);

/* The sandbox's socket of failed lookups (lookups-preload.c): up to `max`
 * datagrams waiting on it, each a path as one of the sandbox's programs
 * looked it up, queued to be observed as above; none once the sandbox is
 * released.  FALSE once the socket fails. */
gboolean jail_report_paths_read_lookups (JailReportPaths *paths, int fd, guint max);
gboolean jail_report_paths_has_pending (const JailReportPaths *paths);
/* Observe what is queued, into the report: TRUE when any of it counted. */
gboolean jail_report_paths_judge_pending (JailReportPaths *paths, JailReport *report);
/* One datagram, queued and judged at once: TRUE when it was counted (it
 * is a path no longer than a report's text, without a NUL, reportable). */
gboolean jail_report_paths_accept_lookup (JailReportPaths *paths, JailReport *report,
                                          const void *data, size_t len);

/* "~/x" for a path under home, else the path (for the report). */
char *jail_report_paths_display (const char *home, const char *path);
