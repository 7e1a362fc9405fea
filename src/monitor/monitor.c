/* The monitor: clones the sandbox, writes its id maps, forwards signals,
 * and turns the sandbox's end into an exit status or one clear error.
 *
 * It stays in the host's namespaces and runs a GLib main loop, so that
 * later parts (user-mode networking, cgroups, the D-Bus proxy) attach
 * their sources to it.  The sandbox's child runs in its memory until the
 * child's exec (spawn.c says how, and what the child may do there).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <linux/nsfs.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup/cgroup.h"
#include "instance/instance.h"
#include "monitor/caller.h"
#include "monitor/netns.h"
#include "monitor/spawn.h"
#include "common/init-loop.h"
#include "sandbox/sandbox.h"
#include "common/message.h"
#include "sandbox/symlink-trust.h"
#include "common/exit-status.h"
#include "common/helper.h"
#include "common/namespaces.h"
#include "common/signals.h"
#include "common/sync.h"
#include "common/resident.h"
#include "desktop/desktop.h"
#include "net/engine.h"
#include "net/net-config.h"
#include "net/net-parse.h"
#include "net/slirp.h"
#include "net/tap.h"
#include "report/dbus-log.h"
#include "report/report.h"
#include "report/supervisor.h"

typedef struct {
  const JailSpec *spec;
  pid_t child;
  ino_t net_ns; /* the sandbox's network namespace, made by netns.c; or 0 */
  int sync_fd;
  int init_fd;  /* jail-init's word at the app's end (on_init_status) */
  gboolean init_ended; /* it said so (on_init_status) */
  gboolean init_left_others; /* and other processes of the sandbox may remain */
  int signal_fd;
  GMainLoop *loop;
  gboolean child_exited;
  int wait_status;
  struct rusage usage; /* of the child and every descendant it reaped */
  gboolean ready;
  gboolean have_error;
  SyncMsg error;
  JailCgroup *cgroup; /* src/cgroup/: NULL if the sandbox has none */
  JailCgroupStart *cgroup_start; /* from before the clone until the cgroup is set up */
  JailInstance *instance; /* lifecycle: record + control socket */
  GMainContext *ctx;
  JailNetEngine *engine; /* --net=slirp: the network engine (src/net/engine.c) */
  gboolean net_up;        /* the engine runs the sandbox's network */
  gboolean engine_gone;   /* its end was seen (and said) */
  JailReport *report;         /* the denial report (src/report/), NULL when off */
  JailSupervisor *supervisor; /* its syscall part, NULL until started */
  int supervisor_exe;         /* jail-supervisor, started at the first refusal; -1 */
  int listener;               /* the filter's listener, held until then; -1 */
  JailDBusLog *dbus_log[2];   /* its D-Bus part per bus, NULL without a proxy */
  JailReportPaths *paths;     /* its paths, NULL when not watched */
  int lookups_fd;             /* the socket of the app's failed lookups, or -1 */
  gboolean judging;           /* their judgement is scheduled */
  int view[SYNC_VIEW_FDS];     /* what the sandbox showed of itself (take_view), or -1 */
  int dbus_log_fd[2];         /* the proxies' logs (owned by the proxy's record) */
  JailSpawn *spawn;           /* the child's start (spawn.c) */
} Monitor;

/* The clone flags of the spec's namespaces but the cgroup one: the child
 * unshares that after GO, once the monitor has moved it into its leaf, so
 * that the namespace is rooted there (sandbox.c). */
static int
namespaces_to_clone_flags (guint namespaces)
{
  return jail_namespaces_clone_flags (namespaces & ~(guint) JAIL_NS_CGROUP);
}

static gboolean
validate_spec (const JailSpec *spec, GError **error)
{
  if (jail_spec_get_command (spec) == NULL)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID, "no command given"), FALSE;
  if (!jail_spec_check_complete (spec, error))
    return FALSE;
  if (jail_spec_get_n_fs (spec) > 0 && !(jail_spec_get_namespaces (spec) & JAIL_NS_MOUNT))
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "filesystem operations need a new mount namespace"), FALSE;
  if (jail_spec_get_hostname (spec) != NULL && !(jail_spec_get_namespaces (spec) & JAIL_NS_UTS))
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "--hostname needs a new UTS namespace"), FALSE;
  if (!jail_spec_net_validate (spec, error))
    return FALSE;
  return TRUE;
}

static gboolean
check_tun_device (const JailSpec *spec, GError **error)
{
  struct stat st;
  if (jail_spec_get_net_mode (spec) != JAIL_NET_SLIRP)
    return TRUE;
  int r = jail_net_tun_check ();
  if (r == 0)
    return TRUE;
  const char *ways = "run with --net=host (the host's network, unfiltered) or --net=none";
  if (r == -ENOENT || r == -ENODEV || r == -ENXIO)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP,
                        "--net=slirp: no usable " JAIL_NET_TUN_DEVICE " on this host (%s): load "
                        "the tun module (modprobe tun) or, in a container, pass the device in; "
                        "or %s", g_strerror (-r), ways), FALSE;
  if ((r == -EACCES || r == -EPERM) && stat (JAIL_NET_TUN_DEVICE, &st) == 0)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP,
                        "--net=slirp: cannot open " JAIL_NET_TUN_DEVICE " (%s): it is mode %04o "
                        "owned by uid %u; make it 0666 as root (chmod 0666 " JAIL_NET_TUN_DEVICE
                        ", kept across boots by a udev rule: KERNEL==\"tun\", MODE=\"0666\"), "
                        "or %s", g_strerror (-r), (unsigned) (st.st_mode & 07777),
                        (unsigned) st.st_uid, ways), FALSE;
  return g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP,
                      "--net=slirp: cannot open " JAIL_NET_TUN_DEVICE ": %s; %s",
                      g_strerror (-r), ways), FALSE;
}

/* --stats without a cgroup of its own: what the kernel accounted to the
 * sandbox's init, which reaps every process inside (wait4: the init and
 * its reaped descendants).  Memory is the largest process's peak, not a
 * sum; the peak task count needs a cgroup. */
