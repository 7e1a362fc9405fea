/* The default syscall filter, as a table: each row says which call, what
 * it gets instead of running, on which argument, and why.
 *
 * The filter is a deny list on top of the namespaces: everything below is
 * either a way out of the sandbox (TIOCSTI, the mount calls), a kernel
 * interface with a long record of privilege escalations that ordinary apps
 * never use (bpf, userfaultfd, perf_event_open, io_uring, keyrings), or a
 * host-wide administrative call (kexec, modules, swap, reboot).
 *
 * ENOSYS where libc (or the app) has a fallback and would otherwise take
 * EPERM as a hard error: clone3 → clone, the new mount API → mount(2)
 * (which is then refused), io_uring → plain syscalls.  EPERM elsewhere, as
 * the kernel itself answers an unprivileged caller.
 *
 * Every ABI the kernel lets an x86-64 process use is in the filter: the
 * native one, i386 through int 0x80 (or sysenter), and x32 (most kernels
 * refuse x32 anyway; if this one accepts it, the same rows apply).  A
 * process on any other ABI is killed: libseccomp's default for an
 * architecture that is not in the filter.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/sched.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <seccomp.h>
#include <stdbool.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/socket.h>

#include "sandbox/sandbox.h"
#include "sandbox/seccomp.h"

#ifndef TIOCLINUX
#define TIOCLINUX 0x541C
#endif
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

/* When a row applies. */
typedef enum {
  ALWAYS,
  UNLESS_USERNS, /* lifted by --allow-userns */
  UNLESS_PTRACE, /* lifted by --allow-ptrace */
} RowWhen;

typedef enum {
  NO_ARG,
  /* (arg & mask) == value: with mask 0xffffffff, a 64-bit argument whose
   * high bits are set still matches, as the kernel ignores them for an
   * unsigned int parameter (CVE-2019-10063: flatpak compared all 64 bits). */
  ARG_MASKED_EQ,
  ARG_PERSONALITY, /* argument 0 outside the allowed personas */
  ARG_FAMILY,      /* argument 0 outside jail_seccomp_allowed_families */
} RowArg;

typedef struct {
  const char *syscall;
  int err;           /* the errno the caller gets */
  RowArg arg_kind;
  unsigned arg;      /* which argument, for ARG_MASKED_EQ */
  scmp_datum_t mask;
  scmp_datum_t value;
  RowWhen when;
  const char *reason;
} SeccompRow;

#define ANY NO_ARG, 0, 0, 0
#define MASKED(n, mask, value) ARG_MASKED_EQ, n, mask, value
#define BIT(n, flag) ARG_MASKED_EQ, n, flag, flag

