/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include "common/path.h"
#include "jail/jail.h"

static void
test_normalize (void)
{
  static const char *const cases[][2] = {
    { "/", "/" },           { "//", "/" },         { "/a/b", "/a/b" },
    { "/a//b/", "/a/b" },   { "/./a/./b/.", "/a/b" }, { "/a/.b/c", "/a/.b/c" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *n = jail_path_normalize (cases[i][0]);
      g_assert_cmpstr (n, ==, cases[i][1]);
    }
}

static void
test_validate_dest (void)
{
  static const char *const good[] = { "/", "/a", "/a/b..c", "/..a", "/a/...", "/a/.b" };
  static const char *const bad[] = { "", "a", "./a", "/..", "/a/..", "/a/../b", "/a/b/..//" };
  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    g_assert_true (jail_path_validate_dest (good[i], "test", NULL));
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      g_assert_false (jail_path_validate_dest (bad[i], "test", &error));
      g_assert_error (error, JAIL_ERROR, JAIL_ERROR_INVALID);
    }
  g_assert_false (jail_path_validate_dest (NULL, "test", NULL));
}

static void
test_validate_long (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *long_path = g_strnfill (JAIL_PATH_MAX, 'a');
  long_path[0] = '/';
  g_assert_false (jail_path_validate_dest (long_path, "bind", &error));
  g_assert_nonnull (strstr (error->message, "longer than"));
}

static void
test_has_prefix (void)
{
  g_assert_true (jail_path_has_prefix ("/a/b", "/a"));
  g_assert_true (jail_path_has_prefix ("/a", "/a"));
  g_assert_false (jail_path_has_prefix ("/ab", "/a"));
  g_assert_true (jail_path_has_prefix ("/x", "/"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/path/normalize", test_normalize);
  g_test_add_func ("/path/validate-dest", test_validate_dest);
  g_test_add_func ("/path/validate-long", test_validate_long);
  g_test_add_func ("/path/has-prefix", test_has_prefix);
  return g_test_run ();
}
