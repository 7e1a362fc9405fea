/* Desktop channels: internal helpers shared by src/desktop/.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "spec/spec-private.h"

/* Xauthority (xauth.c): the entries of `data` for display `number` that a
 * client on this host would use, rewritten with the wildcard family. */
GBytes *jail_xauth_filter (const guint8 *data, gsize len, const char *hostname,
                           const char *number);

/* The D-Bus proxy (dbus-proxy.c), run by the monitor beside the sandbox. */
typedef struct {
  pid_t pid;
  int sync_fd;
  int log_fd; /* its --log output, for the denial report (src/report/); -1 when off */
} JailDBusProxy;

/* One run's desktop channels: what the spec's sockets, devices and gui
 * base are in the caller's session when the sandbox starts.  Run-time state
 * lives here, never in the spec. */
typedef struct {
  JailSpec *spec;            /* the run's view: the spec, then these binds and variables */
  char *dbus_upstream[2];    /* bus addresses the proxy connects to */
  char *dbus_proxy_dir;      /* host dir holding the proxy sockets */
  int xauth_fd;              /* the filtered Xauthority, read by the sandbox */
} JailDesktopPlan;

/* Resolves the channels (warnings go to the caller's message handler). */
gboolean jail_desktop_plan_new (const JailSpec *spec, JailDesktopPlan **ret, GError **error);
void jail_desktop_plan_free (JailDesktopPlan *plan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JailDesktopPlan, jail_desktop_plan_free)

gboolean jail_dbus_proxy_start (const JailDesktopPlan *plan, JailDBusProxy *proxy,
                                GError **error);
void jail_dbus_proxy_stop (const JailDesktopPlan *plan, JailDBusProxy *proxy);

/* "wayland" → JAIL_SOCKET_WAYLAND …; 0 when unknown. */
int jail_socket_from_name (const char *name);
int jail_device_from_name (const char *name);
