/* The paths of the denial report.  Everything here reads a path the app
 * chose: it is normalised, refused with "..", looked up in the sandbox
 * through its root with RESOLVE_IN_ROOT (a symlink inside cannot point the
 * lookup at the host) and on the host with lstat, never opened for more
 * than O_PATH, and only the verdict is kept.  Each distinct path is judged
 * once (a bounded cache); the monitor's own lookups cost nothing the app
 * can see.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common/path.h"
#include "report/lookups.h"
#include "report/paths.h"

/* Distinct paths judged; later ones are not reported. */
#define PATHS_CACHE_MAX 8192

struct JailReportPaths {
  char *home;
  int root_fd;          /* the sandbox's root, once it showed it */
  int mnt_ns_fd;        /* its mount namespace, kept so that its binds stay */
  gboolean released;    /* let go at the sandbox's end: nothing is judged after */
  GPtrArray *roots;     /* where grants can reach */
  GPtrArray *bases;     /* where a grant stops climbing: the roots, their
                         * children, the XDG base directories */
  GHashTable *verdicts; /* path → grant path, or "" for nothing to report */
  GHashTable *pending;  /* the programs' lookups not judged yet: path → times */
  GPtrArray *pending_order; /* their paths, first seen first (the report's order) */
  gboolean visible;     /* --learn=visible: the roots are bound from the host */
  GArray *learn_mounts; /* their mount ids in the sandbox (guint64) */
};

static void
add_unique (GPtrArray *a, const char *path)
{
  if (path != NULL && path[0] == '/' && !g_ptr_array_find_with_equal_func (a, path, g_str_equal, NULL))
    g_ptr_array_add (a, jail_path_normalize (path));
}

GPtrArray *
jail_report_paths_scope (const char *home)
{
  static const char *const fixed[] = { JAIL_REPORT_SCOPE_FIXED };
  GPtrArray *roots = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *norm = jail_path_normalize (home);
  if (strcmp (norm, "/") != 0)
    add_unique (roots, norm);
  for (gsize i = 0; i < G_N_ELEMENTS (fixed); i++)
    add_unique (roots, fixed[i]);
  return roots;
}

JailReportPaths *
jail_report_paths_new (const char *home)
{
  JailReportPaths *p = g_new0 (JailReportPaths, 1);
  p->home = jail_path_normalize (home);
  p->root_fd = -1;
  p->mnt_ns_fd = -1;
  p->roots = g_ptr_array_new_with_free_func (g_free);
  p->bases = g_ptr_array_new_with_free_func (g_free);
  p->verdicts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  p->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  p->pending_order = g_ptr_array_new ();
  g_ptr_array_unref (p->roots);
  p->roots = jail_report_paths_scope (p->home);
  static const char *const xdg[] = { "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME" };
  for (gsize i = 0; i < G_N_ELEMENTS (xdg); i++)
    add_unique (p->bases, g_getenv (xdg[i]));
  /* The home's containers: granting one would give every app's data. */
  static const char *const containers[] = { ".config", ".local", ".local/share", ".cache",
                                            ".var", ".var/app" };
  for (gsize i = 0; i < G_N_ELEMENTS (containers); i++)
    {
      g_autofree char *dir = g_build_filename (p->home, containers[i], NULL);
      add_unique (p->bases, dir);
    }
  for (guint i = 0; i < p->roots->len; i++)
    add_unique (p->bases, g_ptr_array_index (p->roots, i));
  return p;
}

/* The lookups still in flight when the sandbox ends are judged after it:
 * by then its pid may be another process's (its /proc/PID/root the host's
 * "/", where the file is found and the lookup goes unreported), and with
 * its last process gone its mounts are torn down, binds and all.  So the
 * root and the mount namespace are held from the moment they are final. */
void
jail_report_paths_set_root (JailReportPaths *p, int root_fd, int mnt_ns_fd)
{
  if (p->root_fd >= 0 || p->released)
    return;
  p->root_fd = fcntl (root_fd, F_DUPFD_CLOEXEC, 3);
  p->mnt_ns_fd = fcntl (mnt_ns_fd, F_DUPFD_CLOEXEC, 3);
}

void
jail_report_paths_release_sandbox (JailReportPaths *p)
{
  if (p->root_fd >= 0)
    close (p->root_fd);
  if (p->mnt_ns_fd >= 0)
    close (p->mnt_ns_fd);
  p->root_fd = p->mnt_ns_fd = -1;
  p->released = TRUE;
}

void
jail_report_paths_set_visible (JailReportPaths *p)
{
  p->visible = TRUE;
}

void
jail_report_paths_free (JailReportPaths *p)
{
  if (p == NULL)
    return;
  if (p->learn_mounts != NULL)
    g_array_unref (p->learn_mounts);
  if (p->root_fd >= 0)
    close (p->root_fd);
  if (p->mnt_ns_fd >= 0)
    close (p->mnt_ns_fd);
  g_free (p->home);
  g_ptr_array_unref (p->roots);
  g_ptr_array_unref (p->bases);
  g_hash_table_unref (p->verdicts);
  g_hash_table_unref (p->pending);
  g_ptr_array_unref (p->pending_order);
  g_free (p);
}

