/* Landlock: a second line of defence, never required.
 *
 * Where the kernel has Landlock (5.13+, and enabled in its LSM list), the
 * sandbox restricts itself after its mounts are done:
 *   - ABI 6 (6.12+): abstract unix sockets and signals are scoped to the
 *     sandbox, so even with --share-net the host's abstract X11, D-Bus or
 *     systemd sockets cannot be reached (the net namespace does that job
 *     when the network is not shared);
 *   - every ABI: filesystem rules mirroring the mount plan: read and
 *     execute everywhere, write only beneath the read-write binds, tmpfs,
 *     /proc, /dev, mqueue and created directories and files.  Should a
 *     read-only bind ever become writable (a kernel bug, a missed mount
 *     rule), writes to it are still refused.
 * Rights a kernel does not know are simply not handled (best effort).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sandbox/sandbox.h"
#include "sandbox/seccomp.h"

/* The uapi structures as of ABI 6, so that older headers build too. */
struct ll_ruleset_attr {
  uint64_t handled_access_fs;
  uint64_t handled_access_net; /* ABI 4 */
  uint64_t scoped;             /* ABI 6 */
};

struct ll_path_beneath_attr {
  uint64_t allowed_access;
  int32_t parent_fd;
} __attribute__ ((packed));

#define LL_CREATE_RULESET_VERSION (1U << 0)
#define LL_RULE_PATH_BENEATH 1

#define LL_FS_EXECUTE (1ULL << 0)
#define LL_FS_READ_FILE (1ULL << 2)
#define LL_FS_READ_DIR (1ULL << 3)
#define LL_SCOPE_ABSTRACT_UNIX_SOCKET (1ULL << 0)
#define LL_SCOPE_SIGNAL (1ULL << 1)

#ifndef SYS_landlock_create_ruleset
#define SYS_landlock_create_ruleset 444
#define SYS_landlock_add_rule 445
#define SYS_landlock_restrict_self 446
#endif

#define READ_RIGHTS (LL_FS_EXECUTE | LL_FS_READ_FILE | LL_FS_READ_DIR)
/* EXECUTE, WRITE_FILE, READ_FILE, TRUNCATE (ABI 3), IOCTL_DEV (ABI 5). */
#define LL_FILE_RIGHTS ((1ULL << 0) | (1ULL << 1) | (1ULL << 2) | (1ULL << 14) | (1ULL << 15))

int
jail_landlock_abi (void)
{
  long abi = syscall (SYS_landlock_create_ruleset, NULL, 0, LL_CREATE_RULESET_VERSION);
  return abi < 0 ? 0 : (int) abi;
}

/* Every filesystem right the kernel's ABI knows: bits 0–12 (ABI 1),
 * REFER (2), TRUNCATE (3), IOCTL_DEV (5). */
static uint64_t
handled_fs_rights (int abi)
{
  int bits = abi >= 5 ? 16 : abi >= 3 ? 15 : abi >= 2 ? 14 : 13;
  return (1ULL << bits) - 1;
}

/* The attr size the kernel knows: an older kernel refuses (E2BIG) a
 * larger struct whose extra fields are not zero. */
static size_t
ruleset_attr_size (int abi)
{
  if (abi >= 6)
    return sizeof (struct ll_ruleset_attr);
  if (abi >= 4)
    return offsetof (struct ll_ruleset_attr, scoped);
  return offsetof (struct ll_ruleset_attr, handled_access_net);
}

static bool
writable_kind (JailFsKind kind)
{
  switch (kind)
    {
    case JAIL_FS_RO_BIND:
    case JAIL_FS_RO_BIND_DATA:
    case JAIL_FS_SYMLINK:
    case JAIL_FS_REMOUNT_RO:
    case JAIL_FS_CHMOD:
    case JAIL_FS_OVERLAY_SRC: /* a layer, not a mount point */
    case JAIL_FS_RO_OVERLAY:
      return false;
    case JAIL_FS_OVERLAY:
    case JAIL_FS_TMP_OVERLAY:
    case JAIL_FS_BIND:
    case JAIL_FS_DEV_BIND:
    case JAIL_FS_TMPFS:
    case JAIL_FS_DIR:
    case JAIL_FS_PROC:
    case JAIL_FS_DEV:
    case JAIL_FS_MQUEUE:
    case JAIL_FS_FILE:
    case JAIL_FS_BIND_DATA:
    case JAIL_FS_N_KINDS:
      return true;
    }
  /* Kinds added later (overlays…): the mount plan decides, not us. */
  return true;
}

