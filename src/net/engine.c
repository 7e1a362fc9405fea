/* The network engine: every frame the sandbox writes is parsed here
 * (libslirp, the TCP fast path, the egress filter), so this process holds
 * the tap, the host sockets and libslirp, and nothing else: no file, no
 * descriptor of the monitor's, no capability, no syscall outside an
 * allowlist (engine-isolate.c).  The monitor keeps a channel to it (the
 * tap, "ready" or an error, stats) and learns of its end when the channel
 * closes; the sandbox then has no network, and nothing else breaks.
 *
 * A fork, not a re-exec of jail: libjail runs inside other programs,
 * where /proc/self/exe is not jail, and a fork costs neither a second
 * dynamic link nor a serialized spec (the engine reads the monitor's copy
 * of it).  Nor is it lighter: a small exec'd GLib program starts with
 * about as many private pages (relocations, GLib's own heap) as the
 * forked engine has in all (tests/bench/README.md).  The fork happens first thing in jail_run, while the monitor
 * is single-threaded (a program linking libjail may start threads later)
 * and still in the host's namespaces (before --userns/--pidns are joined), so the engine
 * inherits no lock held by another thread and is visible in no sandbox.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <glib-unix.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/helper.h"
#include "common/resident.h"
#include "common/sync.h"
#include "net/engine.h"
#include "net/slirp.h"
#include "net/slirp-lib.h"

/* The test hook: with "probe" in it, the confined engine tries a few
 * calls outside its allowlist and reports what they got; with "stats",
 * the monitor asks for the engine's caps and peaks at the end; with
 * "small-nofile", the engine gets TEST_NOFILE descriptors (so that a test
 * can run it out of them).  Read from the environment of jail on the
 * host, which nothing inside a sandbox can set. */
#define TEST_HOOK_ENV "JAIL_TEST_NET_ENGINE"
#define TEST_NOFILE 128

/* How long the monitor waits for the engine to close its connections. */
#define STOP_GRACE_MS 1000

struct JailNetEngine {
  JailHelper helper;
  /* The jail program: once the engine has reset its connections it may
   * finish exiting on its own (jail exits next, and whoever inherits the
   * engine reaps it).  A program linking libjail reaps it before
   * jail_run returns. */
  gboolean leave_exit;
};

static gboolean
test_hook (const char *what)
{
  const char *hook = g_getenv (TEST_HOOK_ENV);
  return hook != NULL && strstr (hook, what) != NULL;
}

static void
send_text (int fd, SyncType type, const char *step, int err, const char *detail)
{
  SyncMsg msg;
  memset (&msg, 0, sizeof msg);
  msg.type = type;
  msg.err = err;
  g_strlcpy (msg.step, step, sizeof msg.step);
  g_strlcpy (msg.detail, detail != NULL ? detail : "", sizeof msg.detail);
  sync_send (fd, &msg);
}

/* ---- the engine's side ---- */

typedef struct {
  int fd;
  JailSlirp *slirp;
  GMainLoop *loop;
} Engine;

static void
send_stats (Engine *e)
{
  JailTcpStats st;
  char text[256];
  jail_slirp_get_stats (e->slirp, &st);
  snprintf (text, sizeof text,
            "connections %u (peak %u, cap %u), refused %" G_GUINT64_FORMAT
            ", buffers %zu bytes (peak %zu, cap %zu)",
            st.connections, st.peak_connections, st.max_connections, st.refused, st.buffered,
            st.peak_buffered, st.buffer_cap);
  send_text (e->fd, SYNC_NET_STATS, "stats", 0, text);
}

static gboolean
on_monitor_message (int fd, GIOCondition cond, gpointer data)
{
  Engine *e = data;
  SyncMsg msg;
  int r = sync_recv (fd, &msg, MSG_DONTWAIT);
  if (r == -EAGAIN || r == -EINTR)
    return G_SOURCE_CONTINUE;
  if (r == 0 && msg.type == SYNC_NET_STATS)
    {
      send_stats (e);
      return G_SOURCE_CONTINUE;
    }
  /* SYNC_NET_STOP, the channel's end, or what the monitor never sends:
   * finish. */
  g_main_loop_quit (e->loop);
  return G_SOURCE_REMOVE;
}

static int
fail (int fd, const char *step, int err, const char *detail)
{
  char full[64];
  snprintf (full, sizeof full, "network engine: %s", step);
  send_text (fd, SYNC_SETUP_ERROR, full, err, detail);
  return JAIL_EXIT_FAILURE;
}