static void
print_stats_without_cgroup (const struct rusage *ru)
{
  double user = (double) ru->ru_utime.tv_sec + (double) ru->ru_utime.tv_usec / 1e6;
  double sys = (double) ru->ru_stime.tv_sec + (double) ru->ru_stime.tv_usec / 1e6;
  fprintf (stderr,
           "jail: stats: peak memory %.1fM (largest process), CPU time %.2f s (user %.2f s, "
           "system %.2f s), peak tasks n/a (no cgroup for this sandbox: from the kernel's "
           "process accounting)\n",
           (double) ru->ru_maxrss / 1024.0, user + sys, user, sys);
}

/* lifecycle + cgroup: `jail stats` reads the sandbox's cgroup. */
static gboolean
record_cgroup (Monitor *m)
{
  if (m->cgroup != NULL)
    jail_instance_set_cgroup (m->instance, jail_cgroup_leaf_path (m->cgroup));
  return TRUE;
}

/* READY: the record is written (info.json), with what the sandbox showed
 * before (take_view). */
static void
sandbox_ready (Monitor *m)
{
  jail_instance_sandbox_ready (m->instance);
}

static void
record_message (Monitor *m, const SyncMsg *msg)
{
  if (msg->type == SYNC_READY)
    {
      m->ready = TRUE;
      sandbox_ready (m);
      /* From here on the monitor mostly waits.  The jail program only:
       * one monitor, and no caller's pages to keep. */
      if (jail_spec_get_own_process (m->spec))
        jail_drop_when_quiet ();
    }
  else if ((msg->type == SYNC_SETUP_ERROR || msg->type == SYNC_EXEC_ERROR) && !m->have_error)
    {
      m->error = *msg;
      m->have_error = TRUE;
    }
}

static void
drain_sync_socket (Monitor *m)
{
  static SyncMsg msg;
  while (sync_recv (m->sync_fd, &msg, MSG_DONTWAIT) == 0)
    record_message (m, &msg);
}

/* --net=slirp failed before the sandbox's command ran: report why and
 * stop the sandbox (it waits for SYNC_NET_READY). */
static void
net_failed (Monitor *m, const char *step, const char *detail)
{
  if (!m->have_error)
    {
      memset (&m->error, 0, sizeof m->error);
      m->error.type = SYNC_SETUP_ERROR;
      g_strlcpy (m->error.step, step, sizeof m->error.step);
      g_strlcpy (m->error.detail, detail, sizeof m->error.detail);
      m->have_error = TRUE;
    }
  kill (m->child, SIGKILL);
}

/* --net=slirp: the sandbox sent its tap device; the engine takes it and
 * answers on its channel (on_engine_message). */
static void
give_tap_to_engine (Monitor *m, int tap_fd)
{
  if (tap_fd < 0 || m->engine == NULL)
    {
      if (tap_fd >= 0)
        close (tap_fd);
      net_failed (m, "user-mode networking", "no tap device");
      return;
    }
  int r = jail_net_engine_give_tap (m->engine, tap_fd);
  /* An engine that is gone (EPIPE) left its reason on the channel, or
   * its end: on_engine_message tells. */
  if (r < 0 && r != -EPIPE)
    net_failed (m, "user-mode networking", g_strerror (-r));
}

/* Is `allow` ("ADDR:PORT", "[ADDR6]:PORT") the virtual network's gateway,
 * the host's loopback? */
static gboolean
is_host_loopback (const char *allow)
{
  int family;
  uint8_t addr[16];
  uint16_t port = 0;
  return jail_net_parse_host_port (allow, &family, addr, &port)
         && jail_net_is_gateway (family, addr);
}

/* A connection the egress filter refused, with the option that would let
 * it through: the host's loopback (the gateway) first needs
 * --net-allow-host-loopback. */
static void
report_connection (Monitor *m, const char *what, const char *allow)
{
  gboolean loopback = is_host_loopback (allow);
  if (allow[0] == '\0')
    jail_report_add (m->report, JAIL_REFUSAL_CONNECTION, what, NULL, NULL);
  else if (loopback && !jail_spec_get_net_allow_host_loopback (m->spec))
    jail_report_add (m->report, JAIL_REFUSAL_CONNECTION, what, "--net-allow-host-loopback", NULL);
  else
    jail_report_add (m->report, JAIL_REFUSAL_CONNECTION, what, "--net-allow", allow);
}

/* The engine ended while the sandbox ran ("was killed by signal 9"). */
static void
say_engine_ended (const char *how)
{
  fprintf (stderr, "jail: the network engine %s; the sandbox has no network from now on\n", how);
}

static gboolean
on_engine_message (int fd, GIOCondition cond, gpointer data)
{
  Monitor *m = data;
  static SyncMsg msg;
  int r = sync_recv (fd, &msg, MSG_DONTWAIT);
  if (r == -EAGAIN || r == -EINTR)
    return G_SOURCE_CONTINUE;
  if (r == 0 && msg.type == SYNC_NET_READY && !m->net_up)
    {
      SyncMsg reply = { .type = SYNC_NET_READY };
      m->net_up = TRUE;
      sync_send (m->sync_fd, &reply);
      return G_SOURCE_CONTINUE;
    }
  if (r == 0 && msg.type == SYNC_NET_REFUSED) /* report: checked as any text from the engine */
    {
      if (m->report != NULL)
        report_connection (m, msg.detail, msg.path);
      return G_SOURCE_CONTINUE;
    }
  if (r == 0 && msg.type == SYNC_NET_STATS) /* the test hook (engine.c) */
    {
      fprintf (stderr, "jail: network engine: %s\n", msg.detail);
      return G_SOURCE_CONTINUE;
    }
  if (r == 0 && msg.type == SYNC_SETUP_ERROR)
    {
      net_failed (m, msg.step, msg.err != 0 ? g_strerror (msg.err) : msg.detail);
      return G_SOURCE_CONTINUE;
    }
  /* The engine is gone.  The sandbox keeps running, without a network. */
  m->engine_gone = TRUE;
  g_autofree char *how = jail_net_engine_reap (m->engine);
  g_autofree char *what = g_strdup_printf ("the network engine %s", how);
  if (!m->net_up)
    net_failed (m, "user-mode networking", what);
  else
    say_engine_ended (how);
  return G_SOURCE_REMOVE;
}