static const SeccompRow default_rows[] = {
  /* Terminal injection: a sandboxed app that shares the caller's tty
   * could push characters into the shell's input queue, to be run after it
   * exits.  Blocking the two ioctls keeps job control (no setsid needed). */
  { "ioctl", EPERM, MASKED (1, 0xffffffffu, TIOCSTI), ALWAYS,
    "CVE-2017-5226 (bwrap), CVE-2019-10063 (flatpak, 64-bit compare): TIOCSTI types into the caller's terminal" },
  { "ioctl", EPERM, MASKED (1, 0xffffffffu, TIOCLINUX), ALWAYS,
    "CVE-2023-28100 (flatpak): TIOCLINUX copies/pastes on a virtual console, same injection" },

  /* The new mount API and clone3: flatpak CVE-2021-41133.  clone3 keeps
   * its flags in memory, where no filter can see CLONE_NEWUSER; ENOSYS
   * makes glibc fall back to clone(2), which is filtered below. */
  { "clone3", ENOSYS, ANY, ALWAYS, "CVE-2021-41133: flags in memory, unfilterable; glibc falls back to clone" },
  { "open_tree", ENOSYS, ANY, ALWAYS, "CVE-2021-41133: new mount API bypassed the mount(2) rule" },
  { "move_mount", ENOSYS, ANY, ALWAYS, "CVE-2021-41133: new mount API" },
  { "fsopen", ENOSYS, ANY, ALWAYS, "CVE-2021-41133: new mount API" },
  { "fsconfig", ENOSYS, ANY, ALWAYS, "CVE-2021-41133: new mount API" },
  { "fsmount", ENOSYS, ANY, ALWAYS, "CVE-2021-41133: new mount API" },
  { "fspick", ENOSYS, ANY, ALWAYS, "CVE-2021-41133: new mount API" },
  { "mount_setattr", ENOSYS, ANY, ALWAYS, "CVE-2021-41133: new mount API (would make ro binds rw in a nested userns)" },

  /* Reshaping the filesystem view: with caps dropped these fail anyway,
   * in a nested user namespace they would not. */
  { "mount", EPERM, ANY, ALWAYS, "remount a read-only bind read-write, mount over binds" },
  { "umount", EPERM, ANY, ALWAYS, "uncover what a bind hides (i386 only)" },
  { "umount2", EPERM, ANY, ALWAYS, "uncover what a bind hides" },
  { "pivot_root", EPERM, ANY, ALWAYS, "change the root" },
  { "chroot", EPERM, ANY, UNLESS_USERNS, "change the root (browsers' own sandboxes chroot: lifted by --allow-userns)" },

  /* New namespaces: each new user namespace gives back a full set of
   * capabilities over a fresh set of kernel objects, the entry point of a
   * long line of local root exploits. */
  { "unshare", EPERM, BIT (0, CLONE_NEWUSER), UNLESS_USERNS, "nested user namespace: kernel attack surface" },
  { "unshare", EPERM, BIT (0, CLONE_NEWNS), UNLESS_USERNS, "new mount namespace" },
  { "unshare", EPERM, BIT (0, CLONE_NEWPID), UNLESS_USERNS, "new pid namespace" },
  { "unshare", EPERM, BIT (0, CLONE_NEWNET), UNLESS_USERNS, "new net namespace" },
  { "unshare", EPERM, BIT (0, CLONE_NEWUTS), UNLESS_USERNS, "new uts namespace" },
  { "unshare", EPERM, BIT (0, CLONE_NEWIPC), UNLESS_USERNS, "new ipc namespace" },
  { "unshare", EPERM, BIT (0, CLONE_NEWCGROUP), UNLESS_USERNS, "new cgroup namespace" },
  { "unshare", EPERM, BIT (0, CLONE_NEWTIME), UNLESS_USERNS, "new time namespace" },
  { "setns", EPERM, ANY, UNLESS_USERNS, "join other namespaces" },
  { "clone", EPERM, BIT (0, CLONE_NEWUSER), UNLESS_USERNS, "nested user namespace" },
  { "clone", EPERM, BIT (0, CLONE_NEWNS), UNLESS_USERNS, "new mount namespace" },
  { "clone", EPERM, BIT (0, CLONE_NEWPID), UNLESS_USERNS, "new pid namespace" },
  { "clone", EPERM, BIT (0, CLONE_NEWNET), UNLESS_USERNS, "new net namespace" },
  { "clone", EPERM, BIT (0, CLONE_NEWUTS), UNLESS_USERNS, "new uts namespace" },
  { "clone", EPERM, BIT (0, CLONE_NEWIPC), UNLESS_USERNS, "new ipc namespace" },
  { "clone", EPERM, BIT (0, CLONE_NEWCGROUP), UNLESS_USERNS, "new cgroup namespace" },

  /* Kernel keyrings are not namespaced: keys leak between sandboxes of
   * the same user, and keyctl has had its share of bugs. */
  { "keyctl", EPERM, ANY, ALWAYS, "keyrings are not namespaced (flatpak)" },
  { "add_key", EPERM, ANY, ALWAYS, "keyrings are not namespaced" },
  { "request_key", EPERM, ANY, ALWAYS, "keyrings are not namespaced" },

  { "perf_event_open", EPERM, ANY, ALWAYS, "side channels and many kernel bugs (CVE-2013-2094, CVE-2023-6931)" },

  /* 16-bit segments: only DOS emulators and old Wine use them; the LDT
   * code behind them was a long source of kernel bugs and leaks (flatpak
   * refuses it too). */
  { "modify_ldt", EPERM, ANY, ALWAYS, "x86 LDT: CVE-2015-3290 (espfix64 via a 16-bit stack), CVE-2017-17053 (use-after-free)" },
  /* NUMA placement: a desktop app has no business moving pages between
   * the host's memory nodes, its own or another process's (flatpak's
   * "scary VM/NUMA ops"). */
  { "move_pages", EPERM, ANY, ALWAYS, "NUMA: moves another process's pages; CVE-2010-0415 read kernel memory through it" },
  { "migrate_pages", EPERM, ANY, ALWAYS, "NUMA: moves all pages of another process between nodes" },
  { "mbind", EPERM, ANY, ALWAYS, "NUMA memory policy of a range (flatpak)" },
  { "get_mempolicy", EPERM, ANY, ALWAYS, "NUMA memory policy: the host's node layout (flatpak)" },
  { "set_mempolicy", EPERM, ANY, ALWAYS, "NUMA memory policy of the process (flatpak)" },
  { "set_mempolicy_home_node", EPERM, ANY, ALWAYS, "NUMA memory policy, Linux 5.17: same as mbind" },
  /* Hang up the terminal for every process that has it open, the
   * caller's shell included (refused without CAP_SYS_TTY_CONFIG; firejail
   * blocks it so that nothing makes it reachable). */
  { "vhangup", EPERM, ANY, ALWAYS, "hangs up the shared terminal under the caller's shell (firejail)" },
  /* ptrace and the calls with ptrace's power over another process of
   * the sandbox: its memory, its descriptors. */
  { "ptrace", EPERM, ANY, UNLESS_PTRACE, "CVE-2014-4699 and older: read/write other sandbox processes, bypass seccomp on old kernels" },
  { "process_vm_readv", EPERM, ANY, UNLESS_PTRACE, "read another process's memory (ptrace access)" },
  { "process_vm_writev", EPERM, ANY, UNLESS_PTRACE, "write another process's memory (ptrace access)" },
  { "pidfd_getfd", EPERM, ANY, UNLESS_PTRACE, "steal another process's descriptors (ptrace access)" },
  { "kcmp", EPERM, ANY, UNLESS_PTRACE, "compare kernel objects of two processes: which files they share, kernel pointer order (firejail); Mesa falls back" },

  /* personality(): PER_LINUX, PER_LINUX32 and the query 0xffffffff are
   * what real programs use; READ_IMPLIES_EXEC, ADDR_NO_RANDOMIZE,
   * MMAP_PAGE_ZERO and the exotic personas weaken the app's own defences
   * (CVE-2016-3672, CVE-2009-1895). */
  { "personality", EPERM, ARG_PERSONALITY, 0, 0, 0, ALWAYS,
    "only PER_LINUX, PER_LINUX32 and the query: no ASLR-off, READ_IMPLIES_EXEC, MMAP_PAGE_ZERO" },

  /* Socket families: UNIX, INET, INET6 and NETLINK are what a desktop or
   * command-line app needs; the rest (AF_PACKET, AF_VSOCK, AF_ALG,
   * AF_BLUETOOTH, AF_KEY, AF_TIPC, …) is kernel attack surface. */
  { "socket", EAFNOSUPPORT, ARG_FAMILY, 0, 0, 0, ALWAYS,
    "families other than UNIX/INET/INET6/NETLINK (CVE-2016-8655 AF_PACKET, CVE-2021-26708 AF_VSOCK)" },

  /* Host administration: refused without capabilities, blocked so that no
   * nested namespace or kernel bug makes them reachable. */
  { "kexec_load", EPERM, ANY, ALWAYS, "replace the running kernel" },
  { "kexec_file_load", EPERM, ANY, ALWAYS, "replace the running kernel" },
  { "init_module", EPERM, ANY, ALWAYS, "load kernel code" },
  { "finit_module", EPERM, ANY, ALWAYS, "load kernel code" },
  { "delete_module", EPERM, ANY, ALWAYS, "unload kernel code" },
  { "swapon", EPERM, ANY, ALWAYS, "host swap" },
  { "swapoff", EPERM, ANY, ALWAYS, "host swap" },
  { "reboot", EPERM, ANY, ALWAYS, "reboot (in a pid ns: kills the sandbox's init)" },
  { "acct", EPERM, ANY, ALWAYS, "process accounting to a file" },
  { "quotactl", EPERM, ANY, ALWAYS, "host quotas" },
  { "quotactl_fd", EPERM, ANY, ALWAYS, "host quotas" },
  { "syslog", EPERM, ANY, ALWAYS, "kernel log: addresses leak (flatpak)" },
  { "uselib", EPERM, ANY, ALWAYS, "obsolete a.out loader" },
  { "vm86", EPERM, ANY, ALWAYS, "i386 virtual 8086 mode, obsolete, CVE-2014-1774-style bugs" },
  { "vm86old", EPERM, ANY, ALWAYS, "i386 virtual 8086 mode" },

  { "bpf", EPERM, ANY, ALWAYS, "eBPF verifier bugs are a steady source of local root (CVE-2021-3490, CVE-2022-23222)" },
  { "userfaultfd", EPERM, ANY, ALWAYS, "freezes the kernel mid-copy: makes race exploits reliable (CVE-2016-5195 era)" },
  { "open_by_handle_at", EPERM, ANY, ALWAYS, "\"shocker\": opens host inodes by handle, past every mount" },
  { "name_to_handle_at", EPERM, ANY, ALWAYS, "handles for open_by_handle_at" },

  /* io_uring: ops run in kernel workers, not through the syscall entry,
   * so every rule of this filter (and every argument check) is bypassed
   * for the calls it performs (openat, connect, socket…); it also was the
   * subsystem of most kernel exploits of 2022–2023 (Google disabled it in
   * ChromeOS, Android and its servers; Docker blocks it by default).
   * ENOSYS: liburing users fall back to plain syscalls. */
  { "io_uring_setup", ENOSYS, ANY, ALWAYS, "bypasses seccomp for the ops it runs; exploit magnet" },
  { "io_uring_enter", ENOSYS, ANY, ALWAYS, "io_uring" },
  { "io_uring_register", ENOSYS, ANY, ALWAYS, "io_uring" },
};

