/* The syscall filter (seccomp.c) and the Landlock layer (landlock.c).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "sandbox/sandbox.h"

/* Install the spec's filter; the last step before exec. */
void sandbox_install_seccomp (SandboxCtx *ctx);

/* Restrict the process with Landlock where the kernel has it. */
void sandbox_install_landlock (SandboxCtx *ctx);

/* The ABIs the filter covers, NULL-terminated, for --print. */
extern const char *const jail_seccomp_arches[];
/* A row denied by syscall number: libseccomp has no name for it. */
typedef struct {
  const char *name;
  int nr_x86_64; /* x32: the same with bit 30 set */
  int nr_i386;
  int err;
  int since_major, since_minor; /* the kernel that added it */
  const char *reason;
} JailSeccompNumberedRow;
const JailSeccompNumberedRow *jail_seccomp_numbered_rows (gsize *ret_n);
/* The row for a call libseccomp cannot name, or NULL. */
const JailSeccompNumberedRow *jail_seccomp_numbered_row (const char *name);

/* Rows of the default table, for --print. */
gsize jail_seccomp_n_rows (void);

/* The Landlock ABI version of the running kernel, 0 without Landlock. */
int jail_landlock_abi (void);
/* No filesystem right at all, signals and abstract sockets scoped (landlock.c). */
int jail_landlock_deny_all (void);

/* The denial report (seccomp-notify.c): with ctx->seccomp_notify, the
 * default rows send their calls to the supervisor (src/report/) instead
 * of failing them in the kernel; it fails them with the same errno. */
uint32_t jail_seccomp_refusal_action (const char *syscall, int err, bool notify);
/* Whether the caller has a rule of their own for the syscall. */
bool jail_seccomp_user_rule (const JailSpec *spec, const char *syscall);
/* After the filter is loaded: its listener goes to the monitor. */
void sandbox_seccomp_send_listener (SandboxCtx *ctx, int listener);
/* Instead of seccomp_load(): the filter with the numbered rows and the
 * personality row at its head, notifying, and its listener sent to the
 * monitor; their stacked filters leave those rows out. */
void sandbox_seccomp_load_notify (SandboxCtx *ctx, void *filter);
struct sock_filter;
/* The same for a main program already compiled (seccomp-install.c):
 * 0, or -errno when the kernel refuses the program. */
int sandbox_seccomp_load_notify_program (SandboxCtx *ctx, const struct sock_filter *main_prog,
                                         unsigned main_len);
/* The same head before any main program, into `out` (BPF_MAXINSNS
 * instructions): the whole's length, or 0 when it is longer than the
 * kernel takes. */
unsigned jail_seccomp_with_report_head (const JailSpec *spec, const struct sock_filter *main_prog,
                                        unsigned len, struct sock_filter *out);
/* The personas personality() may set (and the query), for both copies of
 * its row. */
extern const uint32_t jail_seccomp_allowed_personas[3];
/* personality(2)'s numbers, known here rather than asked of libseccomp
 * in the app, whose first call to it faults its code and tables in. */
#define JAIL_SECCOMP_X86_64_PERSONALITY 135
#define JAIL_SECCOMP_I386_PERSONALITY 136
#define JAIL_SECCOMP_X32_BIT 0x40000000u
/* The socket families socket() may create; i386's direct socket(2), which
 * libseccomp knows only as socketcall(), is checked in classic BPF. */
extern const int jail_seccomp_allowed_families[4];
#define JAIL_SECCOMP_I386_SOCKET 359
/* What the default rows answer a syscall (by name), and the option that
 * lifts them: --allow-ptrace, --allow-userns, or NULL (hardening rows). */
int jail_seccomp_refusal_errno (const char *syscall);
/* Whether a default row refuses the syscall (with some arguments). */
bool jail_seccomp_is_refused (const char *syscall);
const char *jail_seccomp_refusal_grant (const char *syscall);

