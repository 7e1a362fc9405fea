/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

#include "spec/spec-access.h"

/* Whether the sandbox's network namespace is made by the monitor (netns.c)
 * rather than at the clone; clone_flags are the clone's. */
bool jail_monitor_makes_netns (const JailSpec *spec, int clone_flags);

/* A new network namespace owned by child's user namespace: its fd, or
 * -errno (the sandbox is then started again the usual way). */
int jail_monitor_make_netns (pid_t child);
