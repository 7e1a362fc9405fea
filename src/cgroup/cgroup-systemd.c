/* A transient scope from the user's systemd manager, over its private bus
 * connection ($DBUS_SESSION_BUS_ADDRESS or $XDG_RUNTIME_DIR/bus), as
 * flatpak and systemd-run --user --scope do it.  The D-Bus side is the
 * program jail-scope (scope-main.c): the monitor starts it and goes on
 * with the sandbox's setup while systemd works, and reads its one-line
 * answer when it needs the scope.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup/cgroup.h"
#include "cgroup/scope.h"
#include "common/helper.h"

struct JailScopeRequest {
  JailHelper helper; /* jail-scope, or pid -1 when it could not start */
  GError *error;     /* why there is no jail-scope to ask */
};

/* The bus: $DBUS_SESSION_BUS_ADDRESS, else the socket's path (jail-scope
 * makes it an address).  No socket, no manager: say so without starting
 * anything. */
static char *
user_bus (void)
{
  const char *env = g_getenv ("DBUS_SESSION_BUS_ADDRESS");
  if (env != NULL && env[0] != '\0')
    return g_strdup (env);
  const char *runtime = g_getenv ("XDG_RUNTIME_DIR");
  if (runtime == NULL || runtime[0] == '\0')
    return NULL;
  g_autofree char *path = g_build_filename (runtime, "bus", NULL);
  if (path[0] != '/' || access (path, F_OK) < 0)
    return NULL;
  return g_steal_pointer (&path);
}

typedef struct {
  int exe_fd;
  char *const *argv;
} ExecArgs;

/* In the child of a process that may have threads: async-signal-safe
 * calls only. */
static int
exec_child (int channel, void *data)
{
  static const char failed[] = "cannot execute " JAIL_SCOPE_PROGRAM;
  ExecArgs *args = data;
  jail_helper_exec (channel, args->exe_fd, args->argv);
  ssize_t n = send (channel, failed, sizeof failed - 1, MSG_NOSIGNAL);
  (void) n; /* the monitor then sees the exit status alone */
  return JAIL_EXIT_CANNOT_EXECUTE;
}

static gboolean
spawn_scope_program (const char *unit, const char *bus, const pid_t *pids, gsize n_pids,
                     JailHelper *ret, GError **error)
{
  if (n_pids > JAIL_SCOPE_PIDS_MAX)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP, "%s: %zu processes, at most %d",
                        JAIL_SCOPE_PROGRAM, (size_t) n_pids, JAIL_SCOPE_PIDS_MAX), FALSE;
  int exe_fd = jail_helper_open_program (JAIL_SCOPE_PROGRAM);
  if (exe_fd < 0)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP,
                        "%s is not installed (beside jail, nor in %s)", JAIL_SCOPE_PROGRAM,
                        JAIL_LIBEXECDIR), FALSE;
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (argv, g_strdup (JAIL_SCOPE_PROGRAM));
  g_ptr_array_add (argv, g_strdup (unit));
  g_ptr_array_add (argv, g_strdup (bus));
  for (gsize i = 0; i < n_pids; i++)
    g_ptr_array_add (argv, g_strdup_printf ("%d", (int) pids[i]));
  g_ptr_array_add (argv, NULL);
  ExecArgs args = { .exe_fd = exe_fd, .argv = (char *const *) argv->pdata };
  gboolean ok = jail_helper_start ("systemd scope", exec_child, &args, ret, error);
  close (exe_fd);
  return ok;
}

JailScopeRequest *
jail_cgroup_scope_request (const char *unit, const pid_t *pids, gsize n_pids)
{
  JailScopeRequest *req = g_new0 (JailScopeRequest, 1);
  g_autofree char *bus = user_bus ();
  req->helper.pid = -1;
  req->helper.fd = -1;
  if (bus == NULL)
    g_set_error (&req->error, JAIL_ERROR, JAIL_ERROR_SETUP,
                 "no user bus (DBUS_SESSION_BUS_ADDRESS is not set and there is no "
                 "$XDG_RUNTIME_DIR/bus)");
  else
    spawn_scope_program (unit, bus, pids, n_pids, &req->helper, &req->error);
  return req;
}

static void
reap (pid_t pid, int *ret_status)
{
  while (waitpid (pid, ret_status, 0) < 0 && errno == EINTR)
    ;
}

gboolean
jail_cgroup_scope_wait (JailScopeRequest *req, GError **error)
{
  if (req->error != NULL)
    return g_propagate_error (error, g_steal_pointer (&req->error)), FALSE;
  char why[JAIL_SCOPE_REPLY_MAX];
  ssize_t n;
  /* jail-scope bounds its own wait (its alarm); its end closes the channel. */
  while ((n = recv (req->helper.fd, why, sizeof why - 1, 0)) < 0 && errno == EINTR)
    ;
  int status = 0;
  reap (req->helper.pid, &status);
  req->helper.pid = -1;
  if (n > 0)
    {
      why[n] = '\0';
      return g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP, "%s", why), FALSE;
    }
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP, "%s ended without an answer (%s %d)",
                        JAIL_SCOPE_PROGRAM, WIFEXITED (status) ? "status" : "signal",
                        WIFEXITED (status) ? WEXITSTATUS (status) : WTERMSIG (status)), FALSE;
  return TRUE;
}

void
jail_cgroup_scope_request_free (JailScopeRequest *req)
{
  if (req == NULL)
    return;
  /* Not waited for (the setup failed before): its answer is no longer
   * wanted. */
  if (req->helper.pid > 0)
    {
      kill (req->helper.pid, SIGKILL);
      reap (req->helper.pid, NULL);
    }
  if (req->helper.fd >= 0)
    close (req->helper.fd);
  g_clear_error (&req->error);
  g_free (req);
}
