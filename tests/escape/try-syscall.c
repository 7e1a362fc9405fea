/* try-syscall: attempt one system call (or one small attack) and say what
 * the kernel answered, so that each row of jail's seccomp table, and each
 * escape the sandbox must stop, has a test.
 *
 *   try-syscall NAME [ARG]   prints "NAME: ok" and exits 0, or
 *                            prints "NAME: EPERM" (the errno's name) and exits 1.
 *
 * Built twice where the compiler can: natively and with -m32 (i386 ABI,
 * syscalls through int 0x80 / the vDSO).  The "i386-*" attacks use int 0x80
 * from a 64-bit process, the classic way around a filter that only knows
 * x86-64; "x32-*" set the x32 bit on a 64-bit call.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/sched.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef TIOCLINUX
#define TIOCLINUX 0x541C
#endif

/* Prints "NAME: RESULT", or "NAME=ARG: RESULT" when there is an argument. */
static long
report (const char *name, const char *arg, long r)
{
  const char *e = r < 0 ? strerrorname_np (errno) : "ok";
  printf ("%s%s%s: %s\n", name, arg != NULL ? "=" : "", arg != NULL ? arg : "",
          e != NULL ? e : "unknown-errno");
  exit (r < 0 ? 1 : 0);
}

/* "/home…" running up to a page the process cannot read: no NUL. */
static const char *
path_before_hole (void)
{
  long page = sysconf (_SC_PAGESIZE);
  char *m = mmap (NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (m == MAP_FAILED || mprotect (m + page, page, PROT_NONE) < 0)
    exit (2);
  memset (m, 'a', page);
  memcpy (m + page - 64, "/home/", 6);
  return m + page - 64;
}

static const char *
huge_path (void)
{
  static char big[1 << 16];
  memset (big, 'a', sizeof big - 1);
  big[0] = '/';
  return big;
}

/* One thread flips a path between a file that is not granted (ARG) and
 * one that is missing, while the other opens it: whatever the report's
 * reader sees, the open is the kernel's and must never succeed. */
static char race_buf[4096];
static volatile int race_stop;

static void *
flip (void *target)
{
  while (!race_stop)
    {
      strcpy (race_buf, (const char *) target);
      strcpy (race_buf, "/nonexistent/jail-race");
    }
  return NULL;
}

static long
race_path (const char *target)
{
  pthread_t t;
  if (target == NULL || pthread_create (&t, NULL, flip, (void *) target) != 0)
    exit (2);
  int opened = 0;
  for (int i = 0; i < 2000; i++)
    {
      int fd = open (race_buf, O_RDONLY);
      if (fd >= 0)
        opened++, close (fd);
    }
  race_stop = 1;
  pthread_join (t, NULL);
  if (opened > 0)
    {
      printf ("path-race: opened %d times\n", opened);
      exit (0);
    }
  errno = ENOENT;
  return -1;
}

static long
load_own_filter (unsigned flags)
{
  struct sock_filter allow[] = { BPF_STMT (BPF_RET | BPF_K, SECCOMP_RET_ALLOW) };
  struct sock_fprog prog = { .len = 1, .filter = allow };
  if (prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
    return -1;
  long r = syscall (SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog);
  return r < 0 ? r : getpid () > 0 ? 0 : -1;
}

/* clone() with namespace flags, raw (glibc's wrapper wants a stack). */
static long
try_clone (unsigned long flags)
{
  long pid = syscall (SYS_clone, flags | SIGCHLD, 0, 0, 0, 0);
  if (pid == 0)
    _exit (0);
  if (pid > 0)
    waitpid ((pid_t) pid, NULL, 0);
  return pid < 0 ? -1 : 0;
}

#if defined(__x86_64__)
/* An i386 system call from this 64-bit process, through int 0x80.
 * Pointer arguments must lie below 4 GiB: use low_page(). */
static long
int80 (long nr, long a, long b, long c, long d, long e)
{
  long r;
  __asm__ volatile ("int $0x80"
                    : "=a"(r)
                    : "a"(nr), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e)
                    : "memory", "r8", "r9", "r10", "r11");
  if (r < 0 && r > -4096)
    {
      errno = (int) -r;
      return -1;
    }
  return r;
}

static char *
low_page (void)
{
  void *p = mmap (NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
  if (p == MAP_FAILED)
    {
      perror ("mmap");
      exit (2);
    }
  return p;
}
#endif

static long
connect_abstract (const char *name)
{
  struct sockaddr_un sa = { .sun_family = AF_UNIX };
  size_t len = strlen (name);
  if (len + 1 > sizeof sa.sun_path)
    len = sizeof sa.sun_path - 1;
  memcpy (sa.sun_path + 1, name, len);
  int fd = socket (AF_UNIX, SOCK_STREAM, 0);
  if (fd < 0)
    return -1;
  return connect (fd, (struct sockaddr *) &sa, (socklen_t) (offsetof (struct sockaddr_un, sun_path) + 1 + len));
}

/* Listen on an abstract socket and accept forever (the host side of the
 * abstract-socket test); prints "listening" once ready. */
static void
listen_abstract (const char *name)
{
  struct sockaddr_un sa = { .sun_family = AF_UNIX };
  size_t len = strlen (name);
  memcpy (sa.sun_path + 1, name, len);
  int fd = socket (AF_UNIX, SOCK_STREAM, 0);
  if (fd < 0 || bind (fd, (struct sockaddr *) &sa, (socklen_t) (offsetof (struct sockaddr_un, sun_path) + 1 + len)) < 0
      || listen (fd, 16) < 0)
    {
      perror ("listen-abstract");
      exit (2);
    }
  printf ("listening\n");
  fflush (stdout);
  for (;;)
    {
      int c = accept (fd, NULL, NULL);
      if (c >= 0)
        close (c);
    }
}

/* From /proc/PID/status: is the process locked down (Seccomp 2,
 * NoNewPrivs 1, CapEff 0)?  -1 if it is gone. */
static int
locked_down (int pid)
{
  char path[64], line[256];
  snprintf (path, sizeof path, "/proc/%d/status", pid);
  FILE *f = fopen (path, "re");
  if (f == NULL)
    return -1;
  int seccomp = -1, nnp = -1, capeff_zero = 0;
  while (fgets (line, sizeof line, f) != NULL)
    {
      sscanf (line, "Seccomp: %d", &seccomp);
      sscanf (line, "NoNewPrivs: %d", &nnp);
      if (strncmp (line, "CapEff:", 7) == 0)
        capeff_zero = strtoull (line + 7, NULL, 16) == 0;
    }
  fclose (f);
  return seccomp == 2 && nnp == 1 && capeff_zero;
}

/* Watch this pid namespace until the file `stop` exists (60 s at most):
 * at the first sight of each new process, read its lockdown and try to
 * ptrace it (as an attacker inside does against `jail enter`).  One line
 * per process, then a summary; an attach is "unlocked" if the tracee was
 * not locked down. */
static long
ptrace_race (const char *stop)
{
  static unsigned char seen[1 << 19]; /* pid_max is at most 2^22 */
  int fresh = 0, unlocked = 0, attached = 0, attached_unlocked = 0;
  time_t end = time (NULL) + 60;
  for (int round = 0; time (NULL) < end && access (stop, F_OK) != 0; round++)
    {
      DIR *d = opendir ("/proc");
      struct dirent *e;
      while (d != NULL && (e = readdir (d)) != NULL)
        {
          int pid = atoi (e->d_name);
          if (pid <= 0 || pid >= (1 << 22) || (seen[pid / 8] & (1 << (pid % 8))))
            continue;
          seen[pid / 8] |= (unsigned char) (1 << (pid % 8));
          if (round == 0)
            continue; /* there before us */
          int first = locked_down (pid);
          if (first < 0)
            continue;
          fresh++;
          unlocked += first == 0;
          int at_attach = -2;
          /* SEIZE + INTERRUPT: the same access check as ATTACH, without
           * a SIGSTOP that could outlive the detach and stop it for good. */
          if (ptrace (PTRACE_SEIZE, pid, NULL, NULL) == 0)
            {
              ptrace (PTRACE_INTERRUPT, pid, NULL, NULL);
              waitpid (pid, NULL, __WALL);
              at_attach = locked_down (pid);
              ptrace (PTRACE_DETACH, pid, NULL, NULL);
              attached++;
              attached_unlocked += at_attach == 0;
            }
          printf ("pid %d: locked at first sight %d, at attach %d\n", pid, first, at_attach);
        }
      if (d != NULL)
        closedir (d);
    }
  printf ("ptrace-race: new=%d unlocked=%d attached=%d attached-unlocked=%d\n", fresh, unlocked,
          attached, attached_unlocked);
  exit (0);
}

/* PID 1 from the app's first moment until it is jail-init, and a little
 * after (3 s at most): read its environment and try to ptrace it, again
 * and again.  Counted apart before and after /proc/1/comm names jail-init,
 * as "pid1-race: before=TRIES/READ/ATTACHED after=TRIES/READ/ATTACHED". */
static long
pid1_race (void)
{
  int tries[2] = { 0, 0 }, read_ok[2] = { 0, 0 }, attached[2] = { 0, 0 };
  int after_init = 0;
  time_t end = time (NULL) + 3;
  while (time (NULL) < end && after_init < 200)
    {
      char comm[32] = "";
      int fd = open ("/proc/1/comm", O_RDONLY);
      if (fd >= 0)
        {
          (void) !read (fd, comm, sizeof comm - 1);
          close (fd);
        }
      int phase = strncmp (comm, "jail-init", 9) == 0;
      after_init += phase;
      tries[phase]++;
      char env[64];
      fd = open ("/proc/1/environ", O_RDONLY);
      if (fd >= 0 && read (fd, env, sizeof env) >= 0)
        read_ok[phase]++;
      if (fd >= 0)
        close (fd);
      if (ptrace (PTRACE_SEIZE, 1, NULL, NULL) == 0)
        {
          attached[phase]++;
          ptrace (PTRACE_DETACH, 1, NULL, NULL);
        }
    }
  printf ("pid1-race: before=%d/%d/%d after=%d/%d/%d\n", tries[0], read_ok[0], attached[0], tries[1],
          read_ok[1], attached[1]);
  exit (0);
}

static long
try_one (const char *name, const char *arg)
{
  char c = 'x';
  long n = arg != NULL ? strtol (arg, NULL, 0) : 0;

  if (!strcmp (name, "tiocsti"))
    return ioctl (0, TIOCSTI, &c);
  if (!strcmp (name, "tiocsti-highbits"))
    /* CVE-2019-10063: the kernel truncates the command to 32 bits. */
    return syscall (SYS_ioctl, 0, (unsigned long) TIOCSTI | (sizeof (long) > 4 ? 1UL << 32 : 0), &c);
  if (!strcmp (name, "tioclinux"))
    {
      char sub = 2; /* TIOCL_SETSEL */
      return ioctl (0, TIOCLINUX, &sub);
    }
  if (!strcmp (name, "clone3"))
    {
      struct clone_args ca = { .exit_signal = SIGCHLD };
      long pid = syscall (SYS_clone3, &ca, sizeof ca);
      if (pid == 0)
        _exit (0);
      if (pid > 0)
        waitpid ((pid_t) pid, NULL, 0);
      return pid < 0 ? -1 : 0;
    }
  if (!strcmp (name, "open_tree"))
    return syscall (SYS_open_tree, AT_FDCWD, "/usr", 1 /* OPEN_TREE_CLONE */);
  if (!strcmp (name, "move_mount"))
    return syscall (SYS_move_mount, -1, "", AT_FDCWD, "/tmp", 0);
  if (!strcmp (name, "fsopen"))
    return syscall (SYS_fsopen, "tmpfs", 0);
  if (!strcmp (name, "fsconfig"))
    return syscall (SYS_fsconfig, -1, 0, NULL, NULL, 0);
  if (!strcmp (name, "fsmount"))
    return syscall (SYS_fsmount, -1, 0, 0);
  if (!strcmp (name, "fspick"))
    return syscall (SYS_fspick, AT_FDCWD, "/usr", 0);
  if (!strcmp (name, "mount_setattr"))
    return syscall (SYS_mount_setattr, AT_FDCWD, "/usr", 0, NULL, 0);
  if (!strcmp (name, "remount-rw"))
    return mount (NULL, arg ? arg : "/usr", NULL, MS_REMOUNT | MS_BIND, NULL);
  if (!strcmp (name, "mount-over"))
    return mount ("tmpfs", arg ? arg : "/usr", "tmpfs", 0, NULL);
  if (!strcmp (name, "umount"))
    return umount2 (arg ? arg : "/usr", MNT_DETACH);
  if (!strcmp (name, "pivot_root"))
    return syscall (SYS_pivot_root, "/tmp", "/tmp");
  if (!strcmp (name, "chroot"))
    return chroot ("/tmp");
  if (!strcmp (name, "unshare-user"))
    return unshare (CLONE_NEWUSER);
  if (!strcmp (name, "unshare-mount"))
    return unshare (CLONE_NEWNS);
  if (!strcmp (name, "unshare-net"))
    return unshare (CLONE_NEWNET);
  if (!strcmp (name, "unshare-files"))
    return unshare (CLONE_FILES | CLONE_FS);
  if (!strcmp (name, "process_vm_readv"))
    {
      char a[8], b[8];
      struct iovec l = { a, sizeof a }, r = { b, sizeof b };
      return syscall (SYS_process_vm_readv, getpid (), &l, 1, &r, 1, 0);
    }
  if (!strcmp (name, "pidfd_getfd"))
    {
      int pidfd = (int) syscall (SYS_pidfd_open, getpid (), 0);
      return pidfd < 0 ? -1 : syscall (SYS_pidfd_getfd, pidfd, 0, 0);
    }
  if (!strcmp (name, "setns"))
    {
      int fd = open ("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC);
      return fd < 0 ? -1 : setns (fd, 0);
    }
  if (!strcmp (name, "clone-newuser"))
    return try_clone (CLONE_NEWUSER);
  if (!strcmp (name, "clone-newnet"))
    return try_clone (CLONE_NEWNET);
  if (!strcmp (name, "clone"))
    return try_clone (0);
  if (!strcmp (name, "uname"))
    {
      struct utsname u;
      return uname (&u);
    }
  if (!strcmp (name, "keyctl"))
    return syscall (SYS_keyctl, 0 /* KEYCTL_GET_KEYRING_ID */, -3 /* session */, 0);
  if (!strcmp (name, "add_key"))
    return syscall (SYS_add_key, "user", "jail-test", "x", 1, -3);
  if (!strcmp (name, "request_key"))
    return syscall (SYS_request_key, "user", "jail-test", NULL, 0);
  if (!strcmp (name, "perf_event_open"))
    {
      char attr[128] = { 0 };
      uint32_t size = sizeof attr;
      memcpy (attr + 4, &size, 4);
      return syscall (SYS_perf_event_open, attr, 0, -1, -1, 0);
    }
  if (!strcmp (name, "ptrace-traceme"))
    return ptrace (PTRACE_TRACEME, 0, NULL, NULL);
  if (!strcmp (name, "ptrace-attach"))
    return ptrace (PTRACE_ATTACH, (pid_t) n, NULL, NULL);
  if (!strcmp (name, "pid1-race"))
    return pid1_race ();
  if (!strcmp (name, "ptrace-race"))
    return ptrace_race (arg != NULL ? arg : "/nonexistent");
  if (!strcmp (name, "kill"))
    return kill ((pid_t) n, 0);
  if (!strcmp (name, "personality"))
    return personality ((unsigned long) n);
  if (!strcmp (name, "kexec_load"))
    return syscall (SYS_kexec_load, 0, 0, NULL, 0);
  if (!strcmp (name, "init_module"))
    return syscall (SYS_init_module, NULL, 0, "");
  if (!strcmp (name, "finit_module"))
    return syscall (SYS_finit_module, -1, "", 0);
  if (!strcmp (name, "delete_module"))
    return syscall (SYS_delete_module, "jail_none", 0);
  if (!strcmp (name, "swapon"))
    return syscall (SYS_swapon, "/nonexistent", 0);
  if (!strcmp (name, "acct"))
    return syscall (SYS_acct, NULL);
  if (!strcmp (name, "quotactl"))
    return syscall (SYS_quotactl, 0, NULL, 0, NULL);
  if (!strcmp (name, "syslog"))
    return syscall (SYS_syslog, 10 /* SYSLOG_ACTION_SIZE_BUFFER */, NULL, 0);
  if (!strcmp (name, "bpf"))
    {
      char attr[128] = { 0 };
      return syscall (SYS_bpf, 0 /* BPF_MAP_CREATE */, attr, sizeof attr);
    }
  if (!strcmp (name, "userfaultfd"))
    return syscall (SYS_userfaultfd, O_CLOEXEC | 1 /* UFFD_USER_MODE_ONLY */);
  if (!strcmp (name, "open_by_handle_at"))
    {
      struct { unsigned int bytes; int type; unsigned char h[16]; } fh = { 8, 1, { 2, 0 } };
      return syscall (SYS_open_by_handle_at, AT_FDCWD, &fh, O_RDONLY);
    }
  if (!strcmp (name, "name_to_handle_at"))
    {
      struct { unsigned int bytes; int type; unsigned char h[128]; } fh = { 128, 0, { 0 } };
      int mnt;
      return syscall (SYS_name_to_handle_at, AT_FDCWD, "/", &fh, &mnt, 0);
    }
  if (!strcmp (name, "io_uring_setup"))
    {
      char params[120] = { 0 };
      return syscall (SYS_io_uring_setup, 4, params);
    }
  if (!strcmp (name, "modify_ldt"))
    {
      char buf[16];
      return syscall (SYS_modify_ldt, 0 /* read */, buf, sizeof buf);
    }
  if (!strcmp (name, "move_pages"))
    return syscall (SYS_move_pages, 0, 0, NULL, NULL, NULL, 0);
  if (!strcmp (name, "migrate_pages"))
    {
      unsigned long nodes = 1;
      return syscall (SYS_migrate_pages, 0, 8 * sizeof nodes, &nodes, &nodes);
    }
  if (!strcmp (name, "mbind"))
    return syscall (SYS_mbind, NULL, 0, 0 /* MPOL_DEFAULT */, NULL, 0, 0);
  if (!strcmp (name, "get_mempolicy"))
    {
      int mode;
      return syscall (SYS_get_mempolicy, &mode, NULL, 0, NULL, 0);
    }
  if (!strcmp (name, "set_mempolicy"))
    return syscall (SYS_set_mempolicy, 0 /* MPOL_DEFAULT */, NULL, 0);
  if (!strcmp (name, "set_mempolicy_home_node"))
    return syscall (450, 0, 0, 0, 0);
  if (!strcmp (name, "kcmp"))
    return syscall (SYS_kcmp, getpid (), getpid (), 0 /* KCMP_FILE */, 1, 1);
  if (!strcmp (name, "vhangup"))
    return syscall (SYS_vhangup);
  /* Newer than the C library's headers: the kernel's numbers, which since
   * 424 are the same on x86-64 and i386. */
  if (!strcmp (name, "statmount"))
    return syscall (457, NULL, NULL, 0, 0);
  if (!strcmp (name, "listmount"))
    return syscall (458, NULL, NULL, 0, 0);
  if (!strcmp (name, "open_tree_attr"))
    return syscall (467, AT_FDCWD, "/usr", 1 /* OPEN_TREE_CLONE */, NULL, 0);
  if (!strcmp (name, "socket"))
    return socket ((int) n, SOCK_DGRAM, 0);
  if (!strcmp (name, "socket-raw-family"))
    /* the family with high bits set: the kernel truncates it to an int */
    return syscall (SYS_socket, (unsigned long) n, SOCK_DGRAM, 0);
  if (!strcmp (name, "connect-abstract"))
    return connect_abstract (arg);
  if (!strcmp (name, "listen-abstract"))
    listen_abstract (arg);
  if (!strcmp (name, "open-write"))
    return open (arg, O_WRONLY | O_CLOEXEC);
  if (!strcmp (name, "open-read"))
    return open (arg, O_RDONLY | O_CLOEXEC);
  if (!strcmp (name, "create"))
    return open (arg, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
#if defined(__x86_64__)
  /* i386 numbers: ioctl 54, mount 21, unshare 310, keyctl 288, bpf 357,
   * userfaultfd 374, open_by_handle_at 342, io_uring_setup 425. */
  if (!strcmp (name, "i386-tiocsti"))
    {
      char *p = low_page ();
      *p = 'x';
      return int80 (54, 0, TIOCSTI, (long) (uintptr_t) p, 0, 0);
    }
  if (!strcmp (name, "i386-tioclinux"))
    {
      char *p = low_page ();
      *p = 2;
      return int80 (54, 0, TIOCLINUX, (long) (uintptr_t) p, 0, 0);
    }
  /* The direct socket(2) of i386 (359), not socketcall(2): its family is
   * in a register, where the filter can see it. */
  if (!strcmp (name, "i386-socket"))
    return int80 (359, n, SOCK_DGRAM, 0, 0, 0);
  if (!strcmp (name, "i386-modify_ldt"))
    {
      char *p = low_page ();
      return int80 (123, 0, (long) (uintptr_t) p, 16, 0, 0);
    }
  if (!strcmp (name, "i386-kcmp"))
    return int80 (349, getpid (), getpid (), 0, 1, 1);
  if (!strcmp (name, "i386-mbind"))
    return int80 (274, 0, 0, 0, 0, 0);
  if (!strcmp (name, "i386-vhangup"))
    return int80 (111, 0, 0, 0, 0, 0);
  if (!strcmp (name, "i386-open_tree_attr"))
    {
      char *p = low_page ();
      strcpy (p, "/usr");
      return int80 (467, AT_FDCWD, (long) (uintptr_t) p, 1, 0, 0);
    }
  if (!strcmp (name, "i386-getpid"))
    return int80 (20, 0, 0, 0, 0, 0);
  if (!strcmp (name, "i386-unshare-user"))
    return int80 (310, CLONE_NEWUSER, 0, 0, 0, 0);
  if (!strcmp (name, "i386-keyctl"))
    return int80 (288, 0, -3, 0, 0, 0);
  if (!strcmp (name, "i386-bpf"))
    {
      char *p = low_page ();
      memset (p, 0, 128);
      return int80 (357, 0, (long) (uintptr_t) p, 128, 0, 0);
    }
  if (!strcmp (name, "i386-userfaultfd"))
    return int80 (374, O_CLOEXEC, 0, 0, 0, 0);
  if (!strcmp (name, "i386-io_uring_setup"))
    {
      char *p = low_page ();
      memset (p, 0, 120);
      return int80 (425, 4, (long) (uintptr_t) p, 0, 0, 0);
    }
  if (!strcmp (name, "i386-mount"))
    {
      char *p = low_page ();
      strcpy (p, "/usr");
      return int80 (21, 0, (long) (uintptr_t) p, 0, MS_REMOUNT | MS_BIND, 0);
    }
  /* x32: the same x86-64 entry with bit 30 set in the number. */
  if (!strcmp (name, "x32-keyctl"))
    return syscall (0x40000000 | SYS_keyctl, 0, -3, 0);
  if (!strcmp (name, "x32-open_tree_attr"))
    return syscall (0x40000000 | 467, AT_FDCWD, "/usr", 1, NULL, 0);
  if (!strcmp (name, "x32-unshare-user"))
    return syscall (0x40000000 | SYS_unshare, CLONE_NEWUSER);
#endif
  /* Hostile paths for the report's reader (--learn): the kernel's answer
   * is what the app gets; the supervisor must survive them. */
  if (!strcmp (name, "path-unmapped"))
    return openat (AT_FDCWD, path_before_hole (), O_RDONLY);
  if (!strcmp (name, "path-bad-pointer"))
    return openat (AT_FDCWD, (const char *) 1, O_RDONLY);
  if (!strcmp (name, "path-huge"))
    return open (huge_path (), O_RDONLY);
  if (!strcmp (name, "path-race"))
    return race_path (arg);
  /* ARG looked up relative to a descriptor of $HOME, as fts and find walk
   * a tree: --learn does not see it (src/sandbox/seccomp.c). */
  if (!strcmp (name, "path-at-home-fd"))
    {
      int home = open (getenv ("HOME") != NULL ? getenv ("HOME") : "/", O_PATH | O_DIRECTORY);
      if (home < 0 || arg == NULL)
        exit (2);
      return openat (home, arg, O_RDONLY);
    }
  /* The app's own filter stacked on jail's (Chromium's sandbox does
   * this): allowed; one with a listener only where jail's has none. */
  if (!strcmp (name, "seccomp-stack"))
    return load_own_filter (0);
  if (!strcmp (name, "seccomp-listener"))
    return load_own_filter (SECCOMP_FILTER_FLAG_NEW_LISTENER);
  fprintf (stderr, "try-syscall: unknown attack '%s'\n", name);
  exit (2);
}

int
main (int argc, char **argv)
{
  if (argc < 2)
    {
      fprintf (stderr, "usage: try-syscall NAME [ARG]\n");
      return 2;
    }
  setvbuf (stdout, NULL, _IONBF, 0);
  const char *arg = argc > 2 ? argv[2] : NULL;
  report (argv[1], arg, try_one (argv[1], arg));
}
