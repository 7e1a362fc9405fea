/* The monitor's half of what a calling program hands the sandbox
 * (spec-caller.h): namespaces given as fds to join, and the reports on the
 * info and status fds.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "monitor/caller.h"
#include "common/namespaces.h"



/* The user namespace, which owns the pid namespace the sandbox's child
 * is started in (monitor/spawn.c joins that one: a thread joined to a
 * pid namespace it does not run in may start no thread, EINVAL). */
gboolean
jail_monitor_join_namespaces (const JailSpec *spec, GError **error)
{
  int fd = jail_spec_get_fd (spec, JAIL_FD_USERNS);
  if (fd >= 0 && setns (fd, CLONE_NEWUSER) < 0)
    return jail_monitor_join_error (CLONE_NEWUSER, errno, error), FALSE;
  return TRUE;
}

void
jail_monitor_join_error (int nstype, int err, GError **error)
{
  g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP, "Joining specified %s namespace: setns: %s",
               nstype == CLONE_NEWUSER ? "user" : "pid", g_strerror (err));
}

int
jail_monitor_clone_flags_dropped (const JailSpec *spec)
{
  /* The kernel creates no pid namespace below one we joined only for our
   * children (EINVAL): then the sandbox itself unshares it and forks. */
  return jail_spec_get_fd (spec, JAIL_FD_PIDNS) >= 0 ? CLONE_NEWPID : 0;
}

/* A process the monitor starts after joining them would live in them,
 * visible to the processes there. */
gboolean
jail_monitor_joins_namespaces (const JailSpec *spec)
{
  return jail_spec_get_fd (spec, JAIL_FD_USERNS) >= 0 || jail_spec_get_fd (spec, JAIL_FD_PIDNS) >= 0;
}

gboolean
jail_monitor_writes_id_maps (const JailSpec *spec)
{
  return jail_spec_get_fd (spec, JAIL_FD_USERNS_BLOCK) < 0;
}

/* The namespaces the sandbox created (never the user one) by name, in
 * bubblewrap's order, which readers of the info fd may expect. */
static int
by_proc_name (gconstpointer a, gconstpointer b)
{
  return strcmp ((*(const JailNamespaceKind *const *) a)->proc_name,
                 (*(const JailNamespaceKind *const *) b)->proc_name);
}

static void
append_namespace_ids (GString *out, const JailSpec *spec, pid_t child, ino_t net_ns,
                      const char *sep)
{
  const JailNamespaceKind *created[JAIL_N_NAMESPACES];
  gsize n = 0;
  guint namespaces = jail_spec_get_namespaces (spec);
  for (gsize i = 0; i < G_N_ELEMENTS (jail_namespaces); i++)
    if ((namespaces & jail_namespaces[i].ns) && jail_namespaces[i].ns != JAIL_NS_USER)
      created[n++] = &jail_namespaces[i];
  qsort (created, n, sizeof created[0], by_proc_name);
  for (gsize i = 0; i < n; i++)
    {
      char path[64];
      struct stat st;
      snprintf (path, sizeof path, "/proc/%d/ns/%s", (int) child, created[i]->proc_name);
      if (created[i]->ns == JAIL_NS_NET && net_ns != 0)
        st.st_ino = net_ns;
      else if (stat (path, &st) < 0)
        continue;
      g_string_append_printf (out, ",%s\"%s-namespace\": %llu", sep, created[i]->proc_name,
                              (unsigned long long) st.st_ino);
    }
}

/* 0 or the errno of the failed write. */
static int
write_all (int fd, const char *data, gsize len)
{
  while (len > 0)
    {
      ssize_t n = write (fd, data, len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return n < 0 ? errno : EIO;
      data += n;
      len -= (gsize) n;
    }
  return 0;
}

/* A status fd that cannot be written is a failure (as in bubblewrap): the
 * caller waiting on it would otherwise wait forever.
 *
 * These reports keep bubblewrap's exact layout ("key": value, the info fd
 * indented by four spaces, status lines on one line each), which callers
 * match line by line (tests/lib/flatpak-style-caller.sh reads the pid with
 * sed, as scripts written for bwrap do).  common/json.c writes
 * "key" : value (--print's layout), so it is not used here; every value
 * is an integer under a fixed key, so there is nothing to escape. */
gboolean
jail_monitor_report_started (const JailSpec *spec, pid_t child, ino_t net_ns, GError **error)
{
  int info = jail_spec_get_fd (spec, JAIL_FD_INFO);
  int status = jail_spec_get_fd (spec, JAIL_FD_JSON_STATUS);
  int err = 0;
  if (info >= 0)
    {
      GString *out = g_string_new (NULL);
      g_string_append_printf (out, "{\n    \"child-pid\": %d", (int) child);
      append_namespace_ids (out, spec, child, net_ns, "\n    ");
      g_string_append (out, "\n}\n");
      err = write_all (info, out->str, out->len);
      g_string_free (out, TRUE);
      close (info);
      if (err != 0)
        return g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP, "Write to info_fd: %s",
                            g_strerror (err)), FALSE;
    }
  if (status >= 0)
    {
      GString *out = g_string_new (NULL);
      g_string_append_printf (out, "{ \"child-pid\": %d", (int) child);
      append_namespace_ids (out, spec, child, net_ns, " ");
      g_string_append (out, " }\n");
      err = write_all (status, out->str, out->len);
      g_string_free (out, TRUE);
      if (err != 0)
        return g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP, "Write to json_status_fd: %s",
                            g_strerror (err)), FALSE;
    }
  return TRUE;
}

void
jail_monitor_report_exit (const JailSpec *spec, gboolean ran, int exit_code)
{
  int status = jail_spec_get_fd (spec, JAIL_FD_JSON_STATUS);
  if (status < 0)
    return;
  if (ran)
    {
      char line[64];
      int n = snprintf (line, sizeof line, "{ \"exit-code\": %d }\n", exit_code);
      write_all (status, line, (gsize) n);
    }
  close (status);
}
