/* JailSpec construction and validation.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "spec/spec-private.h"
#include "common/path.h"

G_DEFINE_QUARK (jail-error-quark, jail_error)

int
jail_error_exit_status (const GError *error)
{
  if (error != NULL && error->domain == JAIL_ERROR)
    {
      if (error->code == JAIL_ERROR_NOT_FOUND)
        return JAIL_EXIT_NOT_FOUND;
      if (error->code == JAIL_ERROR_NOT_EXECUTABLE)
        return JAIL_EXIT_CANNOT_EXECUTE;
    }
  return JAIL_EXIT_FAILURE;
}

const char *
jail_version (void)
{
  return JAIL_VERSION;
}

static void
fs_entry_free (gpointer data)
{
  JailFsEntry *e = data;
  g_free (e->source);
  g_free (e->dest);
  g_free (e->workdir);
  g_strfreev (e->layers);
  g_free (e);
}

static void
env_op_free (gpointer data)
{
  JailEnvOp *op = data;
  g_free (op->name);
  g_free (op->value);
  g_free (op);
}

JailSpec *
jail_spec_new (void)
{
  JailSpec *spec = g_new0 (JailSpec, 1);
  spec->namespaces = JAIL_NS_ALL;
  spec->uid = getuid ();
  spec->gid = getgid ();
  spec->fs = g_ptr_array_new_with_free_func (fs_entry_free);
  spec->env = g_ptr_array_new_with_free_func (env_op_free);
  spec->keep_fds = g_array_new (FALSE, FALSE, sizeof (int));
  spec->pending_layers = g_ptr_array_new_with_free_func (g_free);
  jail_spec_init_caller (spec);
  for (int i = 0; i < JAIL_LIMIT_N_KINDS; i++)
    spec->limits[i] = JAIL_LIMIT_UNSET;
  return spec;
}

void
jail_spec_free (JailSpec *spec)
{
  if (spec == NULL)
    return;
  g_ptr_array_unref (spec->fs);
  g_ptr_array_unref (spec->env);
  g_array_unref (spec->keep_fds);
  g_ptr_array_unref (spec->pending_layers);
  jail_spec_free_caller (spec);
  g_strfreev (spec->argv);
  g_free (spec->argv0);
  g_free (spec->hostname);
  g_free (spec->chdir);
  jail_spec_hardening_clear (spec);
  jail_spec_clear_desktop (spec);
  g_strfreev (spec->profiles);
  g_strfreev (spec->profile_files);
  g_free (spec->name);
  g_free (spec->rootfs);
  g_free (spec->rootfs_persist);
  jail_spec_net_clear (spec);
  g_free (spec);
}

void
jail_spec_set_profiles (JailSpec *spec, const char *const *names, const char *const *files)
{
  g_strfreev (spec->profiles);
  g_strfreev (spec->profile_files);
  spec->profiles = g_strdupv ((char **) names);
  spec->profile_files = g_strdupv ((char **) files);
}

void
jail_spec_set_namespaces (JailSpec *spec, guint mask)
{
  spec->namespaces = mask & JAIL_NS_ALL;
}

guint
jail_spec_get_namespaces (const JailSpec *spec)
{
  return spec->namespaces;
}

void
jail_spec_set_uid (JailSpec *spec, uid_t uid)
{
  spec->uid = uid;
}

void
jail_spec_set_gid (JailSpec *spec, gid_t gid)
{
  spec->gid = gid;
}

static const char *const fs_kind_names[JAIL_FS_N_KINDS] = {
  [JAIL_FS_BIND] = "bind",
  [JAIL_FS_RO_BIND] = "ro-bind",
  [JAIL_FS_DEV_BIND] = "dev-bind",
  [JAIL_FS_REMOUNT_RO] = "remount-ro",
  [JAIL_FS_TMPFS] = "tmpfs",
  [JAIL_FS_DIR] = "dir",
  [JAIL_FS_SYMLINK] = "symlink",
  [JAIL_FS_PROC] = "proc",
  [JAIL_FS_DEV] = "dev",
  [JAIL_FS_MQUEUE] = "mqueue",
  [JAIL_FS_FILE] = "file",
  [JAIL_FS_BIND_DATA] = "bind-data",
  [JAIL_FS_RO_BIND_DATA] = "ro-bind-data",
  [JAIL_FS_CHMOD] = "chmod",
  [JAIL_FS_OVERLAY_SRC] = "overlay-src",
  [JAIL_FS_OVERLAY] = "overlay",
  [JAIL_FS_TMP_OVERLAY] = "tmp-overlay",
  [JAIL_FS_RO_OVERLAY] = "ro-overlay",
};

const char *
jail_fs_kind_name (JailFsKind kind)
{
  if ((unsigned) kind >= JAIL_FS_N_KINDS)
    return "unknown";
  return fs_kind_names[kind];
}

gboolean
jail_fs_kind_is_bind (JailFsKind kind)
{
  return kind == JAIL_FS_BIND || kind == JAIL_FS_RO_BIND || kind == JAIL_FS_DEV_BIND;
}

static gboolean
fs_kind_takes_source (JailFsKind kind)
{
  switch (kind)
    {
    case JAIL_FS_BIND:
    case JAIL_FS_RO_BIND:
    case JAIL_FS_DEV_BIND:
    case JAIL_FS_SYMLINK:
    case JAIL_FS_OVERLAY_SRC:
    case JAIL_FS_OVERLAY:
      return TRUE;
    case JAIL_FS_TMP_OVERLAY:
    case JAIL_FS_RO_OVERLAY:
    case JAIL_FS_REMOUNT_RO:
    case JAIL_FS_TMPFS:
    case JAIL_FS_DIR:
    case JAIL_FS_PROC:
    case JAIL_FS_DEV:
    case JAIL_FS_MQUEUE:
    case JAIL_FS_FILE:
    case JAIL_FS_BIND_DATA:
    case JAIL_FS_RO_BIND_DATA:
    case JAIL_FS_CHMOD:
    case JAIL_FS_N_KINDS:
      break;
    }
  return FALSE;
}

static gboolean
fs_kind_takes_fd (JailFsKind kind)
{
  return kind == JAIL_FS_FILE || kind == JAIL_FS_BIND_DATA || kind == JAIL_FS_RO_BIND_DATA;
}

static gboolean
validate_host_path (const char *path, const char *what, const char *name, const char *dest,
                    GError **error)
{
  if (path == NULL || path[0] == '\0')
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "%s %s: empty %s", name, dest, what), FALSE;
  if (strlen (path) >= JAIL_PATH_MAX)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "%s %s: %s is longer than %d bytes", name, dest, what,
                        JAIL_PATH_MAX - 1), FALSE;
  return TRUE;
}

static gboolean
fs_kind_is_overlay (JailFsKind kind)
{
  return kind == JAIL_FS_OVERLAY_SRC || kind == JAIL_FS_OVERLAY || kind == JAIL_FS_TMP_OVERLAY
         || kind == JAIL_FS_RO_OVERLAY;
}

/* bwrap's rules: every overlay needs a layer below it, a read-only one two
 * (overlayfs cannot mount a single lower layer without an upper one). */
