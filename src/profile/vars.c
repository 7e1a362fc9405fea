/* Variables in profile values: ~, ${HOME}, ${UID}, the XDG base directories
 * and the xdg-user-dirs directories.  Read from the environment each time
 * (not GLib's cached g_get_user_*_dir ()), so a test can change them.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jail/jail.h"
#include "profile/profile.h"

static const char *
home_dir (void)
{
  const char *home = g_getenv ("HOME");
  return home != NULL && home[0] == '/' ? home : g_get_home_dir ();
}

/* $NAME if it is an absolute path, else $HOME/fallback. */
static char *
xdg_dir (const char *name, const char *fallback)
{
  const char *v = g_getenv (name);
  if (v != NULL && v[0] == '/')
    return g_strdup (v);
  return g_build_filename (home_dir (), fallback, NULL);
}

static const struct {
  const char *which;
  const char *fallback;
} user_dirs[] = {
  { "DESKTOP", "Desktop" },     { "DOWNLOAD", "Downloads" }, { "TEMPLATES", "Templates" },
  { "PUBLICSHARE", "Public" },  { "DOCUMENTS", "Documents" }, { "MUSIC", "Music" },
  { "PICTURES", "Pictures" },   { "VIDEOS", "Videos" },
};

/* One line of user-dirs.dirs: XDG_WHICH_DIR="$HOME/sub" or "/abs". */
static char *
parse_user_dirs_line (const char *line, const char *which)
{
  g_autofree char *key = g_strdup_printf ("XDG_%s_DIR", which);
  while (*line == ' ' || *line == '\t')
    line++;
  if (!g_str_has_prefix (line, key) || line[strlen (key)] != '=')
    return NULL;
  const char *v = line + strlen (key) + 1;
  if (*v != '"')
    return NULL;
  v++;
  const char *end = strrchr (v, '"');
  if (end == NULL)
    return NULL;
  g_autofree char *raw = g_strndup (v, (gsize) (end - v));
  GString *out = g_string_new (NULL);
  const char *p = raw;
  if (g_str_has_prefix (p, "$HOME") && (p[5] == '/' || p[5] == '\0'))
    {
      g_string_append (out, home_dir ());
      p += 5;
    }
  else if (*p != '/')
    return g_string_free (out, TRUE), NULL;
  for (; *p != '\0'; p++)
    {
      if (*p == '\\' && p[1] != '\0')
        p++;
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

char *
jail_profile_user_dir (const char *which)
{
  const char *fallback = NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (user_dirs); i++)
    if (strcmp (user_dirs[i].which, which) == 0)
      fallback = user_dirs[i].fallback;
  if (fallback == NULL)
    return NULL;

  g_autofree char *config = xdg_dir ("XDG_CONFIG_HOME", ".config");
  g_autofree char *file = g_build_filename (config, "user-dirs.dirs", NULL);
  g_autofree char *contents = NULL;
  char *found = NULL;
  if (g_file_get_contents (file, &contents, NULL, NULL))
    {
      g_auto (GStrv) lines = g_strsplit (contents, "\n", -1);
      for (char **l = lines; *l != NULL; l++)
        {
          char *v = parse_user_dirs_line (*l, which);
          if (v != NULL)
            {
              g_free (found);
              found = v;
            }
        }
    }
  if (found != NULL)
    return found;
  return g_build_filename (home_dir (), fallback, NULL);
}

char *
jail_profile_real_path (const char *path)
{
  char *r = realpath (path, NULL);
  if (r != NULL)
    return r;
  g_autofree char *parent = g_path_get_dirname (path);
  if (strcmp (parent, path) == 0)
    return g_strdup (path);
  g_autofree char *rp = jail_profile_real_path (parent);
  g_autofree char *base = g_path_get_basename (path);
  return g_build_filename (rp, base, NULL);
}

static gboolean
is_below (const char *path, const char *dir)
{
  gsize n = strlen (dir);
  return strcmp (dir, "/") == 0
         || (strncmp (path, dir, n) == 0 && (path[n] == '\0' || path[n] == '/'));
}

/* A directory that came out of a variable is compared with the home as
 * both really are (a symlink to the home, "$HOME/", "$HOME/.." and
 * "/home" all count): what matters is what the bind would expose. */
const char *
jail_profile_grant_refusal (const char *path, gboolean below_home)
{
  g_autofree char *real = jail_profile_real_path (path);
  g_autofree char *home = jail_profile_real_path (home_dir ());
  if (strcmp (real, home) == 0)
    return "is the home directory";
  if (is_below (home, real))
    return "contains the home directory";
  if (below_home && !is_below (real, home))
    return "is outside the home directory";
  return NULL;
}

static char *
variable_value (const char *name)
{
  if (strcmp (name, "HOME") == 0)
    return g_strdup (home_dir ());
  if (strcmp (name, "UID") == 0)
    return g_strdup_printf ("%u", (unsigned) getuid ());
  if (strcmp (name, "XDG_RUNTIME_DIR") == 0)
    {
      const char *v = g_getenv ("XDG_RUNTIME_DIR");
      return v != NULL && v[0] == '/' ? g_strdup (v)
                                      : g_strdup_printf ("/run/user/%u", (unsigned) getuid ());
    }
  if (strcmp (name, "XDG_CONFIG_HOME") == 0)
    return xdg_dir (name, ".config");
  if (strcmp (name, "XDG_DATA_HOME") == 0)
    return xdg_dir (name, ".local/share");
  if (strcmp (name, "XDG_CACHE_HOME") == 0)
    return xdg_dir (name, ".cache");
  if (g_str_has_prefix (name, "XDG_") && g_str_has_suffix (name, "_DIR") && strlen (name) > 8)
    {
      g_autofree char *which = g_strndup (name + 4, strlen (name) - 8);
      return jail_profile_user_dir (which);
    }
  return NULL;
}

char *
jail_profile_expand (const char *value, gboolean tilde, GError **error)
{
  GString *out = g_string_new (NULL);
  const char *p = value;
  if (tilde && p[0] == '~' && (p[1] == '\0' || p[1] == '/'))
    {
      g_string_append (out, home_dir ());
      p++;
    }
  while (*p != '\0')
    {
      if (p[0] == '$' && p[1] == '{')
        {
          const char *end = strchr (p + 2, '}');
          if (end == NULL)
            {
              g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                           "unterminated variable in '%s' (missing '}')", value);
              return g_string_free (out, TRUE), NULL;
            }
          g_autofree char *name = g_strndup (p + 2, (gsize) (end - p - 2));
          g_autofree char *v = variable_value (name);
          if (v == NULL)
            {
              g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                           "unknown variable ${%s} (known: ${HOME}, ${UID}, ${XDG_RUNTIME_DIR}, "
                           "${XDG_CONFIG_HOME}, ${XDG_DATA_HOME}, ${XDG_CACHE_HOME}, "
                           "${XDG_DOWNLOAD_DIR} and the other xdg-user-dirs)", name);
              return g_string_free (out, TRUE), NULL;
            }
          g_string_append (out, v);
          p = end + 1;
        }
      else
        g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}

