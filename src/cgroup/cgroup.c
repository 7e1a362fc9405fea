/* The sandbox's cgroup subtree: where it comes from, its two leaves, the
 * limits, and what it tells at the end.
 *
 * cgroup v2's "no internal processes" rule: a cgroup that hands controllers
 * to its children holds no process itself.  So the delegated directory
 * (the scope) gets two leaves: monitor/ for jail's monitor and sandbox/ for
 * everything in the sandbox, and the limits go on sandbox/ only: nothing
 * but the sandbox counts against them.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "cgroup/cgroup.h"
#include "cgroup/limits-parse.h"
#include "cgroup/scope.h"
#include "common/message.h"
#include "common/random.h"

#define CGROUP_ROOT "/sys/fs/cgroup"

struct JailCgroup {
  char *dir;   /* the delegated directory */
  char *leaf;  /* dir/sandbox */
  char *app;   /* the command's name, for messages */
  guint64 memory_limit;
  gboolean stats;
};

static const struct {
  JailLimit limit;
  const char *file;
  const char *controller;
} limit_files[] = {
  { JAIL_LIMIT_MEMORY, "memory.max", "memory" },
  { JAIL_LIMIT_MEMORY_HIGH, "memory.high", "memory" },
  { JAIL_LIMIT_SWAP, "memory.swap.max", "memory" },
  { JAIL_LIMIT_PIDS, "pids.max", "pids" },
  { JAIL_LIMIT_CPU, "cpu.max", "cpu" },
  { JAIL_LIMIT_CPU_WEIGHT, "cpu.weight", "cpu" },
  { JAIL_LIMIT_IO_WEIGHT, "io.weight", "io" },
};

/* What jail_cgroup_prepare and jail_cgroup_begin leave for
 * jail_cgroup_setup. */
struct JailCgroupStart {
  const JailSpec *spec;
  pid_t child;
  GArray *helpers;          /* pid_t */
  char *unit;               /* the scope asked for */
  JailScopeRequest *scope;  /* NULL on a cgroup v1 host */
};

/* Enabled for the leaves when the parent has them: for --stats even
 * without limits. */
static const char *const wanted_controllers[] = { "cpu", "memory", "pids", "io" };

void
jail_cgroup_free (JailCgroup *cg)
{
  if (cg == NULL)
    return;
  g_free (cg->dir);
  g_free (cg->leaf);
  g_free (cg->app);
  g_free (cg);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JailCgroup, jail_cgroup_free)

static gboolean
write_file (const char *dir, const char *file, const char *value, GError **error)
{
  g_autofree char *path = g_build_filename (dir, file, NULL);
  int fd = open (path, O_WRONLY | O_CLOEXEC);
  if (fd < 0)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP, "open %s: %s", path,
                        g_strerror (errno)), FALSE;
  ssize_t n = write (fd, value, strlen (value));
  int err = errno;
  close (fd);
  if (n < 0)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP, "write '%s' to %s: %s", value, path,
                        g_strerror (err)), FALSE;
  return TRUE;
}

static char *
read_file (const char *dir, const char *file)
{
  g_autofree char *path = g_build_filename (dir, file, NULL);
  char *text = NULL;
  if (!g_file_get_contents (path, &text, NULL, NULL))
    return NULL;
  return text;
}

/* "key value" lines (memory.events, cpu.stat); G_MAXUINT64 if missing. */
static guint64
read_keyed (const char *dir, const char *file, const char *key)
{
  g_autofree char *text = read_file (dir, file);
  if (text == NULL)
    return G_MAXUINT64;
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  gsize klen = strlen (key);
  for (gsize i = 0; lines[i] != NULL; i++)
    if (strncmp (lines[i], key, klen) == 0 && lines[i][klen] == ' ')
      return g_ascii_strtoull (lines[i] + klen + 1, NULL, 10);
  return G_MAXUINT64;
}

static guint64
read_number (const char *dir, const char *file)
{
  g_autofree char *text = read_file (dir, file);
  if (text == NULL || text[0] < '0' || text[0] > '9')
    return G_MAXUINT64;
  return g_ascii_strtoull (text, NULL, 10);
}

static gboolean
has_word (const char *list, const char *word)
{
  g_auto (GStrv) words = g_strsplit_set (list != NULL ? list : "", " \n", -1);
  return g_strv_contains ((const char *const *) words, word);
}

