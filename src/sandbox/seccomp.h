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
/* Rows of the default table, for --print. */
gsize jail_seccomp_n_rows (void);

/* The Landlock ABI version of the running kernel, 0 without Landlock. */
int jail_landlock_abi (void);
/* No filesystem right at all, signals and abstract sockets scoped (landlock.c). */
int jail_landlock_deny_all (void);
