/* --home=tmpfs|persist|persist-command|DIR ([Context] Home=): what the
 * sandbox has at $HOME.
 *
 *   tmpfs            an empty home, gone at exit (the default);
 *   persist          a home of the app's own, kept in
 *                    $XDG_DATA_HOME/jail/homes/NAME, NAME the profile given
 *                    with --profile (the last one), else the command;
 *   persist-command  the same, NAME always the command's basename: for a
 *                    generic base (gui) that many apps share;
 *   DIR              that host directory.
 *
 * Only that directory is bound at $HOME, never the real home: a DIR that is
 * the home or holds it is refused.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli-private.h"
#include "common/path.h"
#include "profile/profile.h"
#include "spec/spec-access.h"

static gboolean
opt_home (Parser *p, const char *opt, char **args, GError **error)
{
  const char *v = args[0];
  if (strcmp (v, "tmpfs") != 0 && strcmp (v, "persist") != 0
      && strcmp (v, "persist-command") != 0 && v[0] != '/' && v[0] != '~' && v[0] != '$')
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "%s: '%s' is not tmpfs, persist, persist-command or a directory "
                        "(/PATH, ~/PATH)", opt, v), FALSE;
  g_free (p->home);
  p->home = g_strdup (v);
  return TRUE;
}

/* The basename of the command, if it can name a directory. */
static char *
command_name (const JailSpec *spec, GError **error)
{
  if (jail_spec_get_command (spec) == NULL || jail_spec_get_command (spec)[0] == NULL)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "--home=persist: no command to name the home after"), NULL;
  g_autofree char *base = g_path_get_basename (jail_spec_get_command (spec)[0]);
  if (!jail_name_is_valid (base))
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "--home=persist: the command '%s' cannot name a home directory "
                        "(use --home=DIR)", jail_spec_get_command (spec)[0]), NULL;
  return g_steal_pointer (&base);
}

/* The last profile given with --profile: its name, or the basename of the
 * file without .profile. */
static char *
profile_name (const JailSpec *spec)
{
  char *const *profiles = jail_spec_get_profiles (spec);
  if (profiles == NULL || profiles[0] == NULL)
    return NULL;
  const char *last = profiles[g_strv_length ((char **) profiles) - 1];
  g_autofree char *base = g_path_get_basename (last);
  if (g_str_has_suffix (base, ".profile"))
    base[strlen (base) - strlen (".profile")] = '\0';
  return jail_name_is_valid (base) ? g_steal_pointer (&base) : NULL;
}

static char *
persist_dir (const JailSpec *spec, gboolean by_command, GError **error)
{
  g_autofree char *name = by_command ? NULL : profile_name (spec);
  if (name == NULL)
    name = command_name (spec, error);
  if (name == NULL)
    return NULL;
  g_autofree char *data = jail_profile_expand ("${XDG_DATA_HOME}", FALSE, NULL);
  /* jail/ and jail/homes/ are jail's own: a sandbox that could write
   * $XDG_DATA_HOME may have made one a symbolic link, to point every app's
   * home into the real one (homes → ~ makes homes/code ~/code).  The data
   * directory itself may be a link: the user's choice. */
  static const char *const own[] = { "jail", "jail/homes" };
  for (gsize i = 0; i < G_N_ELEMENTS (own); i++)
    {
      g_autofree char *path = g_build_filename (data, own[i], NULL);
      struct stat st;
      if (lstat (path, &st) == 0 && S_ISLNK (st.st_mode))
        return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                            "--home: %s is a symbolic link, refused (it could point at the real "
                            "home)", path), NULL;
    }
  return g_build_filename (data, "jail", "homes", name, NULL);
}

/* The host directory that becomes $HOME, checked: not a symbolic link (a
 * sandbox that could write its parent may have planted one to point the
 * next run at the real home), and neither the home nor a directory that
 * holds it. */
static char *
checked_source (const char *dir, gboolean create, GError **error)
{
  if (create && g_mkdir_with_parents (dir, 0700) != 0)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP, "--home: cannot create %s: %s", dir,
                        g_strerror (errno)), NULL;
  struct stat st;
  if (lstat (dir, &st) == 0 && S_ISLNK (st.st_mode))
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "--home: %s is a symbolic link, refused (it could point at the real "
                        "home)", dir), NULL;
  g_autofree char *real = realpath (dir, NULL);
  if (real == NULL && !create)
    real = g_canonicalize_filename (dir, "/");
  if (real == NULL)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP, "--home: %s: %s", dir,
                        g_strerror (errno)), NULL;
  g_autofree char *home = realpath (g_get_home_dir (), NULL);
  if (home == NULL)
    home = g_canonicalize_filename (g_get_home_dir (), "/");
  if (jail_path_has_prefix (home, real))
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "--home: %s is the home directory or holds it; the sandbox gets a "
                        "directory of its own, never the real home", dir), NULL;
  return g_steal_pointer (&real);
}

gboolean
jail_cli_home_finish (Parser *p, JailSpec *into, GError **error)
{
  if (p->home == NULL || strcmp (p->home, "tmpfs") == 0)
    return TRUE;
  const char *home = g_get_home_dir ();
  if (home == NULL || home[0] != '/' || strcmp (home, "/") == 0)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "--home=%s: no home directory to replace ($HOME is '%s')", p->home,
                        home != NULL ? home : ""), FALSE;
  gboolean run = p->cli->action == JAIL_CLI_RUN;
  g_autofree char *dir = NULL;
  if (strcmp (p->home, "persist") == 0 || strcmp (p->home, "persist-command") == 0)
    dir = persist_dir (p->cli->spec, strcmp (p->home, "persist-command") == 0, error);
  else
    {
      g_autoptr (GError) local = NULL;
      dir = jail_profile_expand (p->home, TRUE, &local);
      if (dir == NULL)
        return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID, "--home=%s: %s", p->home,
                            local->message), FALSE;
      if (dir[0] != '/')
        return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                            "--home=%s: not an absolute path", p->home), FALSE;
    }
  if (dir == NULL)
    return FALSE;
  g_autofree char *source = checked_source (dir, run, error);
  if (source == NULL)
    return FALSE;
  return jail_spec_add_fs (into, JAIL_FS_BIND, source, home, 0, error);
}

static const Option home_options[] = {
  { "--home", 1, opt_home, 0, "tmpfs|persist|persist-command|DIR",
    "$HOME inside: empty, kept per app in ~/.local/share/jail/homes, or DIR" },
};

const OptionGroup jail_home_option_group = {
  "Home", home_options, G_N_ELEMENTS (home_options),
};
