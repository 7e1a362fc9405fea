/* Reading an instance record (BASE/NAME/info.json, written by the monitor
 * in instance.c) back: what `jail list`, `jail stats` and `jail enter`
 * need of it.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

typedef struct {
  gint64 pid;           /* the sandbox's init, 0 when missing */
  gint64 monitor_pid;   /* 0 when missing */
  gint64 pid_namespace; /* the inode of its pid namespace, -1 when missing */
  char *command_line;   /* the command's arguments joined by spaces */
  /* NULL when missing or not a string. */
  char *started;
  char *hostname;
  char *profile;
  char *cgroup;
  char *network; /* its mode: none, slirp or host */
} JailRecordInfo;

/* NULL with a JAIL_ERROR_INVALID error when TEXT is not a JSON object;
 * members that are missing or of another type read as "unknown". */
JailRecordInfo *jail_record_info_parse (const char *text, gsize len, GError **error);
/* DIR_FD's info.json; NULL while the sandbox is starting (none yet). */
JailRecordInfo *jail_record_info_read (int dir_fd, GError **error);
void jail_record_info_free (JailRecordInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JailRecordInfo, jail_record_info_free)
