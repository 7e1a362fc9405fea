/* Profile options: --profile, the high-level permission options that
 * mirror profile keys (--filesystem, --share, --env…), --check-profile and
 * --list-profiles.
 *
 * Order of application, whatever the order on the command line:
 *   1. the default filesystem (unless a low-level option replaces it),
 *   2. every --profile, in the order given (their keys become options),
 *   3. the high-level options (--filesystem grants become binds here),
 *   4. the low-level bubblewrap-style operations (--bind, --tmpfs…),
 *   5. read-only binds over the profile, launcher and autostart directories
 *      (never writable inside).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli-private.h"
#include "common/path.h"
#include "profile/profile.h"
#include "spec/spec-access.h"

struct ProfileState {
  GPtrArray *grants;     /* char*: --filesystem specs, in order */
  GHashTable *from_cli;  /* the grants (char* of `grants`) typed on the command line */
  gboolean in_profile;   /* applying a profile's keys */
};

static struct ProfileState *
state (Parser *p)
{
  if (p->profiles == NULL)
    {
      p->profiles = g_new0 (struct ProfileState, 1);
      p->profiles->grants = g_ptr_array_new_with_free_func (g_free);
      p->profiles->from_cli = g_hash_table_new (NULL, NULL);
    }
  return p->profiles;
}

void
jail_cli_profiles_clear (Parser *p)
{
  g_clear_pointer (&p->home, g_free);
  if (p->profiles == NULL)
    return;
  g_ptr_array_unref (p->profiles->grants);
  g_hash_table_unref (p->profiles->from_cli);
  g_clear_pointer (&p->profiles, g_free);
}

/* ---- --filesystem SPEC ---- */

typedef enum { ACCESS_RW, ACCESS_RO, ACCESS_CREATE } Access;

static const struct {
  const char *token;
  const char *which;
} xdg_user_tokens[] = {
  { "xdg-desktop", "DESKTOP" },     { "xdg-documents", "DOCUMENTS" },
  { "xdg-download", "DOWNLOAD" },   { "xdg-music", "MUSIC" },
  { "xdg-pictures", "PICTURES" },   { "xdg-public-share", "PUBLICSHARE" },
  { "xdg-templates", "TEMPLATES" }, { "xdg-videos", "VIDEOS" },
};

static const struct {
  const char *token;
  const char *var;
} xdg_base_tokens[] = {
  { "xdg-config", "XDG_CONFIG_HOME" }, { "xdg-data", "XDG_DATA_HOME" },
  { "xdg-cache", "XDG_CACHE_HOME" },   { "xdg-run", "XDG_RUNTIME_DIR" },
};

static const char *const host_os_dirs[] = { "/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64",
                                            "/libx32" };
static const char *const host_dirs[] = { "/home", "/media", "/mnt", "/opt", "/srv", "/run/media" };

/* "~", "${HOME}" (with or without a final /): the home, written as such. */
static gboolean
names_the_home (const char *token)
{
  static const char *const spellings[] = { "~", "~/", "${HOME}", "${HOME}/" };
  for (gsize i = 0; i < G_N_ELEMENTS (spellings); i++)
    if (strcmp (token, spellings[i]) == 0)
      return TRUE;
  return FALSE;
}

/* A grant whose variable resolved to the home, to / or to a parent of the
 * home is not made (one warning, when the grant is applied): only
 * "home" or "host" written out gives the whole home. */
static gboolean
refuse_wide_grant (const char *opt, const char *spec, const char *variable, const char *path,
                   gboolean below_home, GPtrArray *ret_paths)
{
  const char *why = jail_profile_grant_refusal (path, below_home);
  if (why == NULL)
    return FALSE;
  if (ret_paths != NULL)
    fprintf (stderr, "jail: warning: %s %s: %s=%s %s; not granted\n", opt, spec, variable, path,
             why);
  return TRUE;
}

/* The length of xdg-desktop (or a profile's ${XDG_DESKTOP_DIR}…) at the
 * start of token, before the end or a '/'; 0 if it is not there. */
