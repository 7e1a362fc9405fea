/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <seccomp.h>
#include <string.h>
#include <glib/gstdio.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "jail/jail.h"
#include "report/dbus-log.h"
#include "report/paths.h"
#include "report/report.h"
#include "report/supervisor.h"
#include "sandbox/seccomp.h"

static void
test_counts_and_dedup (void)
{
  g_autoptr (JailReport) r = jail_report_new ();
  g_assert_true (jail_report_is_empty (r));
  for (int i = 0; i < 3; i++)
    g_assert_true (jail_report_add (r, JAIL_REFUSAL_SYSCALL, "ptrace", "--allow-ptrace", NULL));
  g_assert_true (jail_report_add (r, JAIL_REFUSAL_SYSCALL, "process_vm_readv", "--allow-ptrace", NULL));
  g_assert_true (jail_report_add (r, JAIL_REFUSAL_SYSCALL, "keyctl", NULL, NULL));
  g_assert_true (jail_report_add (r, JAIL_REFUSAL_DBUS, "org.freedesktop.Notifications", "--talk-name",
                                  "org.freedesktop.Notifications"));
  g_assert_cmpuint (jail_report_n_entries (r, JAIL_REFUSAL_SYSCALL), ==, 3);
  g_assert_cmpuint (jail_report_n_refusals (r, JAIL_REFUSAL_SYSCALL), ==, 5);
  g_assert_cmpuint (jail_report_entry (r, JAIL_REFUSAL_SYSCALL, 0)->count, ==, 3);
  g_assert_null (jail_report_entry (r, JAIL_REFUSAL_SYSCALL, 3));

  g_auto (GStrv) lines = jail_report_lines (r);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_cmpstr (lines[0], ==, "refused: 3 syscalls (ptrace ×3, process_vm_readv, keyctl), "
                                 "1 D-Bus name (org.freedesktop.Notifications)");
  /* One line per grant, naming everything it lets through. */
  g_assert_cmpstr (lines[1], ==, "  --allow-ptrace  (ptrace, process_vm_readv)");
  g_assert_cmpstr (lines[2], ==, "  --talk-name=org.freedesktop.Notifications  (org.freedesktop.Notifications)");
  /* The filter's hardening rows: named, never advised away. */
  g_assert_cmpstr (lines[3], ==, "  no option grants keyctl: the default filter's hardening (jail(1), SECURITY)");
}

static void
test_empty_has_no_lines (void)
{
  g_autoptr (JailReport) r = jail_report_new ();
  g_auto (GStrv) lines = jail_report_lines (r);
  g_assert_cmpuint (g_strv_length (lines), ==, 0);
}

/* What comes from the sandbox reaches the user's terminal: no escape
 * sequences, no invalid UTF-8, nothing unbounded. */
static void
test_hostile_text_refused (void)
{
  g_autoptr (JailReport) r = jail_report_new ();
  g_autofree char *huge = g_strnfill (JAIL_REPORT_MAX_TEXT + 1, 'a');
  g_assert_false (jail_report_add (r, JAIL_REFUSAL_DBUS, "a\033[2Jb", NULL, NULL));
  g_assert_false (jail_report_add (r, JAIL_REFUSAL_DBUS, "a\nb", NULL, NULL));
  g_assert_false (jail_report_add (r, JAIL_REFUSAL_DBUS, "\xff\xfe", NULL, NULL));
  g_assert_false (jail_report_add (r, JAIL_REFUSAL_DBUS, huge, NULL, NULL));
  g_assert_false (jail_report_add (r, JAIL_REFUSAL_DBUS, "", NULL, NULL));
  g_assert_false (jail_report_add (r, JAIL_REFUSAL_DBUS, "ok", "--talk-name", "x\ty"));
  g_assert_true (jail_report_is_empty (r));
}