static gboolean
is_cgroup2_host (void)
{
  struct statfs sfs;
  return statfs (CGROUP_ROOT, &sfs) == 0 && sfs.f_type == CGROUP2_SUPER_MAGIC;
}

/* Our cgroup v2 directory, from /proc/self/cgroup's "0::PATH" line. */
static char *
own_cgroup_dir (void)
{
  g_autofree char *text = NULL;
  if (!g_file_get_contents ("/proc/self/cgroup", &text, NULL, NULL))
    return NULL;
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  for (gsize i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "0::/"))
      return g_build_filename (CGROUP_ROOT, lines[i] + 3, NULL);
  return NULL;
}

/* app-jail-NAME-ID.scope (scope.h).  An unnamed sandbox's default name
 * already ends in a short random id; one named by the user, or without a
 * record, gets one here.  Characters systemd would escape become "_". */
static char *
scope_name (const JailSpec *spec, const char *name)
{
  g_autofree char *base = name != NULL ? g_strdup (name)
                                       : g_path_get_basename (jail_spec_get_command (spec)[0]);
  for (char *c = base; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c) && *c != '_' && *c != '-' && *c != '.')
      *c = '_';
  if (strlen (base) > 64)
    base[64] = '\0';
  if (name != NULL && jail_spec_get_name (spec) == NULL)
    return g_strdup_printf (JAIL_SCOPE_PREFIX "%s.scope", base);
  return g_strdup_printf (JAIL_SCOPE_PREFIX "%s-%x.scope", base, jail_random_u32 ());
}

/* The systemd way: a new scope holding the monitor, the child and our
 * helpers, once systemd has answered. */
static char *
systemd_scope_dir (JailCgroupStart *start, GError **error)
{
  if (!jail_cgroup_scope_wait (start->scope, error))
    return NULL;
  char *dir = own_cgroup_dir ();
  if (dir == NULL || !g_str_has_suffix (dir, start->unit))
    {
      g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP, "systemd started %s, but jail is in %s",
                   start->unit, dir != NULL ? dir : "no cgroup v2 directory");
      g_free (dir);
      return NULL;
    }
  return dir;
}

static gboolean
is_helper (pid_t pid, const pid_t *helpers, gsize n_helpers)
{
  for (gsize i = 0; i < n_helpers; i++)
    if (helpers[i] == pid)
      return TRUE;
  return FALSE;
}

/* Without systemd: our own cgroup, if it is delegated to us (writable) and
 * holds nobody but us, the child and our helpers, so it can become the
 * inner node. */
static char *
delegated_dir (pid_t child, const pid_t *helpers, gsize n_helpers, GError **error)
{
  g_autofree char *dir = own_cgroup_dir ();
  if (dir == NULL)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP, "no cgroup v2 directory"), NULL;
  g_autofree char *procs_path = g_build_filename (dir, "cgroup.procs", NULL);
  g_autofree char *control = g_build_filename (dir, "cgroup.subtree_control", NULL);
  if (access (dir, W_OK) < 0 || access (procs_path, W_OK) < 0 || access (control, W_OK) < 0)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP, "%s is not delegated to you",
                        dir), NULL;
  g_autofree char *procs = read_file (dir, "cgroup.procs");
  g_auto (GStrv) pids = g_strsplit (procs != NULL ? procs : "", "\n", -1);
  for (gsize i = 0; pids[i] != NULL; i++)
    {
      pid_t pid = (pid_t) g_ascii_strtoll (pids[i], NULL, 10);
      if (pids[i][0] != '\0' && pid != getpid () && pid != child
          && !is_helper (pid, helpers, n_helpers))
        return g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP,
                            "%s is delegated but holds other processes", dir), NULL;
    }
  return g_steal_pointer (&dir);
}

/* Every controller a requested limit needs must be available. */
static gboolean
check_controllers (const JailSpec *spec, const char *dir, GError **error)
{
  g_autofree char *available = read_file (dir, "cgroup.controllers");
  for (gsize i = 0; i < G_N_ELEMENTS (limit_files); i++)
    if (jail_spec_get_limit (spec, limit_files[i].limit) != JAIL_LIMIT_UNSET
        && !has_word (available, limit_files[i].controller))
      return g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP,
                          "the %s controller is not delegated to %s (systemd: a drop-in for "
                          "user@.service with Delegate=cpu memory pids io)",
                          limit_files[i].controller, dir), FALSE;
  return TRUE;
}

