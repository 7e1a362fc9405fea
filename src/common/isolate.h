/* The isolation stages of a helper process that reads hostile input
 * (isolate.c): call them in order, right after the fork; each returns 0
 * or -errno with *ret_step naming what failed.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <sys/resource.h>
#include <sys/types.h>

/* *channel is moved to fd 3; everything above is closed, 0 and 1 become
 * /dev/null.  RLIMIT_NOFILE is set to `nofile` (or the hard limit, if
 * lower) for good; `name` is the process's name in ps. */
int jail_isolate_initial (int *channel, rlim_t nofile, const char *name, const char **ret_step);
/* Own user and mount namespace, an empty read-only root. */
int jail_isolate_user (const char **ret_step);
/* No capabilities, no_new_privs, non-dumpable, killed with `monitor`. */
int jail_isolate_prefork (pid_t monitor, const char **ret_step);
