/* The D-Bus proxy: xdg-dbus-proxy (Debian's package) filters what the app
 * may say on the buses, one process per bus proxied.  The monitor starts
 * them before the clone, waits for their sockets, and stops them when the
 * sandbox ends.
 *
 * It must never outlive jail: PR_SET_PDEATHSIG kills it with the monitor,
 * and its --fd pipe closes when the monitor dies (the proxy exits on HUP).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "desktop/desktop.h"

static const char *const bus_files[] = { "session", "system" };

/* One proxy per bus: its log then says which bus a refused call was on
 * (xdg-dbus-proxy prints the lines of all its buses as one stream). */
static GPtrArray *
proxy_argv (const JailDesktopPlan *plan, JailDBusBus bus, int fd)
{
  const JailSpec *spec = plan->spec;
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (argv, g_strdup ("xdg-dbus-proxy"));
  g_ptr_array_add (argv, g_strdup_printf ("--fd=%d", fd));
  g_ptr_array_add (argv, g_strdup (plan->dbus_upstream[bus]));
  g_ptr_array_add (argv, g_build_filename (plan->dbus_proxy_dir, bus_files[bus], NULL));
  g_ptr_array_add (argv, g_strdup ("--filter"));
  /* The denial report reads the log (the monitor echoes it for
   * --log-dbus). */
  if (jail_spec_get_dbus_log (spec) || jail_spec_reports (spec))
    g_ptr_array_add (argv, g_strdup ("--log"));
  const GPtrArray *rules = jail_spec_get_dbus_rules (spec, bus);
  for (guint i = 0; i < rules->len; i++)
    g_ptr_array_add (argv, g_strdup (g_ptr_array_index (rules, i)));
  g_ptr_array_add (argv, NULL);
  return argv;
}

/* A jail killed by SIGKILL leaves its directory behind (the proxy dies
 * with it, PR_SET_PDEATHSIG): remove those of jails that are gone, ours
 * only.  A PID alive again (reused) keeps its directory, to be safe. */
static void
remove_stale_dirs (const char *base)
{
  g_autoptr (GDir) d = g_dir_open (base, 0, NULL);
  const char *name;
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      if (!g_str_has_prefix (name, JAIL_DBUS_PROXY_DIR_PREFIX))
        continue;
      char *end = NULL;
      long pid = strtol (name + strlen (JAIL_DBUS_PROXY_DIR_PREFIX), &end, 10);
      struct stat st;
      g_autofree char *path = g_build_filename (base, name, NULL);
      if (pid <= 0 || end == NULL || *end != '-' || (kill ((pid_t) pid, 0) == 0 || errno != ESRCH)
          || lstat (path, &st) < 0 || !S_ISDIR (st.st_mode) || st.st_uid != getuid ())
        continue;
      for (gsize i = 0; i < G_N_ELEMENTS (bus_files); i++)
        {
          g_autofree char *sock = g_build_filename (path, bus_files[i], NULL);
          unlink (sock);
        }
      rmdir (path);
    }
}

/* mkdtemp's rule: the directory is new, ours and private, or we stop.  A
 * directory already there may hold sockets someone else listens on. */
static gboolean
make_private_dir (const char *dir, GError **error)
{
  g_autofree char *base = g_path_get_dirname (dir);
  remove_stale_dirs (base);
  struct stat st;
  if (mkdir (dir, 0700) < 0)
    {
      if (errno != EEXIST || lstat (dir, &st) < 0)
        return g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP, "dbus proxy %s: %s", dir,
                            g_strerror (errno)), FALSE;
      return g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP,
                          "dbus proxy %s: already exists (owner uid %u, mode %04o); "
                          "not using it", dir, (unsigned) st.st_uid,
                          (unsigned) (st.st_mode & 07777)), FALSE;
    }
  if (lstat (dir, &st) < 0 || !S_ISDIR (st.st_mode) || st.st_uid != getuid ()
      || (st.st_mode & 07777) != 0700)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP,
                        "dbus proxy %s: not a private directory of ours after mkdir", dir), FALSE;
  return TRUE;
}