/* A symbolic link on a sandbox's destination path: only here, outside its
 * user namespace, is its owner seen (inside, root and every other user
 * are the overflow uid). */
static void
answer_trust_link (Monitor *m, int link_fd, int dir_fd)
{
  static SyncMsg reply;
  const char *why = link_fd >= 0 && dir_fd >= 0 ? jail_symlink_fd_refusal (link_fd, dir_fd)
                                                : "that cannot be checked";
  memset (&reply, 0, sizeof reply);
  reply.type = SYNC_TRUST_REPLY;
  reply.err = why != NULL ? ELOOP : 0;
  g_strlcpy (reply.detail, why != NULL ? why : "", sizeof reply.detail);
  sync_send (m->sync_fd, &reply);
}

/* The report could not take the filter's listener.  Without it the kernel
 * fails every notified call (ENOSYS), the open and stat family too while
 * learning: the sandbox is stopped, with the reason. */
static void
report_failed (Monitor *m, const char *step, int err, const char *detail)
{
  if (!m->have_error)
    {
      memset (&m->error, 0, sizeof m->error);
      m->error.type = SYNC_SETUP_ERROR;
      m->error.err = err;
      g_strlcpy (m->error.step, step, sizeof m->error.step);
      g_strlcpy (m->error.detail, detail != NULL ? detail : "", sizeof m->error.detail);
      m->have_error = TRUE;
    }
  kill (m->child, SIGKILL);
}

static void
hand_over_listener (Monitor *m, int listener)
{
  int r = jail_supervisor_give_listener (m->supervisor, listener);
  if (r < 0)
    report_failed (m, "denial report: hand over to the supervisor", -r, NULL);
}

static gboolean on_supervisor_event (int fd, GIOCondition cond, gpointer data);
static void attach_fd (GMainContext *ctx, int fd, GUnixFDSourceFunc func, Monitor *m);

/* jail-supervisor, exec'd now that there is a call to answer, in the
 * sandbox's leaf (under its limits) before it gets the listener. */
static gboolean
start_supervisor (Monitor *m, GError **error)
{
  if (!jail_supervisor_spawn (m->spec, m->supervisor_exe, &m->supervisor, error))
    return FALSE;
  attach_fd (m->ctx, jail_supervisor_fd (m->supervisor), on_supervisor_event, m);
  return m->cgroup == NULL
         || jail_cgroup_add_helper (m->cgroup, jail_supervisor_pid (m->supervisor), error);
}

/* The listener has a notification pending (it stays queued in the kernel
 * until the supervisor reads it), or no process uses the filter any more. */
static gboolean
on_listener (int fd, GIOCondition cond, gpointer data)
{
  Monitor *m = data;
  g_autoptr (GError) error = NULL;
  m->listener = -1;
  if (!(cond & G_IO_IN))
    close (fd);
  else if (!start_supervisor (m, &error))
    close (fd), report_failed (m, "denial report: start the supervisor", 0, error->message);
  else
    hand_over_listener (m, fd);
  return G_SOURCE_REMOVE;
}

/* The report: the filter's listener goes to the supervisor, at once if it
 * runs already, else when the first call is to be answered. */
static void
give_listener (Monitor *m, int listener)
{
  if (m->supervisor != NULL || m->supervisor_exe < 0 || m->listener >= 0)
    return hand_over_listener (m, listener);
  m->listener = listener;
  attach_fd (m->ctx, listener, on_listener, m);
}

static void catch_up_with_sandbox (Monitor *m);

static gboolean
judge_lookups (gpointer data)
{
  Monitor *m = data;
  catch_up_with_sandbox (m); /* judged in its root */
  jail_report_paths_judge_pending (m->paths, m->report);
  m->judging = FALSE;
  return G_SOURCE_REMOVE;
}

/* What the sandbox's programs told (src/sandbox/lookups.c), judged when
 * the loop has nothing else to do: a program may wait to tell the next. */
