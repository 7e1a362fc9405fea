/* The desktop part of the spec: which channels, devices and D-Bus names a
 * sandbox asks for.  What they are in a session is resolved per run, outside
 * the spec (src/desktop/desktop.c).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "spec/spec-private.h"
#include "common/json.h"

/* The names of the JailSocket and JailDevice bits, in bit order: what the
 * command line and --print call them. */
static const char *const socket_names[] = {
  "wayland", "x11", "fallback-x11", "pulseaudio", "pipewire", "session-bus", "system-bus",
  "ssh-auth", "cups",
};
static const char *const device_names[] = { "dri", "all", "kvm", "shm", "input", "u2f", "webcam" };

static void
append_mask (JailJson *o, const char *key, guint mask, const char *const *names, gsize n)
{
  JailJson *array = jail_json_add_array (o, key);
  for (gsize i = 0; i < n; i++)
    if (mask & (1u << i))
      jail_json_append_string (array, names[i]);
}

static void
append_rules (JailJson *o, const char *key, const GPtrArray *rules)
{
  JailJson *array = jail_json_add_array (o, key);
  for (guint i = 0; rules != NULL && i < rules->len; i++)
    jail_json_append_string (array, (const char *) g_ptr_array_index (rules, i) + 2);
}

void
jail_spec_append_desktop_json (JailJson *o, const JailSpec *spec)
{
  JailJson *b = jail_json_add_object (o, "desktop");
  append_mask (b, "sockets", spec->sockets, socket_names, G_N_ELEMENTS (socket_names));
  append_mask (b, "devices", spec->devices, device_names, G_N_ELEMENTS (device_names));
  jail_json_add_bool (b, "base", spec->desktop_base);
  JailJson *dbus = jail_json_add_object (b, "dbus");
  append_rules (dbus, "session", spec->dbus_rules[JAIL_DBUS_SESSION]);
  append_rules (dbus, "system", spec->dbus_rules[JAIL_DBUS_SYSTEM]);
  jail_json_add_bool (dbus, "log", spec->dbus_log);
  /* proxy_dir: run-time state, which only a run's plan has; the key stays
   * for readers of this output. */
  jail_json_add_null (dbus, "proxy_dir");
}

int
jail_socket_from_name (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (socket_names); i++)
    if (strcmp (socket_names[i], name) == 0)
      return 1 << i;
  return 0;
}

int
jail_device_from_name (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (device_names); i++)
    if (strcmp (device_names[i], name) == 0)
      return 1 << i;
  return 0;
}

void
jail_spec_set_sockets (JailSpec *spec, guint mask)
{
  spec->sockets = mask;
}

guint
jail_spec_get_sockets (const JailSpec *spec)
{
  return spec->sockets;
}

void
jail_spec_set_devices (JailSpec *spec, guint mask)
{
  spec->devices = mask;
}

guint
jail_spec_get_devices (const JailSpec *spec)
{
  return spec->devices;
}

void
jail_spec_set_desktop_base (JailSpec *spec, gboolean base)
{
  spec->desktop_base = base;
}

void
jail_spec_set_dbus_log (JailSpec *spec, gboolean log)
{
  spec->dbus_log = log;
}

gboolean
jail_spec_add_dbus_rule (JailSpec *spec, JailDBusBus bus, const char *kind, const char *value,
                         GError **error)
{
  static const char *const kinds[] = { "talk", "own", "see", "call", "broadcast" };
  gboolean known = FALSE, with_rule = FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kind, kinds[i]) == 0)
      known = TRUE, with_rule = i >= 3;
  if (!known || (bus != JAIL_DBUS_SESSION && bus != JAIL_DBUS_SYSTEM))
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID, "dbus: unknown rule '%s'", kind),
           FALSE;
  /* Names may end in .* (a whole subtree, as xdg-dbus-proxy allows). */
  if (value == NULL || value[0] == '\0' || value[0] == '-' || strlen (value) > 1024
      || strspn (value, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-:*=/@")
           != strlen (value)
      || (with_rule && strchr (value, '=') == NULL))
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID, "dbus %s: '%s' is not a %s", kind,
                        value ? value : "", with_rule ? "NAME=RULE" : "bus name"), FALSE;
  if (spec->dbus_rules[bus] == NULL)
    spec->dbus_rules[bus] = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (spec->dbus_rules[bus], g_strdup_printf ("--%s=%s", kind, value));
  return TRUE;
}

void
jail_spec_clear_desktop (JailSpec *spec)
{
  for (int b = 0; b < 2; b++)
    g_clear_pointer (&spec->dbus_rules[b], g_ptr_array_unref);
}
