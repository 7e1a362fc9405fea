/* libFuzzer target: the denial report's readers of sandbox-controlled
 * input: xdg-dbus-proxy's log (names and paths the app chose, cut at any
 * byte), the monitor's check of the supervisor's datagrams, the
 * supervisor's naming of a notification's (arch, nr), its path reader on
 * memory that ends in an unreadable page, its filter of the paths it
 * sends (the report's scope), the monitor's judgement of the path, the
 * datagrams of jail-lookups.so (any bytes the app sends), and the
 * report's lines built from all of it.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "report/dbus-log.h"
#include "report/paths.h"
#include "report/report.h"
#include "report/supervisor.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
feed_dbus_log (JailReport *report, const guint8 *data, size_t size)
{
  /* The first byte picks the chunk size (lines split across reads) and
   * the bus. */
  JailDBusLog *log = jail_dbus_log_new (size > 0 && (data[0] & 0x80) ? JAIL_DBUS_SYSTEM
                                                                     : JAIL_DBUS_SESSION, FALSE);
  size_t chunk = size > 0 ? (size_t) data[0] % 64 + 1 : 1;
  for (size_t off = 1; off < size; off += chunk)
    jail_dbus_log_feed (log, (const char *) data + off, MIN (chunk, size - off), report);
  jail_dbus_log_free (log);
}

static void
feed_supervisor (JailReport *report, const guint8 *data, size_t size)
{
  JailSupervisorEvent ev;
  memset (&ev, 0, sizeof ev);
  memcpy (&ev, data, MIN (size, sizeof ev));
  jail_supervisor_accept (report, NULL, &ev, sizeof ev);
  jail_supervisor_accept (report, NULL, data, size);
  if (size >= 8)
    {
      guint32 arch, nr;
      char what[JAIL_REPORT_MAX_TEXT + 1];
      memcpy (&arch, data, 4);
      memcpy (&nr, data + 4, 4);
      jail_supervisor_judge (arch, (int) nr, what, sizeof what);
      g_assert (memchr (what, '\0', sizeof what) != NULL);
    }
}

/* The path reader on bytes that end where this process's memory does (a
 * page it cannot read follows), then the monitor's judgement of what it
 * read: scope, "..", normalisation, the climb to a grant. */
/* Judged in our own root, as the monitor judges in the sandbox's. */
static JailReportPaths *
new_paths (void)
{
  JailReportPaths *paths = jail_report_paths_new ("/nonexistent-fuzz-home");
  int root = open ("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
  int mnt = open ("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC);
  jail_report_paths_set_root (paths, root, mnt);
  close (root);
  close (mnt);
  return paths;
}

static void
feed_path (JailReport *report, const guint8 *data, size_t size)
{
  static char *hole;
  static long page;
  if (hole == NULL)
    {
      page = sysconf (_SC_PAGESIZE);
      char *m = mmap (NULL, 3 * (size_t) page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      g_assert (m != MAP_FAILED && mprotect (m + 2 * page, (size_t) page, PROT_NONE) == 0);
      hole = m + 2 * page;
    }
  size_t n = MIN (size, 2 * (size_t) page);
  char *at = hole - n;
  memcpy (at, data, n);
  char buf[JAIL_REPORT_MAX_TEXT + 1];
  ssize_t r = jail_supervisor_read_path (getpid (), (uintptr_t) at, buf, sizeof buf);
  g_assert (r < (ssize_t) sizeof buf);
  if (r >= 0)
    {
      g_assert (strlen (buf) == (size_t) r);
      /* The supervisor's filter, then the monitor's judgement: nothing
       * the filter drops may count. */
      GPtrArray *roots = jail_report_paths_scope ("/nonexistent-fuzz-home");
      gboolean candidate = jail_report_paths_candidate (roots, buf);
      g_ptr_array_unref (roots);
      JailReportPaths *paths = new_paths ();
      g_assert (jail_report_paths_observe (paths, report, getpid (), buf) ? candidate : TRUE);
      jail_report_paths_free (paths);
    }
}

/* A datagram on the sandbox's socket of failed lookups: the app's bytes,
 * whole.  Counted only if it is a path, in the scope, without NUL. */
static void
feed_lookup (JailReport *report, const guint8 *data, size_t size)
{
  JailReportPaths *paths = new_paths ();
  gboolean counted = jail_report_paths_accept_lookup (paths, report, data, size);
  g_assert (!counted || (size <= JAIL_REPORT_MAX_TEXT && memchr (data, '\0', size) == NULL));
  jail_report_paths_free (paths);
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  if (size < 1)
    return 0;
  JailReport *report = jail_report_new ();
  if (data[0] % 4 == 1)
    feed_dbus_log (report, data + 1, size - 1);
  else if (data[0] % 4 == 2)
    feed_path (report, data + 1, size - 1);
  else if (data[0] % 4 == 3)
    feed_lookup (report, data + 1, size - 1);
  else
    feed_supervisor (report, data + 1, size - 1);
  GStrv lines = jail_report_lines (report);
  for (char **l = lines; *l != NULL; l++)
    g_assert (g_utf8_validate (*l, -1, NULL));
  g_strfreev (lines);
  jail_report_free (report);
  return 0;
}