static gsize
user_dir_prefix (const char *token, gsize i)
{
  g_autofree char *variable = g_strdup_printf ("${XDG_%s_DIR}", xdg_user_tokens[i].which);
  const char *spellings[] = { xdg_user_tokens[i].token, variable };
  for (gsize k = 0; k < G_N_ELEMENTS (spellings); k++)
    {
      gsize n = strlen (spellings[k]);
      if (strncmp (token, spellings[k], n) == 0 && (token[n] == '\0' || token[n] == '/'))
        return n;
    }
  return 0;
}

/* The --filesystem token for an absolute host path, as a shipped profile
 * writes it: xdg-music/a.mp3, xdg-config/app; NULL when no named
 * directory holds it (for --learn's draft). */
char *
jail_cli_fs_token_for_path (const char *path)
{
  g_autofree char *home = jail_profile_expand ("~", TRUE, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (xdg_user_tokens) + G_N_ELEMENTS (xdg_base_tokens); i++)
    {
      gboolean user = i < G_N_ELEMENTS (xdg_user_tokens);
      gsize k = user ? i : i - G_N_ELEMENTS (xdg_user_tokens);
      g_autofree char *var = user ? NULL : g_strdup_printf ("${%s}", xdg_base_tokens[k].var);
      g_autofree char *dir = user ? jail_profile_user_dir (xdg_user_tokens[k].which)
                                  : jail_profile_expand (var, FALSE, NULL);
      /* xdg-user-dirs points a disabled directory at the home itself. */
      if (dir == NULL || dir[0] != '/' || (home != NULL && strcmp (dir, home) == 0))
        continue;
      gsize n = strlen (dir);
      if (strncmp (path, dir, n) == 0 && (path[n] == '\0' || path[n] == '/'))
        return g_strconcat (user ? xdg_user_tokens[k].token : xdg_base_tokens[k].token, path + n,
                            NULL);
    }
  return NULL;
}

/* SPEC → its access and the host paths it grants (also the same paths
 * inside).  The token (SPEC without :ro/:rw/:create) is what
 * --nofilesystem and `!item` match. */
