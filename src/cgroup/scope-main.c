/* jail-scope: asks the user's systemd manager for the sandbox's transient
 * scope, as flatpak and systemd-run --user --scope do, and waits for the
 * job.  A program of its own so that GIO (its type system, its D-Bus
 * worker thread, its libraries' relocations) is loaded only by a start
 * that has a user bus to talk to, and never stays in the monitor for the
 * sandbox's life (cgroup-systemd.c starts it).
 *
 * Usage (internal): jail-scope UNIT BUS PID..., with the channel to the
 * monitor at descriptor 3.  BUS is a D-Bus address, or the absolute path
 * of the bus socket.  Exit 0 when the scope holds the PIDs; otherwise one
 * line on the channel says why, and the exit status is 1.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "cgroup/scope.h"
#include "jail/jail.h"

#define SYSTEMD_BUS_NAME "org.freedesktop.systemd1"
#define SYSTEMD_PATH "/org/freedesktop/systemd1"
#define SYSTEMD_MANAGER "org.freedesktop.systemd1.Manager"
#define CALL_TIMEOUT_MS 10000
#define JOB_TIMEOUT_SECONDS 30
/* The bus connection itself has no timeout of GIO's: a manager that
 * accepts and never answers must not hold the sandbox's start forever. */
#define HELPER_TIMEOUT_SECONDS (2 * CALL_TIMEOUT_MS / 1000 + JOB_TIMEOUT_SECONDS + 5)
#define CHANNEL_FD 3

typedef struct {
  char *job;         /* the job we wait for, once known */
  GHashTable *done;  /* job path → result, for jobs removed before we knew ours */
} JobWait;

static void
on_job_removed (GDBusConnection *bus, const char *sender, const char *path, const char *iface,
                const char *signal, GVariant *params, gpointer data)
{
  JobWait *w = data;
  const char *job, *result;
  guint32 id;
  const char *unit;
  (void) bus, (void) sender, (void) path, (void) iface, (void) signal;
  g_variant_get (params, "(u&o&s&s)", &id, &job, &unit, &result);
  g_hash_table_insert (w->done, g_strdup (job), g_strdup (result));
}

static GVariant *
scope_properties (const guint32 *pids, gsize n_pids)
{
  GVariantBuilder props, pid_list;
  g_variant_builder_init (&pid_list, G_VARIANT_TYPE ("au"));
  for (gsize i = 0; i < n_pids; i++)
    g_variant_builder_add (&pid_list, "u", pids[i]);
  g_variant_builder_init (&props, G_VARIANT_TYPE ("a(sv)"));
  g_variant_builder_add (&props, "(sv)", "Description", g_variant_new_string ("jail sandbox"));
  g_variant_builder_add (&props, "(sv)", "PIDs", g_variant_builder_end (&pid_list));
  /* jail owns the subtree: it creates the leaves and writes the limits. */
  g_variant_builder_add (&props, "(sv)", "Delegate", g_variant_new_boolean (TRUE));
  /* systemd's default (stop) would tear the scope down after one OOM
   * kill; jail, not systemd, reports it and decides. */
  g_variant_builder_add (&props, "(sv)", "OOMPolicy", g_variant_new_string ("continue"));
  /* Garbage-collect the scope even if it ends "failed". */
  g_variant_builder_add (&props, "(sv)", "CollectMode",
                         g_variant_new_string ("inactive-or-failed"));
  return g_variant_builder_end (&props);
}

static char *
wait_for_job (GMainContext *ctx, JobWait *w)
{
  gint64 deadline = g_get_monotonic_time () + JOB_TIMEOUT_SECONDS * G_USEC_PER_SEC;
  const char *result;
  while ((result = g_hash_table_lookup (w->done, w->job)) == NULL)
    {
      if (g_get_monotonic_time () > deadline)
        return g_strdup_printf ("systemd did not finish starting the scope in %d s",
                                JOB_TIMEOUT_SECONDS);
      g_main_context_iteration (ctx, TRUE);
    }
  if (g_strcmp0 (result, "done") != 0)
    return g_strdup_printf ("systemd could not start the scope (job result: %s)", result);
  return NULL;
}

/* Subscribe (systemd sends job signals only to subscribers), then one
 * StartTransientUnit carrying every property: NULL, or why not. */
