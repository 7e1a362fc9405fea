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
append_namespaces (GString *out, const JailSpec *spec)
{
  jail_json_key (out, "namespaces");
  g_string_append (out, "{");
  for (gsize i = 0; i < G_N_ELEMENTS (namespace_names); i++)
    {
      g_string_append (out, i == 0 ? " " : ", ");
      jail_json_key (out, namespace_names[i].name);
      g_string_append (out, (spec->namespaces & namespace_names[i].ns) ? "true" : "false");
    }
  g_string_append (out, " },\n");
}

static void
append_strv (GString *out, char *const *v)
{
  g_string_append (out, "[");
  for (gsize i = 0; v != NULL && v[i] != NULL; i++)
    {
      g_string_append (out, i == 0 ? " " : ", ");
      jail_json_string (out, v[i]);
    }
  g_string_append (out, v != NULL && v[0] != NULL ? " ]" : "]");
}

static void
append_fs_entry (GString *out, const JailFsEntry *e)
{
  g_string_append (out, "    { ");
  jail_json_key (out, "op");
  jail_json_string (out, jail_fs_kind_name (e->kind));
  if (e->source != NULL)
    {
      g_string_append (out, ", ");
      jail_json_key (out, e->kind == JAIL_FS_SYMLINK ? "target" : "source");
      jail_json_string (out, e->source);
    }
  g_string_append (out, ", ");
  jail_json_key (out, "dest");
  jail_json_string (out, e->dest);
  if (e->kind == JAIL_FS_BIND || e->kind == JAIL_FS_RO_BIND || e->kind == JAIL_FS_DEV_BIND)
    g_string_append_printf (out, ", \"access\": \"%s\"", e->kind == JAIL_FS_RO_BIND ? "ro" : "rw");
  if (e->workdir != NULL)
    {
      g_string_append (out, ", \"workdir\": ");
      jail_json_string (out, e->workdir);
    }
  if (e->layers != NULL)
    {
      g_string_append (out, ", \"layers\": ");
      append_strv (out, e->layers);
    }
  if (e->kind == JAIL_FS_OVERLAY || e->kind == JAIL_FS_TMP_OVERLAY
      || e->kind == JAIL_FS_RO_OVERLAY)
    g_string_append_printf (out, ", \"access\": \"%s\"",
                            e->kind == JAIL_FS_RO_OVERLAY ? "ro" : "rw");
  if (e->mode != JAIL_MODE_DEFAULT)
    g_string_append_printf (out, ", \"mode\": \"%04o\"", e->mode);
  if (e->size != 0)
    g_string_append_printf (out, ", \"size\": %" G_GUINT64_FORMAT, e->size);
  if (e->fd >= 0)
    g_string_append_printf (out, ", \"fd\": %d", e->fd);
  if (e->flags & JAIL_FS_FLAG_TRY)
    g_string_append (out, ", \"try\": true");
  g_string_append (out, " }");
}

static void
append_filesystem (GString *out, const JailSpec *spec)
{
  jail_json_key (out, "filesystem");
  g_string_append (out, "[\n");
  for (guint i = 0; i < spec->fs->len; i++)
    {
      append_fs_entry (out, g_ptr_array_index (spec->fs, i));
      g_string_append (out, i + 1 < spec->fs->len ? ",\n" : "\n");
    }
  g_string_append (out, "  ],\n");
}

static void
append_environment (GString *out, const JailSpec *spec)
{
  jail_json_key (out, "environment");
  g_string_append (out, "[");
  for (guint i = 0; i < spec->env->len; i++)
    {
      const JailEnvOp *op = g_ptr_array_index (spec->env, i);
      g_string_append (out, i == 0 ? " " : ", ");
      switch (op->kind)
        {
        case JAIL_ENV_SET:
          g_string_append (out, "{ \"op\": \"set\", \"name\": ");
          jail_json_string (out, op->name);
          g_string_append (out, ", \"value\": ");
          jail_json_string (out, op->value);
          g_string_append (out, " }");
          break;
        case JAIL_ENV_UNSET:
          g_string_append (out, "{ \"op\": \"unset\", \"name\": ");
          jail_json_string (out, op->name);
          g_string_append (out, " }");
          break;
        case JAIL_ENV_CLEAR:
          g_string_append (out, "{ \"op\": \"clear\" }");
          break;
        }
    }
  g_string_append (out, spec->env->len > 0 ? " ],\n" : "],\n");
}

