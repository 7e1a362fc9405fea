/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "monitor/idmap.h"
#include "jail/jail.h"

static gboolean
write_proc_file (pid_t pid, const char *name, const char *content, GError **error)
{
  char path[64];
  snprintf (path, sizeof path, "/proc/%d/%s", (int) pid, name);
  int fd = open (path, O_WRONLY | O_CLOEXEC);
  ssize_t len = (ssize_t) strlen (content);
  ssize_t n = fd < 0 ? -1 : write (fd, content, (size_t) len);
  int err = errno;
  if (fd >= 0)
    close (fd);
  if (n != len)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP, "write %s: %s", path,
                        g_strerror (n < 0 ? err : EIO)), FALSE;
  return TRUE;
}

gboolean
jail_write_id_maps (pid_t pid, uid_t inside_uid, gid_t inside_gid, GError **error)
{
  char uid_line[64], gid_line[64];
  snprintf (uid_line, sizeof uid_line, "%u %u 1\n", (unsigned) inside_uid, (unsigned) getuid ());
  snprintf (gid_line, sizeof gid_line, "%u %u 1\n", (unsigned) inside_gid, (unsigned) getgid ());
  return write_proc_file (pid, "uid_map", uid_line, error)
         && write_proc_file (pid, "setgroups", "deny", error)
         && write_proc_file (pid, "gid_map", gid_line, error);
}
