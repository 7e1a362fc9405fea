/* The sandbox's half of the denial report's syscall part.
 *
 * With reporting on, the default filter's refusing rows return
 * SECCOMP_RET_USER_NOTIF instead of SECCOMP_RET_ERRNO: the kernel holds
 * the call and asks the filter's listener, the supervisor (a process of
 * its own outside the sandbox, src/report/supervisor.c), which records
 * the call and fails it with the errno the row would have returned.  The
 * app sees the same result; the call never runs.
 *
 * Nothing is loosened by this:
 * - an answer other than an error is never sent (no
 *   SECCOMP_USER_NOTIF_FLAG_CONTINUE for these rows);
 * - if the supervisor is gone, or the listener never reached it, the
 *   kernel fails the call with ENOSYS (a different errno, still refused);
 * - a stacked filter that refuses with SECCOMP_RET_ERRNO wins over
 *   USER_NOTIF (its precedence is higher), one that allows does not.
 *
 * Only one filter of a process may have a listener (the kernel answers
 * EBUSY to a second): an app that stacks its own filter with a listener
 * under ours fails to do so.  Plain stacked filters (Chromium's sandbox,
 * bwrap's --seccomp programs) work as before.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common/sync.h"
#include "sandbox/seccomp.h"

/* The rows libseccomp cannot express, the numbered rows, personality's
 * refused personas and the families of i386's direct socket(2), are
 * small classic-BPF filters stacked on the main one
 * (seccomp.c).  Only one filter of a process may have a listener, and a
 * filter without one cannot notify (the kernel answers ENOSYS), so with
 * reporting on the same checks run at the head of the main filter,
 * returning SECCOMP_RET_USER_NOTIF, and their stacked copies are left
 * out.  The main filter is libseccomp's program as it exports it: BPF
 * jumps are relative, so a head that falls through to its first
 * instruction changes nothing of it. */
#define HEAD_MAX 64

typedef enum { NEXT, TO_NOTIFY, TO_PERSONALITY, TO_SOCKET, TO_MAIN } Target;

typedef struct {
  struct sock_filter insn[HEAD_MAX];
  Target jt[HEAD_MAX], jf[HEAD_MAX];
  unsigned n;
} Head;

static void
emit (Head *h, uint16_t code, uint32_t k, Target jt, Target jf)
{
  g_assert (h->n < HEAD_MAX);
  h->insn[h->n] = (struct sock_filter) { .code = code, .k = k };
  h->jt[h->n] = jt;
  h->jf[h->n] = jf;
  h->n++;
}

static uint8_t
offset_to (unsigned from, unsigned to)
{
  g_assert (to > from && to - from - 1 <= 255);
  return (uint8_t) (to - from - 1);
}

/* One ABI's checks, with its syscall number loaded. */
static void
emit_abi (Head *h, const JailSpec *spec, bool i386)
{
  gsize n;
  const JailSeccompNumberedRow *rows = jail_seccomp_numbered_rows (&n);
  for (gsize i = 0; i < n; i++)
    if (!jail_seccomp_user_rule (spec, rows[i].name)) /* seccomp.c keeps the caller's rule */
      emit (h, BPF_JMP | BPF_JEQ | BPF_K, (uint32_t) (i386 ? rows[i].nr_i386 : rows[i].nr_x86_64),
            TO_NOTIFY, NEXT);
  if (!jail_seccomp_user_rule (spec, "personality"))
    emit (h, BPF_JMP | BPF_JEQ | BPF_K,
          i386 ? JAIL_SECCOMP_I386_PERSONALITY : JAIL_SECCOMP_X86_64_PERSONALITY, TO_PERSONALITY,
          NEXT);
  if (i386 && !jail_seccomp_user_rule (spec, "socket"))
    emit (h, BPF_JMP | BPF_JEQ | BPF_K, JAIL_SECCOMP_I386_SOCKET, TO_SOCKET, NEXT);
  emit (h, BPF_JMP | BPF_JA, 0, TO_MAIN, TO_MAIN);
}

static void
build_head (Head *h, const JailSpec *spec)
{
  h->n = 0;
#if !defined(__x86_64__)
  (void) spec; /* the stacked filters are x86 only (seccomp.c) */
  return;
#endif
  emit (h, BPF_LD | BPF_W | BPF_ABS, offsetof (struct seccomp_data, arch), NEXT, NEXT);
  unsigned to_i386 = h->n;
  emit (h, BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, NEXT, NEXT); /* jf patched below */
  /* x86-64 and x32: the same numbers, x32 with bit 30 set. */
  emit (h, BPF_LD | BPF_W | BPF_ABS, offsetof (struct seccomp_data, nr), NEXT, NEXT);
  emit (h, BPF_ALU | BPF_AND | BPF_K, ~JAIL_SECCOMP_X32_BIT, NEXT, NEXT);
  emit_abi (h, spec, false);
  h->insn[to_i386].jf = offset_to (to_i386, h->n);
  emit (h, BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_I386, NEXT, TO_MAIN);
  emit (h, BPF_LD | BPF_W | BPF_ABS, offsetof (struct seccomp_data, nr), NEXT, NEXT);
  emit_abi (h, spec, true);
  /* socket(arg0) and personality(arg0), arg0 on the 32 bits the kernel
   * reads (little-endian). */
  unsigned socket_check = h->n;
  emit (h, BPF_LD | BPF_W | BPF_ABS, offsetof (struct seccomp_data, args[0]), NEXT, NEXT);
  for (gsize i = 0; i < G_N_ELEMENTS (jail_seccomp_allowed_families); i++)
    emit (h, BPF_JMP | BPF_JEQ | BPF_K, (uint32_t) jail_seccomp_allowed_families[i], TO_MAIN, NEXT);
  emit (h, BPF_JMP | BPF_JA, 0, TO_NOTIFY, TO_NOTIFY);
  unsigned personality = h->n;
  emit (h, BPF_LD | BPF_W | BPF_ABS, offsetof (struct seccomp_data, args[0]), NEXT, NEXT);
  for (gsize i = 0; i < G_N_ELEMENTS (jail_seccomp_allowed_personas); i++)
    emit (h, BPF_JMP | BPF_JEQ | BPF_K, jail_seccomp_allowed_personas[i], TO_MAIN, NEXT);
  unsigned notify = h->n;
  emit (h, BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF, NEXT, NEXT);
  unsigned main_start = h->n;
  for (unsigned i = 0; i < h->n; i++)
    {
      const unsigned to[] = { [TO_NOTIFY] = notify, [TO_PERSONALITY] = personality,
                              [TO_SOCKET] = socket_check, [TO_MAIN] = main_start };
      if (BPF_CLASS (h->insn[i].code) != BPF_JMP)
        continue;
      if (BPF_OP (h->insn[i].code) == BPF_JA)
        h->insn[i].k = offset_to (i, to[h->jt[i]]);
      else
        {
          if (h->jt[i] != NEXT)
            h->insn[i].jt = offset_to (i, to[h->jt[i]]);
          if (h->jf[i] != NEXT)
            h->insn[i].jf = offset_to (i, to[h->jf[i]]);
        }
    }
}

