/* The sandbox's setup, as one list of steps.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "sandbox/sandbox.h"
#include "common/sync.h"
#include "net/loopback.h"
#include "net/net-sandbox.h"

_Noreturn void
sandbox_fail (const SandboxCtx *ctx, const char *step, const char *path, int err)
{
  sync_send_error (ctx->sync_fd, SYNC_SETUP_ERROR, step, path, err, NULL);
  sandbox_exit_failed (ctx);
}

/* What the monitor sends unasked while we build the sandbox: SYNC_NETNS
 * (monitor/netns.c) and SYNC_GO (record published, cgroup in place).
 * Either may come before its answer to a question of ours (a symlink to
 * trust, the network up), so each is kept until it is waited for.  GO
 * comes once and is waited for once: that it came is all there is to
 * keep.  We are one thread, in the monitor's memory (monitor/spawn.c):
 * what a first start left here (netns.c's way back) is forgotten when
 * the next begins (sandbox_main). */
static bool go_seen;
static int unasked_netns_fd = -1;

int
sandbox_recv_reply (int fd, SyncType want, SyncMsg *msg, int *ret_fd)
{
  int passed = -1, r = 0;
  memset (msg, 0, sizeof *msg);
  if (want == SYNC_GO && go_seen)
    msg->type = SYNC_GO;
  else if (want == SYNC_NETNS && unasked_netns_fd >= 0)
    msg->type = SYNC_NETNS, passed = unasked_netns_fd, unasked_netns_fd = -1;
  else
    while ((r = sync_recv_fd (fd, msg, 0, &passed)) == 0 && msg->type != want)
      {
        if (msg->type == SYNC_GO && !go_seen)
          go_seen = true;
        else if (msg->type == SYNC_NETNS && unasked_netns_fd < 0)
          unasked_netns_fd = passed, passed = -1;
        else
          break; /* not the monitor's way: the caller sees what came */
        if (passed >= 0)
          close (passed);
        passed = -1;
      }
  if (r < 0)
    return r;
  go_seen |= msg->type == SYNC_GO;
  if (ret_fd != NULL)
    *ret_fd = passed;
  else if (passed >= 0)
    close (passed);
  return 0;
}

/* A setup step failed (its message is sent): before GO, wait for it, or
 * for the monitor's end, before exiting.  Until GO the monitor reads our
 * namespaces for the caller's info and status fds (bwrap's callers get
 * them for a sandbox that fails, too), and they go with our exit. */
_Noreturn void
sandbox_exit_failed (const SandboxCtx *ctx)
{
  SyncMsg msg;
  if (!go_seen)
    (void) sandbox_recv_reply (ctx->sync_fd, SYNC_GO, &msg, NULL);
  _exit (JAIL_EXIT_FAILURE);
}

static void
wait_for_go (SandboxCtx *ctx)
{
  SyncMsg msg;
  if (sandbox_recv_reply (ctx->sync_fd, SYNC_GO, &msg, NULL) < 0 || msg.type != SYNC_GO)
    _exit (JAIL_EXIT_FAILURE);
}

/* The monitor has placed us in our cgroup leaf: a cgroup namespace made
 * now is rooted there, so the sandbox sees only its own subtree, and the
 * kernel (nsdelegate) refuses writes to the limits at that root. */
static void
enter_cgroup_namespace (SandboxCtx *ctx)
{
  if ((jail_spec_get_namespaces (ctx->spec) & JAIL_NS_CGROUP) && unshare (CLONE_NEWCGROUP) < 0)
    sandbox_fail (ctx, "create cgroup namespace", "", errno);
}

/* The network namespace the monitor made while we built our mounts. */
static void
join_network_namespace (SandboxCtx *ctx)
{
  SyncMsg msg;
  int fd = -1;
  if (sandbox_recv_reply (ctx->sync_fd, SYNC_NETNS, &msg, &fd) < 0 || msg.type != SYNC_NETNS
      || fd < 0)
    _exit (JAIL_EXIT_FAILURE);
  int r = setns (fd, CLONE_NEWNET);
  int err = errno;
  close (fd);
  if (r < 0)
    sandbox_fail (ctx, "join network namespace", "", err);
}

static void
setup_network (SandboxCtx *ctx)
{
  if (!(jail_spec_get_namespaces (ctx->spec) & JAIL_NS_NET))
    return;
  if (ctx->netns_from_monitor)
    join_network_namespace (ctx); /* its loopback is up */
  else
    {
      int r = jail_net_loopback_up ();
      if (r < 0)
        sandbox_fail (ctx, "bring up loopback", "lo", -r);
    }
  sandbox_net_setup (ctx); /* --net=slirp: tap device → monitor */
}

static void
setup_hostname (SandboxCtx *ctx)
{
  const char *name = jail_spec_get_hostname (ctx->spec);
  if (name == NULL)
    return;
  if (!(jail_spec_get_namespaces (ctx->spec) & JAIL_NS_UTS))
    sandbox_fail (ctx, "set hostname (needs a new UTS namespace)", name, EINVAL);
  if (sethostname (name, strlen (name)) < 0)
    sandbox_fail (ctx, "set hostname", name, errno);
}

static bool
try_chdir (const char *dir)
{
  return dir != NULL && dir[0] == '/' && chdir (dir) == 0;
}

/* An explicit directory must exist; otherwise stay where the caller was if
 * that is visible inside, else go home, else to "/". */