gsize
jail_profile_edit_distance (const char *a, const char *b)
{
  gsize la = strlen (a), lb = strlen (b);
  if (la > 64 || lb > 64)
    return G_MAXSIZE;
  gsize row[65];
  for (gsize j = 0; j <= lb; j++)
    row[j] = j;
  for (gsize i = 1; i <= la; i++)
    {
      gsize diag = row[0];
      row[0] = i;
      for (gsize j = 1; j <= lb; j++)
        {
          gsize up = row[j];
          gsize cost = g_ascii_tolower (a[i - 1]) == g_ascii_tolower (b[j - 1]) ? 0 : 1;
          row[j] = MIN (MIN (row[j] + 1, row[j - 1] + 1), diag + cost);
          diag = up;
        }
    }
  return row[lb];
}

const char *
jail_profile_closest_word (const char *word, const char *const *candidates, gsize n)
{
  const char *best = NULL;
  gsize best_d = G_MAXSIZE;
  for (gsize i = 0; i < n; i++)
    {
      gsize d = jail_profile_edit_distance (word, candidates[i]);
      if (d < best_d)
        best_d = d, best = candidates[i];
    }
  /* Close enough to be a typo, not a different word. */
  gsize limit = MAX (2, strlen (word) / 3);
  return best_d <= limit ? best : NULL;
}
