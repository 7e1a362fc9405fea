/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/mount.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sandbox/mount-util.h"
#include "common/path.h"
#include "common/sync.h"
#include "sandbox/sandbox.h"

const char *
mu_fd_path (const MountCtx *mc, int fd, char *buf, size_t size)
{
  snprintf (buf, size, "%s/self/fd/%d", mc->proc, fd);
  return buf;
}

/* Symlink safety for destinations (bubblewrap #390, flatpak
 * CVE-2024-42472).  RESOLVE_IN_ROOT already keeps every destination inside
 * the new root; but a directory bound from the host may hold symlinks that
 * a sandboxed app made on an earlier run, and following one would move a
 * later mount to a place of the app's choosing (over /etc, over another
 * bind).  A symlink on a destination path is followed only when the app
 * cannot have made it: on a filesystem jail mounted fresh in this setup
 * (the root tmpfs, --tmpfs, /dev…), or owned by someone other than the
 * sandbox's own uid (the host's /etc links are root's) — and then only if
 * no other user can have planted it either (owned by root as the host
 * sees it, in a directory nobody else can write): inside the user
 * namespace root and every other user all look the same, so the monitor
 * answers that (symlink-trust.h).  Everything else fails with ELOOP.  The
 * walk holds a descriptor per component, so a component swapped after it
 * was checked is never looked at again. */
static void
trust_fs (MountCtx *mc, dev_t dev)
{
  for (unsigned i = 0; i < mc->n_trusted_fs; i++)
    if (mc->trusted_fs[i] == dev)
      return;
  if (mc->n_trusted_fs < MU_MAX_TRUSTED_FS)
    mc->trusted_fs[mc->n_trusted_fs++] = dev;
}

void
mu_ctx_init (MountCtx *mc, const char *proc, int dest_root_fd, int trust_sync_fd)
{
  struct stat st;
  *mc = (MountCtx) { .proc = proc, .dest_root_fd = dest_root_fd,
                     .trust_sync_fd = trust_sync_fd, .parent_mode = 0755 };
  if (dest_root_fd >= 0 && fstat (dest_root_fd, &st) == 0)
    trust_fs (mc, st.st_dev);
}

/* Ask the monitor, which sees the owners as the host does. */
static bool
host_trusts_symlink (const MountCtx *mc, int link_fd, int dir_fd)
{
  static SyncMsg msg; /* too large for a small stack; only the sandbox's child uses it */
  int fds[2] = { link_fd, dir_fd };
  if (mc->trust_sync_fd < 0)
    return false;
  memset (&msg, 0, sizeof msg);
  msg.type = SYNC_TRUST_LINK;
  if (sync_send_fds (mc->trust_sync_fd, &msg, fds, 2) < 0
      || sandbox_recv_reply (mc->trust_sync_fd, SYNC_TRUST_REPLY, &msg, NULL) < 0)
    return false;
  return msg.type == SYNC_TRUST_REPLY && msg.err == 0;
}

static bool
symlink_trusted (const MountCtx *mc, const struct stat *st, int link_fd, int dir_fd)
{
  for (unsigned i = 0; i < mc->n_trusted_fs; i++)
    if (mc->trusted_fs[i] == st->st_dev)
      return true;
  return st->st_uid != geteuid () && host_trusts_symlink (mc, link_fd, dir_fd);
}

#define MAX_DEPTH 256
#define MAX_LINKS 40

