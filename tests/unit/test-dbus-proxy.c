/* The D-Bus proxy's directory: made new and private or not at all, and
 * the ones a SIGKILLed jail left behind removed at the next start.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "desktop/desktop.h"
#include "jail/jail.h"

/* The PID of a process that has exited (and been reaped). */
static pid_t
dead_pid (void)
{
  pid_t pid = fork ();
  if (pid == 0)
    _exit (0);
  waitpid (pid, NULL, 0);
  return pid;
}

static void
test_existing_dir_refused (void)
{
  g_autofree char *tmp = g_dir_make_tmp ("test-dbus-proxy.XXXXXX", NULL);
  g_autofree char *stale = g_strdup_printf ("%s/" JAIL_DBUS_PROXY_DIR_PREFIX "%d-0badc0de", tmp,
                                            (int) dead_pid ());
  g_autofree char *stale_sock = g_build_filename (stale, "session", NULL);
  g_autofree char *live = g_strdup_printf ("%s/" JAIL_DBUS_PROXY_DIR_PREFIX "%d-00000001", tmp,
                                           (int) getpid ());
  g_autofree char *planted = g_build_filename (tmp, JAIL_DBUS_PROXY_DIR_PREFIX "1-planted", NULL);
  g_assert_cmpint (g_mkdir (stale, 0700), ==, 0);
  g_assert_true (g_file_set_contents (stale_sock, "", 0, NULL));
  g_assert_cmpint (g_mkdir (live, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (planted, 0755), ==, 0);

  JailDesktopPlan plan = { .dbus_proxy_dir = planted, .xauth_fd = -1 };
  JailDBusProxy proxy;
  g_autoptr (GError) error = NULL;
  g_assert_false (jail_dbus_proxy_start (&plan, &proxy, &error));
  g_assert_error (error, JAIL_ERROR, JAIL_ERROR_SETUP);
  g_assert_nonnull (strstr (error->message, "already exists"));
  g_assert_nonnull (strstr (error->message, "mode 0755"));
  /* A pre-existing directory is left as it was, not used or removed. */
  g_assert_true (g_file_test (planted, G_FILE_TEST_IS_DIR));
  /* The dead jail's directory is gone, the live one's kept. */
  g_assert_false (g_file_test (stale, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (live, G_FILE_TEST_IS_DIR));
  g_rmdir (live);
  g_rmdir (planted);
  g_rmdir (tmp);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/dbus-proxy/existing-dir-refused", test_existing_dir_refused);
  return g_test_run ();
}
