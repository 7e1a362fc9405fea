/* Unit tests for the bubblewrap-compatible front-end and the overlay ops.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cli-private.h"
#include "spec/spec-access.h"

static void
test_overlay_layers (void)
{
  g_autoptr (JailSpec) spec = jail_spec_new ();
  g_autoptr (GError) error = NULL;
  JailFsOp op = JAIL_FS_OP_INIT;

  op.kind = JAIL_FS_RO_OVERLAY;
  op.dest = "/o";
  g_assert_false (jail_spec_add_fs_op (spec, &op, &error));
  g_clear_error (&error);

  const char *layers[] = { "/bottom", "/top" };
  for (gsize i = 0; i < G_N_ELEMENTS (layers); i++)
    {
      op = (JailFsOp) JAIL_FS_OP_INIT;
      op.kind = JAIL_FS_OVERLAY_SRC;
      op.source = layers[i];
      g_assert_true (jail_spec_add_fs_op (spec, &op, NULL));
    }
  g_assert_false (jail_spec_check_complete (spec, NULL));
  op = (JailFsOp) JAIL_FS_OP_INIT;
  op.kind = JAIL_FS_RO_OVERLAY;
  op.dest = "/o//";
  g_assert_true (jail_spec_add_fs_op (spec, &op, NULL));
  g_assert_true (jail_spec_check_complete (spec, NULL));

  g_assert_cmpuint (jail_spec_get_n_fs (spec), ==, 1);
  const JailFsEntry *e = jail_spec_get_fs (spec, 0);
  g_assert_cmpstr (e->dest, ==, "/o");
  g_assert_cmpuint (g_strv_length (e->layers), ==, 2);
  g_assert_cmpstr (e->layers[0], ==, "/bottom");
  g_assert_cmpstr (e->layers[1], ==, "/top");

  /* The layers were consumed: the next overlay needs its own. */
  op.kind = JAIL_FS_TMP_OVERLAY;
  g_assert_false (jail_spec_add_fs_op (spec, &op, &error));
  g_assert_error (error, JAIL_ERROR, JAIL_ERROR_INVALID);
}

static void
test_splice_args (void)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (argv, g_strdup ("prog"));
  g_ptr_array_add (argv, g_strdup ("cmd"));
  static const char data[] = "a\0\0b"; /* "a", "", "b" (unterminated) */
  g_assert_cmpuint (jail_cli_splice_args (argv, 1, (const guint8 *) data, sizeof data - 1), ==, 3);
  g_assert_cmpuint (argv->len, ==, 5);
  g_assert_cmpstr (g_ptr_array_index (argv, 1), ==, "a");
  g_assert_cmpstr (g_ptr_array_index (argv, 2), ==, "");
  g_assert_cmpstr (g_ptr_array_index (argv, 3), ==, "b");
  g_assert_cmpstr (g_ptr_array_index (argv, 4), ==, "cmd");
  g_assert_cmpuint (jail_cli_splice_args (argv, 0, (const guint8 *) "", 0), ==, 0);
}

static gboolean
parse_bwrap (const char *const *args, JailCli *cli, GError **error)
{
  return jail_cli_parse_mode ((int) g_strv_length ((char **) args), (char **) args, TRUE, cli,
                              error);
}

static void
test_bwrap_mode_defaults (void)
{
  const char *args[] = { "bwrap", "--tmpfs", "rel", "--unshare-pid", "true", NULL };
  JailCli cli = { 0 };
  g_assert_true (parse_bwrap (args, &cli, NULL));
  guint want = JAIL_NS_MOUNT | JAIL_NS_PID | (getuid () != 0 ? JAIL_NS_USER : 0);
  g_assert_cmpuint (jail_spec_get_namespaces (cli.spec), ==, want);
  g_assert_cmpuint (jail_spec_get_n_fs (cli.spec), ==, 1); /* no default filesystem */
  const JailFsEntry *e = jail_spec_get_fs (cli.spec, 0);
  g_assert_cmpstr (e->dest, ==, "/rel");
  g_assert_true (jail_spec_get_keep_all_fds (cli.spec));
  /* What bwrap mode needs is said in the spec, for the sandbox to read. */
  g_assert_true (jail_spec_get_failure_wording (cli.spec) == jail_bwrap_word_failure);
  g_assert_true (jail_spec_get_unlisted (cli.spec));
  g_assert_true (jail_spec_get_env_verbatim (cli.spec));
  g_assert_cmpint (jail_spec_get_seccomp_mode (cli.spec), ==, JAIL_SECCOMP_OFF);
  g_assert_true (jail_spec_get_terminal_rule (cli.spec));
  g_assert_cmpuint (jail_spec_get_mount_shape (cli.spec), ==,
                    JAIL_MOUNT_REMOUNT_RO_SINGLE | JAIL_MOUNT_DEV_SHM_DIR
                      | JAIL_MOUNT_PROC_RO_WRITABLE);
  g_assert_false (jail_spec_get_init_dumpable (cli.spec));
  jail_cli_clear (&cli);
}

