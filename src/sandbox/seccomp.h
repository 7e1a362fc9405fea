/* The syscall filter (seccomp.c) and the Landlock layer (landlock.c).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

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
