/* Desktop options: sockets, devices, the gui base and D-Bus filter rules.
 * Each is also a profile key ([Sockets] Sockets=, [Devices] Devices=,
 * [DBus] Talk= …) that applies the same option.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "cli/cli-private.h"
#include "desktop/desktop.h"

/* A value may list several names: --socket=wayland,pulseaudio. */
static gboolean
opt_mask (Parser *p, const char *opt, char **args, GError **error)
{
  gboolean is_socket = strstr (opt, "socket") != NULL;
  gboolean grant = strncmp (opt, "--no", 4) != 0;
  JailSpec *spec = p->cli->spec;
  g_auto (GStrv) names = g_strsplit (args[0], ",", -1);

  for (char **n = names; *n != NULL; n++)
    {
      int bit = is_socket ? jail_socket_from_name (*n) : jail_device_from_name (*n);
      if (bit == 0)
        return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID, "%s: unknown %s '%s'", opt,
                            is_socket ? "socket" : "device", *n), FALSE;
      guint mask = is_socket ? jail_spec_get_sockets (spec) : jail_spec_get_devices (spec);
      mask = grant ? mask | (guint) bit : mask & ~(guint) bit;
      if (is_socket)
        jail_spec_set_sockets (spec, mask);
      else
        jail_spec_set_devices (spec, mask);
    }
  return TRUE;
}

static gboolean
opt_dbus (Parser *p, const char *opt, char **args, GError **error)
{
  /* --talk-name → talk, --system-call → call on the system bus. */
  gboolean system = g_str_has_prefix (opt, "--system-");
  const char *kind = opt + (system ? strlen ("--system-") : 2);
  g_autofree char *k = g_strndup (kind, strcspn (kind, "-"));
  return jail_spec_add_dbus_rule (p->cli->spec, system ? JAIL_DBUS_SYSTEM : JAIL_DBUS_SESSION, k,
                                  args[0], error);
}

static gboolean
opt_desktop_flag (Parser *p, const char *opt, char **args, GError **error)
{
  (void) args, (void) error;
  if (strcmp (opt, "--log-dbus") == 0)
    jail_spec_set_dbus_log (p->cli->spec, TRUE);
  else
    jail_spec_set_desktop_base (p->cli->spec, TRUE);
  return TRUE;
}

static const Option desktop_options[] = {
  { "--socket", 1, opt_mask, 0, "NAME[,…]",
    "grant wayland, x11, fallback-x11, pulseaudio, pipewire, session-bus, system-bus, ssh-auth, cups" },
  { "--nosocket", 1, opt_mask, 0, "NAME[,…]", "take a socket back" },
  { "--device", 1, opt_mask, 0, "NAME[,…]", "devices: dri input kvm shm u2f webcam all" },
  { "--nodevice", 1, opt_mask, 0, "NAME[,…]", "take a device back" },
  { "--desktop-base", 0, opt_desktop_flag, 0, NULL,
    "read-only fonts, icons, themes, locale, timezone, machine-id" },
  { "--talk-name", 1, opt_dbus, 0, "NAME", "D-Bus proxy: may talk to NAME (NAME.* allowed)" },
  { "--own-name", 1, opt_dbus, 0, "NAME", "D-Bus proxy: may own NAME" },
  { "--see-name", 1, opt_dbus, 0, "NAME", "D-Bus proxy: may see NAME" },
  { "--call", 1, opt_dbus, 0, "NAME=RULE", "D-Bus proxy: may call RULE on NAME" },
  { "--broadcast", 1, opt_dbus, 0, "NAME=RULE", "D-Bus proxy: may receive broadcasts" },
  { "--system-talk-name", 1, opt_dbus, 0, "NAME", "same, on the system bus" },
  { "--system-own-name", 1, opt_dbus, 0, "NAME", "same, on the system bus" },
  { "--system-see-name", 1, opt_dbus, 0, "NAME", "same, on the system bus" },
  { "--system-call", 1, opt_dbus, 0, "NAME=RULE", "same, on the system bus" },
  { "--system-broadcast", 1, opt_dbus, 0, "NAME=RULE", "same, on the system bus" },
  { "--log-dbus", 0, opt_desktop_flag, 0, NULL, "log the D-Bus traffic the proxy filters" },
};

const OptionGroup jail_desktop_option_group = {
  "Desktop", desktop_options, G_N_ELEMENTS (desktop_options),
};
