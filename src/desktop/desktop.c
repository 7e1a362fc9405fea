/* Desktop channels: sockets, devices and the gui base, resolved when a
 * sandbox starts into filesystem operations and environment of that run's
 * own view of the spec (the spec keeps only what was asked for).
 *
 * What is not granted stays out: the host's variables that name a channel
 * (DISPLAY, WAYLAND_DISPLAY, PULSE_SERVER, …) are unset inside so that an
 * app does not reach for a socket it was not given.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/stat.h>
#include <unistd.h>

#include "desktop/desktop.h"
#include "common/message.h"
#include "common/random.h"

/* ---- resolution ---- */

typedef struct {
  JailSpec *spec;          /* the run's view, extended here */
  JailDesktopPlan *plan;
  const char *runtime_dir; /* the caller's $XDG_RUNTIME_DIR on the host */
  const char *inside;      /* the sandbox's own: /run/user/UID, $XDG_RUNTIME_DIR inside */
  guint env_start;         /* the channels' variables: the env ops from here on */
} Resolver;

/* The host's variables that name a channel.  Each is unset inside unless
 * its channel is granted and present, so an app never reaches for a
 * socket, cookie or agent it was not given (an X display reachable by
 * its abstract socket, an ssh-agent under a --bind of the runtime dir). */
static const char *const channel_variables[] = {
  "DISPLAY", "XAUTHORITY",                 /* x11 */
  "WAYLAND_DISPLAY", "WAYLAND_SOCKET",     /* wayland */
  "PULSE_SERVER", "PULSE_COOKIE",          /* pulseaudio */
  "PIPEWIRE_REMOTE",                       /* pipewire */
  "DBUS_SESSION_BUS_ADDRESS",              /* session-bus */
  "DBUS_SYSTEM_BUS_ADDRESS",               /* system-bus */
  "SSH_AUTH_SOCK", "SSH_AGENT_PID",        /* ssh-auth */
  "CUPS_SERVER",                           /* cups */
};

/* The channels' variables go before every --setenv/--unsetenv of the
 * caller: what the caller set by hand wins over what a channel resolved. */
static void
channel_env_first (Resolver *r)
{
  jail_spec_move_env_to_front (r->spec, r->env_start);
}

static gboolean
is_socket (const char *path)
{
  struct stat st;
  return stat (path, &st) == 0 && S_ISSOCK (st.st_mode);
}

static void
warn (Resolver *r, const char *fmt, ...) G_GNUC_PRINTF (2, 3);

static void
warn (Resolver *r, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *text = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  jail_message (JAIL_MESSAGE_WARNING, "%s", text);
}

/* A socket of the user's session at `dest` inside. */
static gboolean
bind_socket (Resolver *r, const char *path, const char *dest, gboolean *ret_done, GError **error)
{
  *ret_done = FALSE;
  /* A channel the session does not have is skipped quietly, as flatpak
   * does: a gui profile asks for all of them. */
  if (!is_socket (path))
    return TRUE;
  *ret_done = TRUE;
  return jail_spec_add_fs (r->spec, JAIL_FS_BIND, path, dest, 0, error);
}

/* NAME in the runtime directory on the host (`inside` FALSE) or in the
 * sandbox's; an absolute NAME is the same path on both sides. */
static char *
runtime_path (Resolver *r, const char *name, gboolean inside)
{
  if (name[0] == '/')
    return g_strdup (name);
  return g_build_filename (inside ? r->inside : r->runtime_dir, name, NULL);
}

static gboolean
resolve_wayland (Resolver *r, gboolean *ret_done, GError **error)
{
  const char *display = g_getenv ("WAYLAND_DISPLAY");
  if (display == NULL || display[0] == '\0')
    display = "wayland-0";
  g_autofree char *path = runtime_path (r, display, FALSE);
  g_autofree char *dest = runtime_path (r, display, TRUE);
  *ret_done = FALSE;
  if (!is_socket (path))
    return TRUE; /* no compositor: nothing to grant (fallback-x11 may apply) */
  if (!bind_socket (r, path, dest, ret_done, error))
    return FALSE;
  jail_spec_setenv (r->spec, "WAYLAND_DISPLAY", display);
  return TRUE;
}

/* ":N", ":N.S" or "unix:N": the local display N; anything else is TCP. */
static char *
display_number (const char *display)
{
  const char *p = g_str_has_prefix (display, "unix:") ? display + 5
                  : display[0] == ':'                 ? display + 1
                                                      : NULL;
  if (p == NULL || !g_ascii_isdigit (p[0]))
    return NULL;
  gsize n = strspn (p, "0123456789");
  if (p[n] != '\0' && p[n] != '.')
    return NULL;
  return g_strndup (p, n);
}