/* Calls newer than the libseccomp jail is built with (Debian 12's 2.5.4
 * knows them up to Linux 6.6): it has no name for them, so they are denied by number in a
 * small filter of our own (load_numbered_filter).  The numbers are the
 * kernel's (arch/x86/entry/syscalls/syscall_{64,32}.tbl): since 424 every
 * ABI shares them, x32 with its bit set.  A kernel without one answers
 * ENOSYS anyway; one with it gets the row.  test-hardening checks the
 * table against the running kernel and against libseccomp. */
static const JailSeccompNumberedRow numbered_rows[] = {
  { "statmount", 457, 457, ENOSYS, 6, 8,
    "new mount API (read side, Linux 6.8): refused like the rest of the family; libmount falls back to mountinfo" },
  { "listmount", 458, 458, ENOSYS, 6, 8, "new mount API (read side, Linux 6.8), as statmount" },
  { "open_tree_attr", 467, 467, ENOSYS, 6, 15,
    "CVE-2021-41133: open_tree that also sets mount attributes (Linux 6.15), past the mount(2) rule" },
};

const int jail_seccomp_allowed_families[4] = { AF_UNIX, AF_INET, AF_INET6, AF_NETLINK };
#define FAMILY_LIMIT 64 /* above AF_MAX: the rest is one ">=" comparison */