/* In the forked child: only async-signal-safe calls until exec. */
static void G_GNUC_NORETURN
exec_proxy (char **argv, int fd, int log_fd, pid_t parent)
{
  sigset_t all;
  prctl (PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  if (getppid () != parent)
    _exit (127);
  sigemptyset (&all);
  sigprocmask (SIG_SETMASK, &all, NULL);
  fcntl (fd, F_SETFD, 0);
  /* Its log goes to the monitor or to jail's stderr, never into the
   * app's stdout. */
  dup2 (log_fd >= 0 ? log_fd : STDERR_FILENO, STDOUT_FILENO);
  execvp (argv[0], argv);
  _exit (127);
}

/* The proxy of one bus, started and listening. */
static gboolean
start_one (const JailDesktopPlan *plan, JailDBusBus bus, JailDBusProxy *proxy, GError **error)
{
  int p[2];
  char byte;

  if (pipe2 (p, O_CLOEXEC) < 0)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP, "dbus proxy: pipe: %s",
                        g_strerror (errno)), FALSE;
  int log[2] = { -1, -1 };
  if (jail_spec_reports (plan->spec) && pipe2 (log, O_CLOEXEC) < 0)
    {
      close (p[0]), close (p[1]);
      return g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP, "dbus proxy: pipe: %s",
                          g_strerror (errno)), FALSE;
    }
  g_autoptr (GPtrArray) argv = proxy_argv (plan, bus, p[1]);
  pid_t parent = getpid ();
  pid_t pid = fork ();
  if (pid < 0)
    {
      close (p[0]), close (p[1]);
      if (log[0] >= 0)
        close (log[0]), close (log[1]);
      return g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP, "dbus proxy: fork: %s",
                          g_strerror (errno)), FALSE;
    }
  if (pid == 0)
    exec_proxy ((char **) argv->pdata, p[1], log[1], parent);
  close (p[1]);
  if (log[1] >= 0)
    close (log[1]);
  proxy->log_fd[bus] = log[0];
  proxy->pid[bus] = pid;
  proxy->sync_fd[bus] = p[0];
  /* One byte when its socket listens; EOF if it died (not installed, bad
   * address…). */
  ssize_t n;
  while ((n = read (p[0], &byte, 1)) < 0 && errno == EINTR)
    ;
  if (n != 1)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP,
                        "dbus proxy %s: xdg-dbus-proxy did not start (is it installed? "
                        "apt-get install xdg-dbus-proxy)", plan->dbus_proxy_dir), FALSE;
  return TRUE;
}

gboolean
jail_dbus_proxy_start (const JailDesktopPlan *plan, JailDBusProxy *proxy, GError **error)
{
  for (int b = 0; b < 2; b++)
    proxy->pid[b] = -1, proxy->sync_fd[b] = -1, proxy->log_fd[b] = -1;
  if (plan->dbus_proxy_dir == NULL)
    return TRUE;
  if (!make_private_dir (plan->dbus_proxy_dir, error))
    return FALSE;
  for (int b = 0; b < 2; b++)
    if (plan->dbus_upstream[b] != NULL && !start_one (plan, b, proxy, error))
      {
        jail_dbus_proxy_stop (plan, proxy);
        return FALSE;
      }
  return TRUE;
}

void
jail_dbus_proxy_stop (const JailDesktopPlan *plan, JailDBusProxy *proxy)
{
  for (int b = 0; b < 2; b++)
    {
      if (proxy->sync_fd[b] >= 0)
        close (proxy->sync_fd[b]);
      proxy->sync_fd[b] = -1;
      if (proxy->log_fd[b] >= 0)
        close (proxy->log_fd[b]);
      proxy->log_fd[b] = -1;
      if (proxy->pid[b] > 0)
        {
          kill (proxy->pid[b], SIGTERM);
          while (waitpid (proxy->pid[b], NULL, 0) < 0 && errno == EINTR)
            ;
        }
      proxy->pid[b] = -1;
    }
  if (plan->dbus_proxy_dir == NULL)
    return;
  for (gsize i = 0; i < G_N_ELEMENTS (bus_files); i++)
    {
      g_autofree char *path = g_build_filename (plan->dbus_proxy_dir, bus_files[i], NULL);
      unlink (path);
    }
  rmdir (plan->dbus_proxy_dir);
}
