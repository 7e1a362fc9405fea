/* jail desktop install|remove|list: per-user launcher overrides.
 *
 * `install ID` reads ID.desktop from the system's XDG data dirs and writes a
 * launcher of its own to ~/.local/share/applications (which wins over
 * them).  The written file is built from an allowlist: the keys that only
 * describe the entry (Name, Icon, MimeType, translations…) are copied, every
 * Exec (the main one and each action's) becomes
 * `jail --profile PROFILE -- ORIGINAL`, and everything else is left out:
 * localized Exec[xx] (a launcher may prefer it), DBusActivatable and
 * unknown groups (both start the app without Exec), X- keys.  A file with a
 * key or group given twice is refused: GKeyFile keeps the last one, another
 * launcher may read the first, and the one left unwrapped would run outside
 * jail.
 *
 * The original command line and its field codes (%f %u %F %U) all land
 * after "--", so a file name such as "--bind=/ /x" can never be read as a
 * jail option (flatpak CVE-2024-32462).  Files written by jail carry
 * X-Jail=true; remove and list touch only those.  Nothing is written unless
 * the entry is sound and its profile loads.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "cli/cli.h"
#include "desktop/launcher.h"
#include "profile/profile.h"

#define ENTRY "Desktop Entry"
#define ACTION_PREFIX "Desktop Action "

/* Keys copied as they are.  `localized`: Name[de] and the like too. */
static const struct {
  const char *key;
  gboolean localized;
} kept_keys[] = {
  { "Type", FALSE },          { "Version", FALSE },       { "Name", TRUE },
  { "GenericName", TRUE },    { "Comment", TRUE },        { "Icon", TRUE },
  { "Keywords", TRUE },       { "Categories", FALSE },    { "MimeType", FALSE },
  { "StartupNotify", FALSE }, { "StartupWMClass", FALSE }, { "Terminal", FALSE },
  { "NoDisplay", FALSE },     { "Hidden", FALSE },        { "OnlyShowIn", FALSE },
  { "NotShowIn", FALSE },     { "PrefersNonDefaultGPU", FALSE },
  { "SingleMainWindow", FALSE },
  /* Only tested, never run: hides the launcher once the app is removed. */
  { "TryExec", FALSE },
};

/* In a [Desktop Action …] group. */
static const struct {
  const char *key;
  gboolean localized;
} kept_action_keys[] = { { "Name", TRUE }, { "Icon", TRUE } };

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

/* ---- reading the system's entry ---- */

/* GKeyFile merges a group given twice and keeps the last of a key given
 * twice; other launchers may read the first.  Refuse both, with the line,
 * reading keys as GKeyFile does (spaces around the name ignored). */
static gboolean
check_duplicates (const char *path, const char *text, GError **error)
{
  g_autoptr (GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  g_autofree char *group = NULL;
  for (int n = 0; lines[n] != NULL; n++)
    {
      g_autofree char *line = g_strstrip (g_strdup (lines[n]));
      if (line[0] == '\0' || line[0] == '#')
        continue;
      if (line[0] == '[')
        {
          g_free (group);
          group = g_strndup (line + 1, strcspn (line + 1, "]"));
          if (!g_hash_table_add (groups, g_strdup (group)))
            return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                                "%s:%d: group [%s] given twice (launchers disagree on which "
                                "one counts), refused", path, n + 1, group), FALSE;
          g_hash_table_remove_all (keys);
          continue;
        }
      char *eq = strchr (line, '=');
      if (eq == NULL)
        continue; /* GKeyFile refuses the file below */
      *eq = '\0';
      g_strchomp (line);
      if (!g_hash_table_add (keys, g_strdup (line)))
        return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                            "%s:%d: key %s given twice in [%s] (launchers disagree on which "
                            "one counts), refused", path, n + 1, line, group ? group : ""),
               FALSE;
    }
  return TRUE;
}

