/* The denial report's failed lookups (src/report/lookups-preload.c says
 * why a preloaded library): its directory on the sandbox's own root
 * tmpfs, the library in it for each platform a program may have, the
 * socket it tells, handed to the monitor, and LD_PRELOAD.
 *
 * Best effort: where the directory cannot be made the sandbox's own (a
 * bound or mounted /run, a --rootfs without one), the report goes without
 * the paths, as it does for static programs.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "common/helper.h"
#include "common/sync.h"
#include "report/lookups.h"
#include "sandbox/mount-util.h"
#include "sandbox/sandbox.h"

/* $PLATFORM as ld.so spells it for this machine's programs: AT_PLATFORM,
 * or glibc's own name for the CPU (before glibc 2.37: haswell, xeon_phi),
 * and for its 32-bit ones, whose library is the host's empty libdl. */
#if defined(__x86_64__)
static const char *const native_platforms[] = { "x86_64", "haswell", "xeon_phi" };
static const char *const compat_platforms[] = { "i686", "i586", "i486", "i386" };
static const char *const compat_libraries[] = { "/usr/lib32/libdl.so.2",
                                                "/usr/lib/i386-linux-gnu/libdl.so.2" };
#elif defined(__aarch64__)
static const char *const native_platforms[] = { "aarch64" };
static const char *const compat_platforms[] = { "v8l", "v7l" };
static const char *const compat_libraries[] = { "/usr/lib/arm-linux-gnueabihf/libdl.so.2" };
#else
static const char *const native_platforms[] = { NULL };
static const char *const compat_platforms[] = { NULL };
static const char *const compat_libraries[] = { NULL };
#endif
#define N_OF(a) (sizeof (a) / sizeof (a)[0])

static bool
wants_lookups (const SandboxCtx *ctx)
{
  return jail_spec_reports_lookups (ctx->spec) && native_platforms[0] != NULL
         && (jail_spec_get_namespaces (ctx->spec) & JAIL_NS_MOUNT);
}

int
sandbox_open_lookups_library (const SandboxCtx *ctx)
{
  return wants_lookups (ctx) ? jail_helper_open_program (JAIL_LOOKUPS_LIBRARY) : -1;
}

static bool
same_mount (int a, int b)
{
  struct statx x, y;
  return statx (a, "", AT_EMPTY_PATH, STATX_MNT_ID, &x) == 0
         && statx (b, "", AT_EMPTY_PATH, STATX_MNT_ID, &y) == 0 && (x.stx_mask & STATX_MNT_ID)
         && (y.stx_mask & STATX_MNT_ID) && x.stx_mnt_id == y.stx_mnt_id;
}

/* JAIL_LOOKUPS_DIR, made now on the root tmpfs: a directory of the
 * sandbox's own, never one a bind brought from the host.  Its fd or -1. */
static int
make_directory (const SandboxCtx *ctx)
{
  const int flags = O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
  int pfd = openat (ctx->newroot_fd, JAIL_LOOKUPS_PARENT, flags);
  int fd = -1;
  if (pfd >= 0 && same_mount (pfd, ctx->newroot_fd) && mkdirat (pfd, JAIL_LOOKUPS_NAME, 0755) == 0)
    fd = openat (pfd, JAIL_LOOKUPS_NAME, flags);
  if (pfd >= 0)
    close (pfd);
  return fd;
}

/* Each platform's directory: the first for the library, the others
 * links to it.  The first's fd, or -1. */