static gboolean
parse_fs_spec (const char *opt, const char *spec, Access *ret_access, GPtrArray *ret_paths,
               GError **error)
{
  g_autofree char *token = g_strdup (spec);
  Access access = ACCESS_RW;
  char *colon = strrchr (token, ':');
  if (colon != NULL)
    {
      if (strcmp (colon, ":ro") == 0)
        access = ACCESS_RO;
      else if (strcmp (colon, ":rw") == 0)
        access = ACCESS_RW;
      else if (strcmp (colon, ":create") == 0)
        access = ACCESS_CREATE;
      else
        return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                            "%s %s: unknown access '%s' (use :ro, :rw or :create)", opt, spec,
                            colon + 1),
               FALSE;
      *colon = '\0';
    }
  if (ret_access != NULL)
    *ret_access = access;

  g_autofree char *path = NULL;
  const char *sub = NULL;
  if (strcmp (token, "host") == 0 || strcmp (token, "host-os") == 0
      || strcmp (token, "host-etc") == 0)
    {
      if (access == ACCESS_CREATE)
        return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                            "%s %s: :create only applies to a directory", opt, spec), FALSE;
      if (ret_paths == NULL)
        return TRUE;
      if (strcmp (token, "host-etc") != 0)
        for (gsize i = 0; i < G_N_ELEMENTS (host_os_dirs); i++)
          g_ptr_array_add (ret_paths, g_strdup (host_os_dirs[i]));
      if (strcmp (token, "host-os") != 0)
        g_ptr_array_add (ret_paths, g_strdup ("/etc"));
      if (strcmp (token, "host") == 0)
        {
          for (gsize i = 0; i < G_N_ELEMENTS (host_dirs); i++)
            g_ptr_array_add (ret_paths, g_strdup (host_dirs[i]));
          g_ptr_array_add (ret_paths, jail_profile_expand ("~", TRUE, NULL));
        }
      return TRUE;
    }
  /* The variable the path came from, for the warning; NULL: written as a path. */
  g_autofree char *variable = NULL;
  gboolean below_home = FALSE;
  if (strcmp (token, "home") == 0)
    path = jail_profile_expand ("~", TRUE, NULL);
  else if (strcmp (token, "cwd") == 0 || g_str_has_prefix (token, "cwd/"))
    path = g_get_current_dir (), sub = token + 3;
  for (gsize i = 0; path == NULL && i < G_N_ELEMENTS (xdg_user_tokens); i++)
    {
      gsize n = user_dir_prefix (token, i);
      if (n > 0)
        {
          path = jail_profile_user_dir (xdg_user_tokens[i].which), sub = token + n;
          variable = g_strdup_printf ("XDG_%s_DIR", xdg_user_tokens[i].which);
          below_home = TRUE;
          /* The directory itself decides, with or without /SUB. */
          if (refuse_wide_grant (opt, spec, variable, path, TRUE, ret_paths))
            return TRUE;
        }
    }
  for (gsize i = 0; path == NULL && i < G_N_ELEMENTS (xdg_base_tokens); i++)
    {
      gsize n = strlen (xdg_base_tokens[i].token);
      if (strncmp (token, xdg_base_tokens[i].token, n) == 0 && (token[n] == '\0' || token[n] == '/'))
        {
          g_autofree char *var = g_strdup_printf ("${%s}", xdg_base_tokens[i].var);
          path = jail_profile_expand (var, FALSE, NULL);
          sub = token + n;
          variable = g_strdup (xdg_base_tokens[i].var);
        }
    }
  if (path == NULL)
    {
      if (token[0] != '/' && token[0] != '~' && token[0] != '$')
        return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                            "%s %s: not a filesystem (home, cwd[/SUB], host, host-os, host-etc, "
                            "xdg-download…, xdg-config[/SUB], ~/PATH or /PATH)", opt, spec), FALSE;
      g_autoptr (GError) local = NULL;
      path = jail_profile_expand (token, TRUE, &local);
      if (path == NULL)
        return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID, "%s %s: %s", opt, spec,
                            local->message), FALSE;
      if (strcmp (path, token) != 0 && !names_the_home (token))
        variable = g_strdup (token);
    }
  g_autofree char *full = g_strconcat (path, sub != NULL ? sub : "", NULL);
  if (variable != NULL && !below_home
      && refuse_wide_grant (opt, spec, variable, full, FALSE, ret_paths))
    return TRUE;
  if (full[0] != '/')
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID, "%s %s: '%s' is not absolute", opt,
                        spec, full), FALSE;
  g_auto (GStrv) parts = g_strsplit (full, "/", -1);
  for (char **c = parts; *c != NULL; c++)
    if (strcmp (*c, "..") == 0 || strcmp (*c, ".") == 0)
      return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                          "%s %s: '.' and '..' are not allowed in a path", opt, spec), FALSE;
  g_autofree char *canon = g_canonicalize_filename (full, "/");
  static const char *const reserved[] = { "/proc", "/sys", "/dev" };
  if (strcmp (canon, "/") == 0)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "%s %s: the whole root is not a grant (use host)", opt, spec), FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (reserved); i++)
    if (g_str_has_prefix (canon, reserved[i])
        && (canon[strlen (reserved[i])] == '\0' || canon[strlen (reserved[i])] == '/'))
      return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                          "%s %s: %s is the sandbox's own (use --device or --dev-bind)", opt,
                          spec, reserved[i]), FALSE;
  if (ret_paths != NULL)
    g_ptr_array_add (ret_paths, g_steal_pointer (&canon));
  return TRUE;
}

static gboolean
same_token (const char *a, const char *b)
{
  gsize la = strcspn (a, ":"), lb = strcspn (b, ":");
  return la == lb && strncmp (a, b, la) == 0;
}

static gboolean
opt_filesystem (Parser *p, const char *opt, char **args, GError **error)
{
  if (!parse_fs_spec (opt, args[0], NULL, NULL, error))
    return FALSE;
  char *grant = g_strdup (args[0]);
  g_ptr_array_add (state (p)->grants, grant);
  if (!state (p)->in_profile)
    g_hash_table_add (state (p)->from_cli, grant);
  return TRUE;
}

static gboolean
opt_nofilesystem (Parser *p, const char *opt, char **args, GError **error)
{
  if (strchr (args[0], ':') != NULL)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID, "%s %s: no :ro/:rw/:create here",
                        opt, args[0]), FALSE;
  if (!parse_fs_spec (opt, args[0], NULL, NULL, error))
    return FALSE;
  GPtrArray *grants = state (p)->grants;
  for (guint i = grants->len; i > 0; i--)
    if (same_token (grants->pdata[i - 1], args[0]))
      {
        g_hash_table_remove (state (p)->from_cli, grants->pdata[i - 1]);
        g_ptr_array_remove_index (grants, i - 1);
      }
  return TRUE;
}