/* A missing path (a --*-try bind that was skipped) is no error. */
static int
add_path_rule (int ruleset, const char *path, uint64_t rights)
{
  int fd = open (path, O_PATH | O_CLOEXEC);
  if (fd < 0)
    return 0;
  /* A file (a bound socket, an Xauthority) takes only the rights that
   * apply to files; directory rights on it are EINVAL. */
  struct stat st;
  if (fstat (fd, &st) == 0 && !S_ISDIR (st.st_mode))
    rights &= LL_FILE_RIGHTS;
  struct ll_path_beneath_attr attr = { .allowed_access = rights, .parent_fd = fd };
  int r = (int) syscall (SYS_landlock_add_rule, ruleset, LL_RULE_PATH_BENEATH, &attr, 0);
  int err = errno;
  close (fd);
  return r < 0 ? -err : 0;
}

static int
add_mount_plan_rules (int ruleset, const JailSpec *spec, uint64_t all)
{
  int r = add_path_rule (ruleset, "/", READ_RIGHTS);
  for (guint i = 0; i < jail_spec_get_n_fs (spec) && r == 0; i++)
    {
      const JailFsEntry *e = jail_spec_get_fs (spec, i);
      if (writable_kind (e->kind))
        r = add_path_rule (ruleset, e->dest, all);
    }
  return r;
}

void
sandbox_install_landlock (SandboxCtx *ctx)
{
  const JailSpec *spec = ctx->spec;
  int abi = jail_spec_get_landlock (spec) ? jail_landlock_abi () : 0;
  if (abi <= 0)
    return;

  uint64_t all = handled_fs_rights (abi);
  bool fs_rules = (jail_spec_get_namespaces (spec) & JAIL_NS_MOUNT) != 0;
  struct ll_ruleset_attr attr = {
    .handled_access_fs = fs_rules ? all : 0,
    .scoped = abi >= 6 ? LL_SCOPE_ABSTRACT_UNIX_SOCKET | LL_SCOPE_SIGNAL : 0,
  };
  if (attr.handled_access_fs == 0 && attr.scoped == 0)
    return;
  int ruleset = (int) syscall (SYS_landlock_create_ruleset, &attr, ruleset_attr_size (abi), 0);
  if (ruleset < 0)
    sandbox_fail (ctx, "landlock: create ruleset", "", errno);
  int r = fs_rules ? add_mount_plan_rules (ruleset, spec, all) : 0;
  if (r < 0)
    sandbox_fail (ctx, "landlock: add rule", "", -r);
  if (syscall (SYS_landlock_restrict_self, ruleset, 0) < 0)
    sandbox_fail (ctx, "landlock: restrict self", "", errno);
  close (ruleset);
}

/* A process that needs no file at all (the network engine): every
 * filesystem right the kernel knows is handled and none is granted;
 * signals and abstract unix sockets scoped where the kernel can (ABI 6).
 * 0 when done or when the kernel has no Landlock. */
int
jail_landlock_deny_all (void)
{
  int abi = jail_landlock_abi ();
  if (abi <= 0)
    return 0;
  struct ll_ruleset_attr attr = {
    .handled_access_fs = handled_fs_rights (abi),
    .scoped = abi >= 6 ? LL_SCOPE_ABSTRACT_UNIX_SOCKET | LL_SCOPE_SIGNAL : 0,
  };
  int ruleset = (int) syscall (SYS_landlock_create_ruleset, &attr, ruleset_attr_size (abi), 0);
  if (ruleset < 0)
    return -errno;
  int r = syscall (SYS_landlock_restrict_self, ruleset, 0) < 0 ? -errno : 0;
  close (ruleset);
  return r;
}