static gboolean
make_leaf (const char *dir, const char *name, pid_t pid, GError **error)
{
  g_autofree char *leaf = g_build_filename (dir, name, NULL);
  g_autofree char *pid_text = g_strdup_printf ("%d", (int) pid);
  if (mkdir (leaf, 0755) < 0 && errno != EEXIST)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP, "mkdir %s: %s", leaf,
                        g_strerror (errno)), FALSE;
  return write_file (leaf, "cgroup.procs", pid_text, error);
}

static gboolean
build_tree (const JailSpec *spec, JailCgroup *cg, pid_t child, const pid_t *helpers,
            gsize n_helpers, GError **error)
{
  if (!check_controllers (spec, cg->dir, error))
    return FALSE;
  /* Processes first: controllers can be handed down only by a cgroup
   * that holds none. */
  if (!make_leaf (cg->dir, "monitor", getpid (), error)
      || !make_leaf (cg->dir, "sandbox", child, error))
    return FALSE;
  for (gsize i = 0; i < n_helpers; i++)
    if (!make_leaf (cg->dir, "sandbox", helpers[i], error))
      return FALSE;
  g_autofree char *available = read_file (cg->dir, "cgroup.controllers");
  for (gsize i = 0; i < G_N_ELEMENTS (wanted_controllers); i++)
    if (has_word (available, wanted_controllers[i]))
      {
        g_autofree char *enable = g_strconcat ("+", wanted_controllers[i], NULL);
        g_autoptr (GError) local = NULL;
        /* A controller no limit needs is only for --stats. */
        if (!write_file (cg->dir, "cgroup.subtree_control", enable, &local)
            && jail_spec_has_limits (spec))
          return g_propagate_error (error, g_steal_pointer (&local)), FALSE;
      }
  for (gsize i = 0; i < G_N_ELEMENTS (limit_files); i++)
    {
      guint64 v = jail_spec_get_limit (spec, limit_files[i].limit);
      if (v == JAIL_LIMIT_UNSET)
        continue;
      g_autofree char *value = limit_files[i].limit == JAIL_LIMIT_CPU
                                   ? jail_limits_cpu_max (v)
                                   : jail_limits_value_string (v);
      if (!write_file (cg->leaf, limit_files[i].file, value, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
no_cgroup (const JailSpec *spec, const char *why, GError **error)
{
  if (!jail_spec_has_limits (spec))
    return TRUE;
  if (jail_spec_get_limits_best_effort (spec))
    {
      jail_message (JAIL_MESSAGE_WARNING, "running without resource limits: %s", why);
      return TRUE;
    }
  return g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP,
                      "resource limits: %s; to run without them: --limits=best-effort", why),
         FALSE;
}

JailCgroupStart *
jail_cgroup_prepare (const JailSpec *spec)
{
  JailCgroupStart *start = g_new0 (JailCgroupStart, 1);
  start->spec = spec;
  start->child = -1;
  start->helpers = g_array_new (FALSE, FALSE, sizeof (pid_t));
  if (is_cgroup2_host ())
    start->scope = jail_cgroup_scope_connect ();
  return start;
}

void
jail_cgroup_begin (JailCgroupStart *start, const char *name, pid_t child, const pid_t *helpers,
                   gsize n_helpers)
{
  start->child = child;
  g_array_append_vals (start->helpers, helpers, (guint) n_helpers);
  if (start->scope == NULL)
    return;
  g_autoptr (GArray) pids = g_array_new (FALSE, FALSE, sizeof (pid_t));
  pid_t self = getpid ();
  g_array_append_val (pids, self);
  g_array_append_val (pids, child);
  g_array_append_vals (pids, helpers, (guint) n_helpers);
  start->unit = scope_name (start->spec, name);
  jail_cgroup_scope_ask (start->scope, start->unit, (const pid_t *) pids->data, pids->len);
}

void
jail_cgroup_start_free (JailCgroupStart *start)
{
  if (start == NULL)
    return;
  jail_cgroup_scope_request_free (start->scope);
  g_array_unref (start->helpers);
  g_free (start->unit);
  g_free (start);
}

gboolean
jail_cgroup_setup (JailCgroupStart *start, JailCgroup **ret, GError **error)
{
  g_autoptr (GError) scope_error = NULL;
  g_autoptr (GError) local = NULL;
  const JailSpec *spec = start->spec;
  const pid_t *helpers = (const pid_t *) start->helpers->data;
  gsize n_helpers = start->helpers->len;
  *ret = NULL;

  if (start->scope == NULL)
    return no_cgroup (spec,
                      "this host uses cgroup v1 (boot with systemd.unified_cgroup_hierarchy=1)",
                      error);

  g_autoptr (JailCgroup) cg = g_new0 (JailCgroup, 1);
  cg->dir = systemd_scope_dir (start, &scope_error);
  if (cg->dir == NULL)
    cg->dir = delegated_dir (start->child, helpers, n_helpers, &local);
  if (cg->dir == NULL)
    {
      g_autofree char *why = g_strdup_printf (
          "%s, and %s (log in through a systemd session, or 'loginctl enable-linger')",
          scope_error->message, local->message);
      return no_cgroup (spec, why, error);
    }
  cg->leaf = g_build_filename (cg->dir, "sandbox", NULL);
  cg->app = g_path_get_basename (jail_spec_get_command (spec)[0]);
  cg->memory_limit = jail_spec_get_limit (spec, JAIL_LIMIT_MEMORY);
  cg->stats = jail_spec_get_stats (spec);
  if (!build_tree (spec, cg, start->child, helpers, n_helpers, &local))
    return no_cgroup (spec, local->message, error);
  *ret = g_steal_pointer (&cg);
  return TRUE;
}

gboolean
jail_cgroup_add_helper (JailCgroup *cg, pid_t pid, GError **error)
{
  g_autofree char *pid_text = g_strdup_printf ("%d", (int) pid);
  return write_file (cg->leaf, "cgroup.procs", pid_text, error);
}

const char *
jail_cgroup_leaf_path (const JailCgroup *cg)
{
  return cg->leaf + strlen (CGROUP_ROOT);
}

static char *
format_bytes (guint64 bytes)
{
  if (bytes == G_MAXUINT64)
    return g_strdup ("n/a");
  return g_strdup_printf ("%.1fM", (double) bytes / (1024.0 * 1024.0));
}

static char *
format_usec (guint64 usec)
{
  if (usec == G_MAXUINT64)
    return g_strdup ("n/a");
  return g_strdup_printf ("%.2f s", (double) usec / 1e6);
}

static void
print_stats (const JailCgroup *cg)
{
  g_autofree char *peak = format_bytes (read_number (cg->leaf, "memory.peak"));
  g_autofree char *cpu = format_usec (read_keyed (cg->leaf, "cpu.stat", "usage_usec"));
  g_autofree char *user = format_usec (read_keyed (cg->leaf, "cpu.stat", "user_usec"));
  g_autofree char *sys = format_usec (read_keyed (cg->leaf, "cpu.stat", "system_usec"));
  guint64 tasks = read_number (cg->leaf, "pids.peak");
  g_autofree char *tasks_text = tasks == G_MAXUINT64 ? g_strdup ("n/a")
                                                     : g_strdup_printf ("%" G_GUINT64_FORMAT,
                                                                        tasks);
  jail_message (JAIL_MESSAGE_NOTICE,
                "stats: peak memory %s, CPU time %s (user %s, system %s), peak tasks %s",
                peak, cpu, user, sys, tasks_text);
}

void
jail_cgroup_finish (JailCgroup *cg, int *status)
{
  guint64 kills = read_keyed (cg->leaf, "memory.events", "oom_kill");
  g_autofree char *size = jail_limits_format_size (cg->memory_limit);
  g_autofree char *limit = cg->memory_limit == JAIL_LIMIT_UNSET
                               ? g_strdup ("")
                               : g_strdup_printf (" (limit %s)", size);
  if (kills != G_MAXUINT64 && kills > 0)
    {
      /* 128 + SIGKILL: the app (or the sandbox's init) got the kill. */
      if (*status == 137)
        jail_message (JAIL_MESSAGE_NOTICE, "%s was killed: out of memory%s", cg->app, limit);
      else
        jail_message (JAIL_MESSAGE_NOTICE,
                      "%" G_GUINT64_FORMAT " process%s %s killed: out of memory%s", kills,
                      kills == 1 ? "" : "es", kills == 1 ? "was" : "were", limit);
    }
  if (cg->stats)
    print_stats (cg);
  /* Empty by now: the sandbox's init took every process with it.  The
   * scope itself goes when the monitor, its last process, exits. */
  rmdir (cg->leaf);
}
