/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>
#include <sys/types.h>

/* Map the caller's uid/gid to inside_uid/inside_gid in pid's user
 * namespace, and nothing else; setgroups is denied first, as the kernel
 * requires of an unprivileged writer of gid_map (CVE-2014-8989). */
gboolean jail_write_id_maps (pid_t pid, uid_t inside_uid, gid_t inside_gid, GError **error);
