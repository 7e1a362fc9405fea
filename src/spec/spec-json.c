/* The resolved spec as JSON: what `jail --print` shows for an audit.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "spec/spec-private.h"
#include "common/json.h"

static const struct {
  JailNamespace ns;
  const char *name;
} namespace_names[] = {
  { JAIL_NS_USER, "user" }, { JAIL_NS_MOUNT, "mount" }, { JAIL_NS_PID, "pid" },
  { JAIL_NS_IPC, "ipc" },   { JAIL_NS_UTS, "uts" },     { JAIL_NS_NET, "net" },
  { JAIL_NS_CGROUP, "cgroup" },
};

static void
append_namespaces (JailJson *o, const JailSpec *spec)
{
  JailJson *ns = jail_json_add_object (o, "namespaces");
  for (gsize i = 0; i < G_N_ELEMENTS (namespace_names); i++)
    jail_json_add_bool (ns, namespace_names[i].name, (spec->namespaces & namespace_names[i].ns) != 0);
}

static void
append_fs_entry (JailJson *array, const JailFsEntry *e)
{
  JailJson *b = jail_json_append_object (array);
  jail_json_add_string (b, "op", jail_fs_kind_name (e->kind));
  if (e->source != NULL)
    jail_json_add_string (b, e->kind == JAIL_FS_SYMLINK ? "target" : "source", e->source);
  jail_json_add_string (b, "dest", e->dest);
  if (jail_fs_kind_is_bind (e->kind))
    jail_json_add_string (b, "access", e->kind == JAIL_FS_RO_BIND ? "ro" : "rw");
  if (e->workdir != NULL)
    jail_json_add_string (b, "workdir", e->workdir);
  if (e->layers != NULL)
    jail_json_add_strv (b, "layers", e->layers);
  if (e->kind == JAIL_FS_OVERLAY || e->kind == JAIL_FS_TMP_OVERLAY
      || e->kind == JAIL_FS_RO_OVERLAY)
    jail_json_add_string (b, "access", e->kind == JAIL_FS_RO_OVERLAY ? "ro" : "rw");
  if (e->mode != JAIL_MODE_DEFAULT)
    {
      g_autofree char *mode = g_strdup_printf ("%04o", e->mode);
      jail_json_add_string (b, "mode", mode);
    }
  if (e->size != 0)
    jail_json_add_int (b, "size", (gint64) e->size);
  if (e->fd >= 0)
    jail_json_add_int (b, "fd", e->fd);
  if (e->flags & JAIL_FS_FLAG_TRY)
    jail_json_add_bool (b, "try", TRUE);
}

static void
append_filesystem (JailJson *o, const JailSpec *spec)
{
  JailJson *fs = jail_json_add_array (o, "filesystem");
  for (guint i = 0; i < spec->fs->len; i++)
    append_fs_entry (fs, g_ptr_array_index (spec->fs, i));
}

static void
append_environment (JailJson *o, const JailSpec *spec)
{
  static const char *const op_names[] = {
    [JAIL_ENV_SET] = "set", [JAIL_ENV_UNSET] = "unset", [JAIL_ENV_CLEAR] = "clear",
  };
  JailJson *env = jail_json_add_array (o, "environment");
  for (guint i = 0; i < spec->env->len; i++)
    {
      const JailEnvOp *op = g_ptr_array_index (spec->env, i);
      JailJson *b = jail_json_append_object (env);
      jail_json_add_string (b, "op", op_names[op->kind]);
      if (op->kind != JAIL_ENV_CLEAR)
        jail_json_add_string (b, "name", op->name);
      if (op->kind == JAIL_ENV_SET)
        jail_json_add_string (b, "value", op->value);
    }
}

static void
append_process (JailJson *o, const JailSpec *spec)
{
  JailJson *b = jail_json_add_object (o, "process");
  jail_json_add_bool (b, "init", !spec->as_pid_1);
  jail_json_add_bool (b, "die_with_parent", spec->die_with_parent);
  jail_json_add_bool (b, "new_session", spec->new_session);
  if (spec->keep_all_fds)
    jail_json_add_string (b, "keep_fds", "all");
  else
    {
      JailJson *fds = jail_json_add_array (b, "keep_fds");
      for (guint i = 0; i < spec->keep_fds->len; i++)
        jail_json_append_int (fds, g_array_index (spec->keep_fds, int, i));
    }
}

void
jail_spec_append_limits_json (JailJson *o, const JailSpec *spec)
{
  static const char *const names[JAIL_LIMIT_N_KINDS] = {
    [JAIL_LIMIT_MEMORY] = "memory",     [JAIL_LIMIT_MEMORY_HIGH] = "memory_high",
    [JAIL_LIMIT_SWAP] = "swap",         [JAIL_LIMIT_PIDS] = "pids",
    [JAIL_LIMIT_CPU] = "cpu_percent",   [JAIL_LIMIT_CPU_WEIGHT] = "cpu_weight",
    [JAIL_LIMIT_IO_WEIGHT] = "io_weight",
  };
  JailJson *b = jail_json_add_object (o, "limits");
  jail_json_add_string (b, "mode", spec->limits_best_effort ? "best-effort" : "strict");
  jail_json_add_bool (b, "stats", spec->stats);
  for (int i = 0; i < JAIL_LIMIT_N_KINDS; i++)
    {
      guint64 v = spec->limits[i];
      if (v == JAIL_LIMIT_UNSET)
        continue;
      if (v == JAIL_LIMIT_INFINITY)
        jail_json_add_string (b, names[i], "max");
      else
        jail_json_add_int (b, names[i], (gint64) v);
    }
}

static void
append_rootfs (JailJson *o, const JailSpec *spec)
{
  static const char *const modes[] = { "read-only", "overlay", "persist" };
  if (spec->rootfs == NULL)
    {
      jail_json_add_null (o, "rootfs");
      return;
    }
  JailJson *b = jail_json_add_object (o, "rootfs");
  jail_json_add_string (b, "dir", spec->rootfs);
  jail_json_add_string (b, "mode", modes[spec->rootfs_mode]);
  jail_json_add_string (b, "persist", spec->rootfs_persist);
}

char *
jail_spec_to_json (const JailSpec *spec)
{
  g_autoptr (JailJson) b = jail_json_object_new ();
  jail_json_add_string (b, "name", spec->name);
  append_rootfs (b, spec);
  jail_json_add_strv (b, "command", spec->argv);
  jail_json_add_strv (b, "profiles", spec->profiles);
  jail_json_add_strv (b, "profile_files", spec->profile_files);
  jail_json_add_string (b, "argv0", spec->argv0);
  append_namespaces (b, spec);
  jail_json_add_int (b, "uid", spec->uid);
  jail_json_add_int (b, "gid", spec->gid);
  jail_json_add_string (b, "hostname", spec->hostname);
  jail_json_add_string (b, "chdir", spec->chdir);
  append_filesystem (b, spec);
  append_environment (b, spec);
  append_process (b, spec);
  jail_spec_append_hardening_json (b, spec);
  jail_spec_append_caller_json (b, spec);
  jail_spec_append_limits_json (b, spec);
  jail_spec_append_desktop_json (b, spec);
  jail_spec_append_net_json (b, spec);
  JailJson *privileges = jail_json_add_object (b, "privileges");
  jail_spec_caps_to_json (jail_json_add_array (privileges, "capabilities"), spec);
  jail_json_add_bool (privileges, "no_new_privs", TRUE);
  return jail_json_to_string (b, 2);
}