static void
append_process (GString *out, const JailSpec *spec)
{
  jail_json_key (out, "process");
  g_string_append_printf (out,
                          "{ \"init\": %s, \"die_with_parent\": %s, \"new_session\": %s, ",
                          spec->as_pid_1 ? "false" : "true",
                          spec->die_with_parent ? "true" : "false",
                          spec->new_session ? "true" : "false");
  if (spec->keep_all_fds)
    g_string_append (out, "\"keep_fds\": \"all\" },\n");
  else
    {
      g_string_append (out, "\"keep_fds\": [");
      for (guint i = 0; i < spec->keep_fds->len; i++)
        g_string_append_printf (out, "%s%d", i == 0 ? "" : ", ",
                                g_array_index (spec->keep_fds, int, i));
      g_string_append (out, "] },\n");
    }
}

void
jail_spec_append_limits_json (GString *out, const JailSpec *spec)
{
  static const char *const names[JAIL_LIMIT_N_KINDS] = {
    [JAIL_LIMIT_MEMORY] = "memory",     [JAIL_LIMIT_MEMORY_HIGH] = "memory_high",
    [JAIL_LIMIT_SWAP] = "swap",         [JAIL_LIMIT_PIDS] = "pids",
    [JAIL_LIMIT_CPU] = "cpu_percent",   [JAIL_LIMIT_CPU_WEIGHT] = "cpu_weight",
    [JAIL_LIMIT_IO_WEIGHT] = "io_weight",
  };
  jail_json_key (out, "limits");
  g_string_append_printf (out, "{ \"mode\": \"%s\", \"stats\": %s",
                          spec->limits_best_effort ? "best-effort" : "strict",
                          spec->stats ? "true" : "false");
  for (int i = 0; i < JAIL_LIMIT_N_KINDS; i++)
    {
      guint64 v = spec->limits[i];
      if (v == JAIL_LIMIT_UNSET)
        continue;
      g_string_append (out, ", ");
      jail_json_key (out, names[i]);
      if (v == JAIL_LIMIT_INFINITY)
        g_string_append (out, "\"max\"");
      else
        g_string_append_printf (out, "%" G_GUINT64_FORMAT, v);
    }
  g_string_append (out, " },\n");
}

char *
jail_spec_to_json (const JailSpec *spec)
{
  GString *out = g_string_new ("{\n  ");

  jail_json_key (out, "name");
  jail_json_string (out, spec->name);
  g_string_append (out, ",\n  ");
  jail_json_key (out, "rootfs");
  if (spec->rootfs == NULL)
    g_string_append (out, "null");
  else
    {
      static const char *const modes[] = { "read-only", "overlay", "persist" };
      g_string_append (out, "{ ");
      jail_json_key (out, "dir");
      jail_json_string (out, spec->rootfs);
      g_string_append (out, ", ");
      jail_json_key (out, "mode");
      jail_json_string (out, modes[spec->rootfs_mode]);
      g_string_append (out, ", ");
      jail_json_key (out, "persist");
      jail_json_string (out, spec->rootfs_persist);
      g_string_append (out, " }");
    }
  g_string_append (out, ",\n  ");
  jail_json_key (out, "command");
  append_strv (out, spec->argv);
  g_string_append (out, ",\n  ");
  jail_json_key (out, "profiles");
  append_strv (out, spec->profiles);
  g_string_append (out, ",\n  ");
  jail_json_key (out, "profile_files");
  append_strv (out, spec->profile_files);
  g_string_append (out, ",\n  ");
  jail_json_key (out, "argv0");
  jail_json_string (out, spec->argv0);
  g_string_append (out, ",\n  ");
  append_namespaces (out, spec);
  g_string_append_printf (out, "  \"uid\": %u,\n  \"gid\": %u,\n  ",
                          (unsigned) spec->uid, (unsigned) spec->gid);
  jail_json_key (out, "hostname");
  jail_json_string (out, spec->hostname);
  g_string_append (out, ",\n  ");
  jail_json_key (out, "chdir");
  jail_json_string (out, spec->chdir);
  g_string_append (out, ",\n  ");
  append_filesystem (out, spec);
  g_string_append (out, "  ");
  append_environment (out, spec);
  g_string_append (out, "  ");
  append_process (out, spec);
  jail_spec_append_hardening_json (out, spec);
  jail_spec_append_caller_json (out, spec);
  g_string_append (out, "  ");
  jail_spec_append_limits_json (out, spec);
  {
    g_autofree char *desktop = jail_desktop_to_json (spec);
    g_string_append (out, desktop);
  }
  jail_spec_append_net_json (out, spec);
  g_string_append (out, "  \"privileges\": { \"capabilities\": ");
  jail_spec_caps_to_json (out, spec);
  g_string_append (out, ", \"no_new_privs\": true }\n}\n");
  return g_string_free (out, FALSE);
}