static gboolean
on_lookups (int fd, GIOCondition cond, gpointer data)
{
  Monitor *m = data;
  (void) fd, (void) cond;
  /* A bounded batch: an app that tells without end cannot keep the loop
   * from its other sources (the sandbox's end among them). */
  gboolean ok = jail_report_paths_read_lookups (m->paths, m->lookups_fd, 256);
  if (!m->judging && jail_report_paths_has_pending (m->paths))
    {
      GSource *idle = g_idle_source_new ();
      g_source_set_priority (idle, G_PRIORITY_LOW);
      g_source_set_callback (idle, judge_lookups, m, NULL);
      g_source_attach (idle, m->ctx);
      g_source_unref (idle);
      m->judging = TRUE;
    }
  return ok ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static JailReportPaths *
report_paths (Monitor *m)
{
  if (m->paths == NULL)
    m->paths = jail_report_paths_new (g_get_home_dir ());
  if (m->view[SYNC_VIEW_ROOT] >= 0)
    jail_report_paths_set_root (m->paths, m->view[SYNC_VIEW_ROOT], m->view[SYNC_VIEW_MNT]);
  return m->paths;
}

/* The report's paths as the sandbox's programs tell them (src/sandbox/lookups.c). */
static void
take_lookups (Monitor *m, int fd)
{
  if (m->report == NULL || m->lookups_fd >= 0 || !jail_spec_reports_lookups (m->spec))
    {
      close (fd);
      return;
    }
  report_paths (m);
  m->lookups_fd = fd;
  attach_fd (m->ctx, fd, on_lookups, m);
}

/* The sandbox's root and the namespaces it entered after the clone
 * (src/sandbox/sandbox.c, show_view), each of the kind it must be: the
 * record's and the report's from now on.  Once. */
static void
take_view (Monitor *m, int fds[SYNC_VIEW_FDS])
{
  static const int kinds[SYNC_VIEW_FDS] = {
    [SYNC_VIEW_MNT] = CLONE_NEWNS, [SYNC_VIEW_NET] = CLONE_NEWNET,
    [SYNC_VIEW_CGROUP] = CLONE_NEWCGROUP,
  };
  struct stat st;
  if (m->view[SYNC_VIEW_ROOT] >= 0 || fds[SYNC_VIEW_ROOT] < 0
      || fstat (fds[SYNC_VIEW_ROOT], &st) < 0 || !S_ISDIR (st.st_mode))
    return;
  for (int i = SYNC_VIEW_MNT; i < SYNC_VIEW_FDS; i++)
    if (fds[i] < 0 || ioctl (fds[i], NS_GET_NSTYPE) != kinds[i])
      return;
  for (int i = 0; i < SYNC_VIEW_FDS; i++)
    m->view[i] = fds[i], fds[i] = -1;
  jail_instance_set_entered_namespaces (m->instance, m->view[SYNC_VIEW_NET],
                                        m->view[SYNC_VIEW_CGROUP]);
  if (m->paths != NULL)
    report_paths (m);
}

/* Let go of it, as of the record's namespaces (on_init_status). */
static void
release_view (Monitor *m)
{
  for (int i = 0; i < SYNC_VIEW_FDS; i++)
    if (m->view[i] >= 0)
      close (m->view[i]), m->view[i] = -1;
}

/* One message of the sandbox's setup; 0, -EAGAIN when none is left, or
 * another -errno at the socket's end. */
static int
take_sync_message (Monitor *m)
{
  static SyncMsg msg;
  int passed[SYNC_VIEW_FDS] = { -1, -1, -1, -1 };
  int r = sync_recv_fds (m->sync_fd, &msg, MSG_DONTWAIT, passed, SYNC_VIEW_FDS);
  if (r < 0)
    return r;
  if (msg.type == SYNC_NET_TAP)
    give_tap_to_engine (m, passed[0]), passed[0] = -1;
  else if (msg.type == SYNC_TRUST_LINK)
    answer_trust_link (m, passed[0], passed[1]);
  else if (msg.type == SYNC_SECCOMP_LISTENER && passed[0] >= 0)
    give_listener (m, passed[0]), passed[0] = -1; /* report */
  else if (msg.type == SYNC_LOOKUPS && passed[0] >= 0)
    take_lookups (m, passed[0]), passed[0] = -1; /* report */
  else if (msg.type == SYNC_VIEW)
    take_view (m, passed);
  for (int i = 0; i < SYNC_VIEW_FDS; i++)
    if (passed[i] >= 0)
      close (passed[i]);
  record_message (m, &msg);
  return 0;
}

static gboolean
on_sync_message (int fd, GIOCondition cond, gpointer data)
{
  (void) fd, (void) cond;
  int r = take_sync_message (data);
  return r == 0 || r == -EAGAIN ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

/* What the sandbox's programs tell (a lookup, a refused call) comes on
 * other sockets than its setup's, and the main loop may read it first:
 * the setup's messages sent before it, the view among them, are taken
 * before it is judged. */
static void
catch_up_with_sandbox (Monitor *m)
{
  if (m->view[SYNC_VIEW_ROOT] < 0)
    while (take_sync_message (m) == 0)
      ;
}

static void
reap_child (Monitor *m)
{
  int status;
  if (wait4 (m->child, &status, WNOHANG, &m->usage) != m->child)
    return;
  m->child_exited = TRUE;
  m->wait_status = status;
  drain_sync_socket (m);
  g_main_loop_quit (m->loop);
}

/* What the sandbox's programs told and the loop has not read yet, up to
 * `max` datagrams, judged now. */
static void
judge_told_lookups (Monitor *m, guint max)
{
  jail_report_paths_read_lookups (m->paths, m->lookups_fd, max);
  jail_report_paths_judge_pending (m->paths, m->report);
}

/* The report's paths told by the sandbox's programs, judged now while
 * the sandbox's mounts still stand; then its root is let go with the
 * rest.  (--learn's lookups come from the supervisor, later: those keep
 * it to the end.) */
static void
finish_lookups (Monitor *m)
{
  if (m->lookups_fd < 0 || jail_supervisor_watches_paths (m->spec))
    return;
  /* Bounded: the app's other processes live on until init exits, which
   * waits for our answer, and one may be sending without end. */
  judge_told_lookups (m, 4096);
  jail_report_paths_release_sandbox (m->paths);
}

/* Whether we wait for init's exit once it has said how the app ended.
 * That exit is then mostly the kernel's teardown of the sandbox's
 * namespaces (a mount namespace's waits for an RCU grace period: about
 * 0.3 ms of each start here, tests/bench/README.md), which the jail
 * program leaves to the kernel, as bwrap does: the app and all it
 * started have ended, and once we exit, init is reaped by the reaper our
 * own orphans go to.  We wait where that is not so: where other
 * processes remain in the sandbox's pid namespace (init's exit kills
 * them, and none may outlive jail), and in a program linking libjail,
 * whose child init stays. */
static gboolean
must_reap_init (const Monitor *m)
{
  return m->init_left_others || !jail_spec_get_own_process (m->spec);
}

/* Our answer to init's word: init exits on it (common/init-loop.h).  A
 * shutdown, which ends its read whoever else holds the socket. */
static void
answer_init (Monitor *m)
{
  if (m->init_fd < 0)
    return;
  shutdown (m->init_fd, SHUT_RDWR);
  close (m->init_fd);
  m->init_fd = -1;
}

/* jail-init says the app has ended (common/init-loop.h): we let go of
 * the sandbox's namespaces while it still holds them, so that tearing
 * them down (a mount namespace waits for an RCU grace period) is its
 * exit's work.  Where we wait for that exit (must_reap_init), we answer
 * now, and it runs while we remove the record; otherwise we answer last
 * of all, so that the teardown's grace period, which takes CPU time from
 * every CPU, comes when we are done. */
static gboolean
on_init_status (int fd, GIOCondition cond, gpointer data)
{
  Monitor *m = data;
  unsigned char msg[JAIL_INIT_STATUS_SIZE];
  (void) cond;
  ssize_t n = recv (fd, msg, sizeof msg, MSG_DONTWAIT);
  if (n < 0 && (errno == EAGAIN || errno == EINTR))
    return G_SOURCE_CONTINUE;
  if (n == (ssize_t) sizeof msg && !m->child_exited)
    {
      catch_up_with_sandbox (m); /* the lookups are judged in its root */
      jail_instance_release_namespaces (m->instance);
      release_view (m);
      finish_lookups (m);
      m->init_ended = TRUE;
      m->init_left_others = msg[1] != 0;
      m->wait_status = W_EXITCODE (msg[0], 0);
      drain_sync_socket (m);
      g_main_loop_quit (m->loop);
      if (!must_reap_init (m))
        return G_SOURCE_REMOVE;
    }
  answer_init (m);
  return G_SOURCE_REMOVE;
}

/* After init's word: its exit, with whatever of the sandbox remained
 * (the kernel kills it as init exits), so that nothing outlives us. */
static void
reap_init (Monitor *m)
{
  answer_init (m);
  int status;
  while (!m->child_exited && wait4 (m->child, &status, 0, &m->usage) < 0 && errno == EINTR)
    ;
  m->child_exited = TRUE;
}

static gboolean
on_signal (int fd, GIOCondition cond, gpointer data)
{
  Monitor *m = data;
  struct signalfd_siginfo si;
  (void) cond;
  while (read (fd, &si, sizeof si) == (ssize_t) sizeof si)
    {
      if (si.ssi_signo == SIGCHLD)
        reap_child (m);
      else
        {
          siginfo_t info = { .si_signo = (int) si.ssi_signo, .si_code = si.ssi_code };
          if (jail_signal_is_forwardable (&info, jail_spec_get_new_session (m->spec)))
            kill (m->child, (int) si.ssi_signo);
        }
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
on_supervisor_event (int fd, GIOCondition cond, gpointer data)
{
  Monitor *m = data;
  (void) fd, (void) cond;
  catch_up_with_sandbox (m); /* its paths are judged in its root */
  return jail_supervisor_collect (m->supervisor, m->report, m->paths) ? G_SOURCE_CONTINUE
                                                                      : G_SOURCE_REMOVE;
}

/* Whatever the proxy of the bus has written; FALSE at its end. */
static gboolean
read_dbus_log (Monitor *m, int bus)
{
  char buf[4096];
  for (;;)
    {
      ssize_t n = read (m->dbus_log_fd[bus], buf, sizeof buf);
      if (n > 0)
        jail_dbus_log_feed (m->dbus_log[bus], buf, (gsize) n, m->report);
      else if (n < 0 && errno == EINTR)
        continue;
      else
        return n < 0 && errno == EAGAIN;
    }
}

static gboolean
on_dbus_log (int fd, GIOCondition cond, gpointer data)
{
  Monitor *m = data;
  (void) cond;
  return read_dbus_log (m, fd == m->dbus_log_fd[JAIL_DBUS_SESSION] ? JAIL_DBUS_SESSION
                                                                  : JAIL_DBUS_SYSTEM)
             ? G_SOURCE_CONTINUE
             : G_SOURCE_REMOVE;
}

static void
attach_fd (GMainContext *ctx, int fd, GUnixFDSourceFunc func, Monitor *m)
{
  GSource *source = g_unix_fd_source_new (fd, G_IO_IN | G_IO_HUP | G_IO_ERR);
  g_source_set_callback (source, (GSourceFunc) (void (*) (void)) func, m, NULL);
  g_source_attach (source, ctx);
  g_source_unref (source);
}

static void
run_main_loop (Monitor *m)
{
  GMainContext *ctx = g_main_context_new ();
  m->ctx = ctx;
  m->loop = g_main_loop_new (ctx, FALSE);
  if (jail_spec_get_own_process (m->spec))
    g_main_context_set_poll_func (ctx, jail_poll_dropping_when_quiet);
  attach_fd (ctx, m->signal_fd, on_signal, m);
  attach_fd (ctx, m->sync_fd, on_sync_message, m);
  if (m->init_fd >= 0)
    attach_fd (ctx, m->init_fd, on_init_status, m);
  if (m->engine != NULL)
    attach_fd (ctx, jail_net_engine_fd (m->engine), on_engine_message, m);
  if (m->supervisor != NULL)
    attach_fd (ctx, jail_supervisor_fd (m->supervisor), on_supervisor_event, m);
  for (int b = 0; b < 2; b++)
    if (m->dbus_log[b] != NULL)
      attach_fd (ctx, m->dbus_log_fd[b], on_dbus_log, m);
  jail_instance_attach (m->instance, ctx); /* lifecycle: serve jail stop/kill/enter */
  /* SIGCHLD may have arrived before the signalfd existed. */
  reap_child (m);
  if (!m->child_exited)
    g_main_loop_run (m->loop);
  /* The sandbox's end and the engine's may come in one main-loop
   * iteration, the sandbox's first: what the engine still has to say (its
   * death included) is said before we stop it. */
  if (m->engine != NULL)
    {
      struct pollfd pfd = { .fd = jail_net_engine_fd (m->engine), .events = POLLIN };
      while (!m->engine_gone && poll (&pfd, 1, 0) > 0
             && on_engine_message (pfd.fd, G_IO_IN, m) == G_SOURCE_CONTINUE)
        ;
    }
  /* Its connections are reset now, not when the monitor exits. */
  g_autofree char *ended = jail_net_engine_finish (m->engine);
  if (ended != NULL && !m->engine_gone)
    say_engine_ended (ended);
  g_main_loop_unref (m->loop);
  g_main_context_unref (ctx);
}

static gboolean
set_error_from_message (const JailSpec *spec, const SyncMsg *msg, GError **error)
{
  JailFailureWording wording = jail_spec_get_failure_wording (spec);
  if (wording != NULL) /* the caller's users expect its words */
    return wording (msg, error), FALSE;
  const char *reason = msg->err != 0 ? g_strerror (msg->err) : msg->detail;
  if (msg->type == SYNC_EXEC_ERROR && msg->err == ENOENT)
    g_set_error (error, JAIL_ERROR, JAIL_ERROR_NOT_FOUND, "%s: command not found", msg->path);
  else if (msg->type == SYNC_EXEC_ERROR)
    g_set_error (error, JAIL_ERROR, JAIL_ERROR_NOT_EXECUTABLE, "exec %s: %s", msg->path, reason);
  else if (msg->path[0] != '\0')
    g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP, "%s %s: %s", msg->step, msg->path, reason);
  else
    g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP, "%s: %s", msg->step, reason);
  return FALSE;
}

static gboolean
finish (Monitor *m, int *ret_status, GError **error)
{
  /* The exit-code line only when the command really ran. */
  jail_monitor_report_exit (m->spec, m->ready && !m->have_error,
                            jail_exit_code (m->wait_status));
  if (m->have_error)
    return set_error_from_message (m->spec, &m->error, error);
  if (!m->ready)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP,
                        "sandbox setup ended early (status %d)",
                        jail_exit_code (m->wait_status)), FALSE;
  *ret_status = jail_exit_code (m->wait_status);
  return TRUE;
}

/* A child that already failed has closed its end: what it said before
 * is read by the main loop, which tells why.  fd: one to pass, or -1. */
static gboolean
send_to_child (Monitor *m, const SyncMsg *msg, int fd, GError **error)
{
  int r = fd >= 0 ? sync_send_fd (m->sync_fd, msg, fd) : sync_send (m->sync_fd, msg);
  if (r < 0 && r != -EPIPE && r != -ECONNRESET)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP, "start sandbox: %s",
                        g_strerror (-r)), FALSE;
  return TRUE;
}

