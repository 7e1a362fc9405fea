/* Where profiles are found: the search path, a name's file on it, and the
 * listings (--list-profiles, the profiles for a desktop id).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "profile/profile.h"

static void
add_dir (GPtrArray *dirs, char *dir)
{
  for (guint i = 0; i < dirs->len; i++)
    if (strcmp (dirs->pdata[i], dir) == 0)
      {
        g_free (dir);
        return;
      }
  g_ptr_array_add (dirs, dir);
}

char **
jail_profile_search_path (void)
{
  GPtrArray *dirs = g_ptr_array_new ();
  /* JAIL_PROFILE_PATH comes first: `meson devenv` points it at the source
   * tree's profiles, so an uninstalled build finds them. */
  const char *extra = g_getenv ("JAIL_PROFILE_PATH");
  g_auto (GStrv) extra_dirs = g_strsplit (extra != NULL ? extra : "", ":", -1);
  for (char **d = extra_dirs; *d != NULL; d++)
    if ((*d)[0] == '/')
      add_dir (dirs, g_strdup (*d));
  const char *home = g_getenv ("HOME");
  if (home == NULL || home[0] != '/')
    home = g_get_home_dir ();
  const char *config = g_getenv ("XDG_CONFIG_HOME");
  if (config != NULL && config[0] == '/')
    add_dir (dirs, g_build_filename (config, "jail", "profiles", NULL));
  else
    add_dir (dirs, g_build_filename (home, ".config", "jail", "profiles", NULL));

  const char *config_dirs = g_getenv ("XDG_CONFIG_DIRS");
  if (config_dirs == NULL || config_dirs[0] == '\0')
    config_dirs = "/etc/xdg";
  g_auto (GStrv) parts = g_strsplit (config_dirs, ":", -1);
  for (char **d = parts; *d != NULL; d++)
    if ((*d)[0] == '/')
      add_dir (dirs, g_build_filename (*d, "jail", "profiles", NULL));
  add_dir (dirs, g_strdup ("/etc/jail/profiles"));
  add_dir (dirs, g_build_filename (JAIL_DATADIR, "profiles", NULL));
  g_ptr_array_add (dirs, NULL);
  return (char **) g_ptr_array_free (dirs, FALSE);
}

gboolean
jail_profile_valid_name (const char *name)
{
  if (name[0] == '\0' || name[0] == '.' || strlen (name) > 128)
    return FALSE;
  for (const char *c = name; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c) && strchr ("._+-", *c) == NULL)
      return FALSE;
  return TRUE;
}

char *
jail_profile_find_on_path (const char *name, const char *suffix)
{
  g_auto (GStrv) dirs = jail_profile_search_path ();
  g_autofree char *base = g_strconcat (name, suffix, NULL);
  for (char **d = dirs; *d != NULL; d++)
    {
      g_autofree char *f = g_build_filename (*d, base, NULL);
      if (g_file_test (f, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&f);
    }
  return NULL;
}

/* ---- listing ---- */

static char *
quick_description (const char *path)
{
  g_autofree char *text = NULL;
  gsize len;
  if (!g_file_get_contents (path, &text, &len, NULL) || len > JAIL_PROFILE_MAX_FILE_SIZE)
    return g_strdup ("(unreadable)");
  g_autoptr (GPtrArray) entries = g_ptr_array_new_with_free_func (jail_profile_entry_free);
  g_autoptr (GError) error = NULL;
  if (!jail_profile_parse_text (path, text, len, entries, &error))
    return g_strdup_printf ("(error: %s)", error->message);
  const JailProfileEntry *d = jail_profile_find_entry (entries, "Profile", "Description");
  if (d == NULL)
    return g_strdup ("");
  g_autoptr (GPtrArray) v = g_ptr_array_new_with_free_func (g_free);
  if (!jail_profile_unescape (d->value, FALSE, v, path, d->line, NULL))
    return g_strdup ("");
  return g_strdup (v->pdata[0]);
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

char **
jail_profile_list (void)
{
  g_auto (GStrv) dirs = jail_profile_search_path ();
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GPtrArray) out = g_ptr_array_new ();
  for (char **d = dirs; *d != NULL; d++)
    {
      g_autoptr (GDir) dir = g_dir_open (*d, 0, NULL);
      const char *n;
      while (dir != NULL && (n = g_dir_read_name (dir)) != NULL)
        {
          if (!g_str_has_suffix (n, ".profile"))
            continue;
          g_autofree char *name = g_strndup (n, strlen (n) - strlen (".profile"));
          if (!jail_profile_valid_name (name) || g_hash_table_contains (seen, name))
            continue;
          g_autofree char *path = g_build_filename (*d, n, NULL);
          g_autofree char *desc = quick_description (path);
          g_ptr_array_add (out, g_strdup_printf ("%s\t%s", name, desc));
          g_hash_table_add (seen, g_steal_pointer (&name));
        }
    }
  g_ptr_array_sort (out, compare_names);
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&out), FALSE);
}

/* The desktop ids a profile file lists itself; NULL when it cannot be read
 * or parsed (--check-profile reports why). */
static GPtrArray *
file_desktop_ids (const char *path)
{
  g_autofree char *text = NULL;
  gsize len;
  if (!g_file_get_contents (path, &text, &len, NULL) || len > JAIL_PROFILE_MAX_FILE_SIZE)
    return NULL;
  g_autoptr (GPtrArray) entries = g_ptr_array_new_with_free_func (jail_profile_entry_free);
  if (!jail_profile_parse_text (path, text, len, entries, NULL))
    return NULL;
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  const JailProfileEntry *e = jail_profile_find_entry (entries, "Profile", "DesktopIds");
  if (e != NULL && !jail_profile_read_desktop_ids (path, e, ids, NULL))
    return NULL;
  return g_steal_pointer (&ids);
}

char **
jail_profile_for_desktop_id (const char *desktop_id)
{
  g_autoptr (GPtrArray) out = g_ptr_array_new ();
  g_auto (GStrv) list = jail_profile_list ();
  for (char **l = list; *l != NULL; l++)
    {
      g_autofree char *name = g_strndup (*l, strcspn (*l, "\t"));
      g_autofree char *path = jail_profile_find_on_path (name, ".profile");
      g_autoptr (GPtrArray) ids = path != NULL ? file_desktop_ids (path) : NULL;
      for (guint i = 0; ids != NULL && i < ids->len; i++)
        if (strcmp (ids->pdata[i], desktop_id) == 0)
          {
            g_ptr_array_add (out, g_steal_pointer (&name));
            break;
          }
    }
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&out), FALSE);
}

char **
jail_profile_desktop_ids (const char *name)
{
  g_autofree char *path
      = jail_profile_valid_name (name) ? jail_profile_find_on_path (name, ".profile") : NULL;
  g_autoptr (GPtrArray) ids = path != NULL ? file_desktop_ids (path) : NULL;
  if (ids == NULL)
    return NULL;
  g_ptr_array_add (ids, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&ids), FALSE);
}
