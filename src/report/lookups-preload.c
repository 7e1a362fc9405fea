/* jail-lookups.so: preloaded into the sandbox's dynamically linked
 * programs while the denial report is on, it tells the monitor each path
 * a program looked up and did not find (ENOENT) below the report's scope
 * (the home, /opt, /media, /mnt, /run/media).  The monitor judges it as
 * any path of the report (paths.c): counted only when the same path
 * exists on the host.
 *
 * Why a preloaded library, and not seccomp user notification as --learn
 * does: a notification per open or stat is a round trip through another
 * process, 13–20 µs, which costs a build 9–17 % (tests/bench/README.md).
 * Here a lookup that succeeds costs one indirect call, one that fails
 * outside the scope a prefix comparison, one in the scope a statfs, and
 * only a miss where the host may have the name a datagram.  What it
 * does not see: static programs and raw system calls (Go's), which
 * --learn's notifications do.
 *
 * It runs inside the app, as the app's code: it grants nothing.  It holds
 * one descriptor from a process's first miss on (see send_path), locks
 * and allocates nothing (a wrapper may run in a signal handler or just
 * after a fork), and keeps errno.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#undef _FILE_OFFSET_BITS /* open must stay open, not become open64 */
#undef _FORTIFY_SOURCE   /* nor an inline wrapper */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "report/lookups.h"

#define EXPORT __attribute__ ((visibility ("default")))

static char home[PATH_MAX];
static size_t home_len;

__attribute__ ((constructor)) static void
read_home (void)
{
  const char *h = getenv ("HOME");
  size_t n = h != NULL ? strlen (h) : 0;
  if (n < 2 || h[0] != '/' || n >= sizeof home)
    return;
  while (n > 1 && h[n - 1] == '/')
    n--;
  memcpy (home, h, n);
  home[n] = '\0';
  home_len = n;
}

static int
below (const char *path, const char *root, size_t len)
{
  return len > 1 && strncmp (path, root, len) == 0 && path[len] == '/' && path[len + 1] != '\0';
}

static int
in_scope (const char *path)
{
  static const char *const fixed[] = { JAIL_REPORT_SCOPE_FIXED };
  if (below (path, home, home_len))
    return 1;
  for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
    if (below (path, fixed[i], strlen (fixed[i])))
      return 1;
  return 0;
}

/* Whether the path's nearest existing directory is on a tmpfs: the
 * sandbox's own (its root, its home) or a host's.  Below any other
 * filesystem the directory is a bind of the host's same directory (the
 * project a build was granted), where a missing name is missing on the
 * host too, and nothing is worth telling: a compiler's include search
 * misses hundreds of names there per file. */
static int
missing_on_a_tmpfs (const char *path)
{
  char dir[PATH_MAX];
  size_t n = strlen (path);
  if (n >= sizeof dir)
    return 0;
  memcpy (dir, path, n + 1);
  for (;;)
    {
      char *slash = strrchr (dir, '/');
      if (slash == NULL)
        return 0;
      if (slash == dir)
        slash[1] = '\0';
      else
        *slash = '\0';
      struct statfs fs;
      if (statfs (dir, &fs) == 0)
        return fs.f_type == TMPFS_MAGIC;
      if (errno != ENOENT || slash == dir)
        return 0;
    }
}

/* The paths this process told last: an app asks for its missing
 * settings file again and again.  Racy between threads, harmlessly (a
 * path told twice). */
#define TOLD_MAX 64
static uint32_t told[TOLD_MAX];

static uint32_t
hash (const char *s)
{
  uint32_t h = 2166136261u; /* FNV-1a */
  for (; *s != '\0'; s++)
    h = (h ^ (uint8_t) *s) * 16777619u;
  return h | 1; /* never 0, an empty slot */
}

static int
told_before (const char *path)
{
  uint32_t h = hash (path);
  uint32_t *slot = &told[h % TOLD_MAX];
  if (__atomic_load_n (slot, __ATOMIC_RELAXED) == h)
    return 1;
  __atomic_store_n (slot, h, __ATOMIC_RELAXED);
  return 0;
}