#if defined(__x86_64__)
const char *const jail_seccomp_arches[] = { "x86_64", "x86", "x32", NULL };
#else
const char *const jail_seccomp_arches[] = { "native", NULL };
#endif

static bool
family_allowed (int family)
{
  for (gsize i = 0; i < G_N_ELEMENTS (jail_seccomp_allowed_families); i++)
    if (jail_seccomp_allowed_families[i] == family)
      return true;
  return false;
}

static bool
row_applies (const SeccompRow *row, const JailSeccompPolicy *policy)
{
  switch (row->when)
    {
    case ALWAYS:
      return true;
    case UNLESS_USERNS:
      return !policy->allow_userns;
    case UNLESS_PTRACE:
      return !policy->allow_ptrace;
    }
  return true;
}

/* The caller's own rule for this syscall, if any: it replaces the rows. */
static const JailSeccompRule *
user_rule (const JailSeccompPolicy *policy, const char *name)
{
  for (guint i = 0; policy->rules != NULL && i < policy->rules->len; i++)
    {
      const JailSeccompRule *r = g_ptr_array_index (policy->rules, i);
      if (strcmp (r->syscall, name) == 0)
        return r;
    }
  return NULL;
}

/* The denied families below FAMILY_LIMIT as few masked compares as
 * possible: aligned power-of-two blocks (4–7 is (a & ~3) == 4), 64-bit
 * wide, so a family with high bits set only matches the ">=" rule: the
 * kernel would truncate it to an int, we refuse it (safe side).  Every
 * rule costs setup time in libseccomp, about 40 µs. */
static int
add_family_rules (scmp_filter_ctx f, int nr, uint32_t action)
{
  int r = 0;
  int v = 0;
  while (v < FAMILY_LIMIT && r == 0)
    {
      if (family_allowed (v))
        {
          v++;
          continue;
        }
      int size = 1;
      for (;;)
        {
          int next = size * 2;
          bool fits = v % next == 0 && v + next <= FAMILY_LIMIT;
          for (int k = v + size; fits && k < v + next; k++)
            fits = !family_allowed (k);
          if (!fits)
            break;
          size = next;
        }
      r = seccomp_rule_add (f, action, nr, 1,
                            SCMP_A0_64 (SCMP_CMP_MASKED_EQ, ~(scmp_datum_t) (size - 1),
                                        (scmp_datum_t) v));
      v += size;
    }
  if (r == 0)
    r = seccomp_rule_add (f, action, nr, 1, SCMP_A0_64 (SCMP_CMP_GE, FAMILY_LIMIT));
  return r;
}

/* personality(): allowed are 0 (PER_LINUX), 8 (PER_LINUX32) and the query
 * 0xffffffff, compared on the 32 bits the kernel reads.  "Not in this
 * set" takes some 60 libseccomp rules (milliseconds of setup on every
 * start), so this row is a small classic-BPF program of its own: in
 * front of a precompiled main program (jail_seccomp_with_own_rows), or
 * stacked on one compiled at run time, where the kernel runs both and
 * the stricter answer wins. */
#define PERSONALITY_ERRNO EPERM
#define X32_SYSCALL_BIT JAIL_SECCOMP_X32_BIT
#define ARG0_LOW offsetof (struct seccomp_data, args[0]) /* little-endian */

const uint32_t jail_seccomp_allowed_personas[3] = { 0 /* PER_LINUX */, 8 /* PER_LINUX32 */,
                                                     0xffffffffu /* the query */ };