GKeyFile *
jail_desktop_entry_parse (const char *path, const char *text, gsize len, GError **error)
{
  /* Lines after a NUL would escape the duplicate check (it reads a C
   * string) but not GKeyFile, which reads `len` bytes. */
  if (memchr (text, '\0', len) != NULL)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "%s: contains a NUL byte, not a desktop entry", path), NULL;
  if (!check_duplicates (path, text, error))
    return NULL;
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autoptr (GError) local = NULL;
  if (!g_key_file_load_from_data (kf, text, len, G_KEY_FILE_KEEP_TRANSLATIONS, &local))
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID, "%s: %s", path, local->message),
           NULL;
  if (!g_key_file_has_group (kf, ENTRY))
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID, "%s: no [" ENTRY "]", path), NULL;
  g_autofree char *type = g_key_file_get_string (kf, ENTRY, "Type", NULL);
  if (g_strcmp0 (type, "Application") != 0)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "%s: Type=%s, not an application", path, type ? type : "(none)"), NULL;
  if (!g_key_file_has_key (kf, ENTRY, "Exec", NULL))
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "%s: no Exec line (started by D-Bus activation only), so it cannot "
                        "run through jail", path), NULL;
  return g_steal_pointer (&kf);
}

static GKeyFile *
read_entry (const char *path, GError **error)
{
  g_autofree char *text = NULL;
  gsize len;
  if (!g_file_get_contents (path, &text, &len, error))
    return NULL;
  return jail_desktop_entry_parse (path, text, len, error);
}

/* The program an Exec line runs ("env A=b prog …" runs prog), as a name. */
static char *
exec_program (const char *exec)
{
  g_auto (GStrv) argv = NULL;
  if (exec == NULL || !g_shell_parse_argv (exec, NULL, &argv, NULL))
    return NULL;
  int i = 0;
  if (argv[0] != NULL && strcmp (argv[0], "env") == 0)
    for (i = 1; argv[i] != NULL && strchr (argv[i], '=') != NULL; i++)
      ;
  return argv[i] != NULL ? g_path_get_basename (argv[i]) : NULL;
}

/* ---- which profile ---- */

/* The profiles on the search path whose own [Profile] DesktopIds= key
 * names `id` (first match per name, sorted); an empty strv when none. */
static char **
profiles_claiming (const char *id)
{
  g_autoptr (GPtrArray) out = g_ptr_array_new ();
  g_auto (GStrv) list = jail_profile_list ();
  g_auto (GStrv) dirs = jail_profile_search_path ();
  for (char **l = list; *l != NULL; l++)
    {
      g_autofree char *name = g_strndup (*l, strcspn (*l, "\t"));
      g_autofree char *base = g_strconcat (name, ".profile", NULL);
      for (char **d = dirs; *d != NULL; d++)
        {
          g_autofree char *path = g_build_filename (*d, base, NULL);
          g_autoptr (GKeyFile) kf = g_key_file_new ();
          if (!g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, NULL))
            continue;
          g_auto (GStrv) ids = g_key_file_get_string_list (kf, "Profile", "DesktopIds", NULL, NULL);
          if (ids != NULL && g_strv_contains ((const char *const *) ids, id))
            g_ptr_array_add (out, g_steal_pointer (&name));
          break; /* first match on the search path wins, as for --profile */
        }
    }
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&out), FALSE);
}

/* --profile NAME, or the profile that claims the desktop id, or the one
 * named after the program Exec runs, or after the desktop id.  The choice
 * must load and check, as `jail --check-profile` does. */
static char *
choose_profile (const char *id, const char *src, GKeyFile *kf, const char *given, GError **error)
{
  if (given != NULL)
    return jail_cli_check_profile (given, error) ? g_strdup (given) : NULL;
  g_auto (GStrv) claimed = profiles_claiming (id);
  if (claimed[0] != NULL && claimed[1] != NULL)
    {
      g_autofree char *all = g_strjoinv (", ", claimed);
      return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                          "the profiles %s all claim desktop id %s; choose one with "
                          "--profile NAME", all, id), NULL;
    }
  if (claimed[0] != NULL)
    return jail_cli_check_profile (claimed[0], error) ? g_strdup (claimed[0]) : NULL;
  g_autofree char *exec = g_key_file_get_string (kf, ENTRY, "Exec", NULL);
  g_autofree char *program = exec_program (exec);
  const char *candidates[] = { program, id };
  for (gsize i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      g_autoptr (GError) local = NULL;
      if (candidates[i] == NULL)
        continue;
      if (jail_cli_check_profile (candidates[i], &local))
        return g_strdup (candidates[i]);
      /* A profile that exists but does not load is an error of its own. */
      if (!g_str_has_prefix (local->message, "--profile: "))
        return g_propagate_error (error, g_steal_pointer (&local)), NULL;
    }
  return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                      "%s runs '%s' and no profile claims desktop id %s or is named after "
                      "either (see jail --list-profiles); name one with --profile NAME",
                      src, program ? program : "?", id), NULL;
}

/* ---- writing ours ---- */

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