/* jail's own command line leaves every caller field at jail's default,
 * even with bwrap's options; only a reported pid keeps the init dumpable. */
static void
test_jail_mode_caller_fields (void)
{
  const char *args[] = { "jail", "--info-fd", "1", "--lock-file", "/l", "true", NULL };
  JailCli cli = { 0 };
  g_autoptr (GError) error = NULL;
  g_assert_true (jail_cli_parse (g_strv_length ((char **) args), (char **) args, &cli, &error));
  g_assert_no_error (error);
  g_assert_null (jail_spec_get_failure_wording (cli.spec));
  g_assert_false (jail_spec_get_unlisted (cli.spec));
  g_assert_false (jail_spec_get_env_verbatim (cli.spec));
  g_assert_false (jail_spec_get_terminal_rule (cli.spec));
  g_assert_cmpuint (jail_spec_get_mount_shape (cli.spec), ==, 0);
  g_assert_true (jail_spec_get_init_dumpable (cli.spec));
  jail_cli_clear (&cli);
}

static void
word (SyncType type, const char *step, const char *path, int err, const char *want)
{
  g_autoptr (GError) error = NULL;
  SyncMsg msg = { .type = type, .err = err };
  g_strlcpy (msg.step, step, sizeof msg.step);
  g_strlcpy (msg.path, path, sizeof msg.path);
  jail_bwrap_word_failure (&msg, &error);
  g_assert_nonnull (error);
  g_assert_cmpstr (error->message, ==, want);
}

static void
test_failure_wording (void)
{
  word (SYNC_EXEC_ERROR, "exec", "nope", ENOENT, "execvp nope: No such file or directory");
  word (SYNC_SETUP_ERROR, "create directory", "/x", EACCES, "Can't mkdir /x: Permission denied");
  word (SYNC_SETUP_ERROR, "ro-bind source", "/missing", ENOENT,
        "Can't find source path /missing: No such file or directory");
  word (SYNC_SETUP_ERROR, "pivot_root", "", EPERM, "pivot_root: Operation not permitted");
}

static void
test_octal_mode (void)
{
  guint32 mode = 0;
  g_assert_true (jail_cli_parse_octal_mode ("--perms", "0755", &mode, NULL));
  g_assert_cmpuint (mode, ==, 0755);
  g_assert_true (jail_cli_parse_octal_mode ("--perms", "7777", &mode, NULL));
  g_assert_cmpuint (mode, ==, 07777);
  const char *bad[] = { "", "8", "10000", "0x1", "75 " };
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      g_assert_false (jail_cli_parse_octal_mode ("--chmod", bad[i], &mode, &error));
      g_autofree char *want = g_strdup_printf ("--chmod: '%s' is not an octal mode", bad[i]);
      g_assert_cmpstr (error->message, ==, want);
    }
}

static void
test_bwrap_mode_errors (void)
{
  JailCli cli = { 0 };
  g_autoptr (GError) error = NULL;
  const char *unknown[] = { "bwrap", "--print", "true", NULL };
  g_assert_false (parse_bwrap (unknown, &cli, &error));
  g_assert_cmpstr (error->message, ==, "Unknown option --print");
  g_clear_error (&error);

  const char *missing[] = { "bwrap", "--overlay", "a", "b", NULL };
  g_assert_false (parse_bwrap (missing, &cli, &error));
  g_assert_cmpstr (error->message, ==, "--overlay takes three arguments");
  g_clear_error (&error);

  const char *none[] = { "bwrap", "--unshare-net", NULL };
  g_assert_true (parse_bwrap (none, &cli, NULL));
  g_assert_cmpint (cli.action, ==, JAIL_CLI_USAGE_ERROR);
  jail_cli_clear (&cli);
}

static void
test_args_nesting (void)
{
  int fds[2];
  g_assert_no_errno (pipe (fds));
  static const char data[] = "--args\0" "99\0";
  g_assert_cmpint (write (fds[1], data, sizeof data - 1), ==, sizeof data - 1);
  close (fds[1]);
  g_autofree char *fd = g_strdup_printf ("%d", fds[0]);
  const char *args[] = { "bwrap", "--args", fd, "true", NULL };
  JailCli cli = { 0 };
  g_autoptr (GError) error = NULL;
  g_assert_false (parse_bwrap (args, &cli, &error));
  g_assert_cmpstr (error->message, ==, "--args not supported in arguments file");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/bwrap/overlay-layers", test_overlay_layers);
  g_test_add_func ("/bwrap/splice-args", test_splice_args);
  g_test_add_func ("/bwrap/mode-defaults", test_bwrap_mode_defaults);
  g_test_add_func ("/bwrap/mode-errors", test_bwrap_mode_errors);
  g_test_add_func ("/bwrap/args-nesting", test_args_nesting);
  g_test_add_func ("/bwrap/jail-mode-caller-fields", test_jail_mode_caller_fields);
  g_test_add_func ("/bwrap/failure-wording", test_failure_wording);
  g_test_add_func ("/bwrap/octal-mode", test_octal_mode);
  return g_test_run ();
}
