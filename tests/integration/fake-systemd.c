/* A stand-in for the user's systemd manager on a private session bus,
 * for tests/integration/scope.sh: it owns org.freedesktop.systemd1,
 * answers Subscribe and StartTransientUnit, and removes each job at once
 * ("failed" for a unit whose name contains "fail", else "done").  Each
 * StartTransientUnit's arguments go to stdout, one line each; "ready"
 * once the name is owned.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <gio/gio.h>
#include <stdio.h>

#define MANAGER "org.freedesktop.systemd1.Manager"
#define MANAGER_PATH "/org/freedesktop/systemd1"

static const char manager_xml[] =
    "<node><interface name='" MANAGER "'>"
    "<method name='Subscribe'/>"
    "<method name='StartTransientUnit'>"
    "<arg type='s' direction='in'/><arg type='s' direction='in'/>"
    "<arg type='a(sv)' direction='in'/><arg type='a(sa(sv))' direction='in'/>"
    "<arg type='o' direction='out'/></method>"
    "<signal name='JobRemoved'><arg type='u'/><arg type='o'/><arg type='s'/><arg type='s'/></signal>"
    "</interface></node>";

static guint jobs;

static void
on_call (GDBusConnection *conn, const char *sender, const char *path, const char *iface,
         const char *method, GVariant *params, GDBusMethodInvocation *inv, gpointer data)
{
  (void) sender, (void) path, (void) iface, (void) data;
  if (g_str_equal (method, "Subscribe"))
    {
      g_dbus_method_invocation_return_value (inv, NULL);
      return;
    }
  g_autofree char *text = g_variant_print (params, FALSE);
  printf ("StartTransientUnit %s\n", text);
  fflush (stdout);
  const char *unit;
  g_variant_get_child (params, 0, "&s", &unit);
  g_autofree char *job = g_strdup_printf (MANAGER_PATH "/job/%u", ++jobs);
  g_dbus_method_invocation_return_value (inv, g_variant_new ("(o)", job));
  g_dbus_connection_emit_signal (conn, NULL, MANAGER_PATH, MANAGER, "JobRemoved",
                                 g_variant_new ("(uoss)", jobs, job, unit,
                                                strstr (unit, "fail") ? "failed" : "done"),
                                 NULL);
}

static const GDBusInterfaceVTable vtable = { on_call, NULL, NULL, { 0 } };

static void
on_bus (GDBusConnection *conn, const char *name, gpointer data)
{
  (void) name, (void) data;
  GDBusNodeInfo *info = g_dbus_node_info_new_for_xml (manager_xml, NULL);
  g_dbus_connection_register_object (conn, MANAGER_PATH, info->interfaces[0], &vtable, NULL,
                                     NULL, NULL);
}

static void
on_name (GDBusConnection *conn, const char *name, gpointer data)
{
  (void) conn, (void) name, (void) data;
  printf ("ready\n");
  fflush (stdout);
}

int
main (void)
{
  g_bus_own_name (G_BUS_TYPE_SESSION, "org.freedesktop.systemd1", G_BUS_NAME_OWNER_FLAGS_NONE,
                  on_bus, on_name, NULL, NULL, NULL);
  g_main_loop_run (g_main_loop_new (NULL, FALSE));
  return 0;
}
