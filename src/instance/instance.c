/* The instance record and control socket, run by the monitor.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <sched.h>
#include <time.h>
#include <unistd.h>

#include "instance/instance.h"
#include "instance/control-proto.h"
#include "instance/registry.h"
#include "common/json.h"
#include "common/namespaces.h"
#include "common/random.h"
#include "report/report.h"

struct JailInstance {
  JailRecordDir dir;
  JailEnterTarget target;
  int listen_fd;
  GMainContext *ctx;
  GPtrArray *sources; /* GSource* of the listening socket and each client */
  char *started;
  char *cgroup; /* the sandbox's cgroup below /sys/fs/cgroup, or NULL */
  const JailReport *report; /* the monitor's, NULL when the run has none */
};

/* The proleptic Gregorian date of a day counted from 1970-01-01 (H.
 * Hinnant's days_from_civil, inverted; eras of 400 years, March first). */
static void
civil_from_days (gint64 days, int *year, int *month, int *day)
{
  days += 719468;
  gint64 era = (days >= 0 ? days : days - 146096) / 146097;
  gint64 doe = days - era * 146097;                                /* [0, 146096] */
  gint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* [0, 399] */
  gint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);             /* [0, 365] */
  gint64 mp = (5 * doy + 2) / 153;                                 /* [0, 11] */
  *day = (int) (doy - (153 * mp + 2) / 5 + 1);
  *month = (int) (mp < 10 ? mp + 3 : mp - 9);
  *year = (int) (yoe + era * 400 + (*month <= 2));
}

/* RFC 3339 in UTC.  Computed here: glibc's gmtime_r loads the local time
 * zone (/etc/localtime) at its first call, and GDateTime's formatting
 * loads a time zone and the locale's charset table, while the sandbox
 * waits for its release. */
static char *
utc_now_text (void)
{
  gint64 now = (gint64) time (NULL);
  gint64 days = now >= 0 ? now / 86400 : (now - 86399) / 86400;
  gint64 secs = now - days * 86400;
  int year, month, day;
  civil_from_days (days, &year, &month, &day);
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02dZ", year, month, day, (int) (secs / 3600),
                          (int) (secs / 60 % 60), (int) (secs % 60));
}

static char *
default_name (const JailSpec *spec)
{
  /* The first profile names the app better than its binary does. */
  char *const *profiles = jail_spec_get_profiles (spec);
  g_autofree char *base = profiles != NULL && profiles[0] != NULL
                              ? g_path_get_basename (profiles[0])
                              : g_path_get_basename (jail_spec_get_command (spec)[0]);
  if (g_str_has_suffix (base, ".profile"))
    base[strlen (base) - strlen (".profile")] = '\0';
  GString *s = g_string_new (NULL);
  for (const char *p = base; *p != '\0' && s->len < JAIL_NAME_MAX - 7; p++)
    g_string_append_c (s, g_ascii_isalnum (*p) || *p == '_' || *p == '.' || *p == '-' ? *p : '_');
  if (s->len == 0 || s->str[0] == '.' || s->str[0] == '-')
    g_string_prepend (s, "jail");
  g_string_append_printf (s, "-%06x", jail_random_u32 () & 0xffffff);
  return g_string_free (s, FALSE);
}

static void
open_namespaces (JailInstance *inst)
{
  pid_t pid = inst->target.child;
  inst->target.pidfd = (int) syscall (SYS_pidfd_open, pid, 0);
  for (gsize i = 0; i < G_N_ELEMENTS (jail_namespaces); i++)
    {
      g_autofree char *path
        = g_strdup_printf ("/proc/%d/ns/%s", (int) pid, jail_namespaces[i].proc_name);
      inst->target.ns_fds[i] = open (path, O_RDONLY | O_CLOEXEC);
    }
}

static gboolean write_info (JailInstance *inst, GError **error);

/* The sandbox enters its cgroup namespace only after GO, once it sits in
 * its own cgroup leaf (src/cgroup/), and its network namespace after its
 * mounts (monitor/netns.c): the fds opened at clone time name the
 * caller's namespaces.  At READY they are final; jail's init turns
 * undumpable only after that, so /proc/PID/ns is still ours to open.
 * Only then is the record's info.json written: a sandbox is `running`
 * (and can be entered) once every namespace of it is final. */
const char *
jail_instance_name (const JailInstance *inst)
{
  return inst != NULL ? inst->dir.name : NULL;
}

