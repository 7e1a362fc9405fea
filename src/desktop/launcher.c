/* jail desktop install|remove|list: per-user launcher overrides.
 *
 * `install APP` copies APP.desktop from the system's XDG data dirs to
 * ~/.local/share/applications (which wins over them), keeping every key
 * (Name, Icon, MimeType, Actions, translations, comments) and rewriting each
 * Exec as `jail --profile APP -- ORIGINAL`.  The original command line and
 * its field codes (%f %u %F %U) all land after "--", so a file name such as
 * "--bind=/ /x" can never be read as a jail option (flatpak CVE-2024-32462).
 * Files written by jail carry X-Jail=true; remove and list touch only those.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "desktop/launcher.h"

#define ENTRY "Desktop Entry"

static gboolean
valid_app (const char *app)
{
  return app[0] != '\0' && app[0] != '-' && app[0] != '.' && strlen (app) < 200
         && strspn (app, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
              == strlen (app);
}

static char *
app_id (const char *arg)
{
  return g_str_has_suffix (arg, ".desktop") ? g_strndup (arg, strlen (arg) - 8) : g_strdup (arg);
}

static char *
user_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "applications", NULL);
}

static char *
user_file (const char *app)
{
  g_autofree char *dir = user_dir ();
  g_autofree char *name = g_strconcat (app, ".desktop", NULL);
  return g_build_filename (dir, name, NULL);
}

/* The system's APP.desktop (a desktop file id "a-b" may live in a/b.desktop). */
static char *
find_system_file (const char *app)
{
  const char *const *dirs = g_get_system_data_dirs ();
  for (gsize i = 0; dirs[i] != NULL; i++)
    {
      g_autofree char *name = g_strconcat (app, ".desktop", NULL);
      g_autofree char *path = g_build_filename (dirs[i], "applications", name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&path);
      const char *dash = strchr (app, '-');
      if (dash != NULL)
        {
          g_autofree char *sub = g_strndup (app, (gsize) (dash - app));
          g_autofree char *rest = g_strconcat (dash + 1, ".desktop", NULL);
          g_autofree char *p2 = g_build_filename (dirs[i], "applications", sub, rest, NULL);
          if (g_file_test (p2, G_FILE_TEST_IS_REGULAR))
            return g_steal_pointer (&p2);
        }
    }
  return NULL;
}

static gboolean
is_jail_file (const char *path)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  return g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, NULL)
         && g_key_file_get_boolean (kf, ENTRY, "X-Jail", NULL);
}

/* Quoting of the Desktop Entry spec: double quotes only, with \" \` \$ \\
 * escaped inside (single quotes are not part of it). */
