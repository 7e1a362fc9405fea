/* Desktop channels: internal helpers shared by src/desktop/.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "spec/spec-access.h"

/* Xauthority (xauth.c): the entries of `data` for display `number` that a
 * client on this host would use, rewritten with the wildcard family. */
GBytes *jail_xauth_filter (const guint8 *data, gsize len, const char *hostname,
                           const char *number);

/* The D-Bus proxy (dbus-proxy.c), run by the monitor beside the sandbox.
 * Its sockets live in $XDG_RUNTIME_DIR/.jail-dbus-PID-RANDOM (PID: the
 * monitor's), made by the monitor and removed when the sandbox ends. */
#define JAIL_DBUS_PROXY_DIR_PREFIX ".jail-dbus-"

/* One proxy per bus (JailDBusBus), -1 for a bus not proxied. */
typedef struct {
  pid_t pid[2];
  int sync_fd[2];
  int log_fd[2]; /* its --log output, for the denial report (src/report/); -1 when off */
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

/* Device classes (device-classes.c).  Whether a HID report descriptor
 * declares the FIDO usage page; the hidraw names ("hidraw3") whose
 * descriptor under SYSFS_ROOT/class/hidraw does; the DEV_ROOT/videoN
 * nodes listed under SYSFS_ROOT/class/video4linux that capture. */
gboolean jail_hid_descriptor_is_fido (const guint8 *desc, gsize len);
GPtrArray *jail_desktop_fido_hidraw (const char *sysfs_root);
GPtrArray *jail_desktop_video_capture (const char *sysfs_root, const char *dev_root);
/* Bind the host's nodes of class `which` (U2F or WEBCAM), as they are now. */
gboolean jail_desktop_add_device_class (JailSpec *spec, JailDevice which, GError **error);

/* cups.c: with `granted`, the host's CUPS socket at /run/cups/cups.sock
 * inside and CUPS_SERVER naming it; without, CUPS_SERVER unset. */
gboolean jail_desktop_resolve_cups (JailSpec *spec, gboolean granted, GError **error);