void
jail_instance_set_cgroup (JailInstance *inst, const char *path)
{
  if (inst == NULL || inst->listen_fd < 0)
    return;
  g_free (inst->cgroup);
  inst->cgroup = g_strdup (path);
}

void
jail_instance_set_report (JailInstance *inst, const JailReport *report)
{
  if (inst != NULL)
    inst->report = report;
}

/* `jail stats`: the report so far, one line per datagram's line; an
 * error when the run collects none (--report=never). */
static void
reply_report (JailInstance *inst, int fd)
{
  if (inst->report == NULL)
    {
      const char *off = "this sandbox collects no report (--report=never)";
      control_send (fd, CONTROL_ERROR, JAIL_EXIT_FAILURE, off, strlen (off), NULL, 0);
      return;
    }
  g_auto (GStrv) lines = jail_report_lines (inst->report);
  g_autofree char *text = g_strjoinv ("\n", lines);
  gsize len = MIN (strlen (text), (gsize) CONTROL_DATA_MAX);
  control_send (fd, CONTROL_OK, 0, text, len, NULL, 0);
}

void
jail_instance_set_entered_namespaces (JailInstance *inst, int net_fd, int cgroup_fd)
{
  if (inst == NULL || inst->listen_fd < 0)
    return;
  for (gsize i = 0; i < G_N_ELEMENTS (jail_namespaces); i++)
    {
      int fd = jail_namespaces[i].ns == JAIL_NS_NET      ? net_fd
               : jail_namespaces[i].ns == JAIL_NS_CGROUP ? cgroup_fd
                                                         : -1;
      if (fd < 0)
        continue;
      if (inst->target.ns_fds[i] >= 0)
        close (inst->target.ns_fds[i]);
      inst->target.ns_fds[i] = fcntl (fd, F_DUPFD_CLOEXEC, 3);
    }
}

void
jail_instance_sandbox_ready (JailInstance *inst)
{
  if (inst != NULL && inst->listen_fd >= 0)
    write_info (inst, NULL);
}

static gboolean
write_info (JailInstance *inst, GError **error)
{
  const JailSpec *spec = inst->target.spec;
  g_autoptr (JailJson) b = jail_json_object_new ();
  jail_json_add_int (b, "version", 1);
  jail_json_add_string (b, "name", inst->dir.name);
  jail_json_add_int (b, "pid", inst->target.child);
  jail_json_add_int (b, "monitor_pid", getpid ());
  jail_json_add_int (b, "uid", getuid ());
  JailJson *namespaces = jail_json_add_object (b, "namespaces");
  for (gsize i = 0; i < G_N_ELEMENTS (jail_namespaces); i++)
    {
      struct stat st;
      const char *name = jail_namespaces[i].proc_name;
      if (inst->target.ns_fds[i] >= 0 && fstat (inst->target.ns_fds[i], &st) == 0)
        jail_json_add_int (namespaces, name, (gint64) st.st_ino);
      else
        jail_json_add_null (namespaces, name);
    }
  char *const *profiles = jail_spec_get_profiles (spec);
  jail_json_add_string (b, "profile", profiles != NULL ? profiles[0] : NULL);
  jail_json_add_strv (b, "command", jail_spec_get_command (spec));
  jail_json_add_string (b, "hostname", jail_spec_get_hostname (spec));
  jail_json_add_string (b, "started", inst->started);
  jail_json_add_int (b, "started_unix", time (NULL));
  jail_json_add_string (b, "rootfs", jail_spec_get_rootfs (spec));
  jail_spec_append_limits_json (b, spec);
  jail_spec_append_net_json (b, spec); /* what `jail list --json` shows of the network */
  jail_json_add_string (b, "cgroup", inst->cgroup);
  g_autofree char *text = jail_json_to_string (b, 2);
  gsize len = strlen (text);

  /* Readers see the old file or the new one, never half of one. */
  int fd = openat (inst->dir.dir_fd, "info.json.tmp", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
                   0600);
  if (fd < 0 || write (fd, text, len) != (ssize_t) len || close (fd) < 0
      || renameat (inst->dir.dir_fd, "info.json.tmp", inst->dir.dir_fd, "info.json") < 0)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP, "write instance record %s: %s",
                        inst->dir.name, g_strerror (errno)), FALSE;
  return TRUE;
}