/* The socket this process tells through, made at its first miss and
 * kept to its exec (close-on-exec): making and closing one per path
 * costs ~9 µs.  It sits at a high number, out of the way of the app's
 * own descriptors (the kernel gives the lowest free one), and is checked
 * to be still ours before each use: an app that closed it and reuses the
 * number gets nothing written to its own descriptor.  Threads racing at
 * the first miss each make one; the loser's is closed (and its path
 * not told: the next miss is). */
#define SOCKET_FD_MIN 700
static int sock = -1;
static dev_t sock_dev;
static ino_t sock_ino;

static int
is_ours (int fd)
{
  struct stat st;
  return fd >= 0 && fstat (fd, &st) == 0 && S_ISSOCK (st.st_mode) && st.st_ino == sock_ino
         && st.st_dev == sock_dev;
}

static int
make_socket (dev_t *dev, ino_t *ino)
{
  int fd = socket (AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return -1;
  int high = fcntl (fd, F_DUPFD_CLOEXEC, SOCKET_FD_MIN);
  if (high >= 0)
    close (fd), fd = high;
  /* It waits a little when the socket's queue is full (the monitor
   * reads as they come), never long. */
  struct timeval wait = { .tv_sec = 0, .tv_usec = 100000 };
  setsockopt (fd, SOL_SOCKET, SO_SNDTIMEO, &wait, sizeof wait);
  struct stat st;
  if (fstat (fd, &st) < 0)
    return close (fd), -1;
  *dev = st.st_dev;
  *ino = st.st_ino;
  return fd;
}

/* One datagram to the monitor. */
static void
send_path (const char *path)
{
  int fd = __atomic_load_n (&sock, __ATOMIC_ACQUIRE);
  if (!is_ours (fd))
    {
      dev_t dev;
      ino_t ino;
      int made = make_socket (&dev, &ino);
      if (made < 0)
        return;
      if (!__atomic_compare_exchange_n (&sock, &fd, made, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
        {
          close (made); /* another thread's is in place */
          return;
        }
      sock_dev = dev, sock_ino = ino, fd = made;
    }
  struct sockaddr_un addr = { .sun_family = AF_UNIX, .sun_path = JAIL_LOOKUPS_SOCKET };
  sendto (fd, path, strlen (path), MSG_NOSIGNAL, (struct sockaddr *) &addr, sizeof addr);
}

/* A lookup failed with ENOENT: `path` relative to `dirfd` as the call
 * took it.  Relative to another directory than the working one, it is
 * not told (its directory's path would cost a readlink). */
/* Set in a process that sandboxes itself (Chromium's, Firefox's content
 * processes): its own seccomp filter may kill it for a call made here
 * (statfs, socket), where the app's own code never makes one. */
static int stood_down;

static void
tell (int dirfd, const char *path)
{
  if (__atomic_load_n (&stood_down, __ATOMIC_RELAXED))
    return;
  int saved = errno;
  char abs[PATH_MAX];
  const char *p = path;
  if (p == NULL || p[0] == '\0')
    goto out;
  if (p[0] != '/')
    {
      size_t n, len = strlen (p);
      if (dirfd != AT_FDCWD || getcwd (abs, sizeof abs) == NULL
          || (n = strlen (abs)) + 1 + len >= sizeof abs)
        goto out;
      abs[n] = '/';
      memcpy (abs + n + 1, p, len + 1);
      p = abs;
    }
  if (in_scope (p) && missing_on_a_tmpfs (p) && !told_before (p))
    send_path (p);
out:
  errno = saved;
}

/* The C library's version of its oldest symbols, those it keeps only
 * for programs built against it long ago (__xstat): dlsym() does not
 * return those. */
#if defined(__x86_64__)
#define LIBC_BASE_VERSION "GLIBC_2.2.5"
#elif defined(__aarch64__)
#define LIBC_BASE_VERSION "GLIBC_2.17"
#elif defined(__i386__)
#define LIBC_BASE_VERSION "GLIBC_2.0"
#endif

static void *
next (const char *name)
{
  void *f = dlsym (RTLD_NEXT, name);
#ifdef LIBC_BASE_VERSION
  if (f == NULL)
    f = dlvsym (RTLD_NEXT, name, LIBC_BASE_VERSION);
#endif
  return f;
}

#define MISSED(r) ((r) < 0 && errno == ENOENT)

/* open(2)'s mode argument is there only when the flags need one. */
static mode_t
mode_arg (int flags, va_list ap)
{
  return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE ? (mode_t) va_arg (ap, int) : 0;
}

/* open and openat, whose `flags` say whether a mode follows. */
#define DEFINE_OPEN(name, params, dir, args)                                                       \
  EXPORT int name params                                                                           \
  {                                                                                                \
    static int (*real) params;                                                                     \
    va_list ap;                                                                                    \
    va_start (ap, flags);                                                                          \
    mode_t mode = mode_arg (flags, ap);                                                            \
    va_end (ap);                                                                                   \
    if (real == NULL && (real = next (#name)) == NULL)                                             \
      return errno = ENOSYS, -1;                                                                   \
    int r = real args;                                                                             \
    if (MISSED (r))                                                                                \
      tell (dir, path);                                                                            \
    return r;                                                                                      \
  }
DEFINE_OPEN (open, (const char *path, int flags, ...), AT_FDCWD, (path, flags, mode))
DEFINE_OPEN (open64, (const char *path, int flags, ...), AT_FDCWD, (path, flags, mode))
DEFINE_OPEN (openat, (int dirfd, const char *path, int flags, ...), dirfd,
             (dirfd, path, flags, mode))
DEFINE_OPEN (openat64, (int dirfd, const char *path, int flags, ...), dirfd,
             (dirfd, path, flags, mode))

/* A wrapper of `name` returning `type` (-1 for a failure) whose path is
 * argument `path` and whose directory is `dir` (AT_FDCWD for the calls
 * without one). */
#define DEFINE_TYPED(type, name, params, args, dir, path)                                          \
  EXPORT type name params                                                                          \
  {                                                                                                \
    static type (*real) params;                                                                    \
    if (real == NULL && (real = next (#name)) == NULL)                                             \
      return errno = ENOSYS, -1;                                                                   \
    type r = real args;                                                                            \
    if (MISSED (r))                                                                                \
      tell (dir, path);                                                                            \
    return r;                                                                                      \
  }
#define DEFINE_CALL(name, params, args, dir, path) DEFINE_TYPED (int, name, params, args, dir, path)

/* _FORTIFY_SOURCE's checked opens, which programs built with it call. */
int __open_2 (const char *path, int flags);
int __open64_2 (const char *path, int flags);
int __openat_2 (int dirfd, const char *path, int flags);
int __openat64_2 (int dirfd, const char *path, int flags);
DEFINE_CALL (__open_2, (const char *path, int flags), (path, flags), AT_FDCWD, path)
DEFINE_CALL (__open64_2, (const char *path, int flags), (path, flags), AT_FDCWD, path)
DEFINE_CALL (__openat_2, (int dirfd, const char *path, int flags), (dirfd, path, flags), dirfd,
             path)
DEFINE_CALL (__openat64_2, (int dirfd, const char *path, int flags), (dirfd, path, flags), dirfd,
             path)

DEFINE_CALL (stat, (const char *path, struct stat *buf), (path, buf), AT_FDCWD, path)
DEFINE_CALL (lstat, (const char *path, struct stat *buf), (path, buf), AT_FDCWD, path)
DEFINE_CALL (stat64, (const char *path, struct stat64 *buf), (path, buf), AT_FDCWD, path)
DEFINE_CALL (lstat64, (const char *path, struct stat64 *buf), (path, buf), AT_FDCWD, path)
DEFINE_CALL (fstatat, (int dirfd, const char *path, struct stat *buf, int flags),
             (dirfd, path, buf, flags), dirfd, path)
DEFINE_CALL (fstatat64, (int dirfd, const char *path, struct stat64 *buf, int flags),
             (dirfd, path, buf, flags), dirfd, path)
DEFINE_CALL (statx, (int dirfd, const char *path, int flags, unsigned mask, struct statx *buf),
             (dirfd, path, flags, mask, buf), dirfd, path)
/* Before glibc 2.33 stat(2) was these, and programs built then call them. */
int __xstat (int ver, const char *path, void *buf);
int __lxstat (int ver, const char *path, void *buf);
int __xstat64 (int ver, const char *path, void *buf);
int __lxstat64 (int ver, const char *path, void *buf);
int __fxstatat (int ver, int dirfd, const char *path, void *buf, int flags);
int __fxstatat64 (int ver, int dirfd, const char *path, void *buf, int flags);
DEFINE_CALL (__xstat, (int ver, const char *path, void *buf), (ver, path, buf), AT_FDCWD, path)
DEFINE_CALL (__lxstat, (int ver, const char *path, void *buf), (ver, path, buf), AT_FDCWD, path)
DEFINE_CALL (__xstat64, (int ver, const char *path, void *buf), (ver, path, buf), AT_FDCWD, path)
DEFINE_CALL (__lxstat64, (int ver, const char *path, void *buf), (ver, path, buf), AT_FDCWD, path)
DEFINE_CALL (__fxstatat, (int ver, int dirfd, const char *path, void *buf, int flags),
             (ver, dirfd, path, buf, flags), dirfd, path)
DEFINE_CALL (__fxstatat64, (int ver, int dirfd, const char *path, void *buf, int flags),
             (ver, dirfd, path, buf, flags), dirfd, path)

DEFINE_CALL (access, (const char *path, int mode), (path, mode), AT_FDCWD, path)
DEFINE_CALL (euidaccess, (const char *path, int mode), (path, mode), AT_FDCWD, path)
DEFINE_CALL (eaccess, (const char *path, int mode), (path, mode), AT_FDCWD, path)
DEFINE_CALL (faccessat, (int dirfd, const char *path, int mode, int flags),
             (dirfd, path, mode, flags), dirfd, path)
DEFINE_CALL (mkdir, (const char *path, mode_t mode), (path, mode), AT_FDCWD, path)
DEFINE_CALL (chdir, (const char *path), (path), AT_FDCWD, path)
DEFINE_CALL (execve, (const char *path, char *const argv[], char *const envp[]),
             (path, argv, envp), AT_FDCWD, path)

DEFINE_TYPED (ssize_t, readlink, (const char *restrict path, char *restrict buf, size_t size),
              (path, buf, size), AT_FDCWD, path)
DEFINE_TYPED (ssize_t, readlinkat,
              (int dirfd, const char *restrict path, char *restrict buf, size_t size),
              (dirfd, path, buf, size), dirfd, path)

/* The calls returning a pointer: NULL and ENOENT for a miss. */
#define DEFINE_POINTER(type, name, params, args, path)                                             \
  EXPORT type *name params                                                                         \
  {                                                                                                \
    static type *(*real) params;                                                                   \
    if (real == NULL && (real = next (#name)) == NULL)                                             \
      return errno = ENOSYS, NULL;                                                                 \
    type *r = real args;                                                                           \
    if (r == NULL && errno == ENOENT)                                                              \
      tell (AT_FDCWD, path);                                                                       \
    return r;                                                                                      \
  }
DEFINE_POINTER (FILE, fopen, (const char *restrict path, const char *restrict mode), (path, mode),
                path)
DEFINE_POINTER (FILE, fopen64, (const char *restrict path, const char *restrict mode), (path, mode),
                path)
DEFINE_POINTER (DIR, opendir, (const char *path), (path), path)

/* The two ways into a filter of the app's own: prctl (which also sets
 * no_new_privs first, as every such sandbox does) and seccomp(2), which
 * the C library has no wrapper for. */
EXPORT int
prctl (int option, ...)
{
  static int (*real) (int, ...);
  va_list ap;
  va_start (ap, option);
  unsigned long a2 = va_arg (ap, unsigned long), a3 = va_arg (ap, unsigned long);
  unsigned long a4 = va_arg (ap, unsigned long), a5 = va_arg (ap, unsigned long);
  va_end (ap);
  if (option == PR_SET_SECCOMP || option == PR_SET_NO_NEW_PRIVS)
    __atomic_store_n (&stood_down, 1, __ATOMIC_RELAXED);
  if (real == NULL && (real = next ("prctl")) == NULL)
    return errno = ENOSYS, -1;
  return real (option, a2, a3, a4, a5);
}

EXPORT long
syscall (long nr, ...)
{
  static long (*real) (long, ...);
  va_list ap;
  va_start (ap, nr);
  long a[6];
  for (int i = 0; i < 6; i++)
    a[i] = va_arg (ap, long);
  va_end (ap);
  if (nr == SYS_seccomp)
    __atomic_store_n (&stood_down, 1, __ATOMIC_RELAXED);
  if (real == NULL && (real = next ("syscall")) == NULL)
    return errno = ENOSYS, -1;
  return real (nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}
