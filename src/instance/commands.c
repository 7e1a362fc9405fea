/* jail list|enter|stop|kill|stats.  Each finds the sandbox by name in the
 * user's private registry and talks to its monitor over the control socket.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <dirent.h>
#include <fcntl.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "instance/commands.h"
#include "desktop/launcher.h"
#include "instance/control-proto.h"
#include "instance/registry.h"
#include "instance/record.h"
#include "common/json.h"
#include "jail/jail.h"

static int
fail (const char *fmt, ...) G_GNUC_PRINTF (1, 2);

static int
fail (const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  fprintf (stderr, "jail: %s\n", msg);
  return JAIL_EXIT_FAILURE;
}

/* "usage: jail NAME …" on stderr; exit 125.  Defined with the table. */
static int usage_error (const char *name);

typedef struct {
  int base_fd;
  int dir_fd;
  JailRecordInfo *info;
} Target;

static void
target_clear (Target *t)
{
  if (t->dir_fd >= 0)
    close (t->dir_fd);
  if (t->base_fd >= 0)
    close (t->base_fd);
  g_clear_pointer (&t->info, jail_record_info_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Target, target_clear)

/* Find the running sandbox NAME of the calling user. */
static gboolean
open_target (const char *cmd, const char *name, Target *t)
{
  g_autoptr (GError) error = NULL;
  *t = (Target) { .base_fd = -1, .dir_fd = -1 };
  if (!jail_name_is_valid (name))
    return fail ("%s %s: not a valid sandbox name", cmd, name), FALSE;
  t->base_fd = jail_registry_open_base (NULL, FALSE, &error);
  if (t->base_fd < 0 || jail_registry_check (t->base_fd, name) != JAIL_RECORD_LIVE)
    return fail ("%s %s: no running sandbox of yours has that name", cmd, name), FALSE;
  t->dir_fd = openat (t->base_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  /* A starting sandbox gets its info.json once it is ready (every
   * namespace final): wait for that a little, as long as it lives. */
  for (int i = 0; t->dir_fd >= 0 && i < 100; i++)
    {
      if ((t->info = jail_record_info_read (t->dir_fd, NULL)) != NULL
          || jail_registry_check (t->base_fd, name) != JAIL_RECORD_LIVE)
        break;
      g_usleep (50 * 1000);
    }
  if (t->info == NULL)
    return fail ("%s %s: its record is unreadable (still starting?)", cmd, name), FALSE;
  return TRUE;
}

static int
connect_control (const char *cmd, const char *name, Target *t)
{
  struct sockaddr_un sa = { .sun_family = AF_UNIX };
  g_autofree char *path = jail_registry_fd_path (t->dir_fd, "control");
  g_strlcpy (sa.sun_path, path, sizeof sa.sun_path);
  int fd = socket (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
  if (fd < 0 || connect (fd, (struct sockaddr *) &sa, sizeof sa) < 0)
    {
      fail ("%s %s: control socket: %s", cmd, name, g_strerror (errno));
      if (fd >= 0)
        close (fd);
      return -1;
    }
  return fd;
}

/* Ask the monitor for one thing; 0 when it says OK. */
static int
request (int fd, const char *cmd, const char *name, uint32_t type, int32_t value)
{
  static ControlMsg msg;
  int fds[3];
  int sent = control_send (fd, type, value, NULL, 0, NULL, 0);
  /* A refused caller's request fails (EPIPE) once the monitor closed:
   * its answer, sent before the close, still waits to be read. */
  int r = control_recv (fd, &msg, fds, sent == 0 ? 0 : MSG_DONTWAIT);
  if (r < 0)
    return fail ("%s %s: %s", cmd, name, g_strerror (sent < 0 ? -sent : -r));
  if (msg.type != CONTROL_OK)
    return fail ("%s %s: %.*s", cmd, name, (int) msg.len, msg.data);
  return 0;
}

/* ---- list ---- */

/* One sandbox of `jail list --json`: its record, or what is known of one
 * still starting (INFO NULL). */
static void
append_list_entry (JailJson *list, const char *name, const JailRecordInfo *info)
{
  JailJson *b = jail_json_append_object (list);
  jail_json_add_string (b, "name", name);
  jail_json_add_int (b, "pid", info != NULL ? info->pid : 0);
  jail_json_add_int (b, "monitor_pid", info != NULL ? info->monitor_pid : 0);
  jail_json_add_string (b, "command", info != NULL ? info->command_line : "");
  jail_json_add_string (b, "started", info != NULL ? info->started : NULL);
  jail_json_add_string (b, "hostname", info != NULL ? info->hostname : NULL);
  jail_json_add_string (b, "profile", info != NULL ? info->profile : NULL);
  jail_json_add_string (b, "cgroup", info != NULL ? info->cgroup : NULL);
  jail_json_add_string (b, "network", info != NULL ? info->network : NULL);
  jail_json_add_string (b, "status", info != NULL ? "running" : "starting");
}

static int
cmd_list (int argc, char **argv)
{
  gboolean json = argc > 1 && strcmp (argv[1], "--json") == 0;
  if (argc > 1 + json)
    return usage_error ("list");
  int base = jail_registry_open_base (NULL, FALSE, NULL);
  g_autoptr (GPtrArray) names = base >= 0 ? jail_registry_list (base) : g_ptr_array_new ();
  g_autoptr (JailJson) list = jail_json_array_new ();
  if (!json)
    printf ("%-24s %8s %-20s %-30s %s\n", "NAME", "PID", "STARTED", "COMMAND", "STATUS");
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      int dfd = openat (base, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      g_autoptr (JailRecordInfo) info = dfd >= 0 ? jail_record_info_read (dfd, NULL) : NULL;
      if (dfd >= 0)
        close (dfd);
      if (json)
        append_list_entry (list, name, info);
      else
        printf ("%-24s %8" G_GINT64_FORMAT " %-20s %-30.30s %s\n", name,
                info != NULL ? info->pid : 0,
                info != NULL && info->started != NULL ? info->started : "-",
                info != NULL ? info->command_line : "", info != NULL ? "running" : "starting");
    }
  if (json)
    {
      g_autofree char *text = jail_json_to_string (list, 2);
      fputs (text, stdout);
    }
  if (base >= 0)
    close (base);
  return 0;
}

/* ---- stop / kill ---- */

static int
parse_signal (const char *text)
{
  char *end;
  long n = strtol (text, &end, 10);
  if (*end == '\0' && end != text)
    return n > 0 && n < NSIG ? (int) n : -1;
  if (g_ascii_strncasecmp (text, "SIG", 3) == 0)
    text += 3;
  for (int s = 1; s < NSIG; s++)
    {
      const char *abbrev = sigabbrev_np (s);
      if (abbrev != NULL && g_ascii_strcasecmp (abbrev, text) == 0)
        return s;
    }
  return -1;
}

static int
cmd_kill (int argc, char **argv)
{
  if (argc < 2 || argc > 3)
    return usage_error ("kill");
  int sig = argc == 3 ? parse_signal (argv[2]) : SIGKILL;
  if (sig < 0)
    return fail ("kill %s: '%s' is not a signal", argv[1], argv[2]);
  g_auto (Target) t;
  if (!open_target ("kill", argv[1], &t))
    return JAIL_EXIT_FAILURE;
  int fd = connect_control ("kill", argv[1], &t);
  if (fd < 0)
    return JAIL_EXIT_FAILURE;
  int r = request (fd, "kill", argv[1], CONTROL_SIGNAL, sig);
  close (fd);
  return r;
}

/* Wait until the monitor closes our connection (it exits), at most ms. */
static gboolean
wait_for_end (int fd, int ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) ms * 1000;
  for (;;)
    {
      gint64 left = (deadline - g_get_monotonic_time ()) / 1000;
      if (left <= 0)
        return FALSE;
      struct pollfd p = { .fd = fd, .events = POLLIN };
      if (poll (&p, 1, (int) left) > 0)
        {
          char c;
          if (recv (fd, &c, 1, MSG_DONTWAIT) == 0 || (p.revents & (POLLHUP | POLLERR)))
            return TRUE;
        }
    }
}

static int
cmd_stop (int argc, char **argv)
{
  guint64 timeout = 10;
  const char *name = NULL;
  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--timeout") == 0 && i + 1 < argc)
        {
          char *end;
          timeout = g_ascii_strtoull (argv[++i], &end, 10);
          if (*end != '\0' || end == argv[i] || timeout > 86400)
            return fail ("stop: --timeout '%s' is not a number of seconds", argv[i]);
        }
      else if (name == NULL && argv[i][0] != '-')
        name = argv[i];
      else
        return usage_error ("stop");
    }
  if (name == NULL)
    return usage_error ("stop");
  g_auto (Target) t;
  if (!open_target ("stop", name, &t))
    return JAIL_EXIT_FAILURE;
  int fd = connect_control ("stop", name, &t);
  if (fd < 0)
    return JAIL_EXIT_FAILURE;
  int r = request (fd, "stop", name, CONTROL_SIGNAL, SIGTERM);
  if (r == 0 && !wait_for_end (fd, (int) timeout * 1000))
    {
      /* Still there: the app ignored SIGTERM (or is PID 1 itself). */
      fprintf (stderr, "jail: stop %s: still running after %us, sending SIGKILL\n", name,
               (unsigned) timeout);
      control_send (fd, CONTROL_SIGNAL, SIGKILL, NULL, 0, NULL, 0);
      if (!wait_for_end (fd, 10000))
        r = fail ("stop %s: did not end after SIGKILL", name);
    }
  close (fd);
  return r;
}

/* ---- stats ---- */

static gboolean
read_proc_stats (int pid, guint64 *rss_kib, double *cpu_s)
{
  g_autofree char *status = NULL, *stat = NULL;
  g_autofree char *p1 = g_strdup_printf ("/proc/%d/status", pid);
  g_autofree char *p2 = g_strdup_printf ("/proc/%d/stat", pid);
  if (!g_file_get_contents (p1, &status, NULL, NULL) || !g_file_get_contents (p2, &stat, NULL, NULL))
    return FALSE;
  const char *vm = strstr (status, "\nVmRSS:");
  if (vm != NULL)
    *rss_kib += g_ascii_strtoull (vm + 7, NULL, 10);
  /* Fields after the command name, which may hold spaces: utime and stime
   * are the 14th and 15th fields, the 12th and 13th after ")". */
  const char *rp = strrchr (stat, ')');
  if (rp != NULL)
    {
      g_auto (GStrv) f = g_strsplit (rp + 2, " ", 16);
      if (g_strv_length (f) >= 14)
        *cpu_s += (double) (g_ascii_strtoull (f[11], NULL, 10) + g_ascii_strtoull (f[12], NULL, 10))
                  / (double) sysconf (_SC_CLK_TCK);
    }
  return TRUE;
}

static void
print_usage_stats (char **argv, const Target *t)
{
  const char *cgroup = t->info->cgroup;
  int pid1 = (int) t->info->pid;
  gint64 pidns = t->info->pid_namespace;
  guint64 rss = 0, tasks = 0;
  double cpu = 0;
  if (cgroup != NULL)
    {
      g_autofree char *dir = g_build_filename ("/sys/fs/cgroup", cgroup, NULL);
      g_autofree char *mem = NULL, *pids = NULL, *cpustat = NULL;
      g_autofree char *p1 = g_build_filename (dir, "memory.current", NULL);
      g_autofree char *p2 = g_build_filename (dir, "pids.current", NULL);
      g_autofree char *p3 = g_build_filename (dir, "cpu.stat", NULL);
      if (g_file_get_contents (p1, &mem, NULL, NULL) && g_file_get_contents (p2, &pids, NULL, NULL)
          && g_file_get_contents (p3, &cpustat, NULL, NULL))
        {
          const char *u = strstr (cpustat, "usage_usec ");
          printf ("%-8s %s\n%-8s cgroup %s\n%-8s %s\n%-8s %.1f MiB\n%-8s %.2f s\n", "NAME", argv[1],
                  "SOURCE", cgroup, "TASKS", g_strstrip (pids), "MEMORY",
                  (double) g_ascii_strtoull (mem, NULL, 10) / 1048576.0, "CPU",
                  u ? (double) g_ascii_strtoull (u + 11, NULL, 10) / 1e6 : 0.0);
          return;
        }
    }
  /* No cgroup of its own: sum over the processes in its pid namespace
   * (the init is undumpable, so it is counted by its pid). */
  g_autofree char *want = g_strdup_printf ("pid:[%" G_GINT64_FORMAT "]", pidns);
  DIR *d = opendir ("/proc");
  struct dirent *e;
  while (d != NULL && (e = readdir (d)) != NULL)
    {
      int pid = atoi (e->d_name);
      if (pid <= 0)
        continue;
      g_autofree char *link = g_strdup_printf ("/proc/%d/ns/pid", pid);
      g_autofree char *target = g_file_read_link (link, NULL);
      if ((pid == pid1 || g_strcmp0 (target, want) == 0) && read_proc_stats (pid, &rss, &cpu))
        tasks++;
    }
  if (d != NULL)
    closedir (d);
  printf ("%-8s %s\n%-8s /proc (no cgroup for this sandbox)\n%-8s %" G_GUINT64_FORMAT
          "\n%-8s %.1f MiB (sum of RSS)\n%-8s %.2f s\n",
          "NAME", argv[1], "SOURCE", "TASKS", tasks, "MEMORY", (double) rss / 1024.0, "CPU", cpu);
}

/* What the sandbox refused so far (src/report/), from its monitor. */
static int
print_report (const char *name, Target *t)
{
  static ControlMsg msg;
  int fds[3];
  int fd = connect_control ("stats", name, t);
  if (fd < 0)
    return JAIL_EXIT_FAILURE;
  int r = control_send (fd, CONTROL_REPORT, 0, NULL, 0, NULL, 0);
  if (r == 0)
    r = control_recv (fd, &msg, fds, 0);
  close (fd);
  if (r < 0)
    return fail ("stats %s: %s", name, g_strerror (-r));
  g_autofree char *text = g_strndup (msg.data, msg.len);
  if (msg.type == CONTROL_ERROR || msg.len == 0)
    {
      printf ("%-8s %s\n", "REFUSED", msg.len == 0 ? "nothing" : text);
      return 0;
    }
  /* "refused: 2 syscalls (…)" and its grant lines, under the heading. */
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  for (char **l = lines; *l != NULL; l++)
    {
      const char *line = l == lines && g_str_has_prefix (*l, "refused: ") ? *l + 9 : *l;
      printf ("%-8s %s\n", l == lines ? "REFUSED" : "", line);
    }
  return 0;
}

static int
cmd_stats (int argc, char **argv)
{
  if (argc != 2)
    return usage_error ("stats");
  g_auto (Target) t;
  if (!open_target ("stats", argv[1], &t))
    return JAIL_EXIT_FAILURE;
  print_usage_stats (argv, &t);
  return print_report (argv[1], &t);
}

/* ---- enter ---- */

static int
cmd_enter (int argc, char **argv)
{
  int first = 2;
  if (argc < 2)
    return usage_error ("enter");
  if (first < argc && strcmp (argv[first], "--") == 0)
    first++;
  const char *name = argv[1];
  g_auto (Target) t;
  if (!open_target ("enter", name, &t))
    return JAIL_EXIT_FAILURE;
  g_autoptr (GString) data = g_string_new (NULL);
  if (first >= argc)
    g_string_append_len (data, "/bin/sh", 8);
  for (int i = first; i < argc; i++)
    g_string_append_len (data, argv[i], (gssize) strlen (argv[i]) + 1);
  if (data->len > CONTROL_DATA_MAX)
    return fail ("enter %s: command line too long", name);

  sigset_t set;
  sigemptyset (&set);
  sigaddset (&set, SIGINT);
  sigaddset (&set, SIGTERM);
  sigaddset (&set, SIGHUP);
  sigaddset (&set, SIGQUIT);
  sigprocmask (SIG_BLOCK, &set, NULL);
  int sfd = signalfd (-1, &set, SFD_CLOEXEC);

  int fd = connect_control ("enter", name, &t);
  if (fd < 0)
    return JAIL_EXIT_FAILURE;
  const int stdio[3] = { 0, 1, 2 };
  int r = control_send (fd, CONTROL_ENTER, 0, data->str, data->len, stdio, 3);
  static ControlMsg msg;
  int fds[3];
  if (r < 0)
    {
      /* Refused: the monitor's reason is queued before its close. */
      if (control_recv (fd, &msg, fds, MSG_DONTWAIT) == 0 && msg.type == CONTROL_ERROR)
        return fprintf (stderr, "jail: enter %s: %.*s\n", name, (int) msg.len, msg.data), msg.value;
      return fail ("enter %s: %s", name, g_strerror (-r));
    }
  for (;;)
    {
      struct pollfd p[2] = { { .fd = fd, .events = POLLIN }, { .fd = sfd, .events = POLLIN } };
      if (poll (p, 2, -1) < 0)
        continue;
      if (p[1].revents & POLLIN)
        {
          struct signalfd_siginfo si;
          if (read (sfd, &si, sizeof si) == (ssize_t) sizeof si)
            control_send (fd, CONTROL_SIGNAL, (int32_t) si.ssi_signo, NULL, 0, NULL, 0);
        }
      if (p[0].revents == 0)
        continue;
      r = control_recv (fd, &msg, fds, 0);
      if (r < 0)
        return fail ("enter %s: the sandbox went away", name);
      if (msg.type == CONTROL_EXITED)
        return msg.value;
      if (msg.type == CONTROL_ERROR)
        {
          fprintf (stderr, "jail: %.*s\n", (int) msg.len, msg.data);
          return msg.value;
        }
    }
}

typedef struct {
  const char *name;
  JailCommand func;
  const char *usage;   /* after "jail NAME" */
  const char *summary; /* one line, for jail --help */
  const char *details; /* the rest of jail NAME --help */
  gboolean takes_command; /* a later --help belongs to that command */
} CommandDef;

static const CommandDef commands[] = {
  { "list", cmd_list, "[--json]", "show your running sandboxes",
    "Columns: NAME, PID (of its PID 1, on the host), STARTED, COMMAND, STATUS.\n"
    "--json prints an array of objects (name, pid, monitor_pid, command, started,\n"
    "hostname, profile, cgroup, network, status).\n", FALSE },
  { "enter", cmd_enter, "NAME [--] [COMMAND [ARG…]]", "run a command in a running sandbox",
    "COMMAND (default /bin/sh) joins every namespace and the cgroup of sandbox\n"
    "NAME with the sandbox's own lockdown, and your stdin, stdout and stderr.\n"
    "The exit status is the command's.\n", TRUE },
  { "stop", cmd_stop, "NAME [--timeout SECONDS]", "stop a sandbox: SIGTERM, then SIGKILL",
    "Sends SIGTERM to sandbox NAME and waits for it to end; after SECONDS\n"
    "(default 10) sends SIGKILL.\n", FALSE },
  { "kill", cmd_kill, "NAME [SIGNAL]", "send a signal to a sandbox",
    "SIGNAL is a name (TERM, SIGHUP…) or a number; default KILL.\n", FALSE },
  { "stats", cmd_stats, "NAME", "tasks, memory and CPU time of a sandbox",
    "Read from the sandbox's own cgroup when it has one, otherwise summed over\n"
    "its processes in /proc (the SOURCE line says which).\n", FALSE },
  { "desktop", jail_desktop_command, "install|remove|list [APP…]",
    "menu entries that start apps in jail", NULL, TRUE },
};

static const CommandDef *
find_command (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (commands[i].name, name) == 0)
      return &commands[i];
  return NULL;
}