static gboolean
validate_overlay (const JailSpec *spec, const JailFsOp *op, GError **error)
{
  guint have = spec->pending_layers->len;
  if (op->kind == JAIL_FS_OVERLAY_SRC)
    return validate_host_path (op->source, "source", "overlay-src", "", error);
  if (have >= 500)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "overlay: overlayfs takes at most 500 layers"), FALSE;
  if (op->kind == JAIL_FS_RO_OVERLAY && have < 2)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "--ro-overlay requires at least two --overlay-src"), FALSE;
  if (have < 1)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "--%s requires at least one --overlay-src",
                        jail_fs_kind_name (op->kind)), FALSE;
  if (op->kind == JAIL_FS_OVERLAY)
    return validate_host_path (op->workdir, "workdir", "overlay", op->dest, error);
  return TRUE;
}

static gboolean
validate_fs_op (const JailSpec *spec, const JailFsOp *op, GError **error)
{
  const char *name = jail_fs_kind_name (op->kind);

  if ((unsigned) op->kind >= JAIL_FS_N_KINDS)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "unknown filesystem operation %d", (int) op->kind), FALSE;
  if (fs_kind_is_overlay (op->kind) && !validate_overlay (spec, op, error))
    return FALSE;
  if (op->kind == JAIL_FS_OVERLAY_SRC)
    return TRUE;
  if (!jail_path_validate_dest (op->dest, name, error))
    return FALSE;
  /* --bind-fd / --ro-bind-fd: an open fd instead of a source path. */
  gboolean bind_fd = (op->kind == JAIL_FS_BIND || op->kind == JAIL_FS_RO_BIND) && op->fd >= 0
                     && op->source == NULL;
  if (fs_kind_takes_source (op->kind) && !bind_fd)
    {
      if (op->source == NULL || op->source[0] == '\0')
        return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                            "%s %s: empty source", name, op->dest), FALSE;
      if (strlen (op->source) >= JAIL_PATH_MAX)
        return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                            "%s %s: source is longer than %d bytes", name, op->dest,
                            JAIL_PATH_MAX - 1), FALSE;
    }
  if (fs_kind_takes_fd (op->kind) && op->fd < 0)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "%s %s: no file descriptor", name, op->dest), FALSE;
  if (op->kind == JAIL_FS_CHMOD && op->mode == JAIL_MODE_DEFAULT)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "chmod %s: no mode", op->dest), FALSE;
  if (op->mode != JAIL_MODE_DEFAULT && (op->mode & ~07777u) != 0)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "%s %s: mode %o is not a permission mode", name, op->dest,
                        op->mode), FALSE;
  return TRUE;
}