static int
make_platform_directories (int dir, const char *const *platforms, size_t n)
{
  if (mkdirat (dir, platforms[0], 0755) < 0)
    return -1;
  for (size_t i = 1; i < n; i++)
    symlinkat (platforms[0], dir, platforms[i]);
  return openat (dir, platforms[0], O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

static bool
bind_library (const SandboxCtx *ctx, int dir, int library)
{
  int pdir = make_platform_directories (dir, native_platforms, N_OF (native_platforms));
  if (pdir < 0)
    return false;
  int dest = openat (pdir, JAIL_LOOKUPS_LIBRARY, O_CREAT | O_EXCL | O_RDONLY | O_CLOEXEC, 0644);
  bool ok = dest >= 0
            && mu_bind (&ctx->mount, library, dest, MU_RDONLY | MU_NOSUID | MU_NODEV) == 0;
  if (dest >= 0)
    close (dest);
  close (pdir);
  return ok;
}

static void
link_compat_library (int dir, const char *path)
{
  int pdir = make_platform_directories (dir, compat_platforms, N_OF (compat_platforms));
  if (pdir < 0)
    return;
  symlinkat (path, pdir, JAIL_LOOKUPS_LIBRARY);
  close (pdir);
}

/* The host's 32-bit libdl, where it has one (and so runs 32-bit
 * programs): as it is seen in the sandbox's /usr, if it is. */
static const char *
compat_library (const SandboxCtx *ctx)
{
  for (size_t i = 0; i < N_OF (compat_libraries) && compat_libraries[i] != NULL; i++)
    if (faccessat (ctx->newroot_fd, compat_libraries[i] + 1, R_OK, 0) == 0)
      return compat_libraries[i];
  return NULL;
}

/* The socket, bound in the directory (through its fd: the one made and
 * checked above), to the monitor; 0 or -errno. */
static int
hand_over_socket (const SandboxCtx *ctx, int dir)
{
  int fd = socket (AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return -errno;
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  char dir_path[64];
  snprintf (addr.sun_path, sizeof addr.sun_path, "%s/%s",
            mu_fd_path (&ctx->mount, dir, dir_path, sizeof dir_path), JAIL_LOOKUPS_SOCKET_NAME);
  int r = bind (fd, (struct sockaddr *) &addr, sizeof addr) < 0 ? -errno : 0;
  if (r == 0)
    {
      /* Every process of the sandbox may tell it (its owner is the
       * sandbox's user, the mode the umask's). */
      fchmodat (dir, JAIL_LOOKUPS_SOCKET_NAME, 0666, 0);
      SyncMsg msg;
      memset (&msg, 0, sizeof msg);
      msg.type = SYNC_LOOKUPS;
      r = sync_send_fd (ctx->sync_fd, &msg, fd);
    }
  close (fd);
  return r;
}

/* After the command's own LD_PRELOAD, if it has one; in storage of ours
 * (environ.c says why), or, for a preload list longer than a path, GLib's. */
static void
set_preload (SandboxCtx *ctx)
{
  static char entry[JAIL_PATH_MAX];
  const char *was = g_environ_getenv (ctx->envp, "LD_PRELOAD");
  if (was == NULL)
    was = "";
  const char *sep = was[0] != '\0' ? ":" : "";
  if (strlen ("LD_PRELOAD=") + strlen (was) + strlen (sep) + strlen (JAIL_LOOKUPS_PRELOAD)
      < sizeof entry)
    stpcpy (stpcpy (stpcpy (stpcpy (entry, "LD_PRELOAD="), was), sep), JAIL_LOOKUPS_PRELOAD);
  sandbox_environ_put (ctx, entry[0] != '\0' ? entry
                                              : g_strconcat ("LD_PRELOAD=", was, sep,
                                                             JAIL_LOOKUPS_PRELOAD, NULL));
}

void
sandbox_prepare_lookups (SandboxCtx *ctx, int library)
{
  if (library < 0)
    return;
  int dir = make_directory (ctx);
  if (dir >= 0 && bind_library (ctx, dir, library) && hand_over_socket (ctx, dir) == 0)
    {
      const char *compat = compat_platforms[0] != NULL ? compat_library (ctx) : NULL;
      if (compat != NULL)
        link_compat_library (dir, compat);
      set_preload (ctx);
    }
  if (dir >= 0)
    close (dir);
  close (library);
}
