/* Random numbers for names (a sandbox's, a record's, a scope's).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

/* 32 random bits from getrandom(2).  Not g_random_int: GLib's global
 * generator first opens and reads /dev/urandom and seeds a Mersenne
 * Twister, which the monitor did while the sandbox waited for its
 * release, and again while the caller waited for jail's end. */
guint32 jail_random_u32 (void);