/* What the default filter depends on: everything else in a spec leaves it
 * unchanged.  Built from the spec at run time (seccomp-install.c), and for
 * each precompiled variant by the build (seccomp-gen.c). */
typedef struct {
  bool allow_userns;      /* --allow-userns lifts the namespace rows */
  bool allow_ptrace;      /* --allow-ptrace lifts the ptrace rows */
  bool notify;            /* refusals go to the report's supervisor */
  bool watch_paths;       /* --learn: lookups of the open and stat family notify too */
  const GPtrArray *rules; /* the caller's JailSeccompRule*, or NULL */
} JailSeccompPolicy;

/* The calls of the open and stat family --learn watches (seccomp.c,
 * add_path_rules): the argument that holds the path, whether the first
 * argument is a directory descriptor (the *at forms), the x86-64 number
 * (-1 elsewhere: only x86-64 watches). */
typedef struct {
  const char *name;
  int path_arg;
  bool at;
  int nr_x86_64;
} JailSeccompPathCall;
const JailSeccompPathCall *jail_seccomp_path_calls (gsize *ret_n);

/* jail_seccomp_user_rule for a policy (code built without the spec:
 * seccomp-gen.c). */
bool jail_seccomp_policy_has_rule (const JailSeccompPolicy *policy, const char *syscall);

/* The main filter as libseccomp compiles it (a scmp_filter_ctx in
 * *ret_filter, to load and release); -errno with *ret_what naming the row
 * that failed, or NULL when the filter could not even be created. */
int jail_seccomp_compile (const JailSeccompPolicy *policy, void **ret_filter, const char **ret_what);
/* The rows libseccomp cannot express, as small classic-BPF filters of our
 * own stacked on the main one. */
int jail_seccomp_load_numbered_filter (const JailSeccompPolicy *policy);
int jail_seccomp_load_personality_filter (void);
/* main_prog with the numbered rows (and the personality filter, if
 * `personality`) in front, as one program: each load costs the kernel
 * ~80 µs whatever its length (mostly its JIT's), and main_prog allows
 * every call these rows refuse, so that the kernel's answer is the same
 * as with them stacked.  Into `out` (BPF_MAXINSNS instructions): its
 * length, or 0 if too long. */
unsigned jail_seccomp_with_own_rows (const JailSeccompPolicy *policy, bool personality,
                                     const struct sock_filter *main_prog, unsigned len,
                                     struct sock_filter *out);

/* The main filter of a policy without caller's rules, compiled when jail
 * was built (seccomp-gen.c writes the table): libseccomp spent 1.5–2.5 ms
 * of CPU compiling it on every start (tests/bench/README.md). */
struct sock_filter;
typedef struct {
  bool allow_userns, allow_ptrace, notify;
  uint32_t arch; /* seccomp_arch_native() where it was compiled */
  unsigned short len;
  const struct sock_filter *insn;
} JailSeccompPrecompiled;
extern const JailSeccompPrecompiled jail_seccomp_precompiled[];
/* A helper process's allowlist compiled at build time the same way; len
 * 0 where the build could not compile it. */
typedef struct {
  uint32_t arch; /* seccomp_arch_native() where it was compiled */
  unsigned short len;
  const struct sock_filter *insn;
} JailSeccompProgram;
/* The network engine's (src/net/engine-filter.c). */
extern const JailSeccompProgram jail_net_engine_precompiled;
/* The report supervisor's (src/report/supervisor-allowlist.c). */
extern const JailSeccompProgram jail_supervisor_precompiled;
/* no_new_privs, then the program as it is: 0 or -errno. */
int jail_seccomp_load_program (const struct sock_filter *insn, unsigned short len);
extern const size_t jail_seccomp_n_precompiled;
/* The precompiled program for this policy on this machine, or NULL. */
const JailSeccompPrecompiled *jail_seccomp_precompiled_find (const JailSeccompPolicy *policy);
/* The policy the spec's filter follows. */
void jail_seccomp_policy_init (JailSeccompPolicy *policy, const JailSpec *spec, bool notify);
