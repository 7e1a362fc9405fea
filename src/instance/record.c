/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "instance/record.h"
#include "common/json.h"
#include "jail/jail.h"

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

/* The record is read as what it should be, a regular file of at most the
 * parser's limit: a record replaced by a FIFO would otherwise hang `jail
 * list`, and one by a symbolic link to /dev/zero fill its memory. */
static char *
read_record (int dir_fd, gsize *len, GError **error)
{
  int fd = openat (dir_fd, "info.json", O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID, "open info.json: %s",
                        g_strerror (errno)), NULL;
  struct stat st;
  const char *wrong = NULL;
  if (fstat (fd, &st) < 0 || !S_ISREG (st.st_mode))
    wrong = "not a regular file";
  else if (st.st_size > (off_t) JAIL_JSON_MAX_SIZE)
    wrong = "larger than the JSON parser reads";
  g_autofree char *text = wrong == NULL ? g_malloc ((gsize) st.st_size + 1) : NULL;
  gsize got = 0;
  while (wrong == NULL && got < (gsize) st.st_size)
    {
      ssize_t n = read (fd, text + got, (gsize) st.st_size - got);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        wrong = n < 0 ? g_strerror (errno) : "shorter than its size";
      else
        got += (gsize) n;
    }
  close (fd);
  if (wrong != NULL)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID, "info.json: %s", wrong), NULL;
  text[got] = '\0';
  *len = got;
  return g_steal_pointer (&text);
}

JailRecordInfo *
jail_record_info_read (int dir_fd, GError **error)
{
  gsize len;
  g_autofree char *text = read_record (dir_fd, &len, error);
  if (text == NULL)
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
