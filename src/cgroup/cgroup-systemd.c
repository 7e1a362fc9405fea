/* A transient scope from the user's systemd manager, over its private bus
 * connection ($DBUS_SESSION_BUS_ADDRESS or $XDG_RUNTIME_DIR/bus), as
 * flatpak and systemd-run --user --scope do it.  The D-Bus side is the
 * program jail-scope (scope-main.c): started before the sandbox, it
 * connects while the monitor builds the sandbox, asks once told the
 * scope's name and processes, and its one-line answer is read when the
 * sandbox needs its cgroup.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
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

static gboolean
spawn_scope_program (const char *bus, JailHelper *ret, GError **error)
{
  int exe_fd = jail_helper_open_program (JAIL_SCOPE_PROGRAM);
  if (exe_fd < 0)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP,
                        "%s is not installed (beside jail, nor in %s)", JAIL_SCOPE_PROGRAM,
                        JAIL_LIBEXECDIR), FALSE;
  char *argv[] = { (char *) JAIL_SCOPE_PROGRAM, (char *) bus, NULL };
  JailHelperProgram program = { .exe_fd = exe_fd, .argv = argv,
                                .failed = "cannot execute " JAIL_SCOPE_PROGRAM,
                                .failed_to_channel = TRUE };
  gboolean ok = jail_helper_start ("systemd scope", jail_helper_exec_main, &program, ret, error);
  close (exe_fd);
  return ok;
}

JailScopeRequest *
jail_cgroup_scope_connect (void)
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
    spawn_scope_program (bus, &req->helper, &req->error);
  return req;
}

void
jail_cgroup_scope_ask (JailScopeRequest *req, const char *unit, const pid_t *pids, gsize n_pids)
{
  if (req->error != NULL)
    return;
  if (n_pids > JAIL_SCOPE_PIDS_MAX)
    {
      g_set_error (&req->error, JAIL_ERROR, JAIL_ERROR_SETUP, "%s: %zu processes, at most %d",
                   JAIL_SCOPE_PROGRAM, (size_t) n_pids, JAIL_SCOPE_PIDS_MAX);
      return;
    }
  g_autoptr (GString) text = g_string_new (unit);
  for (gsize i = 0; i < n_pids; i++)
    g_string_append_printf (text, "\n%d", (int) pids[i]);
  /* One datagram.  A jail-scope that has already failed (no manager)
   * is gone: its answer waits on the channel all the same. */
  ssize_t n = send (req->helper.fd, text->str, text->len, MSG_NOSIGNAL);
  (void) n;
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
  ssize_t n = -1;
  struct pollfd pfd = { .fd = req->helper.fd, .events = POLLIN };
  int ready;
  /* Its end (exit) closes the channel; GIO's connection has no timeout
   * of its own, so a bus that accepts and never answers is bounded here. */
  while ((ready = poll (&pfd, 1, JAIL_SCOPE_TIMEOUT_SECONDS * 1000)) < 0 && errno == EINTR)
    ;
  if (ready > 0)
    {
      /* A jail-scope that failed before our request came (no bus, no
       * manager) never read it: its exit then resets the channel, which
       * recv reports once, before the answer it left. */
      int resets = 0;
      while ((n = recv (req->helper.fd, why, sizeof why - 1, 0)) < 0
             && (errno == EINTR || (errno == ECONNRESET && resets++ == 0)))
        ;
    }
  else
    kill (req->helper.pid, SIGKILL);
  int status = 0;
  reap (req->helper.pid, &status);
  req->helper.pid = -1;
  if (ready == 0)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP,
                        "no systemd user manager: no answer on the user bus in %d s",
                        JAIL_SCOPE_TIMEOUT_SECONDS), FALSE;
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
  jail_helper_stop (&req->helper, 0);
  if (req->helper.fd >= 0)
    close (req->helper.fd);
  g_clear_error (&req->error);
  g_free (req);
}