static int
usage_error (const char *name)
{
  const CommandDef *c = find_command (name);
  return fail ("%s: usage: jail %s %s (see jail %s --help)", name, name, c->usage, name);
}

/* `jail NAME --help`: the usage on stdout, exit 0.  A command that runs a
 * command of the user's (enter) sees --help as its own only first. */
static gboolean
wants_help (const CommandDef *c, int argc, char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--") == 0 || (c->takes_command && i > 1))
        break;
      if (strcmp (argv[i], "--help") == 0 || strcmp (argv[i], "-h") == 0)
        return TRUE;
    }
  return FALSE;
}

int
jail_command_run (int argc, char **argv)
{
  const CommandDef *c = find_command (argv[0]);
  /* desktop has subcommands of its own and prints their usage itself. */
  if (c->details != NULL && wants_help (c, argc, argv))
    {
      printf ("Usage: jail %s %s\n\n%c%s.\n%s\nSee COMMANDS in man jail.\n", c->name, c->usage,
              g_ascii_toupper (c->summary[0]), c->summary + 1, c->details);
      return 0;
    }
  return c->func (argc, argv);
}

gboolean
jail_command_exists (const char *name)
{
  return find_command (name) != NULL;
}

char *
jail_command_summary (void)
{
  GString *s = g_string_new (NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *left = g_strdup_printf ("%s %s", commands[i].name, commands[i].usage);
      /* Pad by characters: the usage holds "…". */
      int pad = 36 - (int) g_utf8_strlen (left, -1);
      g_string_append_printf (s, "  %s%*s %s\n", left, MAX (pad, 0), "", commands[i].summary);
    }
  return g_string_free (s, FALSE);
}