/* host, host-os and host-etc give the system read-only, as flatpak does:
 * the sandbox never needs to write /usr or /etc. */
static gboolean
is_system_dir (const char *path)
{
  for (gsize i = 0; i < G_N_ELEMENTS (host_os_dirs); i++)
    if (strcmp (path, host_os_dirs[i]) == 0)
      return TRUE;
  return strcmp (path, "/etc") == 0;
}

/* `cwd` is meant for a project directory.  Run from the home (or from
 * /home), it would hand a build script or a downloaded tool every file of
 * the user, ~/.bashrc and ~/.ssh included: refused.  The home stays
 * grantable, but only by name. */
static gboolean
check_cwd_grant (const char *spec, const char *path, GError **error)
{
  if (!same_token (spec, "cwd"))
    return TRUE;
  g_autofree char *home = realpath (g_get_home_dir (), NULL);
  g_autofree char *real = realpath (path, NULL);
  if (home == NULL || real == NULL || !jail_path_has_prefix (home, real))
    return TRUE;
  return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                      "--filesystem %s: the current directory %s is %s; run from a project "
                      "directory (or grant the home by name: --filesystem=home)", spec, path,
                      strcmp (home, real) == 0 ? "the home directory" : "above the home directory"),
         FALSE;
}

static gboolean
add_grants (Parser *p, JailSpec *into, GError **error)
{
  gboolean run = p->cli->action == JAIL_CLI_RUN;
  GPtrArray *grants = state (p)->grants;
  for (guint i = 0; i < grants->len; i++)
    {
      g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
      Access access;
      if (!parse_fs_spec ("--filesystem", grants->pdata[i], &access, paths, error))
        return FALSE;
      for (guint k = 0; k < paths->len; k++)
        {
          const char *path = paths->pdata[k];
          if (!check_cwd_grant (grants->pdata[i], path, error))
            return FALSE;
          struct stat st;
          /* /bin, /lib… are symlinks into /usr on merged-/usr systems. */
          if (lstat (path, &st) == 0 && S_ISLNK (st.st_mode) && path[0] == '/'
              && strchr (path + 1, '/') == NULL)
            continue;
          /* A profile asks for what an app may use, present or not; a
           * missing path typed on the command line is likely a typo. */
          if (access != ACCESS_CREATE && lstat (path, &st) != 0
              && g_hash_table_contains (state (p)->from_cli, grants->pdata[i]))
            fprintf (stderr, "jail: warning: --filesystem %s: %s: %s, not granted\n",
                     (char *) grants->pdata[i], path, g_strerror (errno));
          JailFsOp op = JAIL_FS_OP_INIT;
          op.kind = access == ACCESS_RO || is_system_dir (path) ? JAIL_FS_RO_BIND : JAIL_FS_BIND;
          op.source = path;
          op.dest = path;
          op.flags = JAIL_FS_FLAG_TRY;
          if (access == ACCESS_CREATE && run)
            {
              if (g_mkdir_with_parents (path, 0700) != 0)
                return g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP,
                                    "--filesystem %s: cannot create %s: %s",
                                    (char *) grants->pdata[i], path, g_strerror (errno)), FALSE;
              op.flags = 0;
            }
          if (!jail_spec_add_fs_op (into, &op, error))
            return FALSE;
        }
    }
  return TRUE;
}

/* ---- profile directories are never writable inside ---- */

static gboolean
path_inside (const char *child, const char *parent)
{
  gsize n = strlen (parent);
  if (strcmp (parent, "/") == 0)
    return TRUE;
  return strncmp (child, parent, n) == 0 && (child[n] == '\0' || child[n] == '/');
}

/* Where host path `path`, inside the bind source `src`, appears inside. */
static char *
dest_of (const JailFsEntry *e, const char *src, const char *path)
{
  g_autofree char *dest = g_strconcat (e->dest, strcmp (src, "/") == 0 ? path : path + strlen (src),
                                       NULL);
  return g_canonicalize_filename (dest, "/");
}

