/* The denial report: what the sandbox refused the app, counted and
 * deduplicated, one line per kind, each refusal with the option that
 * would grant it.  Pure bookkeeping: the monitor feeds it from the
 * syscall supervisor (supervisor.c) and the D-Bus proxy's log
 * (dbus-log.c), prints it at the end and serves it to `jail stats`.
 *
 * Everything in it comes from the sandbox, so every string is bounded
 * and the number of distinct entries per kind is capped: a hostile app
 * can make the report say "and N more", not exhaust the monitor.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

typedef enum {
  JAIL_REFUSAL_SYSCALL,
  JAIL_REFUSAL_DBUS,
  JAIL_REFUSAL_CONNECTION,
  JAIL_REFUSAL_PATH,
  JAIL_REFUSAL_N_KINDS,
} JailRefusalKind;

/* Distinct entries kept per kind, and the longest entry kept. */
#define JAIL_REPORT_MAX_ENTRIES 64
#define JAIL_REPORT_MAX_TEXT 256

typedef struct JailReport JailReport;

JailReport *jail_report_new (void);
void jail_report_free (JailReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JailReport, jail_report_free)

/* Count one refusal of `what` (a syscall name, a D-Bus name, an address,
 * a path as the user writes it).  `option` and `value` say what grants
 * it (`--allow-ptrace`, NULL; `--talk-name`, "org.example.App"); option
 * NULL when nothing does.  Text longer than JAIL_REPORT_MAX_TEXT or not
 * valid UTF-8 is refused (FALSE). */
gboolean jail_report_add (JailReport *report, JailRefusalKind kind, const char *what,
                          const char *option, const char *value);

gboolean jail_report_is_empty (const JailReport *report);
/* Distinct entries and total refusals of one kind. */
guint jail_report_n_entries (const JailReport *report, JailRefusalKind kind);
guint64 jail_report_n_refusals (const JailReport *report, JailRefusalKind kind);

/* One entry, in the order they were first seen; NULL past the end. */
typedef struct {
  const char *what;
  const char *option; /* NULL: no option grants it */
  const char *value;  /* NULL: the option takes none */
  guint64 count;
} JailRefusal;
const JailRefusal *jail_report_entry (const JailReport *report, JailRefusalKind kind, guint i);

/* The report as lines without a trailing newline: the summary ("refused:
 * 2 syscalls (ptrace ×3, personality), 1 D-Bus name (…)"), then one
 * line per distinct grant ("  --allow-ptrace  (ptrace)").  An empty
 * array when nothing was refused. */
GStrv jail_report_lines (const JailReport *report);

/* Whether the run's report is printed: JAIL_REPORT_AUTO when the command
 * failed or was killed (exit status not 0). */
gboolean jail_report_should_print (int mode, int exit_status);

/* jail_run() that hands the run's report to the caller instead of
 * printing it (--learn); *ret_report is set only on success, and only
 * when the spec reports (jail_spec_reports). */
struct JailSpec;
gboolean jail_run_collect (const struct JailSpec *spec, int *ret_status, JailReport **ret_report,
                           GError **error);
