/* Parsers for resource-limit values.  Each rejects anything but the exact
 * forms documented in limits-parse.h: no sign, no blanks, no overflow.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "cgroup/limits-parse.h"
#include "jail/jail.h"

/* Digits only, no overflow; *ret_end is the first non-digit. */
static gboolean
parse_digits (const char *text, guint64 *ret, const char **ret_end)
{
  guint64 v = 0;
  const char *p = text;
  if (*p < '0' || *p > '9')
    return FALSE;
  for (; *p >= '0' && *p <= '9'; p++)
    {
      guint d = (guint) (*p - '0');
      if (v > (G_MAXUINT64 - d) / 10)
        return FALSE;
      v = v * 10 + d;
    }
  *ret = v;
  *ret_end = p;
  return TRUE;
}

static gboolean
is_max (const char *text)
{
  return strcmp (text, "max") == 0 || strcmp (text, "infinity") == 0;
}

static int
suffix_shift (const char *s)
{
  static const char letters[] = "KMGT";
  if (*s == '\0')
    return 0;
  const char *l = strchr (letters, g_ascii_toupper (*s));
  if (l == NULL)
    return -1;
  s++;
  if (*s == '\0' || strcmp (s, "B") == 0 || strcmp (s, "iB") == 0)
    return 10 * (int) (l - letters + 1);
  return -1;
}

gboolean
jail_limits_parse_size (const char *opt, const char *text, guint64 *ret, GError **error)
{
  guint64 v;
  const char *end;
  int shift;
  if (is_max (text))
    {
      *ret = JAIL_LIMIT_INFINITY;
      return TRUE;
    }
  if (!parse_digits (text, &v, &end) || (shift = suffix_shift (end)) < 0)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "%s: '%s' is not a size (a number with an optional K, M, G or T "
                        "suffix, or 'max')", opt, text), FALSE;
  /* The two largest values are the "unset" and "max" markers. */
  if (shift > 0 && v > (JAIL_LIMIT_INFINITY - 1) >> shift)
    goto too_big;
  v <<= shift;
  if (v >= JAIL_LIMIT_INFINITY)
    goto too_big;
  *ret = v;
  return TRUE;
too_big:
  return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID, "%s: '%s' is too large (use 'max')",
                      opt, text), FALSE;
}

static gboolean
parse_bounded (const char *opt, const char *text, const char *allowed_suffix, guint64 min,
               guint64 max, gboolean allow_max, const char *what, guint64 *ret, GError **error)
{
  guint64 v;
  const char *end;
  if (allow_max && is_max (text))
    {
      *ret = JAIL_LIMIT_INFINITY;
      return TRUE;
    }
  if (!parse_digits (text, &v, &end)
      || !(*end == '\0' || (allowed_suffix != NULL && strcmp (end, allowed_suffix) == 0))
      || v < min || v > max)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "%s: '%s' is not %s from %" G_GUINT64_FORMAT " to %" G_GUINT64_FORMAT
                        "%s", opt, text, what, min, max, allow_max ? " (or 'max')" : ""), FALSE;
  *ret = v;
  return TRUE;
}

gboolean
jail_limits_parse_percent (const char *opt, const char *text, guint64 *ret, GError **error)
{
  return parse_bounded (opt, text, "%", 1, JAIL_LIMIT_MAX_PERCENT, TRUE,
                        "a percentage of one CPU", ret, error);
}

gboolean
jail_limits_parse_weight (const char *opt, const char *text, guint64 *ret, GError **error)
{
  return parse_bounded (opt, text, NULL, JAIL_LIMIT_MIN_WEIGHT, JAIL_LIMIT_MAX_WEIGHT, FALSE,
                        "a weight", ret, error);
}

gboolean
jail_limits_parse_pids (const char *opt, const char *text, guint64 *ret, GError **error)
{
  return parse_bounded (opt, text, NULL, 1, JAIL_LIMIT_MAX_PIDS, TRUE, "a number of tasks", ret,
                        error);
}

/* cgroup v2 cpu.max is "QUOTA PERIOD" in microseconds; a period of 100 ms
 * is the kernel's default, so 100% is one full CPU per period. */
char *
jail_limits_cpu_max (guint64 percent)
{
  if (percent == JAIL_LIMIT_INFINITY)
    return g_strdup ("max 100000");
  return g_strdup_printf ("%" G_GUINT64_FORMAT " 100000", percent * 1000);
}

char *
jail_limits_value_string (guint64 value)
{
  if (value == JAIL_LIMIT_INFINITY)
    return g_strdup ("max");
  return g_strdup_printf ("%" G_GUINT64_FORMAT, value);
}

char *
jail_limits_format_size (guint64 bytes)
{
  static const char units[] = "TGMK";
  if (bytes == JAIL_LIMIT_INFINITY)
    return g_strdup ("max");
  for (int i = 0; units[i] != '\0'; i++)
    {
      int shift = 10 * (4 - i);
      if (bytes != 0 && bytes % (G_GUINT64_CONSTANT (1) << shift) == 0)
        return g_strdup_printf ("%" G_GUINT64_FORMAT "%c", bytes >> shift, units[i]);
    }
  return g_strdup_printf ("%" G_GUINT64_FORMAT, bytes);
}
