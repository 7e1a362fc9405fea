/* The least a sandbox like startup.sh's bwrap command can cost: the same
 * namespaces, the same mounts and the same seccomp program, set up by the
 * shortest C program, with no option parsing, no checks beyond failing
 * loudly, no monitor and no report.  startup.sh runs it beside jail and
 * bwrap, so that a start's time can be read against what the kernel's
 * part of it alone takes on the machine at hand.  Not part of jail.
 *
 * Usage: floor [-s FILTER.bpf] PROGRAM [ARGS...]   (PROGRAM by full path)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#define _GNU_SOURCE
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define NEWROOT "/tmp/newroot"

static void
write_file (const char *path, const char *text)
{
  int fd = open (path, O_WRONLY | O_CLOEXEC);
  if (fd < 0 || write (fd, text, strlen (text)) != (ssize_t) strlen (text))
    err (125, "write %s", path);
  close (fd);
}

static void
map_ids (uid_t uid, gid_t gid)
{
  char line[64];
  write_file ("/proc/self/setgroups", "deny");
  snprintf (line, sizeof line, "%u %u 1\n", uid, uid);
  write_file ("/proc/self/uid_map", line);
  snprintf (line, sizeof line, "%u %u 1\n", gid, gid);
  write_file ("/proc/self/gid_map", line);
}

static void
mount_or_die (const char *src, const char *dst, const char *type, unsigned long flags,
              const char *data)
{
  if (mount (src, dst, type, flags, data) < 0)
    err (125, "mount %s", dst);
}

static void
make_dir (const char *path)
{
  if (mkdir (path, 0755) < 0)
    err (125, "mkdir %s", path);
}

/* bwrap's --ro-bind: a recursive bind, then a read-only remount. */
static void
ro_bind (const char *src, const char *dst)
{
  make_dir (dst);
  mount_or_die (src, dst, NULL, MS_BIND | MS_REC, NULL);
  mount_or_die (NULL, dst, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL);
}

/* The host's /bin, /lib... links, as startup.sh gives them to bwrap. */
static void
copy_links (void)
{
  static const char *const links[] = { "bin", "lib", "lib32", "lib64", "libx32", "sbin" };
  for (size_t i = 0; i < sizeof links / sizeof links[0]; i++)
    {
      char host[64], target[256], inside[128];
      snprintf (host, sizeof host, "/%s", links[i]);
      ssize_t n = readlink (host, target, sizeof target - 1);
      if (n < 0)
        continue;
      target[n] = '\0';
      snprintf (inside, sizeof inside, NEWROOT "/%s", links[i]);
      if (symlink (target, inside) < 0)
        err (125, "symlink %s", inside);
    }
}

/* bwrap's --dev: a tmpfs with the harmless nodes bound from the host, a
 * private devpts and the usual links. */
