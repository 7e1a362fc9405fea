/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include "spec/spec-access.h"
#include "json-assert.h"

static void
test_fs_op_order_and_json (void)
{
  g_autoptr (JailSpec) spec = jail_spec_new ();
  JailFsOp op = JAIL_FS_OP_INIT;
  op.kind = JAIL_FS_RO_BIND;
  op.source = "/usr";
  op.dest = "/usr//";
  g_assert_true (jail_spec_add_fs_op (spec, &op, NULL));
  op = (JailFsOp) JAIL_FS_OP_INIT;
  op.kind = JAIL_FS_TMPFS;
  op.dest = "/tmp";
  op.mode = 01777;
  g_assert_true (jail_spec_add_fs_op (spec, &op, NULL));
  const char *argv[] = { "sh", "-c", "echo \"hi\"", NULL };
  g_assert_true (jail_spec_set_command (spec, argv, NULL));

  g_autofree char *json = jail_spec_to_json (spec);
  /* In the order given, after the defaults. */
  assert_json_at (json, "$.filesystem[-2:]",
                  "{ \"op\": \"ro-bind\", \"source\": \"/usr\", \"dest\": \"/usr\", \"access\": \"ro\" },"
                  "{ \"op\": \"tmpfs\", \"dest\": \"/tmp\", \"mode\": \"1777\" }");
  assert_json_at (json, "$.command", "[ \"sh\", \"-c\", \"echo \\\"hi\\\"\" ]");
}

static void
test_bad_ops (void)
{
  g_autoptr (JailSpec) spec = jail_spec_new ();
  JailFsOp op = JAIL_FS_OP_INIT;
  g_autoptr (GError) error = NULL;

  op.kind = JAIL_FS_BIND;
  op.source = "";
  op.dest = "/x";
  g_assert_false (jail_spec_add_fs_op (spec, &op, &error));
  g_assert_error (error, JAIL_ERROR, JAIL_ERROR_INVALID);
  g_clear_error (&error);

  op = (JailFsOp) JAIL_FS_OP_INIT;
  op.kind = JAIL_FS_CHMOD;
  op.dest = "/x";
  g_assert_false (jail_spec_add_fs_op (spec, &op, &error));
  g_clear_error (&error);

  op.mode = 010000;
  g_assert_false (jail_spec_add_fs_op (spec, &op, &error));
  g_assert_cmpuint (jail_spec_get_n_fs (spec), ==, 0);
}

static void
test_environment (void)
{
  g_autoptr (JailSpec) spec = jail_spec_new ();
  g_setenv ("JAIL_UNIT_A", "1", TRUE);
  jail_spec_setenv (spec, "JAIL_UNIT_B", "2");
  jail_spec_unsetenv (spec, "JAIL_UNIT_A");
  g_auto (GStrv) env = jail_spec_build_environ (spec);
  g_assert_null (g_environ_getenv (env, "JAIL_UNIT_A"));
  g_assert_cmpstr (g_environ_getenv (env, "JAIL_UNIT_B"), ==, "2");

  jail_spec_clearenv (spec);
  jail_spec_setenv (spec, "ONLY", "x");
  g_auto (GStrv) env2 = jail_spec_build_environ (spec);
  g_assert_cmpuint (g_strv_length (env2), ==, 1);
}

static void
test_exit_status_of_errors (void)
{
  g_autoptr (GError) nf = g_error_new_literal (JAIL_ERROR, JAIL_ERROR_NOT_FOUND, "x");
  g_autoptr (GError) ne = g_error_new_literal (JAIL_ERROR, JAIL_ERROR_NOT_EXECUTABLE, "x");
  g_autoptr (GError) inv = g_error_new_literal (JAIL_ERROR, JAIL_ERROR_INVALID, "x");
  g_assert_cmpint (jail_error_exit_status (nf), ==, 127);
  g_assert_cmpint (jail_error_exit_status (ne), ==, 126);
  g_assert_cmpint (jail_error_exit_status (inv), ==, 125);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/spec/fs-order-json", test_fs_op_order_and_json);
  g_test_add_func ("/spec/bad-ops", test_bad_ops);
  g_test_add_func ("/spec/environment", test_environment);
  g_test_add_func ("/spec/exit-status", test_exit_status_of_errors);
  return g_test_run ();
}
