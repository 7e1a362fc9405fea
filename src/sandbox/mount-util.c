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

static const char *proc_prefix = "/proc";
/* Mode of missing parent directories of a destination (bwrap's rule). */
static unsigned parent_mode = 0755;

void
mu_set_proc_prefix (const char *prefix)
{
  proc_prefix = prefix;
}

const char *
mu_fd_path (int fd, char *buf, size_t size)
{
  snprintf (buf, size, "%s/self/fd/%d", proc_prefix, fd);
  return buf;
}

int
mu_open_in_root (int rootfd, const char *path, int flags)
{
  struct open_how how = {
    .flags = (unsigned) (flags | O_PATH | O_CLOEXEC),
    .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
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
mkdir_one (int rootfd, const char *path, mode_t mode)
{
  char parent[JAIL_PATH_MAX];
  const char *name = split_parent (path, parent, sizeof parent);
  int pfd = mu_open_in_root (rootfd, parent, O_DIRECTORY);
  if (pfd < 0)
    return pfd;
  int r = mkdirat (pfd, name, mode) < 0 && errno != EEXIST ? -errno : 0;
  close (pfd);
  return r;
}

int
mu_mkdir_p (int rootfd, const char *path, mode_t mode)
{
  char prefix[JAIL_PATH_MAX];
  size_t len = strlen (path);

  if (len >= sizeof prefix)
    return -ENAMETOOLONG;
  for (size_t i = 1; i <= len; i++)
    {
      if (path[i] != '/' && path[i] != '\0')
        continue;
      memcpy (prefix, path, i);
      prefix[i] = '\0';
      int fd = mu_open_in_root (rootfd, prefix, O_DIRECTORY);
      if (fd >= 0)
        {
          close (fd);
          continue;
        }
      if (fd != -ENOENT)
        return fd;
      int r = mkdir_one (rootfd, prefix, mode);
      if (r < 0)
        return r;
    }
  return 0;
}

static int
create_file (int rootfd, const char *path)
{
  char parent[JAIL_PATH_MAX];
  const char *name = split_parent (path, parent, sizeof parent);
  int pfd = mu_open_in_root (rootfd, parent, O_DIRECTORY);
  if (pfd < 0)
    return pfd;
  /* O_PATH directory fds cannot be used for O_CREAT: reopen for real. */
  char buf[64];
  int dfd = open (mu_fd_path (pfd, buf, sizeof buf), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  int r = dfd < 0 ? -errno : 0;
  if (dfd >= 0)
    {
      int fd = openat (dfd, name, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0444);
      r = fd < 0 ? -errno : 0;
      if (fd >= 0)
        close (fd);
      close (dfd);
    }
  close (pfd);
  return r;
}

int
mu_make_mountpoint (int rootfd, const char *path, bool dir, int *ret_fd)
{
  int fd = mu_open_in_root (rootfd, path, 0);
  if (fd == -ENOENT)
    {
      char parent[JAIL_PATH_MAX];
      split_parent (path, parent, sizeof parent);
      int r = mu_mkdir_p (rootfd, parent, parent_mode);
      if (r == 0)
        r = dir ? mkdir_one (rootfd, path, 0755) : create_file (rootfd, path);
      if (r < 0)
        return r;
      fd = mu_open_in_root (rootfd, path, 0);
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

static int
setattr_fd (int fd, MuAttrs attrs)
{
  struct mount_attr attr = { .attr_set = to_mount_attr (attrs) };
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
legacy_set_attrs_path (const char *top, MuAttrs attrs)
{
  char mi_path[64];
  snprintf (mi_path, sizeof mi_path, "%s/self/mountinfo", proc_prefix);
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
      if (strcmp (mp, top) != 0 && jail_path_has_prefix (mp, top))
        r = remount_one (mp, attrs);
    }
  free (line);
  fclose (f);
  return r;
}

static int
fd_to_path (int fd, char *out, size_t size)
{
  char buf[64];
  ssize_t n = readlink (mu_fd_path (fd, buf, sizeof buf), out, size - 1);
  if (n < 0)
    return -errno;
  out[n] = '\0';
  return 0;
}

static int
legacy_set_attrs_recursive (int fd, MuAttrs attrs)
{
  char top[JAIL_PATH_MAX];
  int r = fd_to_path (fd, top, sizeof top);
  return r < 0 ? r : legacy_set_attrs_path (top, attrs);
}

int
mu_set_attrs (int fd, MuAttrs attrs)
{
  struct mount_attr attr = { .attr_set = to_mount_attr (attrs) };
  if (!new_mount_api_disabled ()
      && syscall (SYS_mount_setattr, fd, "", AT_EMPTY_PATH, &attr, sizeof attr) == 0)
    return 0;
  if (!new_mount_api_disabled () && errno != ENOSYS)
    return -errno;
  char top[JAIL_PATH_MAX];
  int r = fd_to_path (fd, top, sizeof top);
  return r < 0 ? r : remount_one (top, attrs);
}

void
mu_set_parent_mode (unsigned mode)
{
  parent_mode = mode;
}

int
mu_set_attrs_recursive (int fd, MuAttrs attrs)
{
  int r = setattr_fd (fd, attrs);
  if (r == -ENOSYS)
    r = legacy_set_attrs_recursive (fd, attrs);
  return r;
}

static int
legacy_bind (int srcfd, int destfd, MuAttrs attrs)
{
  char src[64], dst[64], top[JAIL_PATH_MAX];
  /* Remember the path first: after the mount, destfd still names the
   * covered directory, while the path crosses into the new mount. */
  int r = fd_to_path (destfd, top, sizeof top);
  if (r < 0)
    return r;
  if (mount (mu_fd_path (srcfd, src, sizeof src), mu_fd_path (destfd, dst, sizeof dst), NULL,
             MS_BIND | MS_REC, NULL) < 0)
    return -errno;
  return attrs != 0 ? legacy_set_attrs_path (top, attrs) : 0;
}

int
mu_bind (int srcfd, int destfd, MuAttrs attrs)
{
  if (new_mount_api_disabled ())
    return legacy_bind (srcfd, destfd, attrs);

  int tree = (int) syscall (SYS_open_tree, srcfd, "",
                            OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH | AT_RECURSIVE);
  if (tree < 0)
    return errno == ENOSYS ? legacy_bind (srcfd, destfd, attrs) : -errno;

  /* Set the attributes on the detached copy, before it is visible. */
  int r = attrs != 0 ? setattr_fd (tree, attrs) : 0;
  bool late_attrs = r == -ENOSYS;
  if (r == 0 || late_attrs)
    r = syscall (SYS_move_mount, tree, "", destfd, "",
                 MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0 ? -errno : 0;
  if (r == 0 && late_attrs)
    r = legacy_set_attrs_recursive (tree, attrs);
  close (tree);
  return r;
}

int
mu_mount_fs (const char *fstype, int destfd, unsigned long flags, const char *data)
{
  char target[64];
  if (mount (fstype, mu_fd_path (destfd, target, sizeof target), fstype, flags, data) < 0)
    return -errno;
  return 0;
}