/* netns.c: made while the sandbox builds its mounts.  FALSE if it could
 * not be made (or handed over). */
static gboolean
send_netns (Monitor *m)
{
  SyncMsg msg;
  struct stat st;
  int fd = jail_monitor_make_netns (m->child);
  if (fd < 0)
    return FALSE;
  memset (&msg, 0, sizeof msg);
  msg.type = SYNC_NETNS;
  if (fstat (fd, &st) == 0)
    m->net_ns = st.st_ino;
  gboolean ok = send_to_child (m, &msg, fd, NULL);
  close (fd);
  return ok;
}

static void
kill_and_reap (pid_t pid)
{
  kill (pid, SIGKILL);
  while (waitpid (pid, NULL, 0) < 0 && errno == EINTR)
    ;
}

/* What a killed first start said before it died. */
static void
discard_messages (Monitor *m)
{
  static SyncMsg msg;
  int fd;
  while (sync_recv_fd (m->sync_fd, &msg, MSG_DONTWAIT, &fd) == 0)
    if (fd >= 0)
      close (fd);
}

/* What every start of the child gets, made before the clone. */
static SandboxCtx
child_context (Monitor *m, const int child_fd[2], char **envp, char *const *argv,
               const char *cwd, GPtrArray *sources)
{
  /* Taken now: in its new user namespace the child is nobody until its
   * id maps are written. */
  SandboxCtx ctx = { .spec = m->spec, .sync_fd = child_fd[0],
                     .init_status_fd = child_fd[1], .envp = envp, .argv = argv,
                     .environ_room = SANDBOX_ENVIRON_ROOM,
                     .host_cwd = cwd, .oldroot_fd = -1, .newroot_fd = -1,
                     .sources = (char *const *) sources->pdata,
                     .cgroup2_in_binds = (jail_spec_get_namespaces (m->spec) & JAIL_NS_CGROUP)
                                         && jail_cgroup2_under_binds (m->spec,
                                                                      (char *const *) sources->pdata),
                     .seccomp_notify = m->supervisor != NULL || m->supervisor_exe >= 0,
                     .caller_uid = getuid (), .caller_gid = getgid () };
  return ctx;
}