#if defined(__x86_64__)
#define PERSONALITY_LEN 14
/* The personality filter's program into prog[PERSONALITY_LEN]. */
static void
build_personality (struct sock_filter *prog)
{
  const struct sock_filter insn[] = {
    BPF_STMT (BPF_LD | BPF_W | BPF_ABS, offsetof (struct seccomp_data, arch)),
    BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
    BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_I386, 3, 9),
    /* x86-64 and x32 */
    BPF_STMT (BPF_LD | BPF_W | BPF_ABS, offsetof (struct seccomp_data, nr)),
    BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, JAIL_SECCOMP_X86_64_PERSONALITY, 3, 0),
    BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, X32_SYSCALL_BIT | JAIL_SECCOMP_X86_64_PERSONALITY, 2, 6),
    /* i386 */
    BPF_STMT (BPF_LD | BPF_W | BPF_ABS, offsetof (struct seccomp_data, nr)),
    BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, JAIL_SECCOMP_I386_PERSONALITY, 0, 4),
    /* personality(arg0): arg0 in {0, 8, 0xffffffff}? */
    BPF_STMT (BPF_LD | BPF_W | BPF_ABS, ARG0_LOW),
    BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, jail_seccomp_allowed_personas[0], 2, 0),
    BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, jail_seccomp_allowed_personas[1], 1, 0),
    BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, jail_seccomp_allowed_personas[2], 0, 1),
    BPF_STMT (BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    BPF_STMT (BPF_RET | BPF_K, SECCOMP_RET_ERRNO | PERSONALITY_ERRNO),
  };
  /* Jumps count from the next instruction.  Targets: x86-64 → [3] load
   * nr; i386 → [6]; another ABI → [12] allow (the main filter kills it);
   * personality → [8] check arg0; any other call → [12] allow. */
  G_STATIC_ASSERT (G_N_ELEMENTS (insn) == PERSONALITY_LEN);
  memcpy (prog, insn, sizeof insn);
}
#endif

static int
load_classic (struct sock_filter *insn, unsigned len)
{
  struct sock_fprog fprog = { .len = (unsigned short) len, .filter = insn };
  return prctl (PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog, 0, 0) < 0 ? -errno : 0;
}

int
jail_seccomp_load_personality_filter (void)
{
#if defined(__x86_64__)
  struct sock_filter prog[PERSONALITY_LEN];
  build_personality (prog);
  return load_classic (prog, PERSONALITY_LEN);
#else
  return 0;
#endif
}

/* The rows libseccomp cannot express, as one classic-BPF program, put
 * in front of the main one or stacked on it as personality's is: the
 * numbered rows on every ABI, and on i386 the family
 * rule for the direct socket(2) call (359, Linux 4.3), which libseccomp
 * only knows as socketcall()'s multiplexed form.  Its arguments are in
 * registers, so the rule holds there; socketcall() itself keeps them in
 * memory, out of any filter's sight (see add_rules). */
#define NUMBERED_MAX \
  (8 + 4 * G_N_ELEMENTS (numbered_rows) + G_N_ELEMENTS (jail_seccomp_allowed_families) + 5)

typedef struct {
  struct sock_filter insn[NUMBERED_MAX];
  unsigned n;
} Bpf;

static unsigned
emit (Bpf *p, struct sock_filter insn)
{
  p->insn[p->n] = insn;
  return p->n++;
}

/* Returns how many rows it emitted. */
static unsigned
emit_numbered_rows (Bpf *p, const JailSeccompPolicy *policy, bool i386)
{
  unsigned rows = 0;
  for (gsize i = 0; i < G_N_ELEMENTS (numbered_rows); i++)
    {
      const JailSeccompNumberedRow *row = &numbered_rows[i];
      /* The caller's own rule replaces the row: allow, or another errno. */
      const JailSeccompRule *own = user_rule (policy, row->name);
      if ((own != NULL && own->err == 0) || (own == NULL && policy->notify))
        continue; /* notify: the row is at the main filter's head (seccomp-notify.c) */
      uint32_t err = (uint32_t) (own != NULL ? own->err : row->err);
      emit (p, (struct sock_filter) BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K,
                                              (uint32_t) (i386 ? row->nr_i386 : row->nr_x86_64), 0, 1));
      emit (p, (struct sock_filter) BPF_STMT (BPF_RET | BPF_K, SECCOMP_RET_ERRNO | err));
      rows++;
    }
  return rows;
}

/* With the syscall number loaded: socket(family, …) with a family outside
 * jail_seccomp_allowed_families gets EAFNOSUPPORT, like the x86-64 rule. */
static void
emit_i386_socket_rule (Bpf *p)
{
  unsigned n_fam = G_N_ELEMENTS (jail_seccomp_allowed_families);
  emit (p, (struct sock_filter) BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, JAIL_SECCOMP_I386_SOCKET, 0,
                                          n_fam + 2));
  emit (p, (struct sock_filter) BPF_STMT (BPF_LD | BPF_W | BPF_ABS, ARG0_LOW));
  for (unsigned i = 0; i < n_fam; i++)
    emit (p, (struct sock_filter) BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K,
                                            (uint32_t) jail_seccomp_allowed_families[i],
                                            n_fam - i, 0));
  emit (p, (struct sock_filter) BPF_STMT (BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EAFNOSUPPORT));
}