/* The jail a launcher should run: plain "jail" when the one found on PATH
 * is this very program (the launcher then survives a reinstall or move),
 * else this program's absolute path. */
static char *
jail_for_launcher (void)
{
  g_autofree char *self = realpath ("/proc/self/exe", NULL);
  g_autofree char *found = g_find_program_in_path ("jail");
  g_autofree char *found_real = found != NULL ? realpath (found, NULL) : NULL;
  if (self == NULL || g_strcmp0 (self, found_real) == 0)
    return g_strdup ("jail");
  return g_steal_pointer (&self);
}

static gboolean
key_kept (const char *key, gboolean action)
{
  gsize n = action ? G_N_ELEMENTS (kept_action_keys) : G_N_ELEMENTS (kept_keys);
  gsize base_len = strcspn (key, "[");
  for (gsize i = 0; i < n; i++)
    {
      const char *k = action ? kept_action_keys[i].key : kept_keys[i].key;
      gboolean loc = action ? kept_action_keys[i].localized : kept_keys[i].localized;
      if (strlen (k) == base_len && strncmp (key, k, base_len) == 0
          && (key[base_len] == '\0' || loc))
        return TRUE;
    }
  return FALSE;
}

/* Copy the allowed keys of `group`, then its Exec through jail. */
static void
copy_group (GKeyFile *from, GKeyFile *to, const char *group, gboolean action, const char *jail,
            const char *profile)
{
  g_auto (GStrv) keys = g_key_file_get_keys (from, group, NULL, NULL);
  for (char **k = keys; k != NULL && *k != NULL; k++)
    if (key_kept (*k, action))
      {
        g_autofree char *raw = g_key_file_get_value (from, group, *k, NULL);
        g_key_file_set_value (to, group, *k, raw);
      }
  g_autofree char *orig = g_key_file_get_string (from, group, "Exec", NULL);
  g_autofree char *qjail = exec_quote (jail);
  /* The profile name was checked; the original stays as it was after "--". */
  g_autofree char *exec = g_strdup_printf ("%s --profile %s -- %s", qjail, profile, orig);
  g_key_file_set_string (to, group, "Exec", exec);
}

GKeyFile *
jail_desktop_launcher_build (GKeyFile *kf, const char *src, const char *jail, const char *profile)
{
  g_autoptr (GKeyFile) out = g_key_file_new ();
  copy_group (kf, out, ENTRY, FALSE, jail, profile);
  /* Actions: only those listed and runnable (an action without Exec is
   * reached by D-Bus activation, which jail removes). */
  g_auto (GStrv) actions = g_key_file_get_string_list (kf, ENTRY, "Actions", NULL, NULL);
  g_autoptr (GPtrArray) kept = g_ptr_array_new_with_free_func (g_free);
  for (char **a = actions; a != NULL && *a != NULL; a++)
    {
      g_autofree char *group = g_strconcat (ACTION_PREFIX, *a, NULL);
      if (!g_key_file_has_key (kf, group, "Exec", NULL))
        continue;
      copy_group (kf, out, group, TRUE, jail, profile);
      g_ptr_array_add (kept, g_strdup (*a));
    }
  if (kept->len > 0)
    g_key_file_set_string_list (out, ENTRY, "Actions", (const char *const *) kept->pdata,
                                kept->len);
  g_key_file_set_boolean (out, ENTRY, "X-Jail", TRUE);
  g_key_file_set_string (out, ENTRY, "X-Jail-Profile", profile);
  g_key_file_set_string (out, ENTRY, "X-Jail-Original", src);
  return g_steal_pointer (&out);
}

/* ---- install, remove, list ---- */

/* "evince" is no desktop id on Debian: name the ids whose Exec runs it. */
static char *
ids_running (const char *program)
{
  g_autoptr (GString) found = g_string_new (NULL);
  const char *const *dirs = g_get_system_data_dirs ();
  for (gsize i = 0; dirs[i] != NULL && found->len < 200; i++)
    {
      g_autofree char *dir = g_build_filename (dirs[i], "applications", NULL);
      g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
      const char *name;
      while (d != NULL && (name = g_dir_read_name (d)) != NULL)
        {
          if (!g_str_has_suffix (name, ".desktop"))
            continue;
          g_autofree char *path = g_build_filename (dir, name, NULL);
          g_autoptr (GKeyFile) kf = g_key_file_new ();
          if (!g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, NULL))
            continue;
          g_autofree char *exec = g_key_file_get_string (kf, ENTRY, "Exec", NULL);
          g_autofree char *prog = exec_program (exec);
          if (g_strcmp0 (prog, program) == 0)
            g_string_append_printf (found, "%s%.*s", found->len ? ", " : "",
                                    (int) (strlen (name) - 8), name);
        }
    }
  return found->len > 0 ? g_string_free (g_steal_pointer (&found), FALSE) : NULL;
}

