/* What a calling program may hand the sandbox beyond the public API: fds
 * with a role (status reports, gates, namespaces to join), lock files,
 * compiled seccomp programs, user-namespace lockdown, kept capabilities,
 * and the shape of a few steps for a caller that expects another tool's
 * behaviour (the command line's bubblewrap options, src/cli/, are one such
 * caller).  Not exported from libjail.so.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "jail/jail.h"
#include "common/sync.h"

/* File descriptors with a role. */
typedef enum {
  JAIL_FD_INFO,         /* one JSON object once the sandbox exists: child-pid, namespace ids */
  JAIL_FD_JSON_STATUS,  /* JSON lines: the same at start, the last with exit-code */
  JAIL_FD_BLOCK,        /* the sandbox waits for data on it before exec */
  JAIL_FD_USERNS_BLOCK, /* someone else writes the id maps; the sandbox waits on it */
  JAIL_FD_SYNC,         /* held open while the sandbox runs */
  JAIL_FD_USERNS,       /* join this user namespace instead of a new one */
  JAIL_FD_USERNS2,      /* switch into this one after setup */
  JAIL_FD_PIDNS,        /* join this pid namespace (parent of a new one) */
  JAIL_FD_N_ROLES,
} JailFdRole;

void jail_spec_set_fd (JailSpec *spec, JailFdRole role, int fd);
/* The sandbox's PID 1 stays dumpable: a caller told its pid may then join
 * the sandbox through /proc/PID (see sandbox/caller.c). */
void jail_spec_set_init_dumpable (JailSpec *spec, gboolean dumpable);
/* An fcntl read lock on PATH (inside) while the sandbox runs. */
gboolean jail_spec_add_lock_file (JailSpec *spec, const char *path, GError **error);
/* A compiled cBPF program, loaded after the lockdown in the order added
 * (the kernel runs the last one first). */
gboolean jail_spec_add_seccomp_program (JailSpec *spec, GBytes *bpf, GError **error);
void jail_spec_clear_seccomp_programs (JailSpec *spec);
/* Lock the sandbox's user namespaces (needs a new user namespace), or only
 * check that the kernel refuses new ones. */
void jail_spec_set_disable_userns (JailSpec *spec, gboolean disable);
void jail_spec_set_assert_userns_disabled (JailSpec *spec, gboolean check);
/* Capabilities (bit N = capability N) the command keeps in the sandbox's
 * user namespace; none by default. */
void jail_spec_set_kept_capabilities (JailSpec *spec, guint64 caps);
guint64 jail_spec_get_kept_capabilities (const JailSpec *spec);

/* Words a failed setup step (the child's message) as the caller's users
 * expect it; must set `error`.  NULL (the default): jail's own wording. */
typedef void (*JailFailureWording) (const SyncMsg *msg, GError **error);
void jail_spec_set_failure_wording (JailSpec *spec, JailFailureWording wording);
/* No record in the registry and no control socket: for a caller that uses
 * the sandbox as a building block and tracks it itself. */
void jail_spec_set_unlisted (JailSpec *spec, gboolean unlisted);
/* With the syscall filter off, the TIOCSTI rule all the same. */
void jail_spec_set_terminal_rule (JailSpec *spec, gboolean keep);
/* The caller states the environment itself: jail removes no session
 * variable (DISPLAY, WAYLAND_DISPLAY…) whose channel was not granted. */
void jail_spec_set_env_verbatim (JailSpec *spec, gboolean verbatim);
/* The calling process is jail's own program, not one that loaded
 * libjail: once the sandbox runs, the monitor drops the pages its setup
 * touched (common/resident.h). */
void jail_spec_set_own_process (JailSpec *spec, gboolean own);

/* How a few filesystem steps are shaped; all FALSE is jail's own. */
typedef enum {
  JAIL_MOUNT_REMOUNT_RO_SINGLE = 1 << 0, /* remount-ro: the mount point only, no submounts */
  JAIL_MOUNT_DEV_SHM_DIR = 1 << 1,       /* /dev/shm a plain directory, not a tmpfs */
  JAIL_MOUNT_PROC_RO_WRITABLE = 1 << 2,  /* /proc: cover only entries we could write */
} JailMountShape;

void jail_spec_set_mount_shape (JailSpec *spec, guint shape);

/* Read back, for the layers that carry the spec out. */
int jail_spec_get_fd (const JailSpec *spec, JailFdRole role); /* -1 when unset */
gboolean jail_spec_get_init_dumpable (const JailSpec *spec);
/* The lock files, in order: entries 0 … n-1. */
guint jail_spec_get_n_lock_files (const JailSpec *spec);
const char *jail_spec_get_lock_file (const JailSpec *spec, guint index);
/* The cBPF programs (GBytes), in load order: entries 0 … n-1. */
guint jail_spec_get_n_seccomp_programs (const JailSpec *spec);
GBytes *jail_spec_get_seccomp_program (const JailSpec *spec, guint index);
gboolean jail_spec_get_disable_userns (const JailSpec *spec);
gboolean jail_spec_get_assert_userns_disabled (const JailSpec *spec);
JailFailureWording jail_spec_get_failure_wording (const JailSpec *spec);
gboolean jail_spec_get_unlisted (const JailSpec *spec);
gboolean jail_spec_get_terminal_rule (const JailSpec *spec);
gboolean jail_spec_get_env_verbatim (const JailSpec *spec);
gboolean jail_spec_get_own_process (const JailSpec *spec);
guint jail_spec_get_mount_shape (const JailSpec *spec);
