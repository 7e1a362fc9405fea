/* The report supervisor's seccomp allowlist (supervisor-allowlist.c).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The allowlist as a libseccomp filter (scmp_filter_ctx) in *ret_filter,
 * for the caller to load or export and release; 0 or -errno. */
int jail_supervisor_allowlist_compile (void **ret_filter);
