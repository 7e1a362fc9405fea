/* jail-init without a C library, on the architectures below.
 *
 * jail-init must be static (src/meson.build says why), and a static glibc
 * costs ~650 kB even for a program that calls nine system calls: its
 * startup code brings stdio, locale and the dynamic loader's tables, and
 * the kernel's fault-around maps nearly all of those pages, so each
 * sandbox's PID 1 had ~690 kB of PSS of its own.  This header is included
 * ahead of every source of jail-init (-include): it takes the system
 * headers' types and constants, then replaces the few libc calls that
 * init.c, init-loop.c, signals.c and exit-status.c make by direct system
 * calls, so the same code is built as for the in-process init.
 *
 * Errors come back as a negative errno instead of -1 and errno: every
 * caller here only compares with 0 (or 1 for write).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <signal.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* The kernel's signal mask is 64 bits; glibc's sigset_t is larger, with
 * signals 1..64 in its first word, so its address serves for both. */
#define JAIL_KERNEL_SIGSET_SIZE 8

#if defined(__x86_64__)
static inline long
jail_syscall4 (long n, long a, long b, long c, long d)
{
  register long r10 __asm__ ("r10") = d;
  long ret;
  __asm__ volatile ("syscall"
                    : "=a" (ret)
                    : "a" (n), "D" (a), "S" (b), "d" (c), "r" (r10)
                    : "rcx", "r11", "memory");
  return ret;
}
#elif defined(__aarch64__)
static inline long
jail_syscall4 (long n, long a, long b, long c, long d)
{
  register long x8 __asm__ ("x8") = n;
  register long x0 __asm__ ("x0") = a;
  register long x1 __asm__ ("x1") = b;
  register long x2 __asm__ ("x2") = c;
  register long x3 __asm__ ("x3") = d;
  __asm__ volatile ("svc 0"
                    : "+r" (x0)
                    : "r" (x8), "r" (x1), "r" (x2), "r" (x3)
                    : "memory");
  return x0;
}
#else
#error "nolibc.h: no system call convention for this architecture (src/meson.build links glibc there)"
#endif

_Noreturn static inline void
jail_sys_exit (int status)
{
  jail_syscall4 (SYS_exit_group, status, 0, 0, 0);
  __builtin_unreachable ();
}

static inline ssize_t
jail_sys_write (int fd, const void *buf, size_t len)
{
  return jail_syscall4 (SYS_write, fd, (long) buf, (long) len, 0);
}

static inline ssize_t
jail_sys_read (int fd, void *buf, size_t len)
{
  return jail_syscall4 (SYS_read, fd, (long) buf, (long) len, 0);
}

static inline int
jail_sys_close (int fd)
{
  return (int) jail_syscall4 (SYS_close, fd, 0, 0, 0);
}

static inline int
jail_sys_prctl (int option, unsigned long a, unsigned long b, unsigned long c, unsigned long d)
{
  /* prctl takes five arguments; every call here leaves the last at 0. */
  (void) d;
  return (int) jail_syscall4 (SYS_prctl, option, (long) a, (long) b, (long) c);
}

static inline int
jail_sys_sigprocmask (int how, const sigset_t *set, sigset_t *old)
{
  return (int) jail_syscall4 (SYS_rt_sigprocmask, how, (long) set, (long) old,
                              JAIL_KERNEL_SIGSET_SIZE);
}

static inline int
jail_sys_sigwaitinfo (const sigset_t *set, siginfo_t *info)
{
  return (int) jail_syscall4 (SYS_rt_sigtimedwait, (long) set, (long) info, 0,
                              JAIL_KERNEL_SIGSET_SIZE);
}

static inline pid_t
jail_sys_waitpid (pid_t pid, int *status, int options)
{
  return (pid_t) jail_syscall4 (SYS_wait4, pid, (long) status, options, 0);
}

static inline int
jail_sys_kill (pid_t pid, int sig)
{
  return (int) jail_syscall4 (SYS_kill, pid, sig, 0, 0);
}

static inline int
jail_sys_sigemptyset (sigset_t *set)
{
  for (size_t i = 0; i < sizeof set->__val / sizeof set->__val[0]; i++)
    set->__val[i] = 0;
  return 0;
}

static inline int
jail_sys_sigaddset (sigset_t *set, int sig)
{
  const size_t bits = 8 * sizeof set->__val[0];
  set->__val[(size_t) (sig - 1) / bits] |= 1UL << ((size_t) (sig - 1) % bits);
  return 0;
}

#undef _exit
#undef write
#undef close
#undef prctl
#undef sigprocmask
#undef sigwaitinfo
#undef waitpid
#undef kill
#undef sigemptyset
#undef sigaddset
#define _exit jail_sys_exit
#define write jail_sys_write
#define read jail_sys_read
#define close jail_sys_close
#define prctl jail_sys_prctl
#define sigprocmask jail_sys_sigprocmask
#define sigwaitinfo jail_sys_sigwaitinfo
#define waitpid jail_sys_waitpid
#define kill jail_sys_kill
#define sigemptyset jail_sys_sigemptyset
#define sigaddset jail_sys_sigaddset