static gboolean
listen_control (JailInstance *inst, GError **error)
{
  struct sockaddr_un sa = { .sun_family = AF_UNIX };
  g_autofree char *path = jail_registry_fd_path (inst->dir.dir_fd, "control");
  g_strlcpy (sa.sun_path, path, sizeof sa.sun_path);
  inst->listen_fd = socket (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (inst->listen_fd < 0 || bind (inst->listen_fd, (struct sockaddr *) &sa, sizeof sa) < 0
      || listen (inst->listen_fd, 16) < 0)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP, "control socket of %s: %s",
                        inst->dir.name, g_strerror (errno)), FALSE;
  return TRUE;
}

JailInstance *
jail_instance_start (const JailSpec *spec, pid_t child, char **envp, GError **error)
{
  JailInstance *inst = g_new0 (JailInstance, 1);
  const char *given = jail_spec_get_name (spec);
  g_autofree char *name = given != NULL ? g_strdup (given) : default_name (spec);
  inst->target = (JailEnterTarget) { .spec = spec, .envp = envp, .child = child, .pidfd = -1 };
  inst->listen_fd = -1;
  inst->started = utc_now_text ();
  inst->sources = g_ptr_array_new ();
  for (gsize i = 0; i < G_N_ELEMENTS (inst->target.ns_fds); i++)
    inst->target.ns_fds[i] = -1;
  /* A building block (flatpak runs one per app as its bwrap) leaves no
   * record and answers no control socket. */
  if (jail_spec_get_unlisted (spec))
    return inst;
  g_autoptr (GError) local_error = NULL;
  if (!jail_record_dir_create (name, &inst->dir, &local_error))
    {
      /* Without a usable registry (someone else's /dev/shm/jail-UID, a full
       * disk) an unnamed sandbox still runs, just without a record; one
       * the user named must be reachable by that name. */
      if (given == NULL && g_error_matches (local_error, JAIL_ERROR, JAIL_ERROR_SETUP))
        return inst;
      g_propagate_error (error, g_steal_pointer (&local_error));
      jail_instance_free (inst);
      return NULL;
    }
  open_namespaces (inst);
  /* info.json comes at READY (jail_instance_sandbox_ready): until then
   * `jail list` shows the sandbox as starting and `jail enter` waits. */
  if (!listen_control (inst, error))
    {
      jail_instance_free (inst);
      return NULL;
    }
  return inst;
}

typedef struct {
  JailInstance *inst;
  int fd;
  GSource *source;
} Client;

static void
client_free (gpointer data)
{
  Client *c = data;
  close (c->fd);
  g_free (c);
}

static Client *
add_client (JailInstance *inst, int fd, GUnixFDSourceFunc func)
{
  Client *c = g_new0 (Client, 1);
  c->inst = inst;
  c->fd = fd;
  c->source = g_unix_fd_source_new (fd, G_IO_IN | G_IO_HUP | G_IO_ERR);
  g_source_set_callback (c->source, (GSourceFunc) (void (*) (void)) func, c, client_free);
  g_source_attach (c->source, inst->ctx);
  g_ptr_array_add (inst->sources, c->source);
  return c;
}

static void
remove_client (Client *c)
{
  g_ptr_array_remove (c->inst->sources, c->source);
  g_source_destroy (c->source);
  g_source_unref (c->source);
}

static void
reply_error (int fd, int status, const char *message)
{
  control_send (fd, CONTROL_ERROR, status, message, strlen (message), NULL, 0);
}

/* Fork the joiner twice, so that it is not our child: the monitor's
 * SIGCHLD handling only knows the sandbox, and no zombie is left. */
static void
start_enter (JailInstance *inst, int conn, ControlMsg *msg, const int fds[3])
{
  if (fds[0] < 0 || fds[1] < 0 || fds[2] < 0)
    return reply_error (conn, JAIL_EXIT_FAILURE, "enter: standard input, output and error needed");
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  for (guint32 off = 0; off < msg->len;)
    {
      char *arg = msg->data + off;
      gsize n = strnlen (arg, msg->len - off);
      if (off + n >= msg->len)
        return reply_error (conn, JAIL_EXIT_FAILURE, "enter: malformed command");
      g_ptr_array_add (argv, arg);
      off += (guint32) n + 1;
    }
  if (argv->len == 0)
    return reply_error (conn, JAIL_EXIT_FAILURE, "enter: no command");
  g_ptr_array_add (argv, NULL);

  pid_t k = fork ();
  if (k < 0)
    return reply_error (conn, JAIL_EXIT_FAILURE, "enter: fork failed");
  if (k == 0)
    {
      /* The server's first step closes every descriptor of the monitor's
       * (above all the record's lock, which says "this sandbox is alive"). */
      if (fork () == 0)
        jail_enter_serve (&inst->target, conn, (char **) argv->pdata, fds);
      _exit (0);
    }
  while (waitpid (k, NULL, 0) < 0 && errno == EINTR)
    ;
}