char *
jail_report_paths_display (const char *home, const char *path)
{
  if (strcmp (home, "/") != 0 && jail_path_has_prefix (path, home))
    return g_strconcat ("~", path + strlen (home), NULL);
  return g_strdup (path);
}

static gboolean
below_a_root (const GPtrArray *roots, const char *path)
{
  for (guint i = 0; i < roots->len; i++)
    {
      const char *root = g_ptr_array_index (roots, i);
      if (jail_path_has_prefix (path, root) && strcmp (path, root) != 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
in_scope (const JailReportPaths *p, const char *path)
{
  return below_a_root (p->roots, path);
}

static gboolean
is_listed_base (const JailReportPaths *p, const char *path)
{
  for (guint i = 0; i < p->bases->len; i++)
    if (strcmp (path, g_ptr_array_index (p->bases, i)) == 0)
      return TRUE;
  return FALSE;
}

/* A base, or a direct child of a root (~/Music, /opt/app): a grant for
 * something below it never widens to it. */
static gboolean
is_base (const JailReportPaths *p, const char *path)
{
  if (is_listed_base (p, path))
    return TRUE;
  g_autofree char *parent = g_path_get_dirname (path);
  for (guint i = 0; i < p->roots->len; i++)
    if (strcmp (parent, g_ptr_array_index (p->roots, i)) == 0)
      return TRUE;
  return !in_scope (p, path);
}

/* The path below the sandbox's root, every symlink kept inside it
 * (RESOLVE_IN_ROOT), no magic link followed: an O_PATH fd, or -errno. */
static int
open_in_sandbox (JailReportPaths *p, const char *path)
{
  if (p->released)
    return -ESRCH;
  if (p->root_fd < 0)
    return -ESRCH;
  struct open_how how = { .flags = O_PATH | O_CLOEXEC,
                          .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS };
  int fd = (int) syscall (SYS_openat2, p->root_fd, path, &how, sizeof how);
  return fd >= 0 ? fd : -errno;
}

static gboolean
mount_id (int fd, guint64 *ret)
{
  struct statx stx;
  if (statx (fd, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, STATX_MNT_ID, &stx) < 0
      || !(stx.stx_mask & STATX_MNT_ID))
    return FALSE;
  *ret = stx.stx_mnt_id;
  return TRUE;
}

/* --learn=visible: the mounts of the binds that show the roots. */
static void
find_learn_mounts (JailReportPaths *p)
{
  p->learn_mounts = g_array_new (FALSE, FALSE, sizeof (guint64));
  for (guint i = 0; i < p->roots->len; i++)
    {
      int fd = open_in_sandbox (p, g_ptr_array_index (p->roots, i));
      guint64 id;
      if (fd >= 0 && mount_id (fd, &id))
        g_array_append_val (p->learn_mounts, id);
      if (fd >= 0)
        close (fd);
    }
}

/* Not granted: missing in the sandbox, or (--learn=visible) there only
 * through the learning run's own binds. */
static gboolean
missing_in_sandbox (JailReportPaths *p, const char *path)
{
  int fd = open_in_sandbox (p, path);
  if (fd < 0)
    return fd == -ENOENT || fd == -ENOTDIR;
  gboolean learned_only = FALSE;
  guint64 id;
  if (p->visible && mount_id (fd, &id))
    {
      if (p->learn_mounts == NULL)
        find_learn_mounts (p);
      for (guint i = 0; i < p->learn_mounts->len; i++)
        learned_only |= g_array_index (p->learn_mounts, guint64, i) == id;
    }
  close (fd);
  return learned_only;
}

static gboolean
exists_on_host (const char *path)
{
  struct stat st;
  return lstat (path, &st) == 0;
}

/* The grant: the path, or its highest missing ancestor below a base; a
 * base itself (~/.config, the XDG directories) is never one. */
static char *
judge (JailReportPaths *p, const char *path)
{
  if (!in_scope (p, path) || is_listed_base (p, path) || !missing_in_sandbox (p, path)
      || !exists_on_host (path))
    return g_strdup ("");
  g_autofree char *grant = g_strdup (path);
  for (;;)
    {
      g_autofree char *parent = g_path_get_dirname (grant);
      if (is_base (p, parent) || !missing_in_sandbox (p, parent))
        break;
      g_free (grant);
      grant = g_steal_pointer (&parent);
    }
  return g_steal_pointer (&grant);
}

static gboolean
has_dot_dot (const char *path)
{
  return strstr (path, "/../") != NULL || g_str_has_suffix (path, "/..");
}

/* "/a//b/./c" as "/a/b/c", into buf (JAIL_REPORT_MAX_TEXT + 1 bytes; path
 * no longer than JAIL_REPORT_MAX_TEXT): jail_path_normalize without
 * allocating. */
static void
normalize_into (const char *path, char *buf)
{
  gsize n = 0;
  for (const char *c = path; *c != '\0';)
    {
      while (*c == '/')
        c++;
      gsize len = strcspn (c, "/");
      if (len == 0 || (len == 1 && c[0] == '.'))
        {
          c += len;
          continue;
        }
      buf[n++] = '/';
      memcpy (buf + n, c, len);
      n += len;
      c += len;
    }
  if (n == 0)
    buf[n++] = '/';
  buf[n] = '\0';
}

gboolean
jail_report_paths_candidate (const GPtrArray *roots, const char *path)
{
  if (path[0] != '/' || strnlen (path, JAIL_REPORT_MAX_TEXT + 1) > JAIL_REPORT_MAX_TEXT
      || has_dot_dot (path))
    return FALSE;
  char norm[JAIL_REPORT_MAX_TEXT + 1];
  normalize_into (path, norm);
  return below_a_root (roots, norm);
}

gboolean
jail_report_paths_observe (JailReportPaths *p, JailReport *report, pid_t pid, const char *path)
{
  (void) pid; /* every process of the sandbox shares its root */
  if (!jail_report_paths_candidate (p->roots, path))
    return FALSE;
  g_autofree char *norm = jail_path_normalize (path);
  const char *grant = g_hash_table_lookup (p->verdicts, norm);
  if (grant == NULL)
    {
      if (g_hash_table_size (p->verdicts) >= PATHS_CACHE_MAX)
        return FALSE;
      char *verdict = judge (p, norm);
      g_hash_table_insert (p->verdicts, g_strdup (norm), verdict);
      grant = verdict;
    }
  if (grant[0] == '\0')
    return FALSE;
  g_autofree char *shown = jail_report_paths_display (p->home, grant);
  g_autofree char *value = g_strconcat (shown, ":ro", NULL);
  return jail_report_add (report, JAIL_REFUSAL_PATH, shown, "--filesystem", value);
}

/* The datagram comes from the app itself, unchecked: the kernel bounds
 * it (MSG_TRUNC tells a longer one), and it is a path like those the
 * supervisor reads from the app's memory, judged the same way; nothing
 * else in it is read.  Only queued here: the app may be waiting to send
 * the next, so the judgement (a lookup in the sandbox and one on the
 * host) comes when the monitor has nothing else to do. */
static gboolean
queue_lookup (JailReportPaths *p, const void *data, size_t len)
{
  char path[JAIL_REPORT_MAX_TEXT + 1];
  if (len == 0 || len > JAIL_REPORT_MAX_TEXT || memchr (data, '\0', len) != NULL)
    return FALSE;
  memcpy (path, data, len);
  path[len] = '\0';
  gpointer times;
  if (g_hash_table_lookup_extended (p->pending, path, NULL, &times))
    /* insert, not replace: the key first stored stays, pending_order holds it */
    g_hash_table_insert (p->pending, g_strdup (path),
                         GUINT_TO_POINTER (GPOINTER_TO_UINT (times) + 1));
  else if (g_hash_table_size (p->pending) < PATHS_CACHE_MAX)
    {
      char *key = g_strdup (path);
      g_hash_table_insert (p->pending, key, GUINT_TO_POINTER (1));
      g_ptr_array_add (p->pending_order, key);
    }
  else
    return FALSE;
  return TRUE;
}

gboolean
jail_report_paths_has_pending (const JailReportPaths *p)
{
  return g_hash_table_size (p->pending) > 0;
}

gboolean
jail_report_paths_judge_pending (JailReportPaths *p, JailReport *report)
{
  gboolean counted = FALSE;
  for (guint i = 0; i < p->pending_order->len; i++)
    {
      const char *path = g_ptr_array_index (p->pending_order, i);
      guint times = GPOINTER_TO_UINT (g_hash_table_lookup (p->pending, path));
      for (guint n = 0; n < times; n++)
        if (jail_report_paths_observe (p, report, 0, path))
          counted = TRUE;
        else
          break;
    }
  g_ptr_array_set_size (p->pending_order, 0);
  g_hash_table_remove_all (p->pending);
  return counted;
}

gboolean
jail_report_paths_accept_lookup (JailReportPaths *p, JailReport *report, const void *data,
                                 size_t len)
{
  return queue_lookup (p, data, len) && jail_report_paths_judge_pending (p, report);
}

gboolean
jail_report_paths_read_lookups (JailReportPaths *p, int fd, guint max)
{
  char buf[JAIL_REPORT_MAX_TEXT + 1];
  /* Nothing told after the sandbox's end is judged: not read either (a
   * process left sending must not keep the monitor reading). */
  if (p->released)
    return TRUE;
  for (guint i = 0; i < max;)
    {
      ssize_t n = recv (fd, buf, sizeof buf, MSG_DONTWAIT | MSG_TRUNC);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return errno == EAGAIN;
      queue_lookup (p, buf, (size_t) n);
      i++;
    }
  return TRUE;
}
