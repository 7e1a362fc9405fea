/* The namespaces a sandbox may have: the spec's bit, the kernel's clone
 * flag and the name under /proc/PID/ns/, in one table.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "jail/jail.h"

typedef struct {
  JailNamespace ns;
  int clone_flag;
  const char *proc_name;
} JailNamespaceKind;

#define JAIL_N_NAMESPACES 7

/* In the order `jail enter` joins them one by one: user first, so that it
 * holds capabilities over the others; mount last, as nsenter(1) does. */
extern const JailNamespaceKind jail_namespaces[JAIL_N_NAMESPACES];

/* The clone flags of `namespaces` (JailNamespace bits). */
int jail_namespaces_clone_flags (guint namespaces);
