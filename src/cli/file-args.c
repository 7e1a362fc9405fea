/* Files named on the command line: `--file-args=ro|rw|none` (profile key
 * [Context] FileArgs=) makes each existing regular file the command
 * receives as an argument reachable inside, that one file and nothing
 * around it, at the path the command will open.  A file manager or a
 * launcher passes the document the user chose (%f, %U: paths or file://
 * URIs); without this, a viewer sandboxed away from the rest of the home
 * answers "No such file".
 *
 * When the command fails after naming a host path the sandbox cannot see,
 * jail says so in one line, since the app's own message ("No such file")
 * does not tell why.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli-private.h"
#include "spec/spec-access.h"

gboolean
jail_cli_opt_file_args (Parser *p, const char *opt, char **args, GError **error)
{
  static const char *const modes[] = { "none", "ro", "rw" };
  for (gsize i = 0; i < G_N_ELEMENTS (modes); i++)
    if (strcmp (args[0], modes[i]) == 0)
      {
        p->file_args = (int) i;
        return TRUE;
      }
  return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID, "%s: '%s' is not ro, rw or none",
                      opt, args[0]), FALSE;
}

static gboolean
covers (const char *dest, const char *path)
{
  gsize n = strlen (dest);
  if (strcmp (dest, "/") == 0)
    return TRUE;
  return strncmp (path, dest, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* Whether the host file at `real` (a real path) is what the sandbox sees
 * at `path`: the last operation that covers `path` decides. */
static gboolean
visible_inside (const JailSpec *spec, const char *path, const char *real)
{
  const JailFsEntry *last = NULL;
  for (guint i = 0; i < jail_spec_get_n_fs (spec); i++)
    {
      const JailFsEntry *e = jail_spec_get_fs (spec, i);
      if (e->dest != NULL && e->kind != JAIL_FS_SYMLINK && e->kind != JAIL_FS_CHMOD
          && e->kind != JAIL_FS_REMOUNT_RO && e->kind != JAIL_FS_OVERLAY_SRC && covers (e->dest, path))
        last = e;
    }
  if (last == NULL || last->source == NULL
      || (last->kind != JAIL_FS_BIND && last->kind != JAIL_FS_RO_BIND
          && last->kind != JAIL_FS_DEV_BIND))
    return FALSE;
  const char *rest = strcmp (last->dest, "/") == 0 ? path : path + strlen (last->dest);
  g_autofree char *host = g_strconcat (last->source, rest, NULL);
  g_autofree char *host_real = realpath (host, NULL);
  return g_strcmp0 (host_real, real) == 0;
}

/* The host path an argument names ("doc.pdf", "/x/doc.pdf" or a file://
 * URI), absolute, or NULL.  Options are not paths, unless after "--". */
static char *
argument_path (const char *arg, gboolean after_dashes, const char *cwd)
{
  if (g_str_has_prefix (arg, "file://"))
    return g_filename_from_uri (arg, NULL, NULL);
  if (arg[0] == '\0' || (arg[0] == '-' && !after_dashes) || strstr (arg, "://") != NULL)
    return NULL;
  return g_canonicalize_filename (arg, cwd);
}

/* The command's arguments that name host paths, one at a time: moves *i to
 * the next such argument and returns its path; NULL at the end. */
static char *
next_path_argument (char *const *argv, int *i, gboolean *after_dashes, const char *cwd)
{
  while (argv[++*i] != NULL)
    {
      if (!*after_dashes && strcmp (argv[*i], "--") == 0)
        {
          *after_dashes = TRUE;
          continue;
        }
      char *path = argument_path (argv[*i], *after_dashes, cwd);
      if (path != NULL)
        return path;
    }
  return NULL;
}

static gboolean
reserved (const char *path)
{
  static const char *const dirs[] = { "/proc", "/sys", "/dev" };
  for (gsize i = 0; i < G_N_ELEMENTS (dirs); i++)
    if (covers (dirs[i], path))
      return TRUE;
  return FALSE;
}

gboolean
jail_cli_file_args_apply (Parser *p, GError **error)
{
  JailSpec *spec = p->cli->spec;
  char *const *argv = jail_spec_get_command (spec);
  if (p->file_args == JAIL_FILE_ARGS_NONE || argv == NULL)
    return TRUE;
  g_autofree char *cwd = g_get_current_dir ();
  gboolean after_dashes = FALSE;
  char *next;
  for (int i = 0; (next = next_path_argument (argv, &i, &after_dashes, cwd)) != NULL;)
    {
      g_autofree char *path = next;
      struct stat st;
      /* That one file: a directory would hand over everything in it. */
      if (stat (path, &st) != 0 || !S_ISREG (st.st_mode) || reserved (path))
        continue;
      g_autofree char *real = realpath (path, NULL);
      if (real == NULL || visible_inside (spec, path, real))
        continue;
      JailFsKind kind = p->file_args == JAIL_FILE_ARGS_RW ? JAIL_FS_BIND : JAIL_FS_RO_BIND;
      /* The source as named, not its real path: a symbolic link on the
       * way gets the same scrutiny as in any other bind. */
      if (!jail_spec_add_fs (spec, kind, path, path, 0, error))
        return FALSE;
      /* Inside, the working directory may not exist: name it absolutely. */
      if (!g_path_is_absolute (argv[i]) && !g_str_has_prefix (argv[i], "file://"))
        jail_spec_set_command_arg (spec, i, path);
    }
  return TRUE;
}

void
jail_cli_file_args_hint (const JailSpec *spec, int status)
{
  char *const *argv = jail_spec_get_command (spec);
  if (status == 0 || status == JAIL_EXIT_FAILURE || argv == NULL)
    return;
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *first = NULL;
  guint missing = 0;
  gboolean after_dashes = FALSE;
  char *next;
  for (int i = 0; (next = next_path_argument (argv, &i, &after_dashes, cwd)) != NULL;)
    {
      g_autofree char *path = next;
      g_autofree char *real = realpath (path, NULL);
      if (real == NULL || strcmp (real, "/") == 0 || visible_inside (spec, path, real))
        continue;
      if (missing++ == 0)
        first = g_steal_pointer (&path);
    }
  if (missing == 0)
    return;
  g_autofree char *more = missing > 1 ? g_strdup_printf (" (and %u more)", missing - 1)
                                      : g_strdup ("");
  fprintf (stderr,
           "jail: note: %s%s is not in the sandbox; to open a file named on the command line "
           "use --file-args=ro, for a folder --filesystem=DIR\n",
           first, more);
}