static int
install_one (const char *arg, const char *profile)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *app = app_id (arg);
  if (!valid_app (app))
    return fprintf (stderr, "jail: desktop install %s: not a valid desktop id\n", arg), 125;
  g_autofree char *src = find_system_file (app);
  if (src == NULL)
    {
      g_autofree char *hint = ids_running (app);
      fprintf (stderr, "jail: desktop install %s: no %s.desktop in the XDG data dirs%s%s%s\n", arg,
               app, hint ? " (desktop ids that run it: " : "", hint ? hint : "", hint ? ")" : "");
      return 125;
    }
  g_autofree char *dest = user_file (app);
  if (g_file_test (dest, G_FILE_TEST_EXISTS) && !is_jail_file (dest))
    return fprintf (stderr, "jail: desktop install %s: %s exists and is not jail's, left alone\n",
                    arg, dest), 125;

  g_autoptr (GKeyFile) kf = read_entry (src, &error);
  if (kf == NULL)
    return fprintf (stderr, "jail: desktop install %s: %s\n", arg, error->message), 125;
  g_autofree char *chosen = choose_profile (app, src, kf, profile, &error);
  if (chosen == NULL)
    return fprintf (stderr, "jail: desktop install %s: %s; nothing written\n", arg,
                    error->message), 125;

  g_autofree char *jail = jail_for_launcher ();
  g_autoptr (GKeyFile) out = jail_desktop_launcher_build (kf, src, jail, chosen);
  g_autofree char *dir = user_dir ();
  g_autofree char *data = g_key_file_to_data (out, NULL, NULL);
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
    return fprintf (stderr, "jail: desktop remove %s: not a valid desktop id\n", arg), 125;
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
  fprintf (f, "Usage: jail desktop install [--profile NAME] ID…\n"
              "                                   run ID's launcher through jail (ID: the\n"
              "                                   desktop file's name, e.g. org.gnome.Evince)\n"
              "       jail desktop remove ID…     remove jail's launcher for ID\n"
              "       jail desktop list           list jail's launchers\n"
              "See jail-desktop(1).\n");
}

/* install's options: --profile NAME or --profile=NAME, before the ids. */
static int
parse_install_options (int argc, char **argv, const char **ret_profile)
{
  int i = 2;
  *ret_profile = NULL;
  while (i < argc && argv[i][0] == '-')
    {
      if (strcmp (argv[i], "--") == 0)
        return i + 1;
      if (g_str_has_prefix (argv[i], "--profile="))
        *ret_profile = argv[i++] + strlen ("--profile=");
      else if (strcmp (argv[i], "--profile") == 0 && i + 1 < argc)
        *ret_profile = argv[i + 1], i += 2;
      else
        return fprintf (stderr, "jail: desktop install: unknown option '%s' (only --profile NAME)\n",
                        argv[i]), -1;
    }
  return i;
}

static gboolean
wants_help (int argc, char **argv)
{
  for (int i = 1; i < argc && strcmp (argv[i], "--") != 0; i++)
    if (strcmp (argv[i], "--help") == 0 || strcmp (argv[i], "-h") == 0)
      return TRUE;
  return FALSE;
}

int
jail_desktop_command (int argc, char **argv)
{
  if (argc < 2 || wants_help (argc, argv))
    {
      usage (argc < 2 ? stderr : stdout);
      return argc < 2 ? 125 : 0;
    }
  int status = 0;
  if (strcmp (argv[1], "list") == 0 && argc == 2)
    return list_all ();
  if (strcmp (argv[1], "install") == 0)
    {
      const char *profile;
      int first = parse_install_options (argc, argv, &profile);
      if (first < 0)
        return 125;
      if (first >= argc)
        return usage (stderr), 125;
      for (int i = first; i < argc; i++)
        {
          int r = install_one (argv[i], profile);
          if (r != 0)
            status = r;
        }
      return status;
    }
  if (strcmp (argv[1], "remove") == 0 && argc > 2)
    {
      for (int i = 2; i < argc; i++)
        {
          int r = remove_one (argv[i]);
          if (r != 0)
            status = r;
        }
      return status;
    }
  usage (stderr);
  return 125;
}