static gboolean
is_writable_bind (const JailFsEntry *e)
{
  return (e->kind == JAIL_FS_BIND || e->kind == JAIL_FS_DEV_BIND) && e->source != NULL;
}

static gboolean
grants_any_write (const JailSpec *spec, guint n)
{
  for (guint i = 0; i < n; i++)
    if (is_writable_bind (jail_spec_get_fs (spec, i)))
      return TRUE;
  return FALSE;
}

/* The real path of the first read-write bind (among the first n) whose
 * source holds `path`, or NULL. */
static char *
writable_grant (const JailSpec *spec, guint n, const char *path, const JailFsEntry **ret_entry)
{
  for (guint i = 0; i < n; i++)
    {
      const JailFsEntry *e = jail_spec_get_fs (spec, i);
      if (!is_writable_bind (e))
        continue;
      char *src = realpath (e->source, NULL);
      if (src != NULL && path_inside (path, src))
        {
          if (ret_entry != NULL)
            *ret_entry = e;
          return src;
        }
      free (src);
    }
  return NULL;
}

/* A symbolic link on the way to a protected directory, in a directory the
 * sandbox may write, could be replaced to point the next run elsewhere. */
static gboolean
check_symlinks (const JailSpec *spec, guint n, const char *dir, const char *what, GError **error)
{
  g_auto (GStrv) parts = g_strsplit (dir, "/", -1);
  g_autoptr (GString) q = g_string_new (NULL);
  for (char **c = parts; *c != NULL; c++)
    {
      if ((*c)[0] == '\0')
        continue;
      g_autofree char *parent = g_strdup (q->len > 0 ? q->str : "/");
      g_string_append_printf (q, "/%s", *c);
      struct stat st;
      if (lstat (q->str, &st) != 0)
        return TRUE;
      if (!S_ISLNK (st.st_mode))
        continue;
      g_autofree char *real_parent = realpath (parent, NULL);
      g_autofree char *src = real_parent ? writable_grant (spec, n, real_parent, NULL) : NULL;
      if (src != NULL)
        return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                            "%s: write access to the directory of %s, a symbolic link on the "
                            "way to the %s %s, is refused (the sandbox could "
                            "redirect it)", src, q->str, what, dir), FALSE;
    }
  return TRUE;
}

/* The binds that keep directories read-only, made last: first every pin
 * (a directory bound onto itself), parents before children and each once,
 * then the read-only binds.  A later bind of a parent would cover an
 * earlier protection below it (it is a new mount of the host's tree). */
typedef struct {
  GPtrArray *pins; /* char*: source, dest, source, dest… */
  GPtrArray *ro;   /* the same */
} Protections;

static void
add_pair (GPtrArray *to, const char *source, const char *dest)
{
  for (guint i = 0; i < to->len; i += 2)
    if (strcmp (to->pdata[i + 1], dest) == 0)
      return;
  g_ptr_array_add (to, g_strdup (source));
  g_ptr_array_add (to, g_strdup (dest));
}

static gsize
depth (const char *path)
{
  gsize d = 0;
  for (const char *c = path; *c != '\0'; c++)
    d += *c == '/';
  return d;
}

static gboolean
emit_protections (JailSpec *spec, Protections *prot, GError **error)
{
  gsize max = 0;
  for (guint i = 0; i < prot->pins->len; i += 2)
    max = MAX (max, depth (prot->pins->pdata[i + 1]));
  for (gsize d = 0; d <= max; d++)
    for (guint i = 0; i < prot->pins->len; i += 2)
      if (depth (prot->pins->pdata[i + 1]) == d
          && !jail_spec_add_fs (spec, JAIL_FS_BIND, prot->pins->pdata[i],
                                prot->pins->pdata[i + 1], 0, error))
        return FALSE;
  for (guint i = 0; i < prot->ro->len; i += 2)
    if (!jail_spec_add_fs (spec, JAIL_FS_RO_BIND, prot->ro->pdata[i], prot->ro->pdata[i + 1], 0,
                           error))
      return FALSE;
  return TRUE;
}

/* `dir` stays read-only inside whatever the first n operations grant.  A
 * rw grant inside it is refused; a rw grant covering it gets it bound
 * read-only over it, last, and each directory between the grant and it
 * bound onto itself: a mount point cannot be renamed or removed (EBUSY),
 * so the sandbox cannot move the protected directory aside and make a new
 * one in its place.  `what` and `why` name it in the error. */
