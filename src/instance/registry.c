/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "instance/registry.h"
#include "common/path.h"
#include "common/random.h"
#include "jail/jail.h"

static const char *const record_files[] = { "info.json", "info.json.tmp", "control", "lock" };

char *
jail_registry_fd_path (int dir_fd, const char *file)
{
  return g_strdup_printf ("/proc/self/fd/%d/%s", dir_fd, file);
}

/* $XDG_RUNTIME_DIR/jail when that is a runtime dir of ours, else NULL. */
static char *
xdg_base_path (void)
{
  const char *xdg = g_getenv ("XDG_RUNTIME_DIR");
  struct stat st;
  if (xdg != NULL && xdg[0] == '/' && stat (xdg, &st) == 0 && S_ISDIR (st.st_mode)
      && st.st_uid == getuid ())
    return g_build_filename (xdg, "jail", NULL);
  return NULL;
}

/* Where the fallback may live, first choice first.  Records are runtime
 * data: on tmpfs each start and end of a sandbox creates and deletes its
 * record without a journal (on ext4 /tmp that costs 0.2-0.4 ms a run, a
 * fifth of what jail adds to bwrap's startup). */
static const char *const fallback_parents[] = { "/dev/shm", "/tmp" };

static gboolean
is_shared_tmpfs (const char *dir)
{
  struct statfs fs;
  struct stat st;
  return statfs (dir, &fs) == 0 && fs.f_type == TMPFS_MAGIC && stat (dir, &st) == 0
         && S_ISDIR (st.st_mode) && (st.st_mode & S_ISVTX);
}

static char *
fallback_path_in (const char *parent)
{
  return g_strdup_printf ("%s/jail-%u", parent, (unsigned) getuid ());
}

/* No runtime dir of ours (a bare su/ssh session, CI): a private dir in
 * /dev/shm when that is the usual sticky tmpfs, else in /tmp, checked like
 * the other, so that nobody can plant it. */
static char *
fallback_base_path (void)
{
  return fallback_path_in (is_shared_tmpfs (fallback_parents[0]) ? fallback_parents[0]
                                                                   : fallback_parents[1]);
}

static char *
base_path (void)
{
  char *xdg = xdg_base_path ();
  return xdg != NULL ? xdg : fallback_base_path ();
}

int
jail_registry_open_base (char **ret_path, gboolean create, GError **error)
{
  g_autofree char *path = base_path ();
  struct stat st;
  if (create && mkdir (path, 0700) < 0 && errno != EEXIST)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP, "instance directory %s: %s", path,
                        g_strerror (errno)), -1;
  int fd = open (path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP, "instance directory %s: %s", path,
                        g_strerror (errno)), -1;
  /* Another user's directory (or one they could write to) must never be
   * trusted: its records and sockets would be theirs. */
  if (fstat (fd, &st) < 0 || st.st_uid != getuid () || (st.st_mode & 077) != 0)
    {
      close (fd);
      return g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP,
                          "instance directory %s: not a private directory of yours", path), -1;
    }
  if (ret_path != NULL)
    *ret_path = g_steal_pointer (&path);
  return fd;
}

/* Delete a record directory that no one may use any more (renamed away). */
static void
delete_dir (int base_fd, const char *name)
{
  int fd = openat (base_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd >= 0)
    {
      for (gsize i = 0; i < G_N_ELEMENTS (record_files); i++)
        unlinkat (fd, record_files[i], 0);
      close (fd);
    }
  unlinkat (base_fd, name, AT_REMOVEDIR);
}

/* With the lock held: take the name away in one step, then delete. */
static void
rename_away_and_delete (int base_fd, const char *name)
{
  g_autofree char *gone = g_strdup_printf (".gone-%s-%08x", name, jail_random_u32 ());
  if (renameat (base_fd, name, base_fd, gone) == 0)
    delete_dir (base_fd, gone);
}

