/* See symlink-trust.h: runs in the monitor, on the host's side.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "sandbox/symlink-trust.h"

static gboolean
owned_by_root_or (const struct stat *st, uid_t uid)
{
  return st->st_uid == 0 || st->st_uid == uid;
}

const char *
jail_symlink_refusal (const struct stat *link, const struct stat *dir, uid_t uid, gid_t gid)
{
  if (!owned_by_root_or (link, uid))
    return "owned by another user";
  /* Sticky: only the link's owner (or the directory's) may replace it. */
  if ((dir->st_mode & S_ISVTX) && owned_by_root_or (dir, uid))
    return NULL;
  if (dir->st_mode & S_IWOTH)
    return "in a directory every user can write";
  /* The caller's own group (a user private group) or root's is no one else. */
  if ((dir->st_mode & S_IWGRP) && dir->st_gid != 0 && dir->st_gid != gid)
    return "in a directory a group of other users can write";
  /* Its owner may write it whatever the mode says (chmod). */
  if (!owned_by_root_or (dir, uid))
    return "in a directory another user owns";
  return NULL;
}

const char *
jail_symlink_fd_refusal (int link_fd, int dir_fd)
{
  struct stat link, dir;
  if (fstat (link_fd, &link) < 0 || fstat (dir_fd, &dir) < 0)
    return "that cannot be checked";
  if (!S_ISLNK (link.st_mode) || !S_ISDIR (dir.st_mode))
    return "that cannot be checked";
  return jail_symlink_refusal (&link, &dir, getuid (), getgid ());
}

#define MAX_LINKS 40

/* /proc's links are the kernel's (magic links of a process): the sandbox
 * resolves those itself, in its own procfs. */
static gboolean
under_proc (const char *path)
{
  return strcmp (path, "/proc") == 0 || g_str_has_prefix (path, "/proc/");
}


/* The real path of `path` on the host, each link on the way checked.
 * Stops at the first component it cannot look at (missing, no
 * permission): the rest is kept as written, for the sandbox to fail on
 * (or skip, for a -try bind) without following anything. */
static char *
resolve_path (const char *what, const char *path, GError **error)
{
  g_autoptr (GString) done = g_string_new ("");
  g_autofree char *todo = g_strdup (path);
  int links = 0;
  uid_t uid = getuid ();
  gid_t gid = getgid ();

  while (todo[0] != '\0')
    {
      char *p = todo + strspn (todo, "/");
      gsize len = strcspn (p, "/");
      g_autofree char *name = g_strndup (p, len);
      g_autofree char *rest = g_strdup (p + len);
      g_free (todo);
      todo = g_steal_pointer (&rest);
      if (name[0] == '\0' || strcmp (name, ".") == 0)
        continue;
      if (strcmp (name, "..") == 0)
        {
          char *slash = strrchr (done->str, '/');
          g_string_truncate (done, slash != NULL ? (gsize) (slash - done->str) : 0);
          continue;
        }
      gsize parent_len = done->len;
      g_string_append_printf (done, "/%s", name);
      if (under_proc (done->str)) /* the kernel's links, not ours to follow */
        {
          g_string_append (done, todo);
          break;
        }
      struct stat st, dir = { 0 };
      if (lstat (done->str, &st) < 0)
        {
          g_string_append (done, todo);
          break;
        }
      if (!S_ISLNK (st.st_mode))
        continue;
      g_autofree char *parent = parent_len > 0 ? g_strndup (done->str, parent_len) : g_strdup ("/");
      const char *why = lstat (parent, &dir) < 0 ? "that cannot be checked"
                        : ++links > MAX_LINKS    ? "in a loop (too many levels)"
                                                 : jail_symlink_refusal (&st, &dir, uid, gid);
      g_autofree char *target = why == NULL ? g_file_read_link (done->str, NULL) : NULL;
      if (why == NULL && target == NULL)
        why = "that cannot be read";
      if (why != NULL)
        return g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP,
                            "%s %s: %s is a symbolic link %s (owner uid %u, directory mode "
                            "%04o); not followed", what, path, done->str, why,
                            (unsigned) st.st_uid, (unsigned) (dir.st_mode & 07777)), NULL;
      g_autofree char *joined = g_strconcat (target, "/", todo, NULL);
      g_free (todo);
      todo = g_steal_pointer (&joined);
      g_string_truncate (done, target[0] == '/' ? 0 : parent_len);
    }
  return g_strdup (done->len > 0 ? done->str : "/");
}

/* Overlay layers, upper and work directories: checked by the same rule
 * (the sandbox opens them by path, following what the check allowed). */
static gboolean
check_overlay_sources (const JailFsEntry *e, GError **error)
{
  const char *what = "overlay source";
  for (char **l = e->layers; l != NULL && *l != NULL; l++)
    {
      g_autofree char *r = (*l)[0] == '/' ? resolve_path (what, *l, error) : g_strdup (*l);
      if (r == NULL)
        return FALSE;
    }
  const char *dirs[] = { e->kind == JAIL_FS_OVERLAY ? e->source : NULL,
                         e->kind == JAIL_FS_OVERLAY ? e->workdir : NULL };
  for (gsize i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *r = dirs[i] != NULL && dirs[i][0] == '/'
                             ? resolve_path ("overlay directory", dirs[i], error) : g_strdup ("");
      if (r == NULL)
        return FALSE;
    }
  return TRUE;
}

GPtrArray *
jail_resolve_bind_sources (const JailSpec *spec, GError **error)
{
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < jail_spec_get_n_fs (spec); i++)
    {
      const JailFsEntry *e = jail_spec_get_fs (spec, i);
      char *resolved = NULL;
      if (jail_fs_kind_is_bind (e->kind)
          && e->source != NULL && e->source[0] == '/' && !under_proc (e->source))
        {
          g_autofree char *what = g_strdup_printf ("%s source", jail_fs_kind_name (e->kind));
          resolved = resolve_path (what, e->source, error);
          if (resolved == NULL)
            return NULL;
          if (under_proc (resolved)) /* /dev/fd, /dev/stdin… */
            g_clear_pointer (&resolved, g_free);
        }
      if ((e->kind == JAIL_FS_OVERLAY || e->kind == JAIL_FS_TMP_OVERLAY
           || e->kind == JAIL_FS_RO_OVERLAY) && !check_overlay_sources (e, error))
        return NULL;
      g_ptr_array_add (out, resolved);
    }
  return g_steal_pointer (&out);
}