static gboolean
keep_read_only (JailSpec *spec, guint n, Protections *prot, const char *path, const char *what,
                const char *why, GError **error)
{
  if (!check_symlinks (spec, n, path, what, error))
    return FALSE;
  g_autofree char *dir = jail_profile_real_path (path);
  for (guint i = 0; i < n; i++)
    {
      const JailFsEntry *e = jail_spec_get_fs (spec, i);
      if (!is_writable_bind (e))
        continue;
      g_autofree char *src = realpath (e->source, NULL);
      if (src == NULL)
        continue;
      if (path_inside (src, dir))
        return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                            "%s: write access to the %s %s is refused (%s); grant it :ro",
                            e->source, what, dir, why), FALSE;
      if (!path_inside (dir, src))
        continue;
      /* Missing: create it now (empty), so that the sandbox cannot create
       * it with something inside.  If we cannot, neither can the sandbox,
       * which runs as us with less. */
      if (!g_file_test (dir, G_FILE_TEST_IS_DIR)
          && (g_mkdir_with_parents (dir, 0700) != 0 || !g_file_test (dir, G_FILE_TEST_IS_DIR)))
        continue;
      g_autofree char *rel = g_strdup (strcmp (src, "/") == 0 ? dir : dir + strlen (src));
      g_autoptr (GString) cur = g_string_new (strcmp (src, "/") == 0 ? "" : src);
      g_auto (GStrv) parts = g_strsplit (rel, "/", -1);
      for (char **c = parts; *c != NULL && c[1] != NULL; c++)
        {
          if ((*c)[0] == '\0')
            continue;
          g_string_append_printf (cur, "/%s", *c);
          g_autofree char *pin = dest_of (e, src, cur->str);
          add_pair (prot->pins, cur->str, pin);
        }
      g_autofree char *dest = dest_of (e, src, dir);
      add_pair (prot->ro, dir, dest);
      return TRUE;
    }
  return TRUE;
}

/* A sandbox that can write a directory on the profile search path can plant
 * the profile (or NAME.local) of its next run and widen it (firejail #7132). */
static gboolean
protect_profile_dirs (Parser *p, guint n, Protections *prot, GError **error)
{
  g_auto (GStrv) dirs = jail_profile_search_path ();
  for (char **d = dirs; *d != NULL; d++)
    if (!keep_read_only (p->cli->spec, n, prot, *d, "profile directory",
                         "a sandbox could plant its next profile", error))
      return FALSE;
  return TRUE;
}

/* The desktop's launchers and autostart entries start apps outside any
 * sandbox: one that could rewrite its own launcher (drop "jail" from its
 * Exec=) or add an autostart entry would run unconfined at the next click
 * or login. */
static gboolean
protect_launcher_dirs (Parser *p, guint n, Protections *prot, GError **error)
{
  static const char *const dirs[] = {
    "~/.local/share/applications", "~/.config/autostart",
    "${XDG_DATA_HOME}/applications", "${XDG_CONFIG_HOME}/autostart",
  };
  for (gsize i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *dir = jail_profile_expand (dirs[i], TRUE, NULL);
      if (!keep_read_only (p->cli->spec, n, prot, dir, "launcher directory",
                           "a sandbox could run itself unconfined from it", error))
        return FALSE;
    }
  return TRUE;
}

gboolean
jail_cli_profiles_finish (Parser *p, GError **error)
{
  g_autoptr (JailSpec) granted = jail_spec_new ();
  /* The home first: the grants below $HOME are bound on top of it. */
  if (!jail_cli_home_finish (p, granted, error) || !add_grants (p, granted, error))
    return FALSE;
  jail_spec_prepend_fs (p->cli->spec, granted);
  guint n = jail_spec_get_n_fs (p->cli->spec); /* what was granted, before the protections */
  /* Nothing of the host's is writable inside: nothing to protect, and no
   * walk of every protected path on each start. */
  if (!grants_any_write (p->cli->spec, n))
    return TRUE;
  g_autoptr (GPtrArray) pins = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) ro = g_ptr_array_new_with_free_func (g_free);
  Protections prot = { pins, ro };
  return protect_profile_dirs (p, n, &prot, error) && protect_launcher_dirs (p, n, &prot, error)
         && emit_protections (p->cli->spec, &prot, error);
}