/* Sources of binds are host paths: a relative one is taken against the
 * caller's working directory now, because the sandbox sets up elsewhere. */
static char *
absolute_host_path (const char *path)
{
  if (path == NULL)
    return NULL;
  if (g_path_is_absolute (path))
    return g_strdup (path);
  return g_canonicalize_filename (path, NULL);
}

static char *
absolute_source (const JailFsOp *op)
{
  if (op->kind == JAIL_FS_SYMLINK)
    return g_strdup (op->source);
  return absolute_host_path (op->source);
}

/* The pending --overlay-src layers become the op's, bottom first. */
static char **
take_pending_layers (JailSpec *spec)
{
  g_ptr_array_add (spec->pending_layers, NULL);
  return (char **) g_ptr_array_steal (spec->pending_layers, NULL);
}

gboolean
jail_spec_check_complete (const JailSpec *spec, GError **error)
{
  if (spec->pending_layers->len > 0)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "--overlay-src must be followed by another --overlay-src or one of "
                        "--overlay, --tmp-overlay, or --ro-overlay"), FALSE;
  return TRUE;
}

gboolean
jail_spec_add_fs_op (JailSpec *spec, const JailFsOp *op, GError **error)
{
  if (!validate_fs_op (spec, op, error))
    return FALSE;
  if (op->kind == JAIL_FS_OVERLAY_SRC)
    {
      g_ptr_array_add (spec->pending_layers, absolute_host_path (op->source));
      return TRUE;
    }

  JailFsEntry *e = g_new0 (JailFsEntry, 1);
  e->kind = op->kind;
  e->source = absolute_source (op);
  e->dest = jail_path_normalize (op->dest);
  e->flags = op->flags;
  e->mode = op->mode;
  e->size = op->size;
  e->fd = op->fd;
  if (fs_kind_is_overlay (op->kind))
    {
      e->workdir = absolute_host_path (op->workdir);
      e->layers = take_pending_layers (spec);
    }
  g_ptr_array_add (spec->fs, e);
  return TRUE;
}

JailFsOp
jail_fs_op (JailFsKind kind, const char *source, const char *dest, JailFsFlags flags)
{
  JailFsOp op = JAIL_FS_OP_INIT;
  op.kind = kind;
  op.source = source;
  op.dest = dest;
  op.flags = flags;
  return op;
}

gboolean
jail_spec_add_fs (JailSpec *spec, JailFsKind kind, const char *source, const char *dest,
                  JailFsFlags flags, GError **error)
{
  JailFsOp op = jail_fs_op (kind, source, dest, flags);
  return jail_spec_add_fs_op (spec, &op, error);
}

static void
add_env_op (JailSpec *spec, JailEnvOpKind kind, const char *name, const char *value)
{
  JailEnvOp *op = g_new0 (JailEnvOp, 1);
  op->kind = kind;
  op->name = g_strdup (name);
  op->value = g_strdup (value);
  g_ptr_array_add (spec->env, op);
}

void
jail_spec_setenv (JailSpec *spec, const char *name, const char *value)
{
  add_env_op (spec, JAIL_ENV_SET, name, value);
}