/* The numbered filter's program into *p; how many rows it holds. */
static unsigned
build_numbered (Bpf *p, const JailSeccompPolicy *policy)
{
  unsigned rows = 0;
#if defined(__x86_64__)
  const struct sock_filter allow = BPF_STMT (BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
  emit (p, (struct sock_filter) BPF_STMT (BPF_LD | BPF_W | BPF_ABS, offsetof (struct seccomp_data, arch)));
  unsigned to_i386 = emit (p, (struct sock_filter) BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 0, 0));
  /* x86-64 and x32: the same numbers, x32 with bit 30 set. */
  emit (p, (struct sock_filter) BPF_STMT (BPF_LD | BPF_W | BPF_ABS, offsetof (struct seccomp_data, nr)));
  emit (p, (struct sock_filter) BPF_STMT (BPF_ALU | BPF_AND | BPF_K, ~X32_SYSCALL_BIT));
  rows += emit_numbered_rows (p, policy, false);
  emit (p, allow);
  /* Any other ABI is allowed here: the main filter kills it. */
  p->insn[to_i386].jf = (uint8_t) (p->n - to_i386 - 1);
  emit (p, (struct sock_filter) BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_I386, 1, 0));
  emit (p, allow);
  emit (p, (struct sock_filter) BPF_STMT (BPF_LD | BPF_W | BPF_ABS, offsetof (struct seccomp_data, nr)));
  rows += emit_numbered_rows (p, policy, true);
  if (user_rule (policy, "socket") == NULL && !policy->notify) /* notify: at the main filter's head */
    emit_i386_socket_rule (p), rows++;
  emit (p, allow);
  g_assert (p->n <= NUMBERED_MAX);
#else
  (void) p, (void) policy;
#endif
  return rows;
}

int
jail_seccomp_load_numbered_filter (const JailSeccompPolicy *policy)
{
  Bpf p = { .n = 0 };
  /* No row (with reporting on, they are at the main filter's head): no
   * filter, rather than one that allows everything and costs its load
   * all the same (~80 µs, mostly the JIT's, whatever the length). */
  if (build_numbered (&p, policy) == 0)
    return 0;
  return load_classic (p.insn, p.n);
}

/* `block` copied into out at *n, each "allow" turned into a jump past its
 * end: run in front of another program, it answers what it refuses and
 * leaves the rest to what follows. */
static void
append_as_prefix (struct sock_filter *out, unsigned *n, const struct sock_filter *block,
                  unsigned len)
{
  for (unsigned i = 0; i < len; i++)
    {
      struct sock_filter insn = block[i];
      if (insn.code == (BPF_RET | BPF_K) && insn.k == SECCOMP_RET_ALLOW)
        insn = (struct sock_filter) BPF_JUMP (BPF_JMP | BPF_JA, len - i - 1, 0, 0);
      out[(*n)++] = insn;
    }
}

unsigned
jail_seccomp_with_own_rows (const JailSeccompPolicy *policy, bool personality,
                            const struct sock_filter *main_prog, unsigned len,
                            struct sock_filter *prog)
{
  Bpf numbered = { .n = 0 };
  unsigned total = len;
  if (build_numbered (&numbered, policy) > 0)
    total += numbered.n;
  else
    numbered.n = 0;
#if defined(__x86_64__)
  struct sock_filter pers[PERSONALITY_LEN];
  if (personality)
    build_personality (pers), total += PERSONALITY_LEN;
#else
  personality = false;
#endif
  if (total > BPF_MAXINSNS)
    return 0;
  unsigned n = 0;
#if defined(__x86_64__)
  if (personality)
    append_as_prefix (prog, &n, pers, PERSONALITY_LEN);
#endif
  append_as_prefix (prog, &n, numbered.insn, numbered.n);
  memcpy (prog + n, main_prog, len * sizeof *prog);
  return n + len;
}

const JailSeccompNumberedRow *
jail_seccomp_numbered_row (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (numbered_rows); i++)
    if (strcmp (numbered_rows[i].name, name) == 0)
      return &numbered_rows[i];
  return NULL;
}

const JailSeccompNumberedRow *
jail_seccomp_numbered_rows (gsize *ret_n)
{
  *ret_n = G_N_ELEMENTS (numbered_rows);
  return numbered_rows;
}

/* A syscall that does not exist on one of the ABIs is skipped for it by
 * libseccomp; one that exists on none is a spec bug we report. */
static int
add_row (scmp_filter_ctx f, const SeccompRow *row, bool notify)
{
  int nr = seccomp_syscall_resolve_name (row->syscall);
  if (nr == __NR_SCMP_ERROR)
    return -ENOENT;
  uint32_t action = jail_seccomp_refusal_action (row->syscall, row->err, notify);
  switch (row->arg_kind)
    {
    case NO_ARG:
      return seccomp_rule_add (f, action, nr, 0);
    case ARG_MASKED_EQ:
      {
        struct scmp_arg_cmp cmp = { row->arg, SCMP_CMP_MASKED_EQ, row->mask, row->value };
        return seccomp_rule_add (f, action, nr, 1, cmp);
      }
    case ARG_PERSONALITY:
      return 0; /* load_personality_filter() */
    case ARG_FAMILY:
      return add_family_rules (f, nr, action);
    }
  return -EINVAL;
}