/* ---- --profile ---- */

/* Load the profiles and check every option they map to exists here. */
static JailProfile *
load_profiles (char **names, GError **error)
{
  g_autoptr (JailProfile) prof = jail_profile_new ();
  for (char **n = names; *n != NULL; n++)
    if (!jail_profile_load (prof, *n, error))
      return NULL;
  GPtrArray *ops = jail_profile_resolve (prof, error);
  if (ops == NULL)
    return NULL;
  for (guint i = 0; i < ops->len; i++)
    {
      const JailProfileOp *op = ops->pdata[i];
      if (jail_cli_find_option (op->option) == NULL)
        return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                            "%s:%d: option %s not supported by this build", op->file, op->line,
                            op->option), NULL;
    }
  return g_steal_pointer (&prof);
}

static gboolean
apply_profiles (Parser *p, JailProfile *prof, GError **error)
{
  GPtrArray *ops = jail_profile_resolve (prof, error);
  state (p)->in_profile = TRUE;
  for (guint i = 0; i < ops->len; i++)
    {
      const JailProfileOp *op = ops->pdata[i];
      g_autoptr (GError) local = NULL;
      if (!jail_cli_apply_option (p, op->option, (const char *const *) op->args, &local))
        {
          state (p)->in_profile = FALSE;
          return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID, "%s:%d: %s", op->file,
                              op->line, local->message), FALSE;
        }
    }
  state (p)->in_profile = FALSE;
  return TRUE;
}

gboolean
jail_cli_profiles_begin (Parser *p, int argc, char **argv, GError **error)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  for (int i = 1; i < argc;)
    {
      if (strcmp (argv[i], "--") == 0 || argv[i][0] != '-')
        break;
      g_autofree char *name = g_strdup (argv[i]);
      char *eq = strchr (name, '=');
      if (eq != NULL)
        *eq = '\0';
      const Option *o = jail_cli_find_option (name);
      if (o == NULL)
        break; /* the main loop reports it */
      int used = 1 + (eq != NULL ? 0 : MAX (o->nargs, 0));
      if (i + used > argc)
        break;
      if (strcmp (name, "--help") == 0 || strcmp (name, "--version") == 0)
        return TRUE; /* nothing to load for those */
      if (strcmp (name, "--profile") == 0)
        g_ptr_array_add (names, eq != NULL ? argv[i] + (eq - name) + 1 : argv[i + 1]);
      i += used;
    }
  if (names->len == 0)
    return TRUE;
  g_ptr_array_add (names, NULL);
  g_autoptr (JailProfile) prof = load_profiles ((char **) names->pdata, error);
  if (prof == NULL || !apply_profiles (p, prof, error))
    return FALSE;
  const GPtrArray *files = jail_profile_get_files (prof);
  g_autoptr (GPtrArray) fv = g_ptr_array_new ();
  for (guint i = 0; i < files->len; i++)
    g_ptr_array_add (fv, files->pdata[i]);
  g_ptr_array_add (fv, NULL);
  jail_spec_set_profiles (p->cli->spec, (const char *const *) names->pdata,
                          (const char *const *) fv->pdata);
  return TRUE;
}

static gboolean
opt_profile (Parser *p, const char *opt, char **args, GError **error)
{
  (void) p, (void) opt, (void) args, (void) error;
  return TRUE; /* applied by jail_cli_profiles_begin (), before everything else */
}

/* Load the profile and apply it to a scratch spec, so that every value
 * goes through its option's checks. */
static JailProfile *
check_profile (const char *name_or_file, GError **error)
{
  char *names[] = { (char *) name_or_file, NULL };
  g_autoptr (JailProfile) prof = load_profiles (names, error);
  if (prof == NULL)
    return NULL;
  JailCli scratch = { .action = JAIL_CLI_PRINT, .spec = jail_spec_new () };
  Parser sp = { .cli = &scratch, .use_defaults = TRUE, .next_mode = JAIL_MODE_DEFAULT };
  gboolean ok = apply_profiles (&sp, prof, error);
  jail_cli_profiles_clear (&sp);
  jail_spec_free (scratch.spec);
  return ok ? g_steal_pointer (&prof) : NULL;
}