static void
serve_in (Engine *e, GMainContext *ctx)
{
  e->loop = g_main_loop_new (ctx, FALSE);
  GSource *source = g_unix_fd_source_new (e->fd, G_IO_IN | G_IO_HUP | G_IO_ERR);
  g_source_set_callback (source, (GSourceFunc) (void (*) (void)) on_monitor_message, e, NULL);
  g_source_attach (source, ctx);
  g_source_unref (source);
  g_main_loop_run (e->loop);
  /* Closing the connections resets their host peers. */
  jail_slirp_free (e->slirp);
  g_main_loop_unref (e->loop);
  g_main_context_unref (ctx);
}

static int
count_root_entries (void)
{
  DIR *d = opendir ("/");
  if (d == NULL)
    return -1;
  int n = 0;
  for (struct dirent *de; (de = readdir (d)) != NULL;)
    n += strcmp (de->d_name, ".") != 0 && strcmp (de->d_name, "..") != 0;
  closedir (d);
  return n;
}

static int
engine_main (const JailSpec *spec, int fd, pid_t monitor)
{
  const char *step;
  int r;
  if ((r = jail_net_isolate_initial (&fd, test_hook ("small-nofile") ? TEST_NOFILE : 0, &step)) < 0)
    return fail (fd, step, -r, NULL);
  /* --net-dns-server, or the host's resolver, read while there are files:
   * libslirp reads /etc/resolv.conf at each query, which the engine's
   * empty root no longer has. */
  g_autofree char *resolver
      = jail_spec_get_net_dns_server (spec) == NULL ? jail_net_host_resolver () : NULL;
  /* libslirp too, while the library's file can be opened (slirp-lib.h). */
  g_autoptr (GError) load_error = NULL;
  if (jail_slirp_lib (&load_error) == NULL)
    return send_text (fd, SYNC_SETUP_ERROR, "user-mode networking", 0, load_error->message),
           JAIL_EXIT_FAILURE;
  if ((r = jail_net_isolate_user (&step)) < 0 || (r = jail_net_isolate_prefork (monitor, &step)) < 0)
    return fail (fd, step, -r, NULL);

  SyncMsg msg;
  int tap = -1;
  if (sync_recv_fd (fd, &msg, 0, &tap) < 0 || msg.type != SYNC_NET_TAP || tap < 0)
    return 0; /* the sandbox did not get this far */

  g_autoptr (GError) error = NULL;
  GMainContext *ctx = g_main_context_new ();
  Engine e = { .fd = fd };
  e.slirp = jail_slirp_start (spec, tap, ctx, resolver, &error);
  if (e.slirp == NULL)
    return send_text (fd, SYNC_SETUP_ERROR, "user-mode networking", 0, error->message),
           JAIL_EXIT_FAILURE;
  if (jail_spec_reports (spec))
    jail_slirp_report_refusals (e.slirp, fd);
  /* What the engine sees of the filesystem (the test hook): looked at
   * before Landlock and seccomp, which would refuse the look itself. */
  int root_entries = test_hook ("probe") ? count_root_entries () : 0;
  /* The ports are published: no more bind or listen from here on. */
  if ((r = jail_net_isolate_postfork (&step)) < 0)
    return fail (fd, step, -r, NULL);
  if (test_hook ("probe"))
    {
      char probe[200], text[256];
      jail_net_isolation_probe (monitor, probe, sizeof probe);
      snprintf (text, sizeof text, "root: %d entries; %s", root_entries, probe);
      send_text (fd, SYNC_NET_STATS, "probe", 0, text);
    }
  /* A process of ours (forked, it runs no caller's code): once it is
   * quiet, what its setup touched leaves its memory. */
  g_main_context_set_poll_func (ctx, jail_poll_dropping_when_quiet);
  jail_drop_when_quiet ();
  send_text (fd, SYNC_NET_READY, "", 0, NULL);
  serve_in (&e, ctx);
  /* The connections are reset: the monitor may go on.  The tap device
   * goes last: its last close unregisters it, which waits for the kernel's
   * RCU grace periods (10-20 ms), and nobody needs to wait for that. */
  send_text (fd, SYNC_NET_STOP, "", 0, NULL);
  close (fd);
  close (tap);
  return 0;
}

/* ---- the monitor's side ---- */

typedef struct {
  const JailSpec *spec;
  pid_t monitor;
} EngineArgs;

static int
engine_child (int channel, void *data)
{
  EngineArgs *args = data;
  return engine_main (args->spec, channel, args->monitor);
}

gboolean
jail_net_engine_start (const JailSpec *spec, JailNetEngine **ret, GError **error)
{
  *ret = NULL;
  if (jail_spec_get_net_mode (spec) != JAIL_NET_SLIRP)
    return TRUE;
  EngineArgs args = { .spec = spec, .monitor = getpid () };
  JailNetEngine *e = g_new0 (JailNetEngine, 1);
  if (!jail_helper_start ("network engine", engine_child, &args, &e->helper, error))
    {
      g_free (e);
      return FALSE;
    }
  e->leave_exit = jail_spec_get_own_process (spec);
  *ret = e;
  return TRUE;
}