static int
add_rules (scmp_filter_ctx f, const JailSeccompPolicy *policy, bool socketcall_abi,
           const char **ret_what)
{
  int r = 0;
  for (gsize i = 0; i < G_N_ELEMENTS (default_rows) && r == 0; i++)
    {
      const SeccompRow *row = &default_rows[i];
      *ret_what = row->syscall;
      /* i386 passes socket()'s arguments to socketcall() in memory, where
       * no filter can read them; libseccomp would refuse every socketcall
       * socket() instead, breaking all 32-bit networking (glibc on i386
       * uses socketcall).  The family list covers x86-64 and x32 here,
       * the direct i386 socket(2) in load_numbered_filter(). */
      if (socketcall_abi && row->arg_kind == ARG_FAMILY)
        continue;
      if (row_applies (row, policy) && user_rule (policy, row->syscall) == NULL)
        r = add_row (f, row, policy->notify);
    }
  for (guint i = 0; policy->rules != NULL && i < policy->rules->len && r == 0; i++)
    {
      const JailSeccompRule *rule = g_ptr_array_index (policy->rules, i);
      *ret_what = rule->syscall;
      if (jail_seccomp_numbered_row (rule->syscall) != NULL
          && seccomp_syscall_resolve_name (rule->syscall) == __NR_SCMP_ERROR)
        continue; /* load_numbered_filter() */
      if (rule->err != 0)
        r = seccomp_rule_add (f, SCMP_ACT_ERRNO ((uint32_t) rule->err),
                              seccomp_syscall_resolve_name (rule->syscall), 0);
    }
  return r;
}

static scmp_filter_ctx
new_filter (const uint32_t *arches, gsize n, bool keep_native)
{
  scmp_filter_ctx f = seccomp_init (SCMP_ACT_ALLOW);
  if (f == NULL)
    return NULL;
  /* A binary tree of syscall numbers instead of a linear chain: every
   * syscall the app makes runs the filter (libseccomp >= 2.5). */
  seccomp_attr_set (f, SCMP_FLTATR_CTL_OPTIMIZE, 2);
  if (!keep_native)
    seccomp_arch_remove (f, SCMP_ARCH_NATIVE);
  for (gsize i = 0; i < n; i++)
    {
      int r = seccomp_arch_add (f, arches[i]);
      if (r < 0 && r != -EEXIST)
        {
          seccomp_release (f);
          return NULL;
        }
    }
  return f;
}

/* --learn: lookups of the open and stat family go to the supervisor,
 * which reads the path for the report and lets the call go on unchanged
 * (SECCOMP_USER_NOTIF_FLAG_CONTINUE).  Nothing is refused or allowed by
 * this that the rest of the filter would not: these calls have no
 * refusing row (test-report checks), and a caller's own rule for one of
 * them wins (it is added instead).
 *
 * Each notification costs the app a round trip to the supervisor (~13 us
 * against ~2 us for a failing open: tests/bench/README.md), and the
 * supervisor keeps only absolute paths.  So only the lookups that can
 * start at a place the sandbox did not grant notify: the forms without a
 * directory descriptor, and the *at forms with dirfd AT_FDCWD (its low
 * 32 bits compared, as the kernel reads an int).  A lookup relative to a
 * directory descriptor (openat(dfd, "name"), as fts, find, du, rm -r and
 * git walk a tree; fstat as newfstatat(fd, "", AT_EMPTY_PATH)) runs in
 * the kernel alone: the directory was opened by an earlier lookup, which
 * was watched.  So --learn does not see a name missing below a directory
 * the app opened itself (openat(home_fd, "Music/a.mp3")), nor an
 * absolute path passed with a directory descriptor (the kernel ignores
 * the descriptor then).  x86-64 only: an i386 or x32 app's paths go
 * unseen. */
#if defined(__x86_64__)
#define PATH_CALL(name, arg, at) { #name, arg, at, __NR_##name }
#else
#define PATH_CALL(name, arg, at) { #name, arg, at, -1 }
#endif
static const JailSeccompPathCall path_calls[] = {
  PATH_CALL (open, 0, false),      PATH_CALL (openat, 1, true),     PATH_CALL (openat2, 1, true),
  PATH_CALL (stat, 0, false),      PATH_CALL (lstat, 0, false),     PATH_CALL (newfstatat, 1, true),
  PATH_CALL (statx, 1, true),      PATH_CALL (access, 0, false),    PATH_CALL (faccessat, 1, true),
  PATH_CALL (faccessat2, 1, true), PATH_CALL (readlink, 0, false),  PATH_CALL (readlinkat, 1, true),
};