void
jail_spec_unsetenv (JailSpec *spec, const char *name)
{
  add_env_op (spec, JAIL_ENV_UNSET, name, NULL);
}

void
jail_spec_clearenv (JailSpec *spec)
{
  add_env_op (spec, JAIL_ENV_CLEAR, NULL, NULL);
}

char **
jail_spec_build_environ (const JailSpec *spec)
{
  char **envp = g_get_environ ();

  for (guint i = 0; i < spec->env->len; i++)
    {
      const JailEnvOp *op = g_ptr_array_index (spec->env, i);
      switch (op->kind)
        {
        case JAIL_ENV_SET:
          envp = g_environ_setenv (envp, op->name, op->value, TRUE);
          break;
        case JAIL_ENV_UNSET:
          envp = g_environ_unsetenv (envp, op->name);
          break;
        case JAIL_ENV_CLEAR:
          g_strfreev (envp);
          envp = g_new0 (char *, 1);
          break;
        }
    }
  return envp;
}

gboolean
jail_spec_set_hostname (JailSpec *spec, const char *hostname, GError **error)
{
  /* HOST_NAME_MAX is 64 on Linux; sethostname() refuses longer names. */
  if (hostname == NULL || hostname[0] == '\0' || strlen (hostname) > 64)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "hostname must be 1 to 64 bytes"), FALSE;
  g_free (spec->hostname);
  spec->hostname = g_strdup (hostname);
  return TRUE;
}

gboolean
jail_spec_set_chdir (JailSpec *spec, const char *dir, GError **error)
{
  if (dir == NULL || dir[0] == '\0' || strlen (dir) >= JAIL_PATH_MAX)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "chdir: the directory must be 1 to %d bytes", JAIL_PATH_MAX - 1), FALSE;
  g_free (spec->chdir);
  spec->chdir = g_strdup (dir);
  return TRUE;
}

gboolean
jail_spec_set_command (JailSpec *spec, const char *const *argv, GError **error)
{
  if (argv == NULL || argv[0] == NULL || argv[0][0] == '\0')
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID, "no command given"), FALSE;
  g_strfreev (spec->argv);
  spec->argv = g_strdupv ((char **) argv);
  return TRUE;
}

void
jail_spec_set_argv0 (JailSpec *spec, const char *argv0)
{
  g_free (spec->argv0);
  spec->argv0 = g_strdup (argv0);
}

void
jail_spec_set_as_pid_1 (JailSpec *spec, gboolean as_pid_1)
{
  spec->as_pid_1 = as_pid_1;
}

void
jail_spec_set_die_with_parent (JailSpec *spec, gboolean die)
{
  spec->die_with_parent = die;
}

void
jail_spec_set_new_session (JailSpec *spec, gboolean new_session)
{
  spec->new_session = new_session;
}

void
jail_spec_keep_fd (JailSpec *spec, int fd)
{
  g_array_append_val (spec->keep_fds, fd);
}

void
jail_spec_set_keep_all_fds (JailSpec *spec, gboolean keep)
{
  spec->keep_all_fds = keep;
}

static JailFsEntry *
fs_entry_copy (const JailFsEntry *e)
{
  JailFsEntry *c = g_memdup2 (e, sizeof *e);
  c->source = g_strdup (e->source);
  c->dest = g_strdup (e->dest);
  c->workdir = g_strdup (e->workdir);
  c->layers = g_strdupv (e->layers);
  return c; /* fd: still the caller's, as in the spec */
}

static JailEnvOp *
env_op_copy (const JailEnvOp *op)
{
  JailEnvOp *c = g_memdup2 (op, sizeof *op);
  c->name = g_strdup (op->name);
  c->value = g_strdup (op->value);
  return c;
}

JailSpec *
jail_spec_view_new (const JailSpec *spec)
{
  JailSpec *view = g_memdup2 (spec, sizeof *spec);
  view->fs = g_ptr_array_new_with_free_func (fs_entry_free);
  for (guint i = 0; i < spec->fs->len; i++)
    g_ptr_array_add (view->fs, fs_entry_copy (g_ptr_array_index (spec->fs, i)));
  view->env = g_ptr_array_new_with_free_func (env_op_free);
  for (guint i = 0; i < spec->env->len; i++)
    g_ptr_array_add (view->env, env_op_copy (g_ptr_array_index (spec->env, i)));
  view->argv = g_strdupv (spec->argv);
  view->keep_fds = g_array_copy (spec->keep_fds);
  return view;
}