static void
test_entries_capped (void)
{
  g_autoptr (JailReport) r = jail_report_new ();
  for (int i = 0; i < JAIL_REPORT_MAX_ENTRIES + 10; i++)
    {
      g_autofree char *name = g_strdup_printf ("org.example.N%d", i);
      g_assert_true (jail_report_add (r, JAIL_REFUSAL_DBUS, name, "--talk-name", name));
    }
  g_assert_cmpuint (jail_report_n_entries (r, JAIL_REFUSAL_DBUS), ==, JAIL_REPORT_MAX_ENTRIES);
  g_auto (GStrv) lines = jail_report_lines (r);
  g_assert_true (g_str_has_prefix (lines[0], "refused: 74 D-Bus names ("));
  g_assert_true (g_str_has_suffix (lines[0], ", and 10 more)"));
}

static void
test_should_print (void)
{
  g_assert_false (jail_report_should_print (JAIL_REPORT_AUTO, 0));
  g_assert_true (jail_report_should_print (JAIL_REPORT_AUTO, 1));
  g_assert_true (jail_report_should_print (JAIL_REPORT_AUTO, 137));
  g_assert_true (jail_report_should_print (JAIL_REPORT_ALWAYS, 0));
  g_assert_false (jail_report_should_print (JAIL_REPORT_NEVER, 1));
}

/* The supervisor answers with the row's errno and names the call; a
 * number no ABI knows is named by number and refused. */
static void
test_judge (void)
{
  char what[64];
  g_assert_cmpint (jail_supervisor_judge (AUDIT_ARCH_X86_64, 101, what, sizeof what), ==, EPERM);
  g_assert_cmpstr (what, ==, "ptrace");
  g_assert_cmpint (jail_supervisor_judge (AUDIT_ARCH_I386, 26, what, sizeof what), ==, EPERM);
  g_assert_cmpstr (what, ==, "ptrace");
  g_assert_cmpint (jail_supervisor_judge (AUDIT_ARCH_X86_64, 41, what, sizeof what), ==, EAFNOSUPPORT);
  g_assert_cmpstr (what, ==, "socket");
  g_assert_cmpint (jail_supervisor_judge (AUDIT_ARCH_X86_64, 0x40000000 | 101, what, sizeof what), ==, EPERM);
  g_assert_cmpint (jail_supervisor_judge (AUDIT_ARCH_X86_64, 99999, what, sizeof what), ==, EPERM);
  g_assert_cmpstr (what, ==, "syscall 99999");
  g_assert_cmpint (jail_supervisor_judge (0x1234, -5, what, sizeof what), ==, EPERM);
  g_assert_cmpstr (what, ==, "syscall -5");
  /* The ENOSYS rows keep their errno, named or numbered. */
  g_assert_cmpint (jail_supervisor_judge (AUDIT_ARCH_X86_64, 430, what, sizeof what), ==, ENOSYS);
  g_assert_cmpstr (what, ==, "fsopen");
  g_assert_cmpint (jail_supervisor_judge (AUDIT_ARCH_X86_64, 425, what, sizeof what), ==, ENOSYS);
  g_assert_cmpstr (what, ==, "io_uring_setup");
  g_assert_cmpint (jail_supervisor_judge (AUDIT_ARCH_X86_64, 457, what, sizeof what), ==, ENOSYS);
  g_assert_cmpstr (what, ==, "statmount");
  g_assert_cmpint (jail_supervisor_judge (AUDIT_ARCH_X86_64, 0x40000000 | 458, what, sizeof what),
                   ==, ENOSYS);
  g_assert_cmpstr (what, ==, "listmount");
  g_assert_cmpint (jail_supervisor_judge (AUDIT_ARCH_I386, 467, what, sizeof what), ==, ENOSYS);
  g_assert_cmpstr (what, ==, "open_tree_attr");
  g_assert_cmpint (jail_supervisor_judge (AUDIT_ARCH_X86_64, 135, what, sizeof what), ==, EPERM);
  g_assert_cmpstr (what, ==, "personality");
}