static int
memfd_with (GBytes *bytes)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  int fd = memfd_create ("jail-xauthority", MFD_CLOEXEC);
  if (fd < 0)
    return -1;
  if (len > 0 && write (fd, data, len) != (ssize_t) len)
    {
      close (fd);
      return -1;
    }
  lseek (fd, 0, SEEK_SET);
  return fd;
}

/* Whether the X server at `socket_path` lets a client of ours in without
 * a cookie (Xvfb without -auth, `xhost +si:localuser:…`): the connection
 * setup of the X protocol with no authorization, answered 1 (Success),
 * 0 (Failed) or 2 (Authenticate). */
static gboolean
x11_accepts_without_cookie (const char *socket_path)
{
  /* Little-endian ('l'), protocol 11.0, no authorization name nor data. */
  static const guint8 setup[12] = { 'l', 0, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  guint8 answer = 0;
  if (strlen (socket_path) >= sizeof addr.sun_path)
    return FALSE;
  strcpy (addr.sun_path, socket_path);
  int fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return FALSE;
  struct pollfd pfd = { .fd = fd, .events = POLLIN };
  gboolean ok = connect (fd, (struct sockaddr *) &addr, sizeof addr) == 0
                && write (fd, setup, sizeof setup) == (ssize_t) sizeof setup
                && poll (&pfd, 1, 2000) == 1 && read (fd, &answer, 1) == 1 && answer == 1;
  close (fd);
  return ok;
}

static gboolean
add_xauthority (Resolver *r, const char *number, const char *socket_path, GError **error)
{
  g_autofree char *host_file = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;
  const char *xa = g_getenv ("XAUTHORITY");
  host_file = xa != NULL && xa[0] != '\0' ? g_strdup (xa)
                                          : g_build_filename (g_get_home_dir (), ".Xauthority", NULL);
  if (!g_file_get_contents (host_file, &data, &len, NULL))
    {
      if (!x11_accepts_without_cookie (socket_path))
        warn (r, "socket x11: no Xauthority at %s and the display refuses clients without a "
                 "cookie: the app will not connect (set XAUTHORITY to the display's cookie "
                 "file)", host_file);
      return TRUE;
    }
  char hostname[256] = "";
  gethostname (hostname, sizeof hostname - 1);
  g_autoptr (GBytes) cookie = jail_xauth_filter ((const guint8 *) data, len, hostname, number);
  int fd = memfd_with (cookie);
  if (fd < 0)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP, "socket x11: memfd: %s",
                        g_strerror (errno)), FALSE;
  g_autofree char *dest = g_build_filename (r->inside, "Xauthority", NULL);
  JailFsOp op = JAIL_FS_OP_INIT;
  op.kind = JAIL_FS_RO_BIND_DATA;
  op.dest = dest;
  op.fd = fd;
  op.mode = 0600;
  /* The plan owns the fd (read by the sandbox at setup). */
  r->plan->xauth_fd = fd;
  if (!jail_spec_add_fs_op (r->spec, &op, error))
    return FALSE;
  jail_spec_setenv (r->spec, "XAUTHORITY", dest);
  return TRUE;
}

static gboolean
resolve_x11 (Resolver *r, GError **error)
{
  const char *display = g_getenv ("DISPLAY");
  g_autofree char *number = display != NULL ? display_number (display) : NULL;
  if (number == NULL)
    {
      if (display == NULL || display[0] == '\0')
        return TRUE;
      warn (r, "socket x11: DISPLAY '%s' is not a local display, not granted",
            display ? display : "");
      return TRUE;
    }
  g_autofree char *path = g_strdup_printf ("/tmp/.X11-unix/X%s", number);
  gboolean done;
  if (!bind_socket (r, path, path, &done, error))
    return FALSE;
  if (!done)
    return TRUE;
  g_autofree char *inside = g_strdup_printf (":%s", number);
  jail_spec_setenv (r->spec, "DISPLAY", inside);
  /* X servers also listen on the abstract socket @/tmp/.X11-unix/XN, which
   * only the network namespace keeps out of reach. */
  if (!(jail_spec_get_namespaces (r->spec) & JAIL_NS_NET))
    /* TODO(hardening): when Landlock scoping (LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET,
     * ABI 6) is applied by sandbox_drop_privileges, skip this warning. */
    warn (r, "socket x11: with the host network the X server's abstract socket "
             "@/tmp/.X11-unix/X%s stays reachable (no Landlock scoping)", number);
  return add_xauthority (r, number, path, error);
}