JailSpec *
jail_spec_command_view_new (const JailSpec *spec, char *const *argv)
{
  JailSpec *view = jail_spec_view_new (spec);
  g_strfreev (view->argv);
  view->argv = g_strdupv ((char **) argv);
  view->argv0 = NULL;
  view->keep_all_fds = FALSE;
  g_array_set_size (view->keep_fds, 0);
  view->new_session = FALSE;
  return view;
}

void
jail_spec_view_free (JailSpec *view)
{
  if (view == NULL)
    return;
  g_ptr_array_unref (view->fs);
  g_ptr_array_unref (view->env);
  g_strfreev (view->argv);
  g_array_unref (view->keep_fds);
  g_free (view); /* every other field is the spec's */
}

void
jail_spec_prepend_fs (JailSpec *spec, JailSpec *from)
{
  GPtrArray *merged = g_ptr_array_new_with_free_func (fs_entry_free);
  for (guint i = 0; i < from->fs->len; i++)
    g_ptr_array_add (merged, g_ptr_array_index (from->fs, i));
  for (guint i = 0; i < spec->fs->len; i++)
    g_ptr_array_add (merged, g_ptr_array_index (spec->fs, i));
  g_ptr_array_set_free_func (from->fs, NULL);
  g_ptr_array_set_size (from->fs, 0);
  g_ptr_array_set_free_func (from->fs, fs_entry_free);
  g_ptr_array_set_free_func (spec->fs, NULL);
  g_ptr_array_unref (spec->fs);
  spec->fs = merged;
  /* Its environment too (the base's XDG_RUNTIME_DIR), so that the caller's
   * own --setenv and --clearenv still come after it. */
  for (guint i = from->env->len; i > 0; i--)
    g_ptr_array_insert (spec->env, 0, g_ptr_array_steal_index (from->env, i - 1));
}

void
jail_spec_set_limit (JailSpec *spec, JailLimit limit, guint64 value)
{
  g_return_if_fail (limit < JAIL_LIMIT_N_KINDS);
  spec->limits[limit] = value;
}

guint64
jail_spec_get_limit (const JailSpec *spec, JailLimit limit)
{
  g_return_val_if_fail (limit < JAIL_LIMIT_N_KINDS, JAIL_LIMIT_UNSET);
  return spec->limits[limit];
}

gboolean
jail_spec_has_limits (const JailSpec *spec)
{
  for (int i = 0; i < JAIL_LIMIT_N_KINDS; i++)
    if (spec->limits[i] != JAIL_LIMIT_UNSET)
      return TRUE;
  return FALSE;
}

void
jail_spec_set_limits_best_effort (JailSpec *spec, gboolean best_effort)
{
  spec->limits_best_effort = best_effort;
}

void
jail_spec_set_stats (JailSpec *spec, gboolean stats)
{
  spec->stats = stats;
}

void
jail_spec_set_report (JailSpec *spec, JailReportMode mode)
{
  spec->report_mode = mode;
}

/* A building block (jail as bwrap, flatpak's) has a caller with its own
 * story to tell: no report, and the plain filter. */
gboolean
jail_spec_reports (const JailSpec *spec)
{
  return spec->report_mode != JAIL_REPORT_NEVER && !spec->unlisted;
}

gboolean
jail_name_is_valid (const char *name)
{
  gsize len = name != NULL ? strlen (name) : 0;
  if (len == 0 || len > JAIL_NAME_MAX || name[0] == '.' || name[0] == '-')
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (name[i]) && name[i] != '_' && name[i] != '.' && name[i] != '-')
      return FALSE;
  return TRUE;
}

gboolean
jail_spec_set_name (JailSpec *spec, const char *name, GError **error)
{
  if (!jail_name_is_valid (name))
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "--name %s: use 1 to %d letters, digits, '_', '.' or '-', "
                        "not starting with '.' or '-'", name, JAIL_NAME_MAX), FALSE;
  g_free (spec->name);
  spec->name = g_strdup (name);
  return TRUE;
}

const char *
jail_spec_get_name (const JailSpec *spec)
{
  return spec->name;
}