static gboolean
start_child (Monitor *m, int flags, bool netns_later, const SandboxCtx *base, GError **error)
{
  SandboxCtx ctx = *base;
  ctx.write_id_maps = (flags & CLONE_NEWUSER) && jail_monitor_writes_id_maps (m->spec);
  ctx.netns_from_monitor = netns_later;
  /* Only the monitor talks to the network engine and the report's
   * supervisor, and reads the proxy's log. */
  int closed[JAIL_SPAWN_MAX_CLOSED];
  guint n = 0;
  closed[n++] = m->sync_fd;
  if (m->init_fd >= 0)
    closed[n++] = m->init_fd;
  if (m->engine != NULL)
    closed[n++] = jail_net_engine_fd (m->engine);
  if (m->supervisor != NULL)
    closed[n++] = jail_supervisor_fd (m->supervisor);
  if (m->supervisor_exe >= 0)
    closed[n++] = m->supervisor_exe;
  for (int b = 0; b < 2; b++)
    if (m->dbus_log_fd[b] >= 0)
      closed[n++] = m->dbus_log_fd[b];
  pid_t pid = jail_spawn_sandbox (flags, jail_spec_get_fd (m->spec, JAIL_FD_PIDNS), &ctx, closed,
                                  n, &m->spawn, error);
  if (pid < 0)
    return FALSE;
  m->child = pid;
  return TRUE;
}

/* The network namespace is made after the clone, on the side (netns.c);
 * where that fails, the sandbox is started again the usual way, every
 * namespace made by the clone: nothing of the first start is left. */
