/* Resource-limit options: --memory, --pids, --cpu …  Each mirrors a key of
 * a profile's [Limits] section (Memory, MemoryHigh, Swap, Pids, CPU,
 * CPUWeight, IOWeight, Mode).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "cli/cli-private.h"
#include "cgroup/limits-parse.h"
#include "spec/spec-access.h"

typedef gboolean (*LimitParser) (const char *opt, const char *text, guint64 *ret, GError **error);

static const LimitParser limit_parsers[JAIL_LIMIT_N_KINDS] = {
  [JAIL_LIMIT_MEMORY] = jail_limits_parse_size,
  [JAIL_LIMIT_MEMORY_HIGH] = jail_limits_parse_size,
  [JAIL_LIMIT_SWAP] = jail_limits_parse_size,
  [JAIL_LIMIT_PIDS] = jail_limits_parse_pids,
  [JAIL_LIMIT_CPU] = jail_limits_parse_percent,
  [JAIL_LIMIT_CPU_WEIGHT] = jail_limits_parse_weight,
  [JAIL_LIMIT_IO_WEIGHT] = jail_limits_parse_weight,
};

static const Option limit_options[];

static gboolean
opt_limit (Parser *p, const char *opt, char **args, GError **error)
{
  guint64 v;
  for (gsize i = 0; limit_options[i].name != NULL; i++)
    if (strcmp (limit_options[i].name, opt) == 0)
      {
        JailLimit limit = (JailLimit) limit_options[i].value;
        if (!limit_parsers[limit] (opt, args[0], &v, error))
          return FALSE;
        jail_spec_set_limit (p->cli->spec, limit, v);
        return TRUE;
      }
  g_assert_not_reached ();
}

static gboolean
opt_limits_mode (Parser *p, const char *opt, char **args, GError **error)
{
  if (strcmp (args[0], "strict") == 0)
    jail_spec_set_limits_best_effort (p->cli->spec, FALSE);
  else if (strcmp (args[0], "best-effort") == 0)
    jail_spec_set_limits_best_effort (p->cli->spec, TRUE);
  else
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "%s: '%s' is not 'strict' or 'best-effort'", opt, args[0]), FALSE;
  return TRUE;
}

static gboolean
opt_stats (Parser *p, const char *opt, char **args, GError **error)
{
  (void) opt, (void) args, (void) error;
  jail_spec_set_stats (p->cli->spec, TRUE);
  return TRUE;
}

static const Option limit_options[] = {
  { "--memory", 1, opt_limit, JAIL_LIMIT_MEMORY, "SIZE",
    "memory limit (K, M, G, T suffixes; 'max'); the OOM killer acts above it" },
  { "--memory-high", 1, opt_limit, JAIL_LIMIT_MEMORY_HIGH, "SIZE",
    "memory pressure threshold: reclaim and slow down above it" },
  { "--swap", 1, opt_limit, JAIL_LIMIT_SWAP, "SIZE", "swap limit" },
  { "--pids", 1, opt_limit, JAIL_LIMIT_PIDS, "N", "at most N processes and threads" },
  { "--cpu", 1, opt_limit, JAIL_LIMIT_CPU, "PERCENT", "CPU time limit, 150% = 1.5 CPUs" },
  { "--cpu-weight", 1, opt_limit, JAIL_LIMIT_CPU_WEIGHT, "N", "CPU share, 1..10000 (100)" },
  { "--io-weight", 1, opt_limit, JAIL_LIMIT_IO_WEIGHT, "N", "I/O share, 1..10000 (100)" },
  { "--limits", 1, opt_limits_mode, 0, "strict|best-effort",
    "fail (default) or warn and run when limits cannot be set" },
  { "--stats", 0, opt_stats, 0, NULL, "print peak memory, CPU time and peak tasks at exit" },
  { NULL },
};

const OptionGroup jail_limits_option_group = {
  "Resource limits", limit_options, G_N_ELEMENTS (limit_options) - 1,
};