const JailSeccompPathCall *
jail_seccomp_path_calls (gsize *ret_n)
{
  *ret_n = G_N_ELEMENTS (path_calls);
  return path_calls;
}

static int
add_path_rules (scmp_filter_ctx f, const JailSeccompPolicy *policy)
{
  for (gsize i = 0; i < G_N_ELEMENTS (path_calls); i++)
    {
      const JailSeccompPathCall *call = &path_calls[i];
      int nr = seccomp_syscall_resolve_name (call->name);
      if (nr == __NR_SCMP_ERROR || user_rule (policy, call->name) != NULL)
        continue;
      int r = !call->at ? seccomp_rule_add (f, SCMP_ACT_NOTIFY, nr, 0)
                        : seccomp_rule_add (f, SCMP_ACT_NOTIFY, nr, 1,
                                            SCMP_A0_32 (SCMP_CMP_EQ, (uint32_t) AT_FDCWD));
      if (r < 0)
        return r;
    }
  return 0;
}

int
jail_seccomp_compile (const JailSeccompPolicy *policy, void **ret_filter, const char **ret_what)
{
  int r;
  *ret_what = "";
#if defined(__x86_64__)
  static const uint32_t wide[] = { SCMP_ARCH_X86_64, SCMP_ARCH_X32 };
  static const uint32_t i386[] = { SCMP_ARCH_X86 };
  scmp_filter_ctx f = new_filter (wide, G_N_ELEMENTS (wide), true);
  scmp_filter_ctx f32 = new_filter (i386, G_N_ELEMENTS (i386), false);
  if (f == NULL || f32 == NULL)
    {
      if (f != NULL)
        seccomp_release (f);
      if (f32 != NULL)
        seccomp_release (f32);
      *ret_what = NULL;
      return -ENOMEM;
    }
  r = add_rules (f, policy, false, ret_what);
  if (r == 0 && policy->notify && policy->watch_paths)
    r = add_path_rules (f, policy), *ret_what = "paths (--learn)";
  if (r == 0)
    r = add_rules (f32, policy, true, ret_what);
  if (r == 0)
    {
      /* seccomp_merge() releases f32 on success. */
      r = seccomp_merge (f, f32);
      *ret_what = "merge i386 filter";
    }
  else
    seccomp_release (f32);
#else
  scmp_filter_ctx f = new_filter (NULL, 0, true);
  if (f == NULL)
    {
      *ret_what = NULL;
      return -ENOMEM;
    }
  r = add_rules (f, policy, false, ret_what);
#endif
  if (r < 0)
    {
      seccomp_release (f);
      return r;
    }
  *ret_filter = f;
  return 0;
}

gsize
jail_seccomp_n_rows (void)
{
  return G_N_ELEMENTS (default_rows) + G_N_ELEMENTS (numbered_rows);
}

bool
jail_seccomp_is_refused (const char *syscall)
{
  for (gsize i = 0; i < G_N_ELEMENTS (default_rows); i++)
    if (strcmp (default_rows[i].syscall, syscall) == 0)
      return true;
  return false;
}

/* For the denial report: what the default rows answer `syscall` (the
 * supervisor gives the app the same), and the option that lifts them. */
int
jail_seccomp_refusal_errno (const char *syscall)
{
  for (gsize i = 0; i < G_N_ELEMENTS (default_rows); i++)
    if (strcmp (default_rows[i].syscall, syscall) == 0)
      return default_rows[i].err;
  return EPERM;
}

/* Only the rows an option exists to lift: the others are the filter's
 * hardening (TIOCSTI, keyrings, bpf…), which a report or a learned draft
 * must never advise to drop (--seccomp-allow lifts them, by hand). */
const char *
jail_seccomp_refusal_grant (const char *syscall)
{
  for (gsize i = 0; i < G_N_ELEMENTS (default_rows); i++)
    if (strcmp (default_rows[i].syscall, syscall) == 0)
      switch (default_rows[i].when)
        {
        case UNLESS_USERNS:
          return "--allow-userns";
        case UNLESS_PTRACE:
          return "--allow-ptrace";
        case ALWAYS:
          break;
        }
  return NULL;
}

bool
jail_seccomp_policy_has_rule (const JailSeccompPolicy *policy, const char *syscall)
{
  return user_rule (policy, syscall) != NULL;
}

/* Every refusing row is reported, those answering ENOSYS too (the new
 * mount API, io_uring: an app that calls them and falls back is worth
 * naming) but clone3: glibc (2.34 and later) tries it first at every
 * pthread_create and posix_spawn and falls back to clone on ENOSYS, so
 * every app would have it in its report, and each thread would cost a
 * round trip to the supervisor. */
uint32_t
jail_seccomp_refusal_action (const char *syscall, int err, bool notify)
{
  if (notify && strcmp (syscall, "clone3") != 0)
    return SCMP_ACT_NOTIFY;
  return SCMP_ACT_ERRNO ((uint32_t) err);
}
