/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <sys/random.h>

#include "common/random.h"

guint32
jail_random_u32 (void)
{
  guint32 r;
  /* Without getrandom (a seccomp filter of the caller's, say), GLib's. */
  if (getrandom (&r, sizeof r, GRND_NONBLOCK) != (ssize_t) sizeof r)
    r = g_random_int ();
  return r;
}
