/* A wait status as an exit code, the one convention of env, docker and
 * podman: the command's own code, 128+N for a death by signal N.  Plain
 * libc, so that the sandbox's small init can use it too.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

/* 125 (jail failed) for a status that is neither an exit nor a signal. */
int jail_exit_code (int wait_status);