static gboolean
start_sandbox (Monitor *m, const SandboxCtx *base, GError **error)
{
  int flags = namespaces_to_clone_flags (jail_spec_get_namespaces (m->spec))
              & ~jail_monitor_clone_flags_dropped (m->spec); /* a joined pid namespace */
  if (jail_monitor_makes_netns (m->spec, flags))
    {
      if (!start_child (m, flags & ~CLONE_NEWNET, TRUE, base, error))
        return FALSE;
      if (send_netns (m))
        return TRUE;
      kill_and_reap (m->child);
      g_clear_pointer (&m->spawn, jail_spawn_free);
      discard_messages (m);
    }
  return start_child (m, flags, FALSE, base, error);
}

static gboolean
release_child (Monitor *m, GError **error)
{
  SyncMsg go;
  memset (&go, 0, sizeof go);
  go.type = SYNC_GO;
  return jail_monitor_report_started (m->spec, m->child, m->net_ns, error) /* info and status fds */
         && send_to_child (m, &go, -1, error);
}

/* The sandbox's cgroup, with the processes of ours that work for it (the
 * network engine, the report's supervisor) in its leaf, under its limits:
 * the way to systemd prepared before the clone, the scope asked for as
 * soon as the sandbox has its name, so that both happen while we go on. */
static gboolean
begin_cgroup (Monitor *m)
{
  pid_t helpers[2];
  gsize n = 0;
  if (m->engine != NULL)
    helpers[n++] = jail_net_engine_pid (m->engine);
  if (m->supervisor != NULL)
    helpers[n++] = jail_supervisor_pid (m->supervisor);
  jail_cgroup_begin (m->cgroup_start, jail_instance_name (m->instance), m->child, helpers, n);
  return TRUE;
}

static gboolean
setup_cgroup (Monitor *m, GError **error)
{
  gboolean ok = jail_cgroup_setup (m->cgroup_start, &m->cgroup, error);
  g_clear_pointer (&m->cgroup_start, jail_cgroup_start_free);
  return ok;
}

/* The denial report (src/report/): collected while the sandbox runs,
 * printed at its end as the spec says. */
static gboolean
report_start (Monitor *m, GError **error)
{
  if (!jail_spec_reports (m->spec))
    return TRUE;
  m->report = jail_report_new ();
  /* Started when the sandbox is first refused a call (supervisor.c);
   * without its program, or when we are to join namespaces, now, while
   * we are single-threaded and in the host's namespaces. */
  if (jail_supervisor_wanted (m->spec) && !jail_monitor_joins_namespaces (m->spec)
      && (m->supervisor_exe = jail_helper_open_program (JAIL_SUPERVISOR_PROGRAM)) >= 0)
    return TRUE;
  if (jail_supervisor_start (m->spec, &m->supervisor, error))
    return TRUE;
  g_clear_pointer (&m->report, jail_report_free);
  return FALSE;
}

/* The proxies' logs, read while the sandbox runs: one per bus, so that
 * a refusal is granted on the bus it happened on. */
static void
report_dbus (Monitor *m, const JailDBusProxy *proxy)
{
  for (int b = 0; b < 2; b++)
    {
      if (m->report == NULL || proxy->log_fd[b] < 0)
        continue;
      m->dbus_log[b] = jail_dbus_log_new (b, jail_spec_get_dbus_log (m->spec));
      m->dbus_log_fd[b] = proxy->log_fd[b];
      fcntl (m->dbus_log_fd[b], F_SETFL, O_NONBLOCK);
    }
}

/* lifecycle + report: `jail stats` shows it while the sandbox runs. */
static gboolean
record_report (Monitor *m)
{
  jail_instance_set_report (m->instance, m->report);
  if (jail_supervisor_watches_paths (m->spec))
    {
      JailReportPaths *paths = report_paths (m);
      if (jail_spec_get_report_visible (m->spec))
        jail_report_paths_set_visible (paths);
    }
  return TRUE;
}

static void
report_stop (Monitor *m, gboolean ran, int status, JailReport **ret_report)
{
  for (int b = 0; b < 2; b++)
    {
      if (m->dbus_log[b] != NULL)
        read_dbus_log (m, b);
      g_clear_pointer (&m->dbus_log[b], jail_dbus_log_free);
    }
  jail_supervisor_stop (m->supervisor, m->report, m->paths);
  m->supervisor = NULL;
  if (m->listener >= 0)
    close (m->listener), m->listener = -1;
  if (m->supervisor_exe >= 0)
    close (m->supervisor_exe), m->supervisor_exe = -1;
  if (m->lookups_fd >= 0)
    {
      /* The sandbox has ended: what its programs told is all queued. */
      judge_told_lookups (m, G_MAXUINT);
      close (m->lookups_fd), m->lookups_fd = -1;
    }
  g_clear_pointer (&m->paths, jail_report_paths_free);
  if (ret_report != NULL)
    *ret_report = g_steal_pointer (&m->report); /* the caller's to tell */
  else if (m->report != NULL && ran
           && jail_report_should_print (jail_spec_get_report (m->spec), status))
    {
      g_auto (GStrv) lines = jail_report_lines (m->report);
      for (char **l = lines; *l != NULL; l++)
        jail_message (JAIL_MESSAGE_NOTICE, "%s", *l);
    }
  g_clear_pointer (&m->report, jail_report_free);
}

/* Before the clone: what the hooks started is not needed. */
static void
stop_early (Monitor *m)
{
  g_clear_pointer (&m->cgroup_start, jail_cgroup_start_free);
  report_stop (m, FALSE, 0, NULL);
}


static gboolean
die_with_parent (GError **error)
{
  pid_t parent = getppid ();
  if (prctl (PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP, "set parent-death signal: %s",
                        g_strerror (errno)), FALSE;
  /* The parent may have died before the prctl: then we were reparented. */
  if (getppid () != parent)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP, "parent process already exited"),
           FALSE;
  return TRUE;
}

gboolean
jail_run (const JailSpec *described, int *ret_status, GError **error)
{
  return jail_run_collect (described, ret_status, NULL, error);
}

