/* Instance names and the JSON reader of instance records.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "common/json-read.h"
#include "jail/jail.h"

static void
test_names (void)
{
  g_assert_true (jail_name_is_valid ("box1"));
  g_assert_true (jail_name_is_valid ("a.b_c-D9"));
  g_assert_false (jail_name_is_valid (""));
  g_assert_false (jail_name_is_valid (".hidden"));
  g_assert_false (jail_name_is_valid ("-opt"));
  g_assert_false (jail_name_is_valid ("a/b"));
  g_assert_false (jail_name_is_valid (".."));
  g_assert_false (jail_name_is_valid ("sp ace"));
  g_autofree char *longest = g_strnfill (JAIL_NAME_MAX, 'x');
  g_autofree char *too_long = g_strnfill (JAIL_NAME_MAX + 1, 'x');
  g_assert_true (jail_name_is_valid (longest));
  g_assert_false (jail_name_is_valid (too_long));
}

static void
test_json_record (void)
{
  const char *text = "{ \"name\": \"box\\u00e9\\n\", \"pid\": 42, \"ns\": { \"pid\": 4026531836 },"
                     " \"command\": [\"sh\", \"-c\"], \"cgroup\": null, \"ok\": true }";
  g_autoptr (GError) error = NULL;
  g_autoptr (JailJson) j = jail_json_parse (text, strlen (text), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (jail_json_get_string (j, "name"), ==, "box\xc3\xa9\n");
  g_assert_cmpint (jail_json_get_int (j, "pid", -1), ==, 42);
  g_assert_cmpint (jail_json_get_int (jail_json_member (j, "ns"), "pid", -1), ==, 4026531836LL);
  g_assert_cmpuint (jail_json_member (j, "command")->items->len, ==, 2);
  g_assert_null (jail_json_get_string (j, "cgroup"));
  g_assert_cmpint (jail_json_get_int (j, "missing", 7), ==, 7);
  g_assert_cmpint (jail_json_get_int (j, "name", 7), ==, 7);
}

static void
test_json_bad (void)
{
  static const char *const bad[] = {
    "", "{", "{\"a\" 1}", "[1,]", "{\"a\":1} x", "\"\\x\"", "\"\\u0000\"", "\"\\ud800\"",
    "nul", "\"a\nb\"", "\"\xff\"", "1e", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
  };
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (JailJson) j = jail_json_parse (bad[i], strlen (bad[i]), &error);
      g_assert_null (j);
      g_assert_error (error, JAIL_ERROR, JAIL_ERROR_INVALID);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/instance/names", test_names);
  g_test_add_func ("/instance/json-record", test_json_record);
  g_test_add_func ("/instance/json-bad", test_json_bad);
  return g_test_run ();
}
