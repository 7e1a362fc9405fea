/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include "cgroup/limits-parse.h"
#include "jail/jail.h"

static void
test_size (void)
{
  static const struct {
    const char *text;
    guint64 value;
  } good[] = {
    { "0", 0 },
    { "4096", 4096 },
    { "1K", 1024 },
    { "100M", 100 * 1024 * 1024 },
    { "100m", 100 * 1024 * 1024 },
    { "2G", G_GUINT64_CONSTANT (2) << 30 },
    { "2GiB", G_GUINT64_CONSTANT (2) << 30 },
    { "3GB", G_GUINT64_CONSTANT (3) << 30 },
    { "1T", G_GUINT64_CONSTANT (1) << 40 },
    { "max", JAIL_LIMIT_INFINITY },
    { "infinity", JAIL_LIMIT_INFINITY },
    { "18446744073709551613", G_MAXUINT64 - 2 },
  };
  static const char *const bad[] = {
    "",      "M",  "-1",   "+1",  " 1",  "1 ",  "1.5G", "1X",  "1KK", "1Mb", "0x10",
    "MAX",   "1e6", "18446744073709551614", "18446744073709551616",
    "99999999999999999999999", "16777216T", "1G ",
  };
  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      guint64 v = 1;
      g_autoptr (GError) error = NULL;
      g_assert_true (jail_limits_parse_size ("--memory", good[i].text, &v, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (v, ==, good[i].value);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      guint64 v = 7;
      g_autoptr (GError) error = NULL;
      g_assert_false (jail_limits_parse_size ("--memory", bad[i], &v, &error));
      g_assert_error (error, JAIL_ERROR, JAIL_ERROR_INVALID);
      g_assert_true (g_str_has_prefix (error->message, "--memory: '"));
      g_assert_cmpuint (v, ==, 7);
    }
}

static void
test_percent (void)
{
  guint64 v;
  g_assert_true (jail_limits_parse_percent ("--cpu", "50%", &v, NULL));
  g_assert_cmpuint (v, ==, 50);
  g_assert_true (jail_limits_parse_percent ("--cpu", "150", &v, NULL));
  g_assert_cmpuint (v, ==, 150);
  g_autofree char *cpu_max = jail_limits_cpu_max (v);
  g_assert_cmpstr (cpu_max, ==, "150000 100000");
  g_assert_true (jail_limits_parse_percent ("--cpu", "max", &v, NULL));
  g_assert_cmpuint (v, ==, JAIL_LIMIT_INFINITY);
  g_autofree char *unlimited = jail_limits_cpu_max (v);
  g_assert_cmpstr (unlimited, ==, "max 100000");
  static const char *const bad[] = { "", "0", "0%", "%", "50%%", "-5%", "100001%", "1.5", "50 %" };
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      g_assert_false (jail_limits_parse_percent ("--cpu", bad[i], &v, &error));
      g_assert_error (error, JAIL_ERROR, JAIL_ERROR_INVALID);
    }
}

static void
test_weight_and_pids (void)
{
  guint64 v;
  g_assert_true (jail_limits_parse_weight ("--cpu-weight", "1", &v, NULL));
  g_assert_cmpuint (v, ==, 1);
  g_assert_true (jail_limits_parse_weight ("--cpu-weight", "10000", &v, NULL));
  g_assert_cmpuint (v, ==, 10000);
  static const char *const bad_weight[] = { "0", "10001", "max", "", "1%", "-1" };
  for (gsize i = 0; i < G_N_ELEMENTS (bad_weight); i++)
    g_assert_false (jail_limits_parse_weight ("--cpu-weight", bad_weight[i], &v, NULL));

  g_assert_true (jail_limits_parse_pids ("--pids", "50", &v, NULL));
  g_assert_cmpuint (v, ==, 50);
  g_assert_true (jail_limits_parse_pids ("--pids", "max", &v, NULL));
  g_assert_cmpuint (v, ==, JAIL_LIMIT_INFINITY);
  static const char *const bad_pids[] = { "0", "4194305", "5K", "", "many" };
  for (gsize i = 0; i < G_N_ELEMENTS (bad_pids); i++)
    g_assert_false (jail_limits_parse_pids ("--pids", bad_pids[i], &v, NULL));
}

static void
test_format (void)
{
  static const struct {
    guint64 value;
    const char *text;
  } cases[] = {
    { 100 * 1024 * 1024, "100M" }, { 1024, "1K" }, { 1000, "1000" }, { 0, "0" },
    { G_GUINT64_CONSTANT (3) << 40, "3T" }, { JAIL_LIMIT_INFINITY, "max" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *s = jail_limits_format_size (cases[i].value);
      g_assert_cmpstr (s, ==, cases[i].text);
    }
  g_autofree char *max = jail_limits_value_string (JAIL_LIMIT_INFINITY);
  g_assert_cmpstr (max, ==, "max");
  g_autofree char *n = jail_limits_value_string (104857600);
  g_assert_cmpstr (n, ==, "104857600");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/limits/size", test_size);
  g_test_add_func ("/limits/percent", test_percent);
  g_test_add_func ("/limits/weight-and-pids", test_weight_and_pids);
  g_test_add_func ("/limits/format", test_format);
  return g_test_run ();
}