/* libseccomp's program for the filter, as the kernel would get it. */
static struct sock_filter *
export_program (scmp_filter_ctx filter, unsigned *ret_len, int *ret_err)
{
  int fd = memfd_create ("jail-seccomp", MFD_CLOEXEC);
  if (fd < 0)
    return *ret_err = errno, NULL;
  int r = seccomp_export_bpf (filter, fd);
  struct stat st;
  if (r < 0 || fstat (fd, &st) < 0 || st.st_size == 0 || st.st_size % sizeof (struct sock_filter))
    {
      *ret_err = r < 0 ? -r : EINVAL;
      close (fd);
      return NULL;
    }
  struct sock_filter *prog = g_malloc ((gsize) st.st_size);
  ssize_t n = pread (fd, prog, (size_t) st.st_size, 0);
  close (fd);
  if (n != st.st_size)
    {
      g_free (prog);
      return *ret_err = EIO, NULL;
    }
  *ret_len = (unsigned) (st.st_size / (off_t) sizeof (struct sock_filter));
  return prog;
}

unsigned
jail_seccomp_with_report_head (const JailSpec *spec, const struct sock_filter *main_prog,
                               unsigned len, struct sock_filter *prog)
{
  Head h;
  build_head (&h, spec);
  if (h.n + len > BPF_MAXINSNS)
    return 0;
  memcpy (prog, h.insn, h.n * sizeof *prog);
  memcpy (prog + h.n, main_prog, len * sizeof *prog);
  return h.n + len;
}

/* With reporting on: the main filter's program (libseccomp's, or its
 * precompiled copy) with the head above, loaded with a listener, which
 * goes to the supervisor.  0, or -errno when the kernel refuses the
 * program (the caller then compiles it at run time, as without
 * reporting); any other failure fails the sandbox. */
int
sandbox_seccomp_load_notify_program (SandboxCtx *ctx, const struct sock_filter *main_prog,
                                     unsigned main_len)
{
  /* Not allocated: the app, which loads it, runs in PID 1's memory
   * (exec.c), where the allocator's first use costs page faults
   * (environ.c). */
  static struct sock_filter prog[BPF_MAXINSNS];
  unsigned len = jail_seccomp_with_report_head (ctx->spec, main_prog, main_len, prog);
  if (len == 0)
    sandbox_fail (ctx, "seccomp: load filter", "too long", E2BIG);
  struct sock_fprog fprog = { .len = (unsigned short) len, .filter = prog };
  /* What seccomp_load() does first: no filter without no_new_privs. */
  if (prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
    sandbox_fail (ctx, "seccomp: no_new_privs", "", errno);
  int fd = (int) syscall (SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER,
                          &fprog);
  if (fd < 0)
    return -errno;
  sandbox_seccomp_send_listener (ctx, fd);
  return 0;
}

/* The same, instead of seccomp_load() for libseccomp's filter. */
void
sandbox_seccomp_load_notify (SandboxCtx *ctx, void *filter)
{
  unsigned main_len = 0;
  int err = 0;
  g_autofree struct sock_filter *main_prog = export_program (filter, &main_len, &err);
  if (main_prog == NULL)
    sandbox_fail (ctx, "seccomp: export filter", "", err);
  int r = sandbox_seccomp_load_notify_program (ctx, main_prog, main_len);
  if (r < 0)
    sandbox_fail (ctx, "seccomp: load filter", "", -r);
}

/* The listener goes to the monitor, which hands it to the supervisor;
 * the sandbox keeps no copy (an app holding it could answer its own
 * refused calls). */
void
sandbox_seccomp_send_listener (SandboxCtx *ctx, int fd)
{
  if (fd < 0)
    sandbox_fail (ctx, "seccomp: notification fd", "", -fd);
  SyncMsg msg;
  memset (&msg, 0, sizeof msg);
  msg.type = SYNC_SECCOMP_LISTENER;
  int r = sync_send_fd (ctx->sync_fd, &msg, fd);
  close (fd);
  if (r < 0)
    sandbox_fail (ctx, "seccomp: send notification fd", "", -r);
}