gboolean
jail_run_collect (const JailSpec *described, int *ret_status, JailReport **ret_report,
                  GError **error)
{
  /* What the desktop channels are in this session, for this run only: the
   * run works on its own view of the spec, the caller's stays as built. */
  g_autoptr (JailDesktopPlan) desktop = NULL;
  if (!jail_desktop_plan_new (described, &desktop, error))
    return FALSE;
  const JailSpec *spec = desktop->spec;
  Monitor m = { .spec = spec, .child = -1, .sync_fd = -1, .signal_fd = -1,
                .init_fd = -1, .dbus_log_fd = { -1, -1 }, .supervisor_exe = -1,
                .listener = -1, .lookups_fd = -1, .view = { -1, -1, -1, -1 } };
  int sv[2], iv[2] = { -1, -1 };
  sigset_t block, saved;
  gboolean ok = FALSE;

  if (!validate_spec (spec, error))
    return FALSE;
  /* On the host's side, before any user namespace: see symlink-trust.h. */
  g_autoptr (GPtrArray) sources = jail_resolve_bind_sources (spec, error);
  if (sources == NULL)
    return FALSE;
  if (jail_spec_get_die_with_parent (spec) && !die_with_parent (error))
    return FALSE;
  /* --net=slirp: while still single-threaded and in the host's
   * namespaces (src/net/engine.c says why); stopped when this returns. */
  g_autoptr (JailNetEngine) engine = NULL;
  if (!jail_net_engine_start (spec, &engine, error))
    return FALSE;
  m.engine = engine;
  /* Hook (report): its supervisor, or what starts it later. */
  if (!report_start (&m, error))
    return FALSE;
  /* Hook (cgroup): jail-scope starts connecting to the user bus; after
   * the forks above (it is nothing of theirs), before the namespaces are
   * joined (it works in the host's). */
  m.cgroup_start = jail_cgroup_prepare (spec);
  if (!jail_monitor_join_namespaces (spec, error)) /* a user namespace given as an fd */
    return stop_early (&m), FALSE;
  if (!check_tun_device (spec, error))
    return stop_early (&m), FALSE;
  /* Hook (desktop): the D-Bus proxy listens before the sandbox mounts its
   * sockets, and is stopped below when the sandbox has ended. */
  JailDBusProxy dbus_proxy;
  if (!jail_dbus_proxy_start (desktop, &dbus_proxy, error))
    return stop_early (&m), FALSE;
  report_dbus (&m, &dbus_proxy);
  if (socketpair (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
    return jail_dbus_proxy_stop (desktop, &dbus_proxy), stop_early (&m),
           g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP, "create setup socket: %s",
                        g_strerror (errno)), FALSE;
  m.sync_fd = sv[0];
  /* jail-init's channel (on_init_status); without it, init's exit is all
   * we learn, as before. */
  if (socketpair (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, iv) == 0)
    m.init_fd = iv[0];

  /* Blocked before the clone, so that no signal is lost in between; the
   * sandbox inherits the mask and unblocks just before exec. */
  jail_forwarded_signals (&block);
  sigaddset (&block, SIGCHLD);
  sigprocmask (SIG_BLOCK, &block, &saved);

  g_auto (GStrv) envp = sandbox_environ_with_room (jail_spec_build_environ (spec));
  g_autofree char **argv = jail_spec_exec_argv (spec);
  g_autofree char *cwd = g_get_current_dir ();
  SandboxCtx child = child_context (&m, (int[2]) { sv[1], iv[1] }, envp, argv, cwd, sources);

  if (start_sandbox (&m, &child, error))
    {
      close (sv[1]);
      sv[1] = -1;
      if (iv[1] >= 0)
        close (iv[1]), iv[1] = -1;
      m.signal_fd = signalfd (-1, &block, SFD_NONBLOCK | SFD_CLOEXEC);
      if (m.signal_fd < 0)
        g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP, "signalfd: %s", g_strerror (errno));
      /* lifecycle: publish the instance record (a name in use fails here);
       * cgroup hook: with the scope named after the sandbox, begun right
       * after the record and set up before GO: the sandbox enters its
       * cgroup namespace first thing after GO. */
      else if ((m.instance = jail_instance_start (spec, m.child, envp, error)) != NULL
               && begin_cgroup (&m) && record_report (&m) && setup_cgroup (&m, error)
               && record_cgroup (&m) && release_child (&m, error))
        {
          run_main_loop (&m);
          ok = finish (&m, ret_status, error);
          /* cgroup hook: OOM kills and --stats, once init's exit has
           * emptied the cgroup. */
          if (ok && m.cgroup != NULL)
            reap_init (&m), jail_cgroup_finish (m.cgroup, ret_status);
          else if (ok && jail_spec_get_stats (spec))
            reap_init (&m), print_stats_without_cgroup (&m.usage);
        }
      if (!m.child_exited && !m.init_ended)
        kill_and_reap (m.child);
      jail_instance_free (m.instance); /* lifecycle: remove the record */
    }

  if (sv[1] >= 0)
    close (sv[1]);
  if (iv[1] >= 0)
    close (iv[1]);
  close (m.sync_fd);
  if (m.signal_fd >= 0)
    close (m.signal_fd);
  jail_cgroup_start_free (m.cgroup_start); /* the sandbox ended before its cgroup */
  jail_cgroup_free (m.cgroup);
  release_view (&m);
  /* Hook (report): its last records before the proxy goes. */
  report_stop (&m, ok, ok ? *ret_status : JAIL_EXIT_FAILURE, ok ? ret_report : NULL);
  jail_dbus_proxy_stop (desktop, &dbus_proxy); /* hook (desktop) */
  if (m.init_ended && must_reap_init (&m))
    reap_init (&m);
  answer_init (&m); /* last: see on_init_status */
  jail_spawn_free (m.spawn); /* the child has ended, or ends on init's answer */
  sigprocmask (SIG_SETMASK, &saved, NULL);
  return ok;
}
