/* No precompiled default filter (a build that cannot run its generator,
 * src/meson.build): every start compiles its filter with libseccomp.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sandbox/seccomp.h"

/* An empty initializer list is not C11: a placeholder the count hides. */
const JailSeccompPrecompiled jail_seccomp_precompiled[] = { { false, false, false, 0, 0, NULL } };
const size_t jail_seccomp_n_precompiled = 0;
const JailSeccompProgram jail_net_engine_precompiled = { 0, 0, NULL };
const JailSeccompProgram jail_supervisor_precompiled = { 0, 0, NULL };