/* The reader on this very process: the app's memory is hostile. */
static void
test_read_path (void)
{
  long page = sysconf (_SC_PAGESIZE);
  char *m = mmap (NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  g_assert_true (m != MAP_FAILED);
  g_assert_cmpint (mprotect (m + page, page, PROT_NONE), ==, 0);
  char buf[JAIL_REPORT_MAX_TEXT + 1];
  pid_t self = getpid ();

  /* A path ending right before the hole is read whole. */
  char *tail = m + page - 8;
  memcpy (tail, "/a/b/c/", 7);
  tail[7] = '\0';
  g_assert_cmpint (jail_supervisor_read_path (self, (uintptr_t) tail, buf, sizeof buf), ==, 7);
  g_assert_cmpstr (buf, ==, "/a/b/c/");
  /* Not terminated before the hole: refused, not read past. */
  memset (m + page - 16, 'x', 16);
  g_assert_cmpint (jail_supervisor_read_path (self, (uintptr_t) (m + page - 16), buf, sizeof buf),
                   ==, -EFAULT);
  /* Longer than the buffer: refused, and buf still a string. */
  memset (m, 'y', page);
  g_assert_cmpint (jail_supervisor_read_path (self, (uintptr_t) m, buf, sizeof buf), ==,
                   -ENAMETOOLONG);
  g_assert_cmpuint (strlen (buf), ==, sizeof buf - 1);
  /* Unmapped, NULL, the top of the address space. */
  g_assert_cmpint (jail_supervisor_read_path (self, (uintptr_t) (m + page), buf, sizeof buf), <, 0);
  g_assert_cmpint (jail_supervisor_read_path (self, 0, buf, sizeof buf), <, 0);
  g_assert_cmpint (jail_supervisor_read_path (self, UINT64_MAX - 3, buf, sizeof buf), <, 0);
  g_assert_cmpint (jail_supervisor_read_path (self, (uintptr_t) tail, buf, 0), ==, -ENAMETOOLONG);
  munmap (m, 2 * page);
}

/* The calls the supervisor lets continue are never ones a row refuses;
 * the numbers it answers them by are the kernel's (libseccomp's names). */
static void
test_path_calls_are_not_refused_rows (void)
{
  gsize n;
  const JailSeccompPathCall *calls = jail_seccomp_path_calls (&n);
  g_assert_cmpuint (n, >, 0);
  for (gsize i = 0; i < n; i++)
    {
      g_assert_cmpint (jail_supervisor_path_arg (calls[i].name), ==, calls[i].path_arg);
      g_assert_false (jail_seccomp_is_refused (calls[i].name));
#if defined(__x86_64__)
      g_assert_cmpint (calls[i].nr_x86_64, ==,
                       seccomp_syscall_resolve_name_arch (SCMP_ARCH_X86_64, calls[i].name));
#endif
    }
  g_assert_cmpint (jail_supervisor_path_arg ("ptrace"), ==, -1);
  g_assert_cmpint (jail_supervisor_path_arg ("keyctl"), ==, -1);
  g_assert_true (jail_seccomp_is_refused ("ptrace"));
}

/* A stand-in sandbox: a child whose root is `root` (NULL: ours), alive
 * until killed. */
static pid_t
start_stand_in (const char *root)
{
  int ready[2];
  g_assert_cmpint (pipe (ready), ==, 0);
  pid_t pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      char ok = root == NULL || (unshare (CLONE_NEWUSER) == 0 && chroot (root) == 0) ? 'y' : 'n';
      if (write (ready[1], &ok, 1) != 1)
        _exit (1);
      for (;;)
        pause ();
    }
  close (ready[1]);
  char ok = 'n';
  g_assert_cmpint (read (ready[0], &ok, 1), ==, 1);
  close (ready[0]);
  if (ok != 'y')
    {
      kill (pid, SIGKILL);
      waitpid (pid, NULL, 0);
      return -1;
    }
  return pid;
}

static void
end_stand_in (pid_t pid)
{
  kill (pid, SIGKILL);
  g_assert_cmpint (waitpid (pid, NULL, 0), ==, pid);
}

/* A lookup judged after the sandbox's end (the last records, collected
 * then) is judged in the root it had at READY, not in whatever has its
 * pid now, or nothing: /proc/PID/root of a reaped pid fails, and a
 * reused one is the host's. */

/* What the sandbox shows the monitor (SYNC_VIEW): the stand-in's root and
 * mount namespace. */
