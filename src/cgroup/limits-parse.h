/* Parsers for resource-limit values: pure functions, no system access
 * (unit-tested in tests/unit/test-limits.c, fuzzed by tests/fuzz/fuzz-limits.c).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

/* cgroup v2 limits are "max" or a number; sizes are bytes. */
#define JAIL_LIMIT_MAX_PIDS G_GUINT64_CONSTANT (4194304)  /* PID_MAX_LIMIT */
#define JAIL_LIMIT_MAX_PERCENT G_GUINT64_CONSTANT (100000) /* 1000 cores */
#define JAIL_LIMIT_MIN_WEIGHT 1
#define JAIL_LIMIT_MAX_WEIGHT 10000

/* "100M", "1G", "4096", "max" (→ JAIL_LIMIT_INFINITY).  K/M/G/T are powers
 * of 1024, upper or lower case, optionally followed by "B" or "iB". */
gboolean jail_limits_parse_size (const char *opt, const char *text, guint64 *ret, GError **error);
/* "50%", "150", "max"; 1 ≤ percent ≤ JAIL_LIMIT_MAX_PERCENT. */
gboolean jail_limits_parse_percent (const char *opt, const char *text, guint64 *ret,
                                    GError **error);
/* 1 … 10000 (cpu.weight, io.weight). */
gboolean jail_limits_parse_weight (const char *opt, const char *text, guint64 *ret, GError **error);
/* 1 … JAIL_LIMIT_MAX_PIDS or "max". */
gboolean jail_limits_parse_pids (const char *opt, const char *text, guint64 *ret, GError **error);

/* What to write to cpu.max for a percentage of one CPU: "QUOTA 100000". */
char *jail_limits_cpu_max (guint64 percent);
/* What to write to memory.max & co: "max" or the number of bytes. */
char *jail_limits_value_string (guint64 value);
/* A size for people: "100M" when exact, else bytes; "max". */
char *jail_limits_format_size (guint64 bytes);
