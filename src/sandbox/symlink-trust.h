/* Which symbolic links a bind may follow: the rule, seen from the host.
 *
 * A link is followed only when its owner is root or the caller and nobody
 * else can replace it: its directory is not writable by anyone else, or is
 * sticky and owned by root or the caller.  Otherwise another local user
 * who can write a shared directory (a 0777 project directory, /tmp) could
 * plant `ln -s ~victim/.ssh /shared/proj/data` and have the victim's own
 * `jail --ro-bind /shared/proj/data …` expose the victim's files, or move
 * a later mount.  fs.protected_symlinks covers only sticky world-writable
 * directories, and is 0 on some hosts.
 *
 * Ownership is the host's view: inside the sandbox's user namespace root
 * and every other user all appear as the overflow uid.  So sources are
 * resolved by the monitor before the clone, and the sandbox asks the
 * monitor about a link on a destination path (SYNC_TRUST_LINK).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>
#include <sys/stat.h>

#include "spec/spec-access.h"

/* Why the link `link` in the directory `dir` may not be followed by a
 * sandbox of the user uid/gid, or NULL when it may (both lstat()ed on the
 * host).  The text fits "… is a symbolic link %s". */
const char *jail_symlink_refusal (const struct stat *link, const struct stat *dir, uid_t uid,
                                  gid_t gid);

/* Each bind source of the spec resolved on the host, every symbolic link on
 * the way checked by the rule above: char* parallel to the spec's
 * filesystem entries, NULL where the sandbox resolves the path itself (no
 * host source, or /proc's own links).  A refused link: NULL with an error
 * naming the source, the link and why. */
GPtrArray *jail_resolve_bind_sources (const JailSpec *spec, GError **error);

/* The monitor's answer to SYNC_TRUST_LINK: the link and its directory as
 * descriptors from the sandbox.  NULL: follow it; else why not. */
const char *jail_symlink_fd_refusal (int link_fd, int dir_fd);