static char *
start_on_bus (GDBusConnection *bus, GMainContext *ctx, const char *unit, const guint32 *pids,
              gsize n_pids)
{
  g_autoptr (GError) local = NULL;
  JobWait w = { .done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free) };
  char *why = NULL;
  guint sub = g_dbus_connection_signal_subscribe (bus, SYSTEMD_BUS_NAME, SYSTEMD_MANAGER,
                                                  "JobRemoved", SYSTEMD_PATH, NULL,
                                                  G_DBUS_SIGNAL_FLAGS_NONE, on_job_removed, &w,
                                                  NULL);
  g_autoptr (GVariant) subscribed = g_dbus_connection_call_sync (
      bus, SYSTEMD_BUS_NAME, SYSTEMD_PATH, SYSTEMD_MANAGER, "Subscribe", NULL, NULL,
      G_DBUS_CALL_FLAGS_NO_AUTO_START, CALL_TIMEOUT_MS, NULL, &local);
  g_autoptr (GVariant) reply = NULL;
  if (subscribed != NULL)
    reply = g_dbus_connection_call_sync (
        bus, SYSTEMD_BUS_NAME, SYSTEMD_PATH, SYSTEMD_MANAGER, "StartTransientUnit",
        g_variant_new ("(ss@a(sv)a(sa(sv)))", unit, "fail", scope_properties (pids, n_pids), NULL),
        G_VARIANT_TYPE ("(o)"), G_DBUS_CALL_FLAGS_NO_AUTO_START, CALL_TIMEOUT_MS, NULL, &local);
  if (reply == NULL)
    {
      g_dbus_error_strip_remote_error (local);
      why = g_strdup_printf ("no systemd user manager: %s", local->message);
    }
  else
    {
      g_variant_get (reply, "(o)", &w.job);
      why = wait_for_job (ctx, &w);
    }
  g_dbus_connection_signal_unsubscribe (bus, sub);
  g_free (w.job);
  g_hash_table_unref (w.done);
  return why;
}

static char *
bus_address (const char *bus)
{
  if (bus[0] != '/')
    return g_strdup (bus);
  g_autofree char *escaped = g_dbus_address_escape_value (bus);
  return g_strdup_printf ("unix:path=%s", escaped);
}

static char *
start_scope (const char *unit, const char *bus, const guint32 *pids, gsize n_pids)
{
  g_autofree char *address = bus_address (bus);
  g_autoptr (GError) local = NULL;
  char *why;

  /* A context of our own: the job signal is dispatched only here. */
  GMainContext *ctx = g_main_context_new ();
  g_main_context_push_thread_default (ctx);
  GDBusConnection *conn = g_dbus_connection_new_for_address_sync (
      address, G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT
                   | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
      NULL, NULL, &local);
  if (conn == NULL)
    why = g_strdup_printf ("no systemd user manager (user bus %s: %s)", address, local->message);
  else
    {
      why = start_on_bus (conn, ctx, unit, pids, n_pids);
      g_dbus_connection_close_sync (conn, NULL, NULL);
      g_object_unref (conn);
    }
  g_main_context_pop_thread_default (ctx);
  g_main_context_unref (ctx);
  return why;
}

/* The unit name as cgroup.c makes it, nothing systemd would escape and
 * nothing outside the app-jail-… scopes: this program is jail's, but a
 * mistaken caller must not start or join another unit. */
static gboolean
valid_unit (const char *unit)
{
  gsize len = strlen (unit);
  if (!g_str_has_prefix (unit, JAIL_SCOPE_PREFIX) || !g_str_has_suffix (unit, ".scope")
      || len > JAIL_SCOPE_NAME_MAX || len <= strlen (JAIL_SCOPE_PREFIX ".scope"))
    return FALSE;
  for (const char *c = unit; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c) && *c != '_' && *c != '-' && *c != '.')
      return FALSE;
  return TRUE;
}

/* A process id: decimal digits, no sign, above 0 and within pid_t. */
static gboolean
parse_pid (const char *text, guint32 *ret)
{
  guint64 v;
  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT32, &v, NULL) || text[0] == '+')
    return FALSE;
  *ret = (guint32) v;
  return TRUE;
}

static void
reply (const char *why)
{
  g_autofree char *line = g_strndup (why, JAIL_SCOPE_REPLY_MAX - 1);
  /* One line: what the monitor shows as part of its own. */
  g_strdelimit (line, "\n\r", ' ');
  ssize_t n = write (CHANNEL_FD, line, strlen (line));
  (void) n; /* a monitor that is gone has nobody to tell */
}

static void
on_timeout (int sig)
{
  static const char why[] = "no systemd user manager: the user bus did not answer";
  (void) sig;
  ssize_t n = write (CHANNEL_FD, why, sizeof why - 1);
  (void) n;
  _exit (1);
}

int
main (int argc, char **argv)
{
  if (argc < 4 || argc - 3 > JAIL_SCOPE_PIDS_MAX)
    {
      fprintf (stderr, "%s: internal to jail, not to be run by hand\n", argv[0]);
      return JAIL_EXIT_FAILURE;
    }
  /* The monitor's signal mask (it blocks what it forwards) is not ours. */
  sigset_t none;
  sigemptyset (&none);
  sigprocmask (SIG_SETMASK, &none, NULL);
  prctl (PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  signal (SIGPIPE, SIG_IGN); /* a monitor that is gone: write fails, we end */
  signal (SIGALRM, on_timeout);
  alarm (HELPER_TIMEOUT_SECONDS);

  const char *unit = argv[1], *bus = argv[2];
  guint32 pids[JAIL_SCOPE_PIDS_MAX];
  gsize n_pids = (gsize) argc - 3;
  if (!valid_unit (unit))
    return reply ("jail-scope: not a jail scope name"), 1;
  if (bus[0] == '\0')
    return reply ("jail-scope: no bus address"), 1;
  for (gsize i = 0; i < n_pids; i++)
    if (!parse_pid (argv[3 + i], &pids[i]))
      return reply ("jail-scope: not a process id"), 1;

  g_autofree char *why = start_scope (unit, bus, pids, n_pids);
  if (why != NULL)
    return reply (why), 1;
  return 0;
}
