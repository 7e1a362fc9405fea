/* A transient scope from the user's systemd manager, over its private bus
 * connection ($DBUS_SESSION_BUS_ADDRESS or $XDG_RUNTIME_DIR/bus), as
 * flatpak and systemd-run --user --scope do it.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <unistd.h>

#include "cgroup/cgroup.h"

#define SYSTEMD_BUS_NAME "org.freedesktop.systemd1"
#define SYSTEMD_PATH "/org/freedesktop/systemd1"
#define SYSTEMD_MANAGER "org.freedesktop.systemd1.Manager"
#define JOB_TIMEOUT_SECONDS 30

typedef struct {
  char *job;         /* the job we wait for, once known */
  GHashTable *done;  /* job path → result, for jobs removed before we knew ours */
} JobWait;

static char *
user_bus_address (void)
{
  const char *env = g_getenv ("DBUS_SESSION_BUS_ADDRESS");
  if (env != NULL && env[0] != '\0')
    return g_strdup (env);
  const char *runtime = g_getenv ("XDG_RUNTIME_DIR");
  if (runtime == NULL || runtime[0] == '\0')
    return NULL;
  g_autofree char *path = g_build_filename (runtime, "bus", NULL);
  /* No socket, no manager: say so without starting GIO's type system and
   * its D-Bus worker thread, which would stay in the monitor for the
   * sandbox's whole life. */
  if (access (path, F_OK) < 0)
    return NULL;
  g_autofree char *escaped = g_dbus_address_escape_value (path);
  return g_strdup_printf ("unix:path=%s", escaped);
}

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
scope_properties (const pid_t *pids, gsize n_pids)
{
  GVariantBuilder props, pid_list;
  g_variant_builder_init (&pid_list, G_VARIANT_TYPE ("au"));
  for (gsize i = 0; i < n_pids; i++)
    g_variant_builder_add (&pid_list, "u", (guint32) pids[i]);
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

static gboolean
wait_for_job (GMainContext *ctx, JobWait *w, GError **error)
{
  gint64 deadline = g_get_monotonic_time () + JOB_TIMEOUT_SECONDS * G_USEC_PER_SEC;
  const char *result;
  while ((result = g_hash_table_lookup (w->done, w->job)) == NULL)
    {
      if (g_get_monotonic_time () > deadline)
        return g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP,
                            "systemd did not finish starting the scope in %d s",
                            JOB_TIMEOUT_SECONDS), FALSE;
      g_main_context_iteration (ctx, TRUE);
    }
  if (g_strcmp0 (result, "done") != 0)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP,
                        "systemd could not start the scope (job result: %s)", result), FALSE;
  return TRUE;
}

static gboolean
start_on_bus (GDBusConnection *bus, GMainContext *ctx, const char *unit, const pid_t *pids,
              gsize n_pids, GError **error)
{
  g_autoptr (GError) local = NULL;
  JobWait w = { .done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free) };
  gboolean ok = FALSE;
  guint sub = g_dbus_connection_signal_subscribe (bus, SYSTEMD_BUS_NAME, SYSTEMD_MANAGER,
                                                  "JobRemoved", SYSTEMD_PATH, NULL,
                                                  G_DBUS_SIGNAL_FLAGS_NONE, on_job_removed, &w,
                                                  NULL);
  /* systemd sends job signals only to clients that subscribed. */
  g_autoptr (GVariant) subscribed = g_dbus_connection_call_sync (
      bus, SYSTEMD_BUS_NAME, SYSTEMD_PATH, SYSTEMD_MANAGER, "Subscribe", NULL, NULL,
      G_DBUS_CALL_FLAGS_NO_AUTO_START, 10000, NULL, &local);
  g_autoptr (GVariant) reply = NULL;
  if (subscribed != NULL)
    reply = g_dbus_connection_call_sync (
        bus, SYSTEMD_BUS_NAME, SYSTEMD_PATH, SYSTEMD_MANAGER, "StartTransientUnit",
        g_variant_new ("(ss@a(sv)a(sa(sv)))", unit, "fail", scope_properties (pids, n_pids), NULL),
        G_VARIANT_TYPE ("(o)"), G_DBUS_CALL_FLAGS_NO_AUTO_START, 10000, NULL, &local);
  if (reply == NULL)
    {
      g_dbus_error_strip_remote_error (local);
      g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP, "no systemd user manager: %s",
                   local->message);
    }
  else
    {
      g_variant_get (reply, "(o)", &w.job);
      ok = wait_for_job (ctx, &w, error);
    }
  g_dbus_connection_signal_unsubscribe (bus, sub);
  g_free (w.job);
  g_hash_table_unref (w.done);
  return ok;
}

gboolean
jail_cgroup_start_scope (const char *unit, const pid_t *pids, gsize n_pids, GError **error)
{
  g_autofree char *address = user_bus_address ();
  g_autoptr (GError) local = NULL;
  gboolean ok = FALSE;

  if (address == NULL)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP,
                        "no user bus (DBUS_SESSION_BUS_ADDRESS is not set and there is no "
                        "$XDG_RUNTIME_DIR/bus)"), FALSE;

  /* A context of our own: the job signal is dispatched only here, and
   * nothing of the caller's runs while we wait. */
  GMainContext *ctx = g_main_context_new ();
  g_main_context_push_thread_default (ctx);
  GDBusConnection *bus = g_dbus_connection_new_for_address_sync (
      address, G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT
                   | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
      NULL, NULL, &local);
  if (bus == NULL)
    g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP, "no systemd user manager (user bus %s: %s)",
                 address, local->message);
  else
    {
      ok = start_on_bus (bus, ctx, unit, pids, n_pids, error);
      g_dbus_connection_close_sync (bus, NULL, NULL);
      g_object_unref (bus);
    }
  g_main_context_pop_thread_default (ctx);
  g_main_context_unref (ctx);
  return ok;
}