gboolean
jail_cli_check_profile (const char *name_or_file, GError **error)
{
  g_autoptr (JailProfile) prof = check_profile (name_or_file, error);
  return prof != NULL;
}

static gboolean
opt_check_profile (Parser *p, const char *opt, char **args, GError **error)
{
  (void) opt;
  g_autoptr (JailProfile) prof = check_profile (args[0], error);
  if (prof == NULL)
    return FALSE;
  const char *desc = jail_profile_get_description (prof);
  printf ("%s: ok%s%s\n", args[0], desc != NULL ? " — " : "", desc != NULL ? desc : "");
  const GPtrArray *files = jail_profile_get_files (prof);
  for (guint i = 0; i < files->len; i++)
    printf ("  read %s\n", (char *) files->pdata[i]);
  p->cli->action = JAIL_CLI_EXIT;
  return TRUE;
}

static gboolean
opt_list_profiles (Parser *p, const char *opt, char **args, GError **error)
{
  (void) args;
  g_auto (GStrv) list = jail_profile_list ();
  /* jail ships profiles: finding none means an uninstalled build (run it
   * through `meson devenv`) or a broken installation, not an empty list. */
  if (list[0] == NULL)
    {
      g_auto (GStrv) dirs = jail_profile_search_path ();
      g_autofree char *searched = g_strjoinv (", ", dirs);
      return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                          "%s: no profiles found (searched %s; an uninstalled build finds "
                          "the source tree's through `meson devenv` or JAIL_PROFILE_PATH)",
                          opt, searched), FALSE;
    }
  for (char **l = list; *l != NULL; l++)
    {
      char *tab = strchr (*l, '\t');
      *tab = '\0';
      printf ("%-20s %s\n", *l, tab + 1);
    }
  p->cli->action = JAIL_CLI_EXIT;
  return TRUE;
}

/* ---- --share, --unshare, --env ---- */

static gboolean
opt_share (Parser *p, const char *opt, char **args, GError **error)
{
  guint ns;
  if (strcmp (args[0], "network") == 0)
    ns = JAIL_NS_NET;
  else if (strcmp (args[0], "ipc") == 0)
    ns = JAIL_NS_IPC;
  else
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "%s: '%s' is not network or ipc", opt, args[0]), FALSE;
  JailSpec *spec = p->cli->spec;
  guint mask = jail_spec_get_namespaces (spec);
  jail_spec_set_namespaces (spec, strcmp (opt, "--share") == 0 ? mask & ~ns : mask | ns);
  return TRUE;
}

static gboolean
opt_env (Parser *p, const char *opt, char **args, GError **error)
{
  const char *eq = strchr (args[0], '=');
  if (eq == NULL || eq == args[0])
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "%s: '%s' is not NAME=VALUE", opt, args[0]), FALSE;
  g_autofree char *name = g_strndup (args[0], (gsize) (eq - args[0]));
  const char *set_args[] = { name, eq + 1, NULL };
  return jail_cli_apply_option (p, "--setenv", set_args, error);
}

static const Option profile_options[] = {
  { "--profile", 1, opt_profile, 0, "NAME|FILE",
    "apply a profile (repeatable; before all other options)" },
  { "--filesystem", 1, opt_filesystem, 0, "FS[:ro|:rw]",
    "grant home, cwd, host, xdg-download…, ~/PATH (:create)" },
  { "--nofilesystem", 1, opt_nofilesystem, 0, "FS", "drop an earlier grant of FS" },
  { "--file-args", 1, jail_cli_opt_file_args, 0, "ro|rw|none",
    "make a file named as an argument reachable (that file only)" },
  { "--share", 1, opt_share, 0, "network|ipc", "share the host's network or IPC namespace" },
  { "--unshare", 1, opt_share, 0, "network|ipc", "undo --share" },
  { "--env", 1, opt_env, 0, "NAME=VALUE", "set an environment variable" },
  { "--check-profile", 1, opt_check_profile, 0, "NAME|FILE",
    "check a profile (syntax, keys, values) and exit" },
  { "--list-profiles", 0, opt_list_profiles, 0, NULL, "list profiles on the search path" },
};

const OptionGroup jail_profile_option_group = {
  "Profiles and permissions", profile_options, G_N_ELEMENTS (profile_options),
};