static char *
exec_quote (const char *arg)
{
  if (strspn (arg, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._+-")
      == strlen (arg))
    return g_strdup (arg);
  GString *q = g_string_new ("\"");
  for (const char *c = arg; *c != '\0'; c++)
    {
      if (strchr ("\"`$\\", *c) != NULL)
        g_string_append_c (q, '\\');
      g_string_append_c (q, *c);
      if (*c == '%')
        g_string_append_c (q, '%'); /* a literal % is %% */
    }
  g_string_append_c (q, '"');
  return g_string_free (q, FALSE);
}

static gboolean
rewrite_exec (GKeyFile *kf, const char *group, const char *jail, const char *app, GError **error)
{
  if (!g_key_file_has_key (kf, group, "Exec", NULL))
    return TRUE;
  g_autofree char *orig = g_key_file_get_string (kf, group, "Exec", error);
  if (orig == NULL)
    return FALSE;
  /* Quoted as the Desktop Entry spec wants; app and jail path are checked
   * or ours, the original stays byte for byte after "--". */
  g_autofree char *qjail = exec_quote (jail);
  g_autofree char *exec = g_strdup_printf ("%s --profile %s -- %s", qjail, app, orig);
  g_key_file_set_string (kf, group, "Exec", exec);
  return TRUE;
}

static int
install_one (const char *arg, const char *jail)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *app = app_id (arg);
  if (!valid_app (app))
    return fprintf (stderr, "jail: desktop install %s: not a valid application id\n", arg), 125;
  g_autofree char *src = find_system_file (app);
  if (src == NULL)
    return fprintf (stderr, "jail: desktop install %s: no %s.desktop in the XDG data dirs\n", arg,
                    app), 125;
  g_autofree char *dest = user_file (app);
  if (g_file_test (dest, G_FILE_TEST_EXISTS) && !is_jail_file (dest))
    return fprintf (stderr, "jail: desktop install %s: %s exists and is not jail's, left alone\n",
                    arg, dest), 125;

  g_autoptr (GKeyFile) kf = g_key_file_new ();
  if (!g_key_file_load_from_file (kf, src, G_KEY_FILE_KEEP_COMMENTS | G_KEY_FILE_KEEP_TRANSLATIONS,
                                  &error))
    return fprintf (stderr, "jail: desktop install %s: %s\n", src, error->message), 125;
  if (!g_key_file_has_group (kf, ENTRY))
    return fprintf (stderr, "jail: desktop install %s: no [Desktop Entry]\n", src), 125;

  g_auto (GStrv) groups = g_key_file_get_groups (kf, NULL);
  for (char **g = groups; *g != NULL; g++)
    if ((strcmp (*g, ENTRY) == 0 || g_str_has_prefix (*g, "Desktop Action "))
        && !rewrite_exec (kf, *g, jail, app, &error))
      return fprintf (stderr, "jail: desktop install %s: %s\n", src, error->message), 125;
  /* D-Bus activation would start the app outside jail, bypassing Exec. */
  g_key_file_remove_key (kf, ENTRY, "DBusActivatable", NULL);
  g_key_file_set_boolean (kf, ENTRY, "X-Jail", TRUE);
  g_key_file_set_string (kf, ENTRY, "X-Jail-Original", src);

  g_autofree char *dir = user_dir ();
  g_autofree char *data = g_key_file_to_data (kf, NULL, NULL);
  if (g_mkdir_with_parents (dir, 0700) < 0)
    return fprintf (stderr, "jail: desktop install %s: %s\n", dir, g_strerror (errno)), 125;
  if (!g_file_set_contents (dest, data, -1, &error))
    return fprintf (stderr, "jail: desktop install %s: %s\n", dest, error->message), 125;
  printf ("%s\n", dest);
  return 0;
}

static int
remove_one (const char *arg)
{
  g_autofree char *app = app_id (arg);
  if (!valid_app (app))
    return fprintf (stderr, "jail: desktop remove %s: not a valid application id\n", arg), 125;
  g_autofree char *path = user_file (app);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return fprintf (stderr, "jail: desktop remove %s: not installed\n", path), 125;
  if (!is_jail_file (path))
    return fprintf (stderr, "jail: desktop remove %s: not written by jail, left alone\n", path), 125;
  if (g_unlink (path) < 0)
    return fprintf (stderr, "jail: desktop remove %s: %s\n", path, g_strerror (errno)), 125;
  return 0;
}

static int
list_all (void)
{
  g_autofree char *dir = user_dir ();
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  if (d == NULL)
    return 0;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      if (g_str_has_suffix (name, ".desktop") && is_jail_file (path))
        g_ptr_array_add (names, app_id (name));
    }
  g_ptr_array_sort (names, (GCompareFunc) (void (*) (void)) g_strcmp0);
  for (guint i = 0; i < names->len; i++)
    {
      const char *n = g_ptr_array_index (names, i);
      printf ("%s\n", n);
    }
  return 0;
}

static void
usage (FILE *f)
{
  fprintf (f, "Usage: jail desktop install APP…   run APP's launcher through jail --profile APP\n"
              "       jail desktop remove APP…    remove jail's launcher for APP\n"
              "       jail desktop list           list jail's launchers\n");
}

int
jail_desktop_command (int argc, char **argv)
{
  if (argc < 2 || strcmp (argv[1], "--help") == 0)
    {
      usage (argc < 2 ? stderr : stdout);
      return argc < 2 ? 125 : 0;
    }
  int status = 0;
  if (strcmp (argv[1], "list") == 0 && argc == 2)
    return list_all ();
  if ((strcmp (argv[1], "install") == 0 || strcmp (argv[1], "remove") == 0) && argc > 2)
    {
      g_autofree char *jail = g_file_read_link ("/proc/self/exe", NULL);
      for (int i = 2; i < argc; i++)
        {
          int r = argv[1][0] == 'i' ? install_one (argv[i], jail ? jail : "jail")
                                    : remove_one (argv[i]);
          if (r != 0)
            status = r;
        }
      return status;
    }
  usage (stderr);
  return 125;
}