static gboolean
on_client (int unused_fd, GIOCondition cond, gpointer data)
{
  Client *c = data;
  JailInstance *inst = c->inst;
  static ControlMsg msg;
  int fds[3];
  int r = control_recv (c->fd, &msg, fds, MSG_DONTWAIT);
  if (r == -EAGAIN)
    return G_SOURCE_CONTINUE;
  if (r < 0)
    {
      remove_client (c);
      return G_SOURCE_REMOVE;
    }
  if (msg.type == CONTROL_SIGNAL)
    {
      /* To PID 1 of the sandbox: jail's init forwards it to the app, as
       * it does for a signal sent to the jail command itself. */
      if (msg.value <= 0 || msg.value >= NSIG || kill (inst->target.child, msg.value) < 0)
        reply_error (c->fd, JAIL_EXIT_FAILURE, g_strerror (msg.value <= 0 ? EINVAL : errno));
      else
        control_send (c->fd, CONTROL_OK, (int32_t) inst->target.child, NULL, 0, NULL, 0);
    }
  else if (msg.type == CONTROL_REPORT)
    reply_report (inst, c->fd);
  else if (msg.type == CONTROL_ENTER)
    {
      start_enter (inst, c->fd, &msg, fds);
      /* The joiner answers from now on; our copy of the connection goes. */
      remove_client (c);
    }
  else
    reply_error (c->fd, JAIL_EXIT_FAILURE, "unknown request");
  for (int i = 0; i < 3; i++)
    if (fds[i] >= 0)
      close (fds[i]);
  return msg.type == CONTROL_ENTER ? G_SOURCE_REMOVE : G_SOURCE_CONTINUE;
}

static gboolean
on_connect (int unused_fd, GIOCondition cond, gpointer data)
{
  JailInstance *inst = data;
  int fd;
  while ((fd = accept4 (inst->listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK)) >= 0)
    {
      const char *why = jail_control_peer_refused (fd);
      if (why != NULL)
        {
          /* Said before the close: the client reads it from its queue
           * even when its own request then fails (EPIPE). */
          reply_error (fd, JAIL_EXIT_FAILURE, why);
          close (fd);
          continue;
        }
      add_client (inst, fd, on_client);
    }
  return G_SOURCE_CONTINUE;
}

void
jail_instance_attach (JailInstance *inst, GMainContext *ctx)
{
  inst->ctx = ctx;
  if (inst->listen_fd < 0)
    return;
  GSource *source = g_unix_fd_source_new (inst->listen_fd, G_IO_IN);
  g_source_set_callback (source, (GSourceFunc) (void (*) (void)) on_connect, inst, NULL);
  g_source_attach (source, ctx);
  g_ptr_array_add (inst->sources, source);
}

void
jail_instance_release_namespaces (JailInstance *inst)
{
  if (inst == NULL)
    return;
  for (gsize i = 0; i < G_N_ELEMENTS (inst->target.ns_fds); i++)
    if (inst->target.ns_fds[i] >= 0)
      close (inst->target.ns_fds[i]), inst->target.ns_fds[i] = -1;
}

void
jail_instance_free (JailInstance *inst)
{
  if (inst == NULL)
    return;
  /* Record first: from here on the name is free. */
  jail_record_dir_remove (&inst->dir);
  for (guint i = 0; i < inst->sources->len; i++)
    {
      GSource *s = g_ptr_array_index (inst->sources, i);
      g_source_destroy (s);
      g_source_unref (s);
    }
  g_ptr_array_unref (inst->sources);
  if (inst->listen_fd >= 0)
    close (inst->listen_fd);
  if (inst->target.pidfd >= 0)
    close (inst->target.pidfd);
  jail_instance_release_namespaces (inst);
  g_free (inst->started);
  g_free (inst->cgroup);
  g_free (inst);
}