static gboolean
same_file (int fd, int dir_fd, const char *name)
{
  struct stat a, b;
  return fstat (fd, &a) == 0 && fstatat (dir_fd, name, &b, AT_SYMLINK_NOFOLLOW) == 0
         && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

JailRecordState
jail_registry_check (int base_fd, const char *name)
{
  JailRecordState state = JAIL_RECORD_GONE;
  int dfd = openat (base_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (dfd < 0)
    return JAIL_RECORD_GONE;
  int lfd = openat (dfd, "lock", O_RDWR | O_NOFOLLOW | O_CLOEXEC);
  if (lfd < 0)
    {
      /* Records are published with their lock: a lockless one is debris. */
      if (errno == ENOENT && same_file (dfd, base_fd, name))
        {
          rename_away_and_delete (base_fd, name);
          state = JAIL_RECORD_STALE_REMOVED;
        }
      close (dfd);
      return state;
    }
  if (flock (lfd, LOCK_EX | LOCK_NB) < 0)
    state = errno == EWOULDBLOCK ? JAIL_RECORD_LIVE : JAIL_RECORD_GONE;
  /* We hold the lock: the monitor is gone.  Unless the record we locked
   * was already replaced (by a cleaner before us, or a new instance). */
  else if (same_file (dfd, base_fd, name) && same_file (lfd, dfd, "lock"))
    {
      rename_away_and_delete (base_fd, name);
      state = JAIL_RECORD_STALE_REMOVED;
    }
  close (lfd);
  close (dfd);
  return state;
}

gboolean
jail_record_dir_create (const char *name, JailRecordDir *ret, GError **error)
{
  g_autofree char *base = NULL;
  int base_fd = jail_registry_open_base (&base, TRUE, error);
  if (base_fd < 0)
    return FALSE;

  g_autofree char *tmp = g_strdup_printf ("%s/.new-XXXXXX", base);
  if (g_mkdtemp_full (tmp, 0700) == NULL)
    {
      g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP, "instance record %s: %s", tmp,
                   g_strerror (errno));
      close (base_fd);
      return FALSE;
    }
  const char *tmp_name = strrchr (tmp, '/') + 1;
  int dfd = openat (base_fd, tmp_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  int lfd = dfd < 0 ? -1 : openat (dfd, "lock", O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (lfd < 0 || flock (lfd, LOCK_EX) < 0)
    goto fail_errno;

  /* A plain rename: it cannot replace a record, which is never empty. */
  for (int attempt = 0; attempt < 5; attempt++)
    {
      if (renameat (base_fd, tmp_name, base_fd, name) == 0)
        {
          *ret = (JailRecordDir) { .name = g_strdup (name), .base_fd = base_fd, .dir_fd = dfd,
                                   .lock_fd = lfd };
          return TRUE;
        }
      if (errno != EEXIST && errno != ENOTEMPTY)
        goto fail_errno;
      if (jail_registry_check (base_fd, name) == JAIL_RECORD_LIVE)
        {
          g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                       "--name %s: a running sandbox already has that name", name);
          goto fail;
        }
    }
  errno = EBUSY;
fail_errno:
  g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP, "instance record %s/%s: %s", base, name,
               g_strerror (errno));
fail:
  delete_dir (base_fd, tmp_name);
  if (lfd >= 0)
    close (lfd);
  if (dfd >= 0)
    close (dfd);
  close (base_fd);
  return FALSE;
}

void
jail_record_dir_remove (JailRecordDir *dir)
{
  if (dir->name == NULL)
    return;
  if (same_file (dir->dir_fd, dir->base_fd, dir->name))
    rename_away_and_delete (dir->base_fd, dir->name);
  close (dir->dir_fd);
  close (dir->lock_fd);
  close (dir->base_fd);
  g_clear_pointer (&dir->name, g_free);
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

GPtrArray *
jail_registry_list (int base_fd)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  int fd = dup (base_fd);
  DIR *d = fd < 0 ? NULL : fdopendir (fd);
  if (d == NULL)
    {
      if (fd >= 0)
        close (fd);
      return names;
    }
  struct dirent *e;
  while ((e = readdir (d)) != NULL)
    if (jail_name_is_valid (e->d_name) && jail_registry_check (base_fd, e->d_name) == JAIL_RECORD_LIVE)
      g_ptr_array_add (names, g_strdup (e->d_name));
  closedir (d);
  g_ptr_array_sort (names, compare_names);
  return names;
}

/* ---- no sandbox sees any registry ---- */

/* The real path of dir, whose parent must exist (else NULL). */
static char *
registry_dir_real_path (const char *dir)
{
  g_autofree char *parent = g_path_get_dirname (dir);
  g_autofree char *base = g_path_get_basename (dir);
  g_autofree char *real_parent = realpath (parent, NULL);
  return real_parent != NULL ? g_build_filename (real_parent, base, NULL) : NULL;
}

/* A registry a sandbox is shown is created now, empty and private, if
 * missing: the sandbox must not create it and plant records in it for
 * the next `jail enter`.  FALSE if it is missing and we cannot create it:
 * nor can the sandbox, which runs as us. */
static gboolean
ensure_registry_dir (const char *dir)
{
  return mkdir (dir, 0700) == 0 || errno == EEXIST;
}

static gboolean
is_bind (const JailFsEntry *e)
{
  return jail_fs_kind_is_bind (e->kind) && e->source != NULL;
}

/* An empty read-only tmpfs at dest, once per dest. */
static gboolean
hide_at (JailSpec *spec, GHashTable *done, const char *dest, GError **error)
{
  if (!g_hash_table_add (done, g_strdup (dest)))
    return TRUE;
  JailFsOp tmpfs = JAIL_FS_OP_INIT;
  tmpfs.kind = JAIL_FS_TMPFS;
  tmpfs.dest = dest;
  tmpfs.mode = 0500;
  JailFsOp ro = JAIL_FS_OP_INIT;
  ro.kind = JAIL_FS_REMOUNT_RO;
  ro.dest = dest;
  return jail_spec_add_fs_op (spec, &tmpfs, error) && jail_spec_add_fs_op (spec, &ro, error);
}

gboolean
jail_registry_hide (JailSpec *spec, GError **error)
{
  g_autofree char *xdg = xdg_base_path ();
  /* Both fallbacks: the one not chosen now may be another session's. */
  g_autofree char *shm = fallback_path_in (fallback_parents[0]);
  g_autofree char *tmp = fallback_path_in (fallback_parents[1]);
  /* The usual runtime dir too, when this jail was given another one. */
  g_autofree char *usual = g_strdup_printf ("/run/user/%u/jail", (unsigned) getuid ());
  const char *dirs[] = { xdg, shm, tmp, g_file_test (usual, G_FILE_TEST_IS_DIR) ? usual : NULL };
  g_autoptr (GHashTable) done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n = jail_spec_get_n_fs (spec);
  for (gsize d = 0; d < G_N_ELEMENTS (dirs); d++)
    {
      g_autofree char *dir = dirs[d] != NULL ? registry_dir_real_path (dirs[d]) : NULL;
      for (guint i = 0; dir != NULL && i < n; i++)
        {
          const JailFsEntry *e = jail_spec_get_fs (spec, i);
          g_autofree char *src = is_bind (e) ? realpath (e->source, NULL) : NULL;
          /* A bind from inside the registry (one record, one socket) is
           * the caller's explicit choice; the monitor refuses any sandbox
           * that uses it (control-peer.c). */
          if (src == NULL || !jail_path_has_prefix (dir, src) || !ensure_registry_dir (dir))
            continue;
          const char *below = strcmp (src, "/") == 0 ? dir : dir + strlen (src);
          g_autofree char *inside = g_strconcat (e->dest, below, NULL);
          g_autofree char *dest = jail_path_normalize (inside);
          if (!hide_at (spec, done, dest, error))
            return FALSE;
        }
    }
  return TRUE;
}
