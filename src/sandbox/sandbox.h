/* The sandbox side: everything the cloned child does, in order.
 *
 * Runs after clone() in the monitor's memory, until its exec (see
 * monitor/spawn.c for what that forbids: setting `environ`, writing what
 * the monitor reads, allocating): plain libc only, no GLib main loop, no
 * threads.  Every failure is sent to the monitor as a typed message on
 * the setup socket, then the child exits.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "spec/spec-access.h"
#include "common/path.h"
#include "common/sync.h"
#include "sandbox/mount-util.h"

#include <stdbool.h>

typedef struct {
  const JailSpec *spec;
  int sync_fd;
  int init_status_fd;   /* PID 1's channel to the monitor (common/init-loop.h), or -1 */
  char **envp;          /* the command's environment, built by the monitor */
  char *const *argv;    /* the command's argument vector (jail_spec_exec_argv) */
  unsigned environ_room; /* NULL slots left after its end (environ.c) */
  const char *host_cwd; /* the caller's cwd, kept if visible inside */
  int oldroot_fd;       /* the host's root during setup */
  int newroot_fd;       /* the sandbox's root during setup */
  int init_fd;          /* jail-init, opened before the host's files go */
  char *const *sources; /* per fs op: its bind source resolved on the host, or NULL
                           (see symlink-trust.h) */
  bool seccomp_notify;  /* the denial report's supervisor answers refused calls */
  bool cgroup2_in_binds; /* a bind may bring a cgroup2 mount in (cgroupfs.c) */
  bool write_id_maps;   /* ours to write (idmap.c), not a caller's (--userns-block-fd) */
  uid_t caller_uid;     /* the ids mapped inside, as the host sees them */
  gid_t caller_gid;
  bool netns_from_monitor; /* the network namespace comes after the clone (monitor/netns.c) */
  MountCtx mount;       /* where the mount primitives work during setup */
} SandboxCtx;

/* Never returns: execs the command (or becomes its init) or exits. */
_Noreturn void sandbox_main (SandboxCtx *ctx);

/* Report a failed step to the monitor and exit 125. */
_Noreturn void sandbox_fail (const SandboxCtx *ctx, const char *step, const char *path, int err);
/* Exit 125 once the failure is said (sandbox.c says when it waits). */
_Noreturn void sandbox_exit_failed (const SandboxCtx *ctx);

/* environ.c: the monitor's environment for the command, with room for
 * what the sandbox adds; NAME=VALUE put in (`entry` is kept until the
 * exec). */
#define SANDBOX_ENVIRON_ROOM 2
char **sandbox_environ_with_room (char **envp);
void sandbox_environ_put (SandboxCtx *ctx, char *entry);

/* The steps, one file each. */
void sandbox_write_id_maps (const SandboxCtx *ctx);
/* idmap.c: outside ids mapped to inside ones, and nothing else, in the
 * user namespace whose /proc/self is the directory fd proc_self;
 * setgroups is denied first, as the kernel requires of an unprivileged
 * writer of gid_map (CVE-2014-8989).  0, or -errno and *ret_file. */
int sandbox_map_ids (int proc_self, uid_t inside_uid, uid_t outside_uid, gid_t inside_gid,
                     gid_t outside_gid, const char **ret_file);
void sandbox_prepare_root (SandboxCtx *ctx);
void sandbox_run_mount_plan (SandboxCtx *ctx);
void sandbox_switch_root (SandboxCtx *ctx);
/* cgroupfs.c: cgroup2 mounts inside show only the sandbox's own subtree;
 * the host's side tells first whether the binds can bring any in. */
void sandbox_confine_cgroupfs (SandboxCtx *ctx);
bool jail_cgroup2_under_binds (const JailSpec *spec, char *const *sources);
void sandbox_mount_proc (SandboxCtx *ctx, const char *dest);
void sandbox_mount_dev (SandboxCtx *ctx, const char *dest);
void sandbox_mount_overlay (SandboxCtx *ctx, const JailFsEntry *e, unsigned index);
/* privileges.c: the lockdown, whole (drop_privileges) or in its two
 * halves, for a PID 1 that is not the app. */
void sandbox_drop_privileges (SandboxCtx *ctx);
void sandbox_drop_capabilities (SandboxCtx *ctx);
/* The effective set emptied, the others kept; false if refused. */
bool sandbox_clear_effective_capabilities (void);
void sandbox_install_filters (SandboxCtx *ctx);
/* Tell the monitor that setup is done (sandbox.c). */
void sandbox_report_ready (SandboxCtx *ctx);
/* The monitor's message of type `want` during the sandbox's setup (what
 * it sends unasked meanwhile is kept: sandbox.c), with the fd it passes
 * if ret_fd is not NULL; 0 or -errno.  Another message ends the wait:
 * the caller checks msg->type. */
int sandbox_recv_reply (int fd, SyncType want, SyncMsg *msg, int *ret_fd);
/* The app's last steps after the lockdown, up to its exec. */
_Noreturn void sandbox_finish_and_exec (SandboxCtx *ctx);
_Noreturn void sandbox_exec_command (SandboxCtx *ctx);

/* caller.c: what a calling program handed over (spec-caller.h). */
/* Close the status fds, wait on the id-map gate, nest a pid namespace. */
void sandbox_take_caller_fds (SandboxCtx *ctx);
void sandbox_take_lock_files (SandboxCtx *ctx);
void sandbox_limit_user_namespaces (SandboxCtx *ctx);
/* The user namespace to switch into, the lockdown's nested one, its check. */
void sandbox_enter_user_namespaces (SandboxCtx *ctx);
/* Wait on the exec gate; close the fds that served the setup. */
void sandbox_release_caller_fds (SandboxCtx *ctx);
bool sandbox_needs_init (const SandboxCtx *ctx);
bool sandbox_init_dumpable (const SandboxCtx *ctx);
/* seccomp-fd.c: the caller's compiled programs, and the terminal rule. */
void sandbox_install_terminal_rule (SandboxCtx *ctx);
void sandbox_apply_seccomp_fds (SandboxCtx *ctx);
_Noreturn void sandbox_run_init (SandboxCtx *ctx);
/* lookups.c: the report's failed lookups.  The library is opened while
 * the host's files are in view (-1: none wanted or installed), placed
 * after the mount plan, whose /run it must not be under. */
int sandbox_open_lookups_library (const SandboxCtx *ctx);
void sandbox_prepare_lookups (SandboxCtx *ctx, int library);
/* exec.c: the small init (src/init/), or -1 where it is not installed. */
int sandbox_open_init (const SandboxCtx *ctx);