static void
enter_working_directory (SandboxCtx *ctx)
{
  const char *dir = jail_spec_get_chdir (ctx->spec);
  if (dir != NULL)
    {
      if (chdir (dir) < 0)
        sandbox_fail (ctx, "chdir", dir, errno);
    }
  else if (!try_chdir (ctx->host_cwd) && !try_chdir (g_environ_getenv (ctx->envp, "HOME")))
    {
      if (chdir ("/") < 0)
        sandbox_fail (ctx, "chdir", "/", errno);
    }
  static char pwd[sizeof "PWD=" + JAIL_PATH_MAX] = "PWD=";
  if (getcwd (pwd + strlen ("PWD="), sizeof pwd - strlen ("PWD=")) != NULL)
    sandbox_environ_put (ctx, pwd);
}

/* The namespaces the monitor keeps of the sandbox (SYNC_VIEW), opened
 * through `proc`, a procfs in which we are "self": the monitor may not
 * open them itself once PID 1 is jail-init, whose /proc entries are closed
 * to it for good where jail-init is root's (the exec of a file whose owner
 * has no uid in our user namespace gives PID 1's memory to the host's). */
static void
open_view_namespaces (SandboxCtx *ctx, const char *proc, int view[SYNC_VIEW_FDS])
{
  static const char *const names[SYNC_VIEW_FDS] = {
    [SYNC_VIEW_MNT] = "mnt", [SYNC_VIEW_NET] = "net", [SYNC_VIEW_CGROUP] = "cgroup",
  };
  for (int i = SYNC_VIEW_MNT; i < SYNC_VIEW_FDS; i++)
    {
      char path[64];
      snprintf (path, sizeof path, "%s/self/ns/%s", proc, names[i]);
      if ((view[i] = open (path, O_RDONLY | O_CLOEXEC)) < 0)
        sandbox_fail (ctx, "open namespace", path, errno);
    }
}

/* ...and the root, once it is the sandbox's: the monitor judges the
 * report's paths in it (src/report/paths.c). */
static void
show_view (SandboxCtx *ctx, int view[SYNC_VIEW_FDS])
{
  SyncMsg msg;
  view[SYNC_VIEW_ROOT] = open ("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (view[SYNC_VIEW_ROOT] < 0)
    sandbox_fail (ctx, "open", "/", errno);
  memset (&msg, 0, sizeof msg);
  msg.type = SYNC_VIEW;
  if (sync_send_fds (ctx->sync_fd, &msg, view, SYNC_VIEW_FDS) < 0)
    _exit (JAIL_EXIT_FAILURE);
  for (int i = 0; i < SYNC_VIEW_FDS; i++)
    close (view[i]);
}

void
sandbox_report_ready (SandboxCtx *ctx)
{
  SyncMsg msg;
  memset (&msg, 0, sizeof msg);
  msg.type = SYNC_READY;
  if (sync_send (ctx->sync_fd, &msg) < 0)
    _exit (JAIL_EXIT_FAILURE);
}

/* After the lockdown, up to the command (which loads the caller's own
 * compiled seccomp programs as the very last step). */
_Noreturn void
sandbox_finish_and_exec (SandboxCtx *ctx)
{
  sandbox_install_terminal_rule (ctx); /* filter off: TIOCSTI refused all the same */
  sandbox_release_caller_fds (ctx);
  sandbox_report_ready (ctx);
  sandbox_exec_command (ctx);
}

_Noreturn void
sandbox_main (SandboxCtx *ctx)
{
  bool mounts = jail_spec_get_namespaces (ctx->spec) & JAIL_NS_MOUNT;
  /* The tap device is made through the host's /dev/net/tun, which the
   * mounts hide; otherwise the network waits for the mounts (see
   * monitor/netns.c). */
  bool network_first = jail_spec_get_net_mode (ctx->spec) == JAIL_NET_SLIRP;
  /* If the monitor dies, so do we (and with us as PID 1, every process of
   * the sandbox); one that died before this shows up as end-of-stream at
   * wait_for_go. */
  prctl (PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  go_seen = false;
  unasked_netns_fd = -1;
  if (ctx->write_id_maps)
    sandbox_write_id_maps (ctx);
  ctx->init_fd = sandbox_open_init (ctx);
  int lookups = sandbox_open_lookups_library (ctx);
  sandbox_take_caller_fds (ctx);
  if (network_first)
    setup_network (ctx);
  setup_hostname (ctx);
  if (mounts)
    {
      sandbox_prepare_root (ctx);
      sandbox_run_mount_plan (ctx);
      sandbox_prepare_lookups (ctx, lookups);
      sandbox_take_lock_files (ctx);
      sandbox_limit_user_namespaces (ctx);
    }
  if (!network_first)
    setup_network (ctx);
  wait_for_go (ctx);
  enter_cgroup_namespace (ctx);
  int view[SYNC_VIEW_FDS];
  if (mounts)
    {
      sandbox_confine_cgroupfs (ctx); /* rooted at the namespace just made */
      sandbox_net_files (ctx); /* --net=slirp: resolv.conf */
      open_view_namespaces (ctx, ctx->mount.proc, view);
      sandbox_switch_root (ctx);
    }
  else
    open_view_namespaces (ctx, "/proc", view);
  show_view (ctx, view);
  enter_working_directory (ctx);
  sandbox_enter_user_namespaces (ctx);
  if (!sandbox_needs_init (ctx))
    {
      sandbox_drop_privileges (ctx);
      sandbox_finish_and_exec (ctx);
    }
  /* PID 1 keeps no privilege either; the filters are the app's (exec.c). */
  sandbox_drop_capabilities (ctx);
  sandbox_run_init (ctx);
}
