/* The spec's hardening settings: rules by syscall name, and --print.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "spec/spec-access.h"
#include "sandbox/seccomp.h"
#include "json-assert.h"

static void
test_rules_replace_by_name (void)
{
  g_autoptr (JailSpec) spec = jail_spec_new ();
  g_assert_true (jail_spec_seccomp_deny (spec, "keyctl", ENOSYS, NULL));
  g_assert_true (jail_spec_seccomp_allow (spec, "io_uring_setup", NULL));
  /* A later rule for the same call replaces the earlier one (a profile's
   * Deny= overridden by --seccomp-allow on the command line). */
  g_assert_true (jail_spec_seccomp_allow (spec, "keyctl", NULL));
  g_assert_cmpuint (jail_spec_get_n_seccomp_rules (spec), ==, 2);
  const JailSeccompRule *r = jail_spec_get_seccomp_rule (spec, 0);
  g_assert_cmpstr (r->syscall, ==, "keyctl");
  g_assert_cmpint (r->err, ==, 0);
  /* i386-only names are known too. */
  g_assert_true (jail_spec_seccomp_deny (spec, "umount", EPERM, NULL));
  /* So are the calls newer than libseccomp, denied by number. */
  g_assert_true (jail_spec_seccomp_allow (spec, "open_tree_attr", NULL));
}

static void
test_bad_rules (void)
{
  g_autoptr (JailSpec) spec = jail_spec_new ();
  g_autoptr (GError) e1 = NULL, e2 = NULL, e3 = NULL;
  g_assert_false (jail_spec_seccomp_deny (spec, "no_such_call", EPERM, &e1));
  g_assert_error (e1, JAIL_ERROR, JAIL_ERROR_INVALID);
  g_assert_nonnull (strstr (e1->message, "no_such_call"));
  g_assert_false (jail_spec_seccomp_deny (spec, "read", 0, &e2));
  g_assert_error (e2, JAIL_ERROR, JAIL_ERROR_INVALID);
  g_assert_false (jail_spec_seccomp_deny (spec, "read", 5000, &e3));
  g_assert_error (e3, JAIL_ERROR, JAIL_ERROR_INVALID);
  g_assert_cmpuint (jail_spec_get_n_seccomp_rules (spec), ==, 0);
}

static void
test_json (void)
{
  g_autoptr (JailSpec) spec = jail_spec_new ();
  g_autofree char *plain = jail_spec_to_json (spec);
  g_autofree char *rows = g_strdup_printf ("%" G_GSIZE_FORMAT, jail_seccomp_n_rows ());
  assert_json_at (plain, "$.seccomp.mode", "\"default\"");
  assert_json_at (plain, "$.seccomp.architectures", "[ \"x86_64\", \"x86\", \"x32\" ]");
  assert_json_at (plain, "$.seccomp.default_rows", rows);
  assert_json_at (plain, "$.seccomp.allow_userns", "false");
  assert_json_at (plain, "$.seccomp.allow_ptrace", "false");
  assert_json_at (plain, "$.seccomp.allow", "[]");
  assert_json_at (plain, "$.seccomp.deny", "[]");
  assert_json_at (plain, "$.landlock.mode", "\"auto\"");

  jail_spec_set_seccomp_mode (spec, JAIL_SECCOMP_OFF);
  jail_spec_set_landlock (spec, FALSE);
  jail_spec_set_allow_ptrace (spec, TRUE);
  g_assert_true (jail_spec_seccomp_deny (spec, "uname", EACCES, NULL));
  g_assert_true (jail_spec_seccomp_allow (spec, "bpf", NULL));
  g_autofree char *json = jail_spec_to_json (spec);
  /* Off: no architectures, no default rows; the caller's rules still shown. */
  assert_json_at (json, "$.seccomp",
                  "{ \"mode\": \"off\", \"allow_userns\": false, \"allow_ptrace\": true,"
                  " \"allow\": [ \"bpf\" ], \"deny\": [ { \"syscall\": \"uname\", \"errno\": \"EACCES\" } ] }");
  assert_json_at (json, "$.landlock.mode", "\"off\"");
  assert_json_at (json, "$.landlock.in_use", "false");
}

static gboolean
kernel_at_least (int major, int minor)
{
  struct utsname u;
  int ma = 0, mi = 0;
  if (uname (&u) < 0 || sscanf (u.release, "%d.%d", &ma, &mi) != 2)
    return FALSE;
  return ma > major || (ma == major && mi >= minor);
}

/* The rows denied by number: where libseccomp knows the name, it agrees
 * on the number; since 424 the numbers are shared by every ABI; and a
 * kernel at least as new as the row has the call (it does not answer
 * ENOSYS).  Each row's call refuses all-zero arguments harmlessly (a NULL
 * path or request), which is how it is probed here, unfiltered. */
static void
test_numbered_rows (void)
{
  gsize n;
  const JailSeccompNumberedRow *rows = jail_seccomp_numbered_rows (&n);
  gsize probed = 0;
  g_assert_cmpuint (n, >, 0);
  for (gsize i = 0; i < n; i++)
    {
      const JailSeccompNumberedRow *r = &rows[i];
      g_test_message ("%s: %d (x86-64), %d (i386), since %d.%d", r->name, r->nr_x86_64, r->nr_i386,
                      r->since_major, r->since_minor);
      g_assert_nonnull (r->reason);
      g_assert_cmpint (r->err, >, 0);
      int known = seccomp_syscall_resolve_name_arch (SCMP_ARCH_X86_64, r->name);
      if (known != __NR_SCMP_ERROR)
        g_assert_cmpint (known, ==, r->nr_x86_64);
      known = seccomp_syscall_resolve_name_arch (SCMP_ARCH_X86, r->name);
      if (known != __NR_SCMP_ERROR)
        g_assert_cmpint (known, ==, r->nr_i386);
      if (r->nr_x86_64 >= 424)
        g_assert_cmpint (r->nr_i386, ==, r->nr_x86_64);
#if defined(__x86_64__)
      if (kernel_at_least (r->since_major, r->since_minor))
        {
          errno = 0;
          long ret = syscall (r->nr_x86_64, 0, 0, 0, 0, 0);
          g_assert_cmpint (ret, ==, -1);
          g_assert_cmpint (errno, !=, ENOSYS);
          probed++;
        }
#endif
    }
  if (probed == 0)
    g_test_skip ("the running kernel is older than every row: numbers checked against libseccomp only");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/hardening/rules-replace-by-name", test_rules_replace_by_name);
  g_test_add_func ("/hardening/bad-rules", test_bad_rules);
  g_test_add_func ("/hardening/json", test_json);
  g_test_add_func ("/hardening/numbered-rows", test_numbered_rows);
  return g_test_run ();
}
