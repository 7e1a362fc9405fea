/* fd-based mount primitives for the mount plan.
 *
 * Every destination is resolved with openat2(RESOLVE_IN_ROOT) beneath the
 * new root and every mount lands on the resulting file descriptor, never on
 * a path string: a path component swapped for a symlink between our check
 * and the mount (bubblewrap #390, flatpak CVE-2024-42472) cannot redirect
 * it outside the sandbox.  All functions return 0 or -errno.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

typedef enum {
  MU_RDONLY = 1 << 0,
  MU_NOSUID = 1 << 1,
  MU_NODEV = 1 << 2,
  MU_NOEXEC = 1 << 3,
} MuAttrs;

/* Where the primitives work, passed to each of them rather than kept in
 * module state: the setup process sets it up once after the first pivot
 * (sandbox_prepare_root) and the mount plan updates it as it goes. */
#define MU_MAX_TRUSTED_FS 128
typedef struct {
  /* Where the host's procfs is during setup, for /proc/self/fd/N paths. */
  const char *proc;
  /* The new root: paths beneath it are destinations, resolved with the
   * symlink rules of mu_open_in_root(); -1 for none. */
  int dest_root_fd;
  /* Where to ask whether a symbolic link on a destination path may be
   * followed: the monitor, on the setup socket (SYNC_TRUST_LINK); -1 for
   * nobody (no link owned by another uid is followed). */
  int trust_sync_fd;
  /* Mode of the missing parents that mount points create (bwrap's rule:
   * the current operation's --perms, else 0755). */
  unsigned parent_mode;
  /* Filesystems mounted fresh by this setup: the app cannot have made a
   * link on them. */
  dev_t trusted_fs[MU_MAX_TRUSTED_FS];
  unsigned n_trusted_fs;
} MountCtx;

/* Start with `dest_root_fd` (a fresh filesystem, trusted), parent mode
 * 0755. */
void mu_ctx_init (MountCtx *mc, const char *proc, int dest_root_fd, int trust_sync_fd);

/* O_PATH|O_CLOEXEC fd of `path` resolved as if `rootfd` were "/".  Beneath
 * the destination root, a symlink is followed only if the app cannot have
 * made it (on a filesystem mounted fresh by the plan), nor another user
 * (owned by root as the host sees it, in a directory no one else can
 * write: the monitor checks, see symlink-trust.h); otherwise -ELOOP. */
int mu_open_in_root (const MountCtx *mc, int rootfd, const char *path, int flags);

/* O_PATH|O_CLOEXEC fd of the already resolved host path `path` beneath
 * rootfd, following no symlink at all (-ELOOP if one is there now). */
int mu_open_source (int rootfd, const char *path);

/* mkdir -p beneath rootfd; existing components are fine. */
int mu_mkdir_p (const MountCtx *mc, int rootfd, const char *path, mode_t mode);

/* Create `path` (a directory, or an empty file when !dir) if missing, and
 * return an O_PATH fd to it in *ret_fd. */
int mu_make_mountpoint (const MountCtx *mc, int rootfd, const char *path, bool dir, int *ret_fd);

/* Bind the tree at srcfd (with every submount) onto destfd, then apply
 * attrs to the whole new tree. */
int mu_bind (const MountCtx *mc, int srcfd, int destfd, MuAttrs attrs);

/* Apply attrs to the mount at fd only (bwrap's --remount-ro). */
int mu_set_attrs (const MountCtx *mc, int fd, MuAttrs attrs);

/* Apply attrs to the mount at fd and every mount below it. */
int mu_set_attrs_recursive (const MountCtx *mc, int fd, MuAttrs attrs);

/* Mount a fresh filesystem (tmpfs, proc, devpts, mqueue) on destfd; the
 * links on it are trusted from then on. */
int mu_mount_fs (MountCtx *mc, const char *fstype, int destfd, unsigned long flags,
                 const char *data);

/* A bind source below /proc: resolved through the host's procfs from the
 * sandbox's setup process, magic links followed (proc-source.c). */
bool mu_is_proc_source (const char *source);
int mu_open_proc_source (const MountCtx *mc, int oldroot_fd, const char *source);

/* "/proc/self/fd/N" under mc->proc. */
const char *mu_fd_path (const MountCtx *mc, int fd, char *buf, size_t size);
/* The directory at path, resolved as mu_open_in_root does, as a real fd
 * (not O_PATH: what must be created in it can be); the fd or -errno. */
int mu_open_dir (const MountCtx *mc, int rootfd, const char *path);
