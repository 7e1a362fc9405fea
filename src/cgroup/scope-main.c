/* jail-scope: asks the user's systemd manager for the sandbox's transient
 * scope, as flatpak and systemd-run --user --scope do, and waits for the
 * job.  A program of its own so that GIO (its type system, its D-Bus
 * worker thread, its libraries' relocations) is loaded only by a start
 * that has a user bus to talk to, and never stays in the monitor for the
 * sandbox's life (cgroup-systemd.c starts it).
 *
 * Usage (internal): jail-scope BUS, with the channel to the monitor at
 * descriptor 3.  BUS is a D-Bus address, or the absolute path of the bus
 * socket.  Started before the sandbox exists, it connects and subscribes
 * while the monitor builds it, then reads one request on the channel,
 * "UNIT\nPID\nPID...", once the sandbox's processes exist.  Exit 0 when
 * the scope holds the PIDs (or when the monitor closed the channel
 * without a request); otherwise one line on the channel says why, and the
 * exit status is 1.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <signal.h>
#include <stdio.h>
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
#define CHANNEL_FD 3

typedef struct {
  char *job;         /* the job we wait for, once known */
  GHashTable *done;  /* job path → result, for jobs removed before we knew ours */
} JobWait;

typedef struct {
  GMainContext *ctx;
  GDBusConnection *conn;
  JobWait wait;
} Manager;

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

static char *
bus_address (const char *bus)
{
  if (bus[0] != '/')
    return g_strdup (bus);
  g_autofree char *escaped = g_dbus_address_escape_value (bus);
  return g_strdup_printf ("unix:path=%s", escaped);
}

/* Connects and subscribes (systemd sends job signals only to
 * subscribers): NULL, or why not. */
static char *
manager_connect (Manager *m, const char *bus)
{
  g_autofree char *address = bus_address (bus);
  g_autoptr (GError) local = NULL;
  /* A context of our own: the job signal is dispatched only here. */
  m->ctx = g_main_context_new ();
  g_main_context_push_thread_default (m->ctx);
  m->wait.done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  m->conn = g_dbus_connection_new_for_address_sync (
      address, G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT
                   | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
      NULL, NULL, &local);
  if (m->conn == NULL)
    return g_strdup_printf ("no systemd user manager (user bus %s: %s)", address,
                            local->message);
  g_dbus_connection_signal_subscribe (m->conn, SYSTEMD_BUS_NAME, SYSTEMD_MANAGER, "JobRemoved",
                                      SYSTEMD_PATH, NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                      on_job_removed, &m->wait, NULL);
  g_autoptr (GVariant) subscribed = g_dbus_connection_call_sync (
      m->conn, SYSTEMD_BUS_NAME, SYSTEMD_PATH, SYSTEMD_MANAGER, "Subscribe", NULL, NULL,
      G_DBUS_CALL_FLAGS_NO_AUTO_START, CALL_TIMEOUT_MS, NULL, &local);
  if (subscribed == NULL)
    {
      g_dbus_error_strip_remote_error (local);
      return g_strdup_printf ("no systemd user manager: %s", local->message);
    }
  return NULL;
}

static void
manager_close (Manager *m)
{
  if (m->conn != NULL)
    {
      g_dbus_connection_close_sync (m->conn, NULL, NULL);
      g_object_unref (m->conn);
    }
  g_free (m->wait.job);
  g_hash_table_unref (m->wait.done);
  g_main_context_pop_thread_default (m->ctx);
  g_main_context_unref (m->ctx);
}

/* One StartTransientUnit carrying every property, then its job: NULL, or
 * why not. */
static char *
manager_start_scope (Manager *m, const char *unit, const guint32 *pids, gsize n_pids)
{
  g_autoptr (GError) local = NULL;
  g_autoptr (GVariant) reply = g_dbus_connection_call_sync (
      m->conn, SYSTEMD_BUS_NAME, SYSTEMD_PATH, SYSTEMD_MANAGER, "StartTransientUnit",
      g_variant_new ("(ss@a(sv)a(sa(sv)))", unit, "fail", scope_properties (pids, n_pids), NULL),
      G_VARIANT_TYPE ("(o)"), G_DBUS_CALL_FLAGS_NO_AUTO_START, CALL_TIMEOUT_MS, NULL, &local);
  if (reply == NULL)
    {
      g_dbus_error_strip_remote_error (local);
      return g_strdup_printf ("no systemd user manager: %s", local->message);
    }
  g_variant_get (reply, "(o)", &m->wait.job);
  return wait_for_job (m->ctx, &m->wait);
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
  if (text[0] < '0' || text[0] > '9'
      || !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT32, &v, NULL))
    return FALSE;
  *ret = (guint32) v;
  return TRUE;
}

/* The request, "UNIT\nPID\nPID...": NULL, or why it is refused. */
static const char *
parse_request (const char *text, char **ret_unit, guint32 *ret_pids, gsize *ret_n_pids)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  gsize n = g_strv_length (lines);
  if (n < 2 || n - 1 > JAIL_SCOPE_PIDS_MAX)
    return "jail-scope: not a scope request";
  if (!valid_unit (lines[0]))
    return "jail-scope: not a jail scope name";
  for (gsize i = 1; i < n; i++)
    if (!parse_pid (lines[i], &ret_pids[i - 1]))
      return "jail-scope: not a process id";
  *ret_unit = g_strdup (lines[0]);
  *ret_n_pids = n - 1;
  return NULL;
}

/* The monitor's request, once the sandbox's processes exist, then the
 * scope: NULL when it holds them (or when the monitor asked nothing), or
 * why not. */
static char *
start_when_asked (Manager *m)
{
  char request[JAIL_SCOPE_REQUEST_MAX + 1];
  ssize_t len;
  while ((len = read (CHANNEL_FD, request, sizeof request - 1)) < 0 && errno == EINTR)
    ;
  if (len <= 0)
    return NULL; /* the sandbox did not start: nothing to ask for */
  request[len] = '\0';
  g_autofree char *unit = NULL;
  guint32 pids[JAIL_SCOPE_PIDS_MAX];
  gsize n_pids = 0;
  const char *refused = parse_request (request, &unit, pids, &n_pids);
  if (refused != NULL)
    return g_strdup (refused);
  return manager_start_scope (m, unit, pids, n_pids);
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

int
main (int argc, char **argv)
{
  if (argc != 2 || argv[1][0] == '\0')
    {
      fprintf (stderr, "%s: internal to jail, not to be run by hand\n", argv[0]);
      return JAIL_EXIT_FAILURE;
    }
  /* The monitor's signal mask is not ours. */
  sigset_t none;
  sigemptyset (&none);
  sigprocmask (SIG_SETMASK, &none, NULL);
  prctl (PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  signal (SIGPIPE, SIG_IGN); /* a monitor that is gone: write fails, we end */

  Manager m = { 0 };
  g_autofree char *why = manager_connect (&m, argv[1]);
  if (why == NULL)
    why = start_when_asked (&m);
  manager_close (&m);
  if (why != NULL)
    return reply (why), 1;
  return 0;
}