int
jail_net_engine_fd (const JailNetEngine *e)
{
  return e->helper.fd;
}

pid_t
jail_net_engine_pid (const JailNetEngine *e)
{
  return e->helper.pid;
}

int
jail_net_engine_give_tap (JailNetEngine *e, int tap_fd)
{
  /* The monitor keeps no copy: a process it forks later (jail enter)
   * must not hold the sandbox's network. */
  return jail_helper_give_fd (&e->helper, SYNC_NET_TAP, tap_fd);
}

static char *
describe_end (int status)
{
  if (WIFSIGNALED (status))
    return g_strdup_printf ("was killed by signal %d (%s)", WTERMSIG (status),
                            sigabbrev_np (WTERMSIG (status)) ?: "?");
  return g_strdup_printf ("exited with status %d", WEXITSTATUS (status));
}

char *
jail_net_engine_reap (JailNetEngine *e)
{
  /* Its channel is closed: whatever it is doing now, it is done. */
  int status = jail_helper_stop (&e->helper, 0);
  return status < 0 ? g_strdup ("has ended") : describe_end (status);
}

/* The test hook: the engine's caps and peaks, on stderr. */
static void
report_stats (JailNetEngine *e)
{
  SyncMsg msg;
  memset (&msg, 0, sizeof msg);
  msg.type = SYNC_NET_STATS;
  if (sync_send (e->helper.fd, &msg) < 0)
    return;
  struct pollfd p = { .fd = e->helper.fd, .events = POLLIN };
  while (poll (&p, 1, 2000) == 1 && sync_recv (e->helper.fd, &msg, MSG_DONTWAIT) == 0)
    if (msg.type == SYNC_NET_STATS && strcmp (msg.step, "stats") == 0)
      {
        fprintf (stderr, "jail: network engine: %s\n", msg.detail);
        return;
      }
}

typedef enum {
  ENGINE_DONE,    /* it said so: its connections are reset */
  ENGINE_DIED,    /* its channel ended without a word: killed, or crashed */
  ENGINE_SILENT,  /* neither within the grace time */
} EngineEnd;

/* After SYNC_NET_STOP: how the engine ends, reading and dropping what it
 * still had to say before. */
static EngineEnd
wait_for_end (int fd, int ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) ms * 1000;
  for (;;)
    {
      gint64 left = (deadline - g_get_monotonic_time ()) / 1000;
      struct pollfd p = { .fd = fd, .events = POLLIN };
      int r = poll (&p, 1, left > 0 ? (int) left : 0);
      if (r < 0 && errno == EINTR)
        continue;
      if (r <= 0)
        return ENGINE_SILENT;
      SyncMsg msg;
      int got = sync_recv (fd, &msg, MSG_DONTWAIT);
      if (got == 0 && msg.type == SYNC_NET_STOP)
        return ENGINE_DONE;
      if (got == -EPIPE || got == -ECONNRESET)
        return ENGINE_DIED;
      if (got < 0 && got != -EAGAIN && got != -EPROTO)
        return ENGINE_SILENT;
    }
}

/* How the engine ended, if it has already, before it was asked to: its
 * channel's end may not have reached the monitor's loop yet when the
 * sandbox's command exits in the same instant. */
static char *
ended_by_itself (JailNetEngine *e)
{
  int status = jail_helper_ended (&e->helper);
  return status < 0 ? NULL : describe_end (status);
}

char *
jail_net_engine_finish (JailNetEngine *e)
{
  if (e == NULL || e->helper.fd < 0)
    return NULL;
  char *ended = ended_by_itself (e);
  if (e->helper.pid > 0 && test_hook ("stats"))
    report_stats (e);
  /* Said, not only implied by closing: a process forked from the monitor
   * may still hold a copy of the channel. */
  SyncMsg msg;
  memset (&msg, 0, sizeof msg);
  msg.type = SYNC_NET_STOP;
  sync_send (e->helper.fd, &msg);
  EngineEnd end = e->helper.pid > 0 ? wait_for_end (e->helper.fd, STOP_GRACE_MS) : ENGINE_DONE;
  close (e->helper.fd);
  e->helper.fd = -1;
  if (end == ENGINE_DIED)
    {
      /* It died in the same instant as the sandbox's command, before the
       * main loop saw its channel end: its status says how. */
      int status = jail_helper_stop (&e->helper, 0);
      if (ended == NULL && status >= 0)
        ended = describe_end (status);
    }
  else if (!(end == ENGINE_DONE && e->leave_exit))
    jail_helper_stop (&e->helper, end == ENGINE_SILENT ? 0 : STOP_GRACE_MS);
  e->helper.pid = -1;
  return ended;
}

void
jail_net_engine_stop (JailNetEngine *e)
{
  if (e == NULL)
    return;
  g_free (jail_net_engine_finish (e));
  g_free (e);
}