static int
walk_dest (const MountCtx *mc, int rootfd, const char *path, int flags)
{
  char buf[2 * JAIL_PATH_MAX];
  int stack[MAX_DEPTH];
  int n = 0, links = 0, r = 0;

  if (strlen (path) >= sizeof buf)
    return -ENAMETOOLONG;
  strcpy (buf, path);
  char *p = buf;
  for (;;)
    {
      while (*p == '/')
        p++;
      if (*p == '\0')
        break;
      char *end = strchrnul (p, '/');
      char name[256];
      size_t len = (size_t) (end - p);
      if (len >= sizeof name)
        {
          r = -ENAMETOOLONG;
          break;
        }
      memcpy (name, p, len);
      name[len] = '\0';
      p = end;
      if (strcmp (name, ".") == 0)
        continue;
      if (strcmp (name, "..") == 0)
        {
          if (n > 0) /* never above the new root */
            close (stack[--n]);
          continue;
        }
      int fd = openat (n > 0 ? stack[n - 1] : rootfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
      struct stat st;
      if (fd < 0 || fstat (fd, &st) < 0)
        {
          r = -errno;
          if (fd >= 0)
            close (fd);
          break;
        }
      if (!S_ISLNK (st.st_mode))
        {
          if (n == MAX_DEPTH)
            {
              close (fd);
              r = -ENAMETOOLONG;
              break;
            }
          stack[n++] = fd;
          continue;
        }
      char target[JAIL_PATH_MAX];
      bool follow = symlink_trusted (mc, &st, fd, n > 0 ? stack[n - 1] : rootfd)
                    && ++links <= MAX_LINKS;
      ssize_t tl = follow ? readlinkat (fd, "", target, sizeof target - 1) : -1;
      close (fd);
      if (tl <= 0)
        {
          r = -ELOOP;
          break;
        }
      target[tl] = '\0';
      char rest[2 * JAIL_PATH_MAX];
      if ((size_t) snprintf (rest, sizeof rest, "%s/%s", target, p) >= sizeof rest)
        {
          r = -ENAMETOOLONG;
          break;
        }
      strcpy (buf, rest);
      p = buf;
      if (target[0] == '/')
        while (n > 0)
          close (stack[--n]);
    }

  int result = r;
  if (r == 0)
    {
      /* The last component's fd, or the root's. */
      result = n > 0 ? stack[--n] : openat (rootfd, ".", O_PATH | O_CLOEXEC);
      if (result < 0)
        result = -errno;
      struct stat st;
      if (result >= 0 && (flags & O_DIRECTORY) && fstat (result, &st) == 0 && !S_ISDIR (st.st_mode))
        {
          close (result);
          result = -ENOTDIR;
        }
    }
  while (n > 0)
    close (stack[--n]);
  return result;
}

int
mu_open_in_root (const MountCtx *mc, int rootfd, const char *path, int flags)
{
  struct open_how how = {
    .flags = (unsigned) (flags | O_PATH | O_CLOEXEC),
    .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
  };
  /* Destinations: first without any symlink (the common case), then
   * through the trusted ones only. */
  if (rootfd == mc->dest_root_fd && rootfd >= 0)
    how.resolve |= RESOLVE_NO_SYMLINKS;
  int fd = (int) syscall (SYS_openat2, rootfd, path, &how, sizeof how);
  if (fd < 0 && errno == ELOOP && rootfd == mc->dest_root_fd && rootfd >= 0)
    return walk_dest (mc, rootfd, path, flags);
  return fd < 0 ? -errno : fd;
}

int
mu_open_source (int rootfd, const char *path)
{
  struct open_how how = {
    .flags = O_PATH | O_CLOEXEC,
    .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
  };
  int fd = (int) syscall (SYS_openat2, rootfd, path, &how, sizeof how);
  return fd < 0 ? -errno : fd;
}

/* Split "/a/b/c" into the parent "/a/b" (in buf) and the name "c". */
static const char *
split_parent (const char *path, char *buf, size_t size)
{
  const char *slash = strrchr (path, '/');
  size_t len = (size_t) (slash - path);
  if (len == 0)
    len = 1; /* the parent of "/c" is "/" */
  if (len >= size)
    len = size - 1;
  memcpy (buf, path, len);
  buf[len] = '\0';
  return slash + 1;
}

static int
mkdir_one (const MountCtx *mc, int rootfd, const char *path, mode_t mode)
{
  char parent[JAIL_PATH_MAX];
  const char *name = split_parent (path, parent, sizeof parent);
  /* A name at the top: the root's fd is its directory already. */
  bool top = strcmp (parent, "/") == 0;
  int pfd = top ? rootfd : mu_open_in_root (mc, rootfd, parent, O_DIRECTORY);
  if (pfd < 0)
    return pfd;
  int r = mkdirat (pfd, name, mode) < 0 && errno != EEXIST ? -errno : 0;
  if (!top)
    close (pfd);
  return r;
}

int
mu_mkdir_p (const MountCtx *mc, int rootfd, const char *path, mode_t mode)
{
  char prefix[JAIL_PATH_MAX];
  size_t len = strlen (path);

  if (strcmp (path, "/") == 0)
    return 0; /* the root is there */
  if (len >= sizeof prefix)
    return -ENAMETOOLONG;
  for (size_t i = 1; i <= len; i++)
    {
      if (path[i] != '/' && path[i] != '\0')
        continue;
      memcpy (prefix, path, i);
      prefix[i] = '\0';
      int fd = mu_open_in_root (mc, rootfd, prefix, O_DIRECTORY);
      if (fd >= 0)
        {
          close (fd);
          continue;
        }
      if (fd != -ENOENT)
        return fd;
      int r = mkdir_one (mc, rootfd, prefix, mode);
      if (r < 0)
        return r;
    }
  return 0;
}

int
mu_open_dir (const MountCtx *mc, int rootfd, const char *path)
{
  int pfd = mu_open_in_root (mc, rootfd, path, O_DIRECTORY);
  if (pfd < 0)
    return pfd;
  /* O_PATH directory fds cannot be used for O_CREAT: reopen for real. */
  char buf[64];
  int dfd = open (mu_fd_path (mc, pfd, buf, sizeof buf), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  int r = dfd < 0 ? -errno : dfd;
  close (pfd);
  return r;
}

static int
create_file (const MountCtx *mc, int rootfd, const char *path)
{
  char parent[JAIL_PATH_MAX];
  const char *name = split_parent (path, parent, sizeof parent);
  int dfd = mu_open_dir (mc, rootfd, parent);
  if (dfd < 0)
    return dfd;
  int fd = openat (dfd, name, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0444);
  int r = fd < 0 ? -errno : 0;
  if (fd >= 0)
    close (fd);
  close (dfd);
  return r;
}

int
mu_make_mountpoint (const MountCtx *mc, int rootfd, const char *path, bool dir, int *ret_fd)
{
  int fd = mu_open_in_root (mc, rootfd, path, 0);
  if (fd == -ENOENT)
    {
      char parent[JAIL_PATH_MAX];
      split_parent (path, parent, sizeof parent);
      int r = mu_mkdir_p (mc, rootfd, parent, mc->parent_mode);
      if (r == 0)
        r = dir ? mkdir_one (mc, rootfd, path, 0755) : create_file (mc, rootfd, path);
      if (r < 0)
        return r;
      fd = mu_open_in_root (mc, rootfd, path, 0);
    }
  if (fd < 0)
    return fd;
  *ret_fd = fd;
  return 0;
}

static bool
new_mount_api_disabled (void)
{
  /* Lets the test suite exercise the fallback used by kernels before 5.12. */
  static int disabled = -1;
  if (disabled < 0)
    disabled = getenv ("JAIL_TEST_LEGACY_MOUNT") != NULL;
  return disabled;
}

static unsigned long long
to_mount_attr (MuAttrs attrs)
{
  unsigned long long a = 0;
  if (attrs & MU_RDONLY)
    a |= MOUNT_ATTR_RDONLY;
  if (attrs & MU_NOSUID)
    a |= MOUNT_ATTR_NOSUID;
  if (attrs & MU_NODEV)
    a |= MOUNT_ATTR_NODEV;
  if (attrs & MU_NOEXEC)
    a |= MOUNT_ATTR_NOEXEC;
  return a;
}

/* A read-only tree is also made private (recursively): the host's / is
 * usually shared, so the binds are slaves of it, and a mount made on the
 * host later under a read-only-bound directory would otherwise propagate
 * into the sandbox with the host's flags, read-write. */
static int
setattr_fd (int fd, MuAttrs attrs)
{
  struct mount_attr attr = { .attr_set = to_mount_attr (attrs),
                             .propagation = (attrs & MU_RDONLY) ? MS_PRIVATE : 0 };
  if (new_mount_api_disabled ())
    return -ENOSYS;
  if (syscall (SYS_mount_setattr, fd, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr, sizeof attr) < 0)
    return -errno;
  return 0;
}

/* statvfs flags → MS_* flags: a remount must restate the flags the kernel
 * locked on mounts inherited from a more privileged namespace (nosuid,
 * nodev, noexec, atime), or it fails with EPERM. */
static unsigned long
current_mount_flags (const char *path)
{
  struct statvfs sv;
  unsigned long f = 0;
  if (statvfs (path, &sv) != 0)
    return 0;
  if (sv.f_flag & ST_RDONLY) f |= MS_RDONLY;
  if (sv.f_flag & ST_NOSUID) f |= MS_NOSUID;
  if (sv.f_flag & ST_NODEV) f |= MS_NODEV;
  if (sv.f_flag & ST_NOEXEC) f |= MS_NOEXEC;
  if (sv.f_flag & ST_NOATIME) f |= MS_NOATIME;
  if (sv.f_flag & ST_NODIRATIME) f |= MS_NODIRATIME;
  if (sv.f_flag & ST_RELATIME) f |= MS_RELATIME;
  return f;
}

static unsigned long
to_ms_flags (MuAttrs attrs)
{
  return ((attrs & MU_RDONLY) ? MS_RDONLY : 0) | ((attrs & MU_NOSUID) ? MS_NOSUID : 0)
         | ((attrs & MU_NODEV) ? MS_NODEV : 0) | ((attrs & MU_NOEXEC) ? MS_NOEXEC : 0);
}

/* mountinfo escapes space, tab, newline and backslash as \ooo. */
static void
unescape_mountinfo (char *s)
{
  char *out = s;
  for (char *p = s; *p != '\0'; p++)
    {
      if (p[0] == '\\' && p[1] >= '0' && p[1] <= '3' && p[2] >= '0' && p[2] <= '7'
          && p[3] >= '0' && p[3] <= '7')
        {
          *out++ = (char) (((p[1] - '0') << 6) | ((p[2] - '0') << 3) | (p[3] - '0'));
          p += 3;
        }
      else
        *out++ = *p;
    }
  *out = '\0';
}

static int
remount_one (const char *mountpoint, MuAttrs attrs)
{
  unsigned long flags = current_mount_flags (mountpoint) | to_ms_flags (attrs);
  if (mount (NULL, mountpoint, NULL, MS_REMOUNT | MS_BIND | flags, NULL) < 0)
    return -errno;
  return 0;
}

/* Before mount_setattr(AT_RECURSIVE) (Linux 5.12) a recursive read-only
 * bind takes one remount per submount, found in mountinfo. */
static int
legacy_set_attrs_path (const MountCtx *mc, const char *top, MuAttrs attrs)
{
  char mi_path[64];
  snprintf (mi_path, sizeof mi_path, "%s/self/mountinfo", mc->proc);
  /* Private first (see setattr_fd), so that no host mount propagates in
   * after the mountinfo scan below. */
  if ((attrs & MU_RDONLY) && mount (NULL, top, NULL, MS_REC | MS_PRIVATE, NULL) < 0)
    return -errno;
  FILE *f = fopen (mi_path, "re");
  if (f == NULL)
    return -errno;
  int r = remount_one (top, attrs);
  char *line = NULL;
  size_t cap = 0;
  while (r == 0 && getline (&line, &cap, f) > 0)
    {
      char mp[JAIL_PATH_MAX];
      if (sscanf (line, "%*s %*s %*s %*s %4095s", mp) != 1)
        continue;
      unescape_mountinfo (mp);
      if (strcmp (mp, top) == 0 || !jail_path_has_prefix (mp, top))
        continue;
      r = remount_one (mp, attrs);
      /* A submount we cannot reach (under a directory our host uid may
       * not search, or a FUSE mount of another user) fails with EACCES.
       * The app runs as the same host uid with fewer rights still, so it
       * cannot reach it either: skip it rather than fail the whole bind
       * (e.g. --ro-bind / /host while someone else's mount sits under
       * /root).  bubblewrap does the same. */
      if (r == -EACCES)
        r = 0;
    }
  free (line);
  fclose (f);
  return r;
}

static int
fd_to_path (const MountCtx *mc, int fd, char *out, size_t size)
{
  char buf[64];
  ssize_t n = readlink (mu_fd_path (mc, fd, buf, sizeof buf), out, size - 1);
  if (n < 0)
    return -errno;
  out[n] = '\0';
  return 0;
}

static int
legacy_set_attrs_recursive (const MountCtx *mc, int fd, MuAttrs attrs)
{
  char top[JAIL_PATH_MAX];
  int r = fd_to_path (mc, fd, top, sizeof top);
  return r < 0 ? r : legacy_set_attrs_path (mc, top, attrs);
}

int
mu_set_attrs (const MountCtx *mc, int fd, MuAttrs attrs)
{
  struct mount_attr attr = { .attr_set = to_mount_attr (attrs) };
  if (!new_mount_api_disabled ()
      && syscall (SYS_mount_setattr, fd, "", AT_EMPTY_PATH, &attr, sizeof attr) == 0)
    return 0;
  if (!new_mount_api_disabled () && errno != ENOSYS)
    return -errno;
  char top[JAIL_PATH_MAX];
  int r = fd_to_path (mc, fd, top, sizeof top);
  return r < 0 ? r : remount_one (top, attrs);
}

int
mu_set_attrs_recursive (const MountCtx *mc, int fd, MuAttrs attrs)
{
  int r = setattr_fd (fd, attrs);
  if (r == -ENOSYS)
    r = legacy_set_attrs_recursive (mc, fd, attrs);
  return r;
}

static int
legacy_bind (const MountCtx *mc, int srcfd, int destfd, MuAttrs attrs)
{
  char src[64], dst[64], top[JAIL_PATH_MAX];
  /* Remember the path first: after the mount, destfd still names the
   * covered directory, while the path crosses into the new mount. */
  int r = fd_to_path (mc, destfd, top, sizeof top);
  if (r < 0)
    return r;
  if (mount (mu_fd_path (mc, srcfd, src, sizeof src), mu_fd_path (mc, destfd, dst, sizeof dst),
             NULL, MS_BIND | MS_REC, NULL) < 0)
    return -errno;
  return attrs != 0 ? legacy_set_attrs_path (mc, top, attrs) : 0;
}

int
mu_bind (const MountCtx *mc, int srcfd, int destfd, MuAttrs attrs)
{
  if (new_mount_api_disabled ())
    return legacy_bind (mc, srcfd, destfd, attrs);

  int tree = (int) syscall (SYS_open_tree, srcfd, "",
                            OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH | AT_RECURSIVE);
  if (tree < 0)
    return errno == ENOSYS ? legacy_bind (mc, srcfd, destfd, attrs) : -errno;

  /* Set the attributes on the detached copy, before it is visible. */
  int r = attrs != 0 ? setattr_fd (tree, attrs) : 0;
  bool late_attrs = r == -ENOSYS;
  if (r == 0 || late_attrs)
    r = syscall (SYS_move_mount, tree, "", destfd, "",
                 MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0 ? -errno : 0;
  if (r == 0 && late_attrs)
    r = legacy_set_attrs_recursive (mc, tree, attrs);
  close (tree);
  return r;
}

int
mu_mount_fs (MountCtx *mc, const char *fstype, int destfd, unsigned long flags, const char *data)
{
  char target[64], top[JAIL_PATH_MAX];
  struct stat st;
  /* The path, taken before the mount, crosses into the new filesystem. */
  int r = fd_to_path (mc, destfd, top, sizeof top);
  if (mount (fstype, mu_fd_path (mc, destfd, target, sizeof target), fstype, flags, data) < 0)
    return -errno;
  /* A fresh filesystem holds only what the plan puts there. */
  if (r == 0 && stat (top, &st) == 0)
    trust_fs (mc, st.st_dev);
  return 0;
}