static void
show_root (JailReportPaths *paths, pid_t pid)
{
  g_autofree char *root = g_strdup_printf ("/proc/%d/root", (int) pid);
  g_autofree char *mnt = g_strdup_printf ("/proc/%d/ns/mnt", (int) pid);
  int root_fd = open (root, O_PATH | O_DIRECTORY | O_CLOEXEC);
  int mnt_fd = open (mnt, O_RDONLY | O_CLOEXEC);
  g_assert_cmpint (root_fd, >=, 0);
  g_assert_cmpint (mnt_fd, >=, 0);
  jail_report_paths_set_root (paths, root_fd, mnt_fd);
  close (root_fd);
  close (mnt_fd);
}
static void
test_paths_judged_after_the_end (void)
{
  g_autofree char *home = g_dir_make_tmp ("jail-test-paths-XXXXXX", NULL);
  g_autofree char *music = g_build_filename (home, "Music", NULL);
  g_autofree char *song = g_build_filename (music, "a.mp3", NULL);
  g_autofree char *empty = g_build_filename (home, "empty-root", NULL);
  g_assert_cmpint (g_mkdir_with_parents (music, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (empty, 0700), ==, 0);
  g_assert_true (g_file_set_contents (song, "tune", -1, NULL));

  /* Its root is ours: the song is there, nothing to report, even once
   * the stand-in is gone. */
  pid_t pid = start_stand_in (NULL);
  JailReportPaths *paths = jail_report_paths_new (home);
  show_root (paths, pid);
  end_stand_in (pid);
  JailReport *report = jail_report_new ();
  g_assert_false (jail_report_paths_observe (paths, report, pid, song));
  jail_report_free (report);
  jail_report_paths_free (paths);

  /* Its root is an empty directory: the song is missing there, and that
   * is still known after its end. */
  pid = start_stand_in (empty);
  if (pid < 0)
    g_test_message ("no user namespace for a chroot here: the empty root is not tried");
  else
    {
      paths = jail_report_paths_new (home);
      show_root (paths, pid);
      end_stand_in (pid);
      report = jail_report_new ();
      g_assert_true (jail_report_paths_observe (paths, report, pid, song));
      jail_report_free (report);
      jail_report_paths_free (paths);
    }
  g_unlink (song);
  g_rmdir (music);
  g_rmdir (empty);
  g_rmdir (home);
}

/* What the supervisor sends the monitor: absolute paths below a root of
 * the scope, as the monitor judges them, without "..". */
static void
test_path_candidate (void)
{
  g_autoptr (GPtrArray) roots = jail_report_paths_scope ("/home/u");
  g_assert_true (jail_report_paths_candidate (roots, "/home/u/Music/a.mp3"));
  g_assert_true (jail_report_paths_candidate (roots, "//home//u/./Music/"));
  g_assert_true (jail_report_paths_candidate (roots, "/opt/app/lib"));
  g_assert_false (jail_report_paths_candidate (roots, "/home/u"));
  g_assert_false (jail_report_paths_candidate (roots, "/home/u/./"));
  g_assert_false (jail_report_paths_candidate (roots, "/home/user2/x"));
  g_assert_false (jail_report_paths_candidate (roots, "/usr/lib/libc.so.6"));
  g_assert_false (jail_report_paths_candidate (roots, "Music/a.mp3"));
  g_assert_false (jail_report_paths_candidate (roots, "/home/u/../../etc/shadow"));
  g_assert_false (jail_report_paths_candidate (roots, "/home/u/x/.."));
  g_assert_false (jail_report_paths_candidate (roots, ""));
  g_autofree char *longest = g_strnfill (JAIL_REPORT_MAX_TEXT, 'a');
  memcpy (longest, "/home/u/", 8);
  g_assert_true (jail_report_paths_candidate (roots, longest));
  g_autofree char *too_long = g_strnfill (JAIL_REPORT_MAX_TEXT + 1, 'a');
  memcpy (too_long, "/home/u/", 8);
  g_assert_false (jail_report_paths_candidate (roots, too_long));
}

/* Lines as xdg-dbus-proxy 0.1.4 logs them (Debian 12), fed split. */
static const char dbus_log[] =
  "C1: -> org.freedesktop.DBus call org.freedesktop.DBus.Hello at /org/freedesktop/DBus\n"
  "C4: -> org.x.Hidden call org.x.I.M at /\n"
  "*HIDDEN* (ping)\n"
  "B6: <- (no sender) return from C4\n"
  "*REWRITTEN*\n"
  "C5: -> org.freedesktop.DBus call org.freedesktop.DBus.RequestName at /org/freedesktop/DBus\n"
  "Filtering message due to arg0 org.x.Own, policy: 0 (required 3)\n"
  "*HIDDEN* (ping)\n"
  "C6: -> org.freedesktop.DBus call org.freedesktop.DBus.GetNameOwner at /org/freedesktop/DBus\n"
  "Filtering message due to arg0 org.x.Hidden, policy: 0 (required 1)\n"
  "*HIDDEN* (ping)\n"
  "C7: -> org.freedesktop.DBus call org.freedesktop.DBus.RequestName at /org/freedesktop/DBus\n"
  "Filtering message due to arg0 a.b, policy: 3 (required 0), policy: 0 (required 3)\n"
  "*HIDDEN* (ping)\n"
  "C8: -> org.x.Allowed call org.x.I.M at /\n"
  "B7: <- org.x.Allowed return from C8\n";

static JailReport *
parse_dbus_log (JailDBusBus bus)
{
  JailReport *report = jail_report_new ();
  JailDBusLog *log = jail_dbus_log_new (bus, FALSE);
  for (gsize off = 0; off < sizeof dbus_log - 1; off += 7)
    jail_dbus_log_feed (log, dbus_log + off, MIN (7, sizeof dbus_log - 1 - off), report);
  jail_dbus_log_free (log);
  return report;
}

static void
assert_refusal (const JailReport *report, guint i, const char *what, const char *option,
                const char *value, guint64 count)
{
  const JailRefusal *r = jail_report_entry (report, JAIL_REFUSAL_DBUS, i);
  g_assert_nonnull (r);
  g_assert_cmpstr (r->what, ==, what);
  g_assert_cmpstr (r->option, ==, option);
  g_assert_cmpstr (r->value, ==, value);
  g_assert_cmpuint (r->count, ==, count);
}

/* Calls to a name and lookups of it are one entry, granted by talk; a
 * refused RequestName is the name's, granted by own; each on its bus.  A
 * name that is no bus name is not attributed. */
static void
test_dbus_log (void)
{
  g_autoptr (JailReport) session = parse_dbus_log (JAIL_DBUS_SESSION);
  g_assert_cmpuint (jail_report_n_entries (session, JAIL_REFUSAL_DBUS), ==, 2);
  assert_refusal (session, 0, "org.x.Hidden", "--talk-name", "org.x.Hidden", 2);
  assert_refusal (session, 1, "owning org.x.Own", "--own-name", "org.x.Own", 1);
  g_autoptr (JailReport) system = parse_dbus_log (JAIL_DBUS_SYSTEM);
  g_assert_cmpuint (jail_report_n_entries (system, JAIL_REFUSAL_DBUS), ==, 2);
  assert_refusal (system, 0, "org.x.Hidden on the system bus", "--system-talk-name",
                  "org.x.Hidden", 2);
  assert_refusal (system, 1, "owning org.x.Own on the system bus", "--system-own-name",
                  "org.x.Own", 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/report/counts-and-dedup", test_counts_and_dedup);
  g_test_add_func ("/report/empty", test_empty_has_no_lines);
  g_test_add_func ("/report/hostile-text", test_hostile_text_refused);
  g_test_add_func ("/report/entries-capped", test_entries_capped);
  g_test_add_func ("/report/should-print", test_should_print);
  g_test_add_func ("/report/judge", test_judge);
  g_test_add_func ("/report/read-path", test_read_path);
  g_test_add_func ("/report/path-calls", test_path_calls_are_not_refused_rows);
  g_test_add_func ("/report/path-candidate", test_path_candidate);
  g_test_add_func ("/report/paths-judged-after-the-end", test_paths_judged_after_the_end);
  g_test_add_func ("/report/dbus-log", test_dbus_log);
  return g_test_run ();
}
