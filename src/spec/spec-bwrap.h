/* The bubblewrap-compatible parts of a spec: what `jail` as bwrap (and its
 * options in src/cli/options-bwrap.c) needs and the public API does not
 * offer.  Not exported from libjail.so.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "jail/jail.h"

/* File descriptors with a role (see bwrap(1)). */
typedef enum {
  JAIL_FD_INFO,         /* --info-fd: one JSON object, child-pid and namespace ids */
  JAIL_FD_JSON_STATUS,  /* --json-status-fd: JSON lines, the last with exit-code */
  JAIL_FD_BLOCK,        /* --block-fd: the sandbox waits for data on it before exec */
  JAIL_FD_USERNS_BLOCK, /* --userns-block-fd: someone else writes the id maps */
  JAIL_FD_SYNC,         /* --sync-fd: held open while the sandbox runs */
  JAIL_FD_USERNS,       /* --userns: join this user namespace instead of a new one */
  JAIL_FD_USERNS2,      /* --userns2: switch into this one after setup */
  JAIL_FD_PIDNS,        /* --pidns: join this pid namespace (parent of a new one) */
  JAIL_FD_N_ROLES,
} JailFdRole;

void jail_spec_set_fd (JailSpec *spec, JailFdRole role, int fd);
/* --lock-file: an fcntl read lock on PATH (inside) while the sandbox runs. */
gboolean jail_spec_add_lock_file (JailSpec *spec, const char *path, GError **error);
/* --seccomp / --add-seccomp-fd: a compiled cBPF program, loaded after the
 * lockdown in the order added (the kernel runs the last one first). */
gboolean jail_spec_add_seccomp_program (JailSpec *spec, GBytes *bpf, GError **error);
void jail_spec_clear_seccomp_programs (JailSpec *spec);
/* --disable-userns (needs a new user namespace) / --assert-userns-disabled. */
void jail_spec_set_disable_userns (JailSpec *spec, gboolean disable);
void jail_spec_set_assert_userns_disabled (JailSpec *spec, gboolean check);
/* --cap-add / --cap-drop: capabilities (bit N = capability N) the command
 * keeps in the sandbox's user namespace; none by default. */
void jail_spec_set_kept_capabilities (JailSpec *spec, guint64 caps);
guint64 jail_spec_get_kept_capabilities (const JailSpec *spec);
/* Error messages in bubblewrap's wording ("execvp CMD: reason", …). */
void jail_spec_set_bwrap_messages (JailSpec *spec, gboolean bwrap);
