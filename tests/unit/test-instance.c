/* Instance names and the reader of instance records.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/json.h"
#include "instance/record.h"
#include "instance/control-proto.h"
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
  const char *text = "{ \"name\": \"box\\u00e9\\n\", \"pid\": 42, \"monitor_pid\": \"7\","
                     " \"namespaces\": { \"pid\": 4026531836 }, \"command\": [\"sh\", 3, \"-c\"],"
                     " \"cgroup\": null, \"hostname\": \"h\\u00e9\", \"network\": { \"mode\": \"slirp\" },"
                     " \"ok\": true }";
  g_autoptr (GError) error = NULL;
  g_autoptr (JailRecordInfo) info = jail_record_info_parse (text, strlen (text), &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->pid, ==, 42);
  g_assert_cmpint (info->pid_namespace, ==, 4026531836LL);
  g_assert_cmpstr (info->hostname, ==, "h\xc3\xa9");
  g_assert_cmpstr (info->network, ==, "slirp");
  /* Members of another type or missing read as unknown. */
  g_assert_cmpint (info->monitor_pid, ==, 0);
  g_assert_cmpstr (info->command_line, ==, "sh -c");
  g_assert_null (info->cgroup);
  g_assert_null (info->started);
  g_assert_null (info->profile);
}

/* The reader takes a regular file only, of at most the parser's limit: a
 * FIFO in its place does not hang `jail list`, a link to /dev/zero does not
 * fill its memory. */
static void
test_record_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("jail-record-XXXXXX", NULL);
  g_assert_nonnull (dir);
  int dfd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  g_assert_cmpint (dfd, >=, 0);
  g_autofree char *path = g_build_filename (dir, "info.json", NULL);
  const char *record = "{ \"pid\": 12, \"command\": [\"true\"] }";
  g_assert_true (g_file_set_contents (path, record, -1, NULL));
  g_autoptr (JailRecordInfo) info = jail_record_info_read (dfd, NULL);
  g_assert_nonnull (info);
  g_assert_cmpint (info->pid, ==, 12);
  g_assert_cmpstr (info->command_line, ==, "true");

  static const struct {
    const char *what, *reason;
  } wrong[] = {
    { "fifo", "info.json: not a regular file" },
    { "symlink", "open info.json: Too many levels of symbolic links" },
    { "large", "info.json: larger than the JSON parser reads" },
    { "missing", "open info.json: No such file or directory" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (wrong); i++)
    {
      unlink (path);
      if (strcmp (wrong[i].what, "fifo") == 0)
        g_assert_cmpint (mkfifo (path, 0600), ==, 0);
      else if (strcmp (wrong[i].what, "symlink") == 0)
        g_assert_cmpint (symlink ("/dev/zero", path), ==, 0);
      else if (strcmp (wrong[i].what, "large") == 0)
        {
          int fd = open (path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
          g_assert_cmpint (fd, >=, 0);
          g_assert_cmpint (ftruncate (fd, JAIL_JSON_MAX_SIZE + 1), ==, 0);
          close (fd);
        }
      g_autoptr (GError) error = NULL;
      g_assert_null (jail_record_info_read (dfd, &error));
      g_assert_error (error, JAIL_ERROR, JAIL_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, wrong[i].reason);
    }
  unlink (path);
  close (dfd);
  g_assert_cmpint (rmdir (dir), ==, 0);
}

static void
test_json_bad (void)
{
  g_autofree char *deep = g_strnfill (200000, '[');
  static const char *const bad[] = {
    "", "{", "{\"a\" 1}", "{\"a\":1} x", "\"\\x\"", "nul", "[1]", "\"a\"", "42",
  };
  for (gsize i = 0; i <= G_N_ELEMENTS (bad); i++)
    {
      /* The last: a nesting deep enough to overflow a recursive parser. */
      const char *text = i < G_N_ELEMENTS (bad) ? bad[i] : deep;
      g_autoptr (GError) error = NULL;
      g_autoptr (JailRecordInfo) info = jail_record_info_parse (text, strlen (text), &error);
      g_assert_null (info);
      g_assert_error (error, JAIL_ERROR, JAIL_ERROR_INVALID);
    }
  /* A NUL inside the document is not its end. */
  g_autoptr (GError) error = NULL;
  g_assert_null (jail_record_info_parse ("{}\0x", 4, &error));
  g_assert_error (error, JAIL_ERROR, JAIL_ERROR_INVALID);
}

/* A child connects to a listening socket, after unshare(flags) when
 * flags is not 0, and waits; returns the monitor's verdict on it. */
static const char *
verdict_on_child (int unshare_flags, gboolean *ret_child_ran)
{
  g_autofree char *dir = g_dir_make_tmp ("jail-peer-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "s", NULL);
  struct sockaddr_un sa = { .sun_family = AF_UNIX };
  g_strlcpy (sa.sun_path, path, sizeof sa.sun_path);
  int l = socket (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
  g_assert_cmpint (bind (l, (struct sockaddr *) &sa, sizeof sa), ==, 0);
  g_assert_cmpint (listen (l, 1), ==, 0);
  int go[2];
  g_assert_cmpint (pipe (go), ==, 0);
  pid_t pid = fork ();
  if (pid == 0)
    {
      if (unshare_flags != 0 && unshare (unshare_flags) < 0)
        _exit (77);
      int c = socket (AF_UNIX, SOCK_SEQPACKET, 0);
      if (connect (c, (struct sockaddr *) &sa, sizeof sa) < 0)
        _exit (1);
      char b;
      (void) !read (go[0], &b, 1); /* until the parent has looked */
      _exit (0);
    }
  int a = accept4 (l, NULL, NULL, SOCK_CLOEXEC);
  const char *why = a >= 0 ? jail_control_peer_refused (a) : "accept failed";
  (void) !write (go[1], "x", 1);
  int status;
  waitpid (pid, &status, 0);
  *ret_child_ran = WIFEXITED (status) && WEXITSTATUS (status) == 0;
  close (a);
  close (l);
  close (go[0]);
  close (go[1]);
  unlink (path);
  rmdir (dir);
  return why;
}

static void
test_control_peer (void)
{
  gboolean ran;
  g_assert_null (verdict_on_child (0, &ran));
  g_assert_true (ran);
  const char *why = verdict_on_child (CLONE_NEWUSER, &ran);
  if (!ran)
    {
      g_test_skip ("no unprivileged user namespaces here");
      return;
    }
  g_assert_nonnull (why);
  g_assert_nonnull (strstr (why, "not in the host's user namespace"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/instance/names", test_names);
  g_test_add_func ("/instance/json-record", test_json_record);
  g_test_add_func ("/instance/json-bad", test_json_bad);
  g_test_add_func ("/instance/record-file", test_record_file);
  g_test_add_func ("/instance/control-peer", test_control_peer);
  return g_test_run ();
}
