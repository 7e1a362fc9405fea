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

/* The D-Bus proxy (dbus-proxy.c), run by the monitor beside the sandbox.
 * Its sockets live in $XDG_RUNTIME_DIR/.jail-dbus-PID-RANDOM (PID: the
 * monitor's), made by the monitor and removed when the sandbox ends. */
#define JAIL_DBUS_PROXY_DIR_PREFIX ".jail-dbus-"

typedef struct {
  pid_t pid;
  int sync_fd;
} JailDBusProxy;

gboolean jail_dbus_proxy_start (const JailSpec *spec, JailDBusProxy *proxy, GError **error);
void jail_dbus_proxy_stop (const JailSpec *spec, JailDBusProxy *proxy);

/* "wayland" → JAIL_SOCKET_WAYLAND …; 0 when unknown. */
int jail_socket_from_name (const char *name);
int jail_device_from_name (const char *name);
