/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include "instance/record.h"
#include "instance/registry.h"
#include "common/json.h"

static char *
join_command (const JailJson *argv)
{
  g_autoptr (GString) s = g_string_new (NULL);
  for (guint i = 0; i < jail_json_array_length (argv); i++)
    {
      const char *arg = jail_json_as_string (jail_json_array_index (argv, i));
      if (arg != NULL)
        g_string_append_printf (s, "%s%s", i ? " " : "", arg);
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

JailRecordInfo *
jail_record_info_parse (const char *text, gsize len, GError **error)
{
  g_autoptr (JailJson) o = jail_json_parse_object (text, len, error);
  if (o == NULL)
    return NULL;
  JailRecordInfo *info = g_new0 (JailRecordInfo, 1);
  info->pid = jail_json_get_int (o, "pid", 0);
  info->monitor_pid = jail_json_get_int (o, "monitor_pid", 0);
  info->pid_namespace = jail_json_get_int (jail_json_get_object (o, "namespaces"), "pid", -1);
  info->command_line = join_command (jail_json_get_array (o, "command"));
  info->started = g_strdup (jail_json_get_string (o, "started"));
  info->hostname = g_strdup (jail_json_get_string (o, "hostname"));
  info->profile = g_strdup (jail_json_get_string (o, "profile"));
  info->cgroup = g_strdup (jail_json_get_string (o, "cgroup"));
  info->network = g_strdup (jail_json_get_string (jail_json_get_object (o, "network"), "mode"));
  return info;
}

JailRecordInfo *
jail_record_info_read (int dir_fd, GError **error)
{
  g_autofree char *path = jail_registry_fd_path (dir_fd, "info.json");
  g_autofree char *text = NULL;
  gsize len;
  if (!g_file_get_contents (path, &text, &len, error))
    return NULL;
  return jail_record_info_parse (text, len, error);
}

void
jail_record_info_free (JailRecordInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->command_line);
  g_free (info->started);
  g_free (info->hostname);
  g_free (info->profile);
  g_free (info->cgroup);
  g_free (info->network);
  g_free (info);
}