static gboolean
resolve_pulseaudio (Resolver *r, GError **error)
{
  g_autofree char *path = g_build_filename (r->runtime_dir, "pulse", "native", NULL);
  g_autofree char *native = g_build_filename (r->inside, "pulse", "native", NULL);
  gboolean done;
  if (!bind_socket (r, path, native, &done, error))
    return FALSE;
  if (!done)
    return TRUE;
  g_autofree char *server = g_strdup_printf ("unix:%s", native);
  jail_spec_setenv (r->spec, "PULSE_SERVER", server);
  const char *env_cookie = g_getenv ("PULSE_COOKIE");
  g_autofree char *cookie = env_cookie != NULL
                              ? g_strdup (env_cookie)
                              : g_build_filename (g_get_user_config_dir (), "pulse", "cookie", NULL);
  if (g_file_test (cookie, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *dest = g_build_filename (r->inside, "pulse", "cookie", NULL);
      if (!jail_spec_add_fs (r->spec, JAIL_FS_RO_BIND, cookie, dest, 0, error))
        return FALSE;
      jail_spec_setenv (r->spec, "PULSE_COOKIE", dest);
    }
  return TRUE;
}

static gboolean
resolve_simple_socket (Resolver *r, const char *host, const char *dest, const char *what,
                       const char *var, const char *value, GError **error)
{
  if (!is_socket (host))
    return TRUE;
  if (!jail_spec_add_fs (r->spec, JAIL_FS_BIND, host, dest, 0, error))
    return FALSE;
  if (var != NULL)
    jail_spec_setenv (r->spec, var, value);
  return TRUE;
}

/* unix:path=/x,guid=… → /x; abstract or TCP addresses are not bindable. */
static char *
bus_socket_path (const char *address)
{
  if (address == NULL || !g_str_has_prefix (address, "unix:path="))
    return NULL;
  const char *p = address + strlen ("unix:path=");
  return g_strndup (p, strcspn (p, ",;"));
}

/* The bus the session uses: its variable, else where libdbus and GDBus
 * look when it is unset (systemd's user bus at $XDG_RUNTIME_DIR/bus, the
 * system bus at its fixed path). */
static char *
upstream_address (Resolver *r, JailDBusBus bus)
{
  const char *a = g_getenv (bus == JAIL_DBUS_SESSION ? "DBUS_SESSION_BUS_ADDRESS"
                                                     : "DBUS_SYSTEM_BUS_ADDRESS");
  if (a != NULL && a[0] != '\0')
    return g_strdup (a);
  if (bus == JAIL_DBUS_SYSTEM)
    return g_strdup ("unix:path=/run/dbus/system_bus_socket");
  g_autofree char *user_bus = g_build_filename (r->runtime_dir, "bus", NULL);
  if (is_socket (user_bus))
    return g_strdup_printf ("unix:path=%s", user_bus);
  return NULL;
}

static gboolean
resolve_bus (Resolver *r, JailDBusBus bus, GError **error)
{
  const char *what = bus == JAIL_DBUS_SESSION ? "session-bus" : "system-bus";
  const char *var = bus == JAIL_DBUS_SESSION ? "DBUS_SESSION_BUS_ADDRESS" : "DBUS_SYSTEM_BUS_ADDRESS";
  g_autofree char *dest = bus == JAIL_DBUS_SESSION ? g_build_filename (r->inside, "bus", NULL)
                                                   : g_strdup ("/run/dbus/system_bus_socket");
  g_autofree char *address = g_strdup_printf ("unix:path=%s", dest);
  guint raw = bus == JAIL_DBUS_SESSION ? JAIL_SOCKET_SESSION_BUS : JAIL_SOCKET_SYSTEM_BUS;
  g_autofree char *upstream = upstream_address (r, bus);

  if (jail_spec_get_sockets (r->spec) & raw)
    {
      /* Full access, only because it was asked for by name. */
      g_autofree char *host = bus_socket_path (upstream);
      if (host == NULL)
        {
          warn (r, "socket %s: bus address '%s' is not a socket path, not granted", what,
                upstream ? upstream : "");
          return TRUE;
        }
      return resolve_simple_socket (r, host, dest, what, var, address, error);
    }
  const GPtrArray *rules = jail_spec_get_dbus_rules (r->spec, bus);
  if (rules == NULL || rules->len == 0)
    return TRUE;
  if (upstream == NULL)
    return TRUE; /* no session bus at all: there is nothing to filter or leak */
  /* The monitor starts xdg-dbus-proxy on sockets in this directory before
   * the sandbox mounts them (see dbus-proxy.c). */
  if (r->plan->dbus_proxy_dir == NULL)
    {
      g_autofree char *rnd = g_strdup_printf ("%08x", jail_random_u32 ());
      g_autofree char *name = g_strdup_printf (JAIL_DBUS_PROXY_DIR_PREFIX "%d-%s",
                                               (int) getpid (), rnd);
      /* No runtime dir on the host (a bare login): /tmp, still private (0700). */
      const char *base = g_file_test (r->runtime_dir, G_FILE_TEST_IS_DIR) ? r->runtime_dir
                                                                          : g_get_tmp_dir ();
      r->plan->dbus_proxy_dir = g_build_filename (base, name, NULL);
    }
  r->plan->dbus_upstream[bus] = g_steal_pointer (&upstream);
  g_autofree char *source = g_build_filename (r->plan->dbus_proxy_dir,
                                              bus == JAIL_DBUS_SESSION ? "session" : "system", NULL);
  if (!jail_spec_add_fs (r->spec, JAIL_FS_BIND, source, dest, 0, error))
    return FALSE;
  jail_spec_setenv (r->spec, var, address);
  return TRUE;
}

static gboolean
resolve_sockets (Resolver *r, GError **error)
{
  guint s = jail_spec_get_sockets (r->spec);
  gboolean have_wayland = FALSE;

  if ((s & JAIL_SOCKET_WAYLAND) && !resolve_wayland (r, &have_wayland, error))
    return FALSE;
  /* flatpak's fallback-x11: X11 only when the app has no Wayland. */
  gboolean x11 = (s & JAIL_SOCKET_X11) || ((s & JAIL_SOCKET_FALLBACK_X11) && !have_wayland);
  if (x11 && !resolve_x11 (r, error))
    return FALSE;
  if ((s & JAIL_SOCKET_PULSEAUDIO) && !resolve_pulseaudio (r, error))
    return FALSE;
  if (s & JAIL_SOCKET_PIPEWIRE)
    {
      g_autofree char *pw = g_build_filename (r->runtime_dir, "pipewire-0", NULL);
      g_autofree char *pw_dest = g_build_filename (r->inside, "pipewire-0", NULL);
      if (!resolve_simple_socket (r, pw, pw_dest, "pipewire", NULL, NULL, error))
        return FALSE;
    }
  if (s & JAIL_SOCKET_SSH_AUTH)
    {
      const char *agent = g_getenv ("SSH_AUTH_SOCK");
      g_autofree char *dest = g_build_filename (r->inside, "ssh-auth", NULL);
      if (agent == NULL)
        ; /* no agent: nothing to grant */
      else if (!resolve_simple_socket (r, agent, dest, "ssh-auth", "SSH_AUTH_SOCK", dest, error))
        return FALSE;
    }
  if (!jail_desktop_resolve_cups (r->spec, (s & JAIL_SOCKET_CUPS) != 0, error))
    return FALSE;
  return resolve_bus (r, JAIL_DBUS_SESSION, error) && resolve_bus (r, JAIL_DBUS_SYSTEM, error);
}

static gboolean
resolve_devices (Resolver *r, GError **error)
{
  guint d = jail_spec_get_devices (r->spec);
  if (d & JAIL_DEVICE_ALL)
    return jail_spec_add_fs (r->spec, JAIL_FS_DEV_BIND, "/dev", "/dev", 0, error);
  if (d & (JAIL_DEVICE_DRI | JAIL_DEVICE_INPUT | JAIL_DEVICE_U2F | JAIL_DEVICE_WEBCAM))
    {
      /* Mesa, libinput, libfido2 and the browsers' camera code find their
       * devices through udev's view of sysfs: /sys/dev/char/MAJ:MIN links
       * into /sys/devices, and the bus/class trees for the ids.
       * Read-only, as flatpak does. */
      static const char *const sys[] = { "/sys/dev", "/sys/devices", "/sys/bus", "/sys/class" };
      for (gsize i = 0; i < G_N_ELEMENTS (sys); i++)
        if (!jail_spec_add_fs (r->spec, JAIL_FS_RO_BIND, sys[i], sys[i], JAIL_FS_FLAG_TRY, error))
          return FALSE;
      if (!jail_spec_add_fs (r->spec, JAIL_FS_RO_BIND,
                             "/run/udev/data", "/run/udev/data", JAIL_FS_FLAG_TRY, error))
        return FALSE;
    }
  if ((d & JAIL_DEVICE_DRI) && !jail_spec_add_fs (r->spec, JAIL_FS_DEV_BIND,
                                                  "/dev/dri", "/dev/dri", JAIL_FS_FLAG_TRY, error))
    return FALSE;
  if ((d & JAIL_DEVICE_INPUT)
      && !jail_spec_add_fs (r->spec, JAIL_FS_DEV_BIND,
                            "/dev/input", "/dev/input", JAIL_FS_FLAG_TRY, error))
    return FALSE;
  if ((d & JAIL_DEVICE_U2F) && !jail_desktop_add_device_class (r->spec, JAIL_DEVICE_U2F, error))
    return FALSE;
  if ((d & JAIL_DEVICE_WEBCAM)
      && !jail_desktop_add_device_class (r->spec, JAIL_DEVICE_WEBCAM, error))
    return FALSE;
  if ((d & JAIL_DEVICE_KVM) && !jail_spec_add_fs (r->spec, JAIL_FS_DEV_BIND,
                                                  "/dev/kvm", "/dev/kvm", JAIL_FS_FLAG_TRY, error))
    return FALSE;
  if ((d & JAIL_DEVICE_SHM) && !jail_spec_add_fs (r->spec, JAIL_FS_BIND,
                                                  "/dev/shm", "/dev/shm", JAIL_FS_FLAG_TRY, error))
    return FALSE;
  return TRUE;
}

/* Fonts, icons, themes, locale, timezone, machine-id: the system's are under
 * /usr and /etc already; these are the user's and the rest, read-only. */
static gboolean
resolve_base (Resolver *r, GError **error)
{
  static const char *const home_paths[] = {
    ".local/share/fonts", ".fonts", ".local/share/icons", ".icons", ".local/share/themes",
    ".themes", ".config/fontconfig", ".config/gtk-3.0", ".config/gtk-4.0", ".cache/fontconfig",
  };
  static const char *const system_paths[] = {
    "/var/cache/fontconfig", "/var/lib/dbus/machine-id",
  };
  const char *home = g_get_home_dir ();
  for (gsize i = 0; i < G_N_ELEMENTS (home_paths); i++)
    {
      g_autofree char *p = g_build_filename (home, home_paths[i], NULL);
      if (!jail_spec_add_fs (r->spec, JAIL_FS_RO_BIND, p, p, JAIL_FS_FLAG_TRY, error))
        return FALSE;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (system_paths); i++)
    if (!jail_spec_add_fs (r->spec, JAIL_FS_RO_BIND,
                           system_paths[i], system_paths[i], JAIL_FS_FLAG_TRY, error))
      return FALSE;
  return TRUE;
}

void
jail_desktop_plan_free (JailDesktopPlan *plan)
{
  if (plan == NULL)
    return;
  jail_spec_view_free (plan->spec);
  for (int b = 0; b < 2; b++)
    g_free (plan->dbus_upstream[b]);
  g_free (plan->dbus_proxy_dir);
  if (plan->xauth_fd >= 0)
    close (plan->xauth_fd);
  g_free (plan);
}

gboolean
jail_desktop_plan_new (const JailSpec *spec, JailDesktopPlan **ret, GError **error)
{
  g_autoptr (JailDesktopPlan) plan = g_new0 (JailDesktopPlan, 1);
  plan->xauth_fd = -1;
  plan->spec = jail_spec_view_new (spec);
  gboolean any = jail_spec_has_desktop (spec);
  g_autofree char *run_user = g_strdup_printf ("/run/user/%u", (unsigned) getuid ());
  const char *rd = g_getenv ("XDG_RUNTIME_DIR");
  Resolver r = { plan->spec, plan, rd != NULL && rd[0] == '/' ? rd : run_user, run_user,
                 jail_spec_get_n_env (plan->spec) };

  /* A caller that states the environment itself gets it unchanged. */
  if (!jail_spec_get_env_verbatim (spec))
    for (gsize i = 0; i < G_N_ELEMENTS (channel_variables); i++)
      jail_spec_unsetenv (plan->spec, channel_variables[i]);
  /* Nothing asked for: the common path stays as it is. */
  if (any && (!resolve_sockets (&r, error) || !resolve_devices (&r, error)
              || (jail_spec_get_desktop_base (spec) && !resolve_base (&r, error))))
    return FALSE;
  channel_env_first (&r);
  *ret = g_steal_pointer (&plan);
  return TRUE;
}
