/* libFuzzer target for the resource-limit parsers.  Invariants: no crash,
 * an accepted value is in range, and a size round-trips through
 * jail_limits_format_size when it is exact.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup/limits-parse.h"
#include "jail/jail.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  guint64 v;

  if (jail_limits_parse_size ("--memory", text, &v, NULL))
    {
      if (v == JAIL_LIMIT_UNSET)
        abort ();
      g_autofree char *s = jail_limits_format_size (v);
      guint64 back;
      if (!jail_limits_parse_size ("--memory", s, &back, NULL) || back != v)
        abort ();
    }
  if (jail_limits_parse_percent ("--cpu", text, &v, NULL))
    {
      if (v != JAIL_LIMIT_INFINITY && (v < 1 || v > JAIL_LIMIT_MAX_PERCENT))
        abort ();
      g_free (jail_limits_cpu_max (v));
    }
  if (jail_limits_parse_weight ("--cpu-weight", text, &v, NULL)
      && (v < JAIL_LIMIT_MIN_WEIGHT || v > JAIL_LIMIT_MAX_WEIGHT))
    abort ();
  if (jail_limits_parse_pids ("--pids", text, &v, NULL) && v != JAIL_LIMIT_INFINITY
      && (v < 1 || v > JAIL_LIMIT_MAX_PIDS))
    abort ();
  return 0;
}
