/* The helper processes' handle (src/common/helper.c): a descriptor handed
 * over leaves the caller, and stopping one gives it its grace time to
 * exit by itself before SIGKILL.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/helper.h"
#include "common/sync.h"

/* Exits with status 3 once its channel ends, as the network engine does
 * when the monitor closes it. */
static int
exits_at_end (int channel, void *data)
{
  (void) data;
  char c;
  ssize_t n;
  while ((n = recv (channel, &c, 1, 0)) > 0 || (n < 0 && errno == EINTR))
    ;
  return 3;
}

/* Never exits by itself. */
static int
ignores_everything (int channel, void *data)
{
  (void) channel;
  (void) data;
  signal (SIGTERM, SIG_IGN);
  while (pause () < 0)
    ;
  return 0;
}

static int
exits_now (int channel, void *data)
{
  (void) channel;
  (void) data;
  return 5;
}

/* Writes "got TYPE" into the descriptor it is given, then exits. */
static int
writes_into_given_fd (int channel, void *data)
{
  (void) data;
  SyncMsg msg;
  int fd = -1;
  if (sync_recv_fd (channel, &msg, 0, &fd) < 0 || fd < 0)
    return 1;
  g_autofree char *text = g_strdup_printf ("got %d", (int) msg.type);
  return write (fd, text, strlen (text)) == (ssize_t) strlen (text) ? 0 : 2;
}

static void
test_stop_waits_for_its_own_exit (void)
{
  JailHelper h;
  g_assert_true (jail_helper_start ("test", exits_at_end, NULL, &h, NULL));
  close (h.fd);
  int status = jail_helper_stop (&h, 5000);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 3);
  g_assert_cmpint (h.pid, ==, -1);
  g_assert_cmpint (jail_helper_stop (&h, 0), ==, -1);
}

static void
test_stop_kills_after_grace (void)
{
  JailHelper h;
  g_assert_true (jail_helper_start ("test", ignores_everything, NULL, &h, NULL));
  close (h.fd);
  gint64 start = g_get_monotonic_time ();
  int status = jail_helper_stop (&h, 200);
  gint64 waited_ms = (g_get_monotonic_time () - start) / 1000;
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);
  g_assert_cmpint (waited_ms, >=, 200);
  g_assert_cmpint (h.pid, ==, -1);
}

static void
test_stop_without_grace_kills_now (void)
{
  JailHelper h;
  g_assert_true (jail_helper_start ("test", exits_at_end, NULL, &h, NULL));
  /* Its channel still open: it would wait for ever. */
  int status = jail_helper_stop (&h, 0);
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);
  close (h.fd);
}

static void
test_ended_reaps_only_an_exited_helper (void)
{
  JailHelper h;
  g_assert_true (jail_helper_start ("test", exits_now, NULL, &h, NULL));
  int status = -1;
  for (int i = 0; i < 500 && (status = jail_helper_ended (&h)) < 0; i++)
    g_usleep (10000);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 5);
  g_assert_cmpint (h.pid, ==, -1);
  close (h.fd);

  g_assert_true (jail_helper_start ("test", ignores_everything, NULL, &h, NULL));
  g_assert_cmpint (jail_helper_ended (&h), ==, -1);
  g_assert_cmpint (h.pid, >, 0);
  jail_helper_stop (&h, 0);
  close (h.fd);
}

static void
test_give_fd_closes_our_copy (void)
{
  int pipe_fds[2];
  g_assert_cmpint (pipe2 (pipe_fds, O_CLOEXEC), ==, 0);
  JailHelper h;
  g_assert_true (jail_helper_start ("test", writes_into_given_fd, NULL, &h, NULL));
  g_assert_cmpint (jail_helper_give_fd (&h, SYNC_NET_TAP, pipe_fds[1]), ==, 0);
  g_assert_cmpint (fcntl (pipe_fds[1], F_GETFD), ==, -1);
  g_assert_cmpint (errno, ==, EBADF);
  char got[32] = "";
  g_assert_cmpint (read (pipe_fds[0], got, sizeof got - 1), >, 0);
  g_autofree char *want = g_strdup_printf ("got %d", (int) SYNC_NET_TAP);
  g_assert_cmpstr (got, ==, want);
  int status = jail_helper_stop (&h, 5000);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  close (h.fd);
  close (pipe_fds[0]);

  /* No channel: refused, and our copy closed all the same. */
  g_assert_cmpint (pipe2 (pipe_fds, O_CLOEXEC), ==, 0);
  JailHelper none = { .pid = -1, .fd = -1 };
  g_assert_cmpint (jail_helper_give_fd (&none, SYNC_NET_TAP, pipe_fds[1]), ==, -ENOTCONN);
  g_assert_cmpint (fcntl (pipe_fds[1], F_GETFD), ==, -1);
  close (pipe_fds[0]);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/helper/stop/waits-for-its-own-exit", test_stop_waits_for_its_own_exit);
  g_test_add_func ("/helper/stop/kills-after-grace", test_stop_kills_after_grace);
  g_test_add_func ("/helper/stop/without-grace-kills-now", test_stop_without_grace_kills_now);
  g_test_add_func ("/helper/ended/reaps-only-an-exited-helper",
                   test_ended_reaps_only_an_exited_helper);
  g_test_add_func ("/helper/give-fd/closes-our-copy", test_give_fd_closes_our_copy);
  return g_test_run ();
}