static void
make_dev (void)
{
  static const char *const nodes[] = { "null", "zero", "full", "random", "urandom", "tty" };
  make_dir (NEWROOT "/dev");
  mount_or_die ("tmpfs", NEWROOT "/dev", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755");
  for (size_t i = 0; i < sizeof nodes / sizeof nodes[0]; i++)
    {
      char host[64], inside[128];
      snprintf (host, sizeof host, "/dev/%s", nodes[i]);
      snprintf (inside, sizeof inside, NEWROOT "/dev/%s", nodes[i]);
      int fd = open (inside, O_CREAT | O_WRONLY | O_CLOEXEC, 0444);
      if (fd < 0)
        err (125, "create %s", inside);
      close (fd);
      mount_or_die (host, inside, NULL, MS_BIND, NULL);
    }
  static const char *const links[][2] = { { "/proc/self/fd/0", "stdin" },
                                          { "/proc/self/fd/1", "stdout" },
                                          { "/proc/self/fd/2", "stderr" },
                                          { "/proc/self/fd", "fd" },
                                          { "/proc/kcore", "core" },
                                          { "pts/ptmx", "ptmx" } };
  for (size_t i = 0; i < sizeof links / sizeof links[0]; i++)
    {
      char inside[128];
      snprintf (inside, sizeof inside, NEWROOT "/dev/%s", links[i][1]);
      if (symlink (links[i][0], inside) < 0)
        err (125, "symlink %s", inside);
    }
  make_dir (NEWROOT "/dev/shm");
  make_dir (NEWROOT "/dev/pts");
  mount_or_die ("devpts", NEWROOT "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC,
                "newinstance,ptmxmode=0666,mode=620");
}

static void
mount_tmpfs (const char *path)
{
  make_dir (path);
  mount_or_die ("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755");
}

static void
loopback_up (void)
{
  int s = socket (AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  struct ifreq ifr;
  memset (&ifr, 0, sizeof ifr);
  strcpy (ifr.ifr_name, "lo");
  if (s < 0 || ioctl (s, SIOCGIFFLAGS, &ifr) < 0)
    err (125, "loopback");
  ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
  if (ioctl (s, SIOCSIFFLAGS, &ifr) < 0)
    err (125, "loopback up");
  close (s);
}

static void
build_root (uid_t uid)
{
  const char *home = getenv ("HOME");
  char path[512];
  mount_or_die (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL);
  mount_or_die ("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, NULL);
  make_dir (NEWROOT);
  mount_or_die ("tmpfs", NEWROOT, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755");
  ro_bind ("/usr", NEWROOT "/usr");
  ro_bind ("/etc", NEWROOT "/etc");
  copy_links ();
  make_dir (NEWROOT "/proc");
  mount_or_die ("proc", NEWROOT "/proc", "proc", MS_NOSUID | MS_NOEXEC | MS_NODEV, NULL);
  make_dev ();
  mount_tmpfs (NEWROOT "/tmp");
  mount_tmpfs (NEWROOT "/run");
  make_dir (NEWROOT "/run/user");
  snprintf (path, sizeof path, NEWROOT "/run/user/%u", uid);
  make_dir (path);
  if (home != NULL && strncmp (home, "/home/", 6) == 0 && strchr (home + 6, '/') == NULL)
    {
      make_dir (NEWROOT "/home");
      snprintf (path, sizeof path, NEWROOT "%s", home);
      mount_tmpfs (path);
    }
  if (chdir (NEWROOT) < 0 || syscall (SYS_pivot_root, ".", ".") < 0)
    err (125, "pivot_root");
  if (umount2 (".", MNT_DETACH) < 0 || chdir ("/") < 0)
    err (125, "umount old root");
}

/* The program is read before the host's files go out of view, as bwrap
 * reads its --seccomp FD; it is loaded by the app just before its exec. */
static struct sock_filter filter_insn[4096];
static unsigned short filter_len;

static void
read_filter (const char *file)
{
  int fd = open (file, O_RDONLY | O_CLOEXEC);
  ssize_t n = fd < 0 ? -1 : read (fd, filter_insn, sizeof filter_insn);
  if (n <= 0 || n % sizeof filter_insn[0] != 0)
    err (125, "read %s", file);
  close (fd);
  filter_len = (unsigned short) (n / sizeof filter_insn[0]);
}

static void
load_filter (void)
{
  struct sock_fprog prog = { .len = filter_len, .filter = filter_insn };
  if (prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0
      || prctl (PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) < 0)
    err (125, "seccomp");
}

static int
wait_status (pid_t pid)
{
  int status;
  while (waitpid (pid, &status, 0) < 0)
    if (errno != EINTR)
      err (125, "waitpid");
  return WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
}

/* PID 1: fork the program, wait for it, and end with its status. */
static _Noreturn void
run_init (char **argv)
{
  pid_t app = fork ();
  if (app < 0)
    err (125, "fork");
  if (app == 0)
    {
      if (filter_len > 0)
        load_filter ();
      execv (argv[0], argv);
      err (127, "exec %s", argv[0]);
    }
  exit (wait_status (app));
}

int
main (int argc, char **argv)
{
  int first = 1;
  if (argc > 2 && strcmp (argv[1], "-s") == 0)
    {
      read_filter (argv[2]);
      first = 3;
    }
  if (first >= argc)
    errx (125, "usage: floor [-s FILTER.bpf] PROGRAM [ARGS...]");
  uid_t uid = getuid ();
  gid_t gid = getgid ();
  int flags = CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC
              | CLONE_NEWUTS | CLONE_NEWCGROUP;
  pid_t child = (pid_t) syscall (SYS_clone, flags | SIGCHLD, NULL, NULL, NULL, NULL);
  if (child < 0)
    err (125, "clone");
  if (child == 0)
    {
      map_ids (uid, gid);
      build_root (uid);
      loopback_up ();
      run_init (argv + first);
    }
  return wait_status (child);
}
