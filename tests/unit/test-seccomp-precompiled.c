/* The default filter's programs compiled at build time
 * (src/sandbox/seccomp-gen.c) are the very programs libseccomp compiles
 * now for the same spec, and only specs they fit use them; the same for
 * the network engine's and the report supervisor's allowlists.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <errno.h>
#include <linux/filter.h>
#include <seccomp.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "net/engine-filter.h"
#include "report/supervisor-allowlist.h"
#include "sandbox/seccomp.h"
#include "spec/spec-access.h"

/* What jail_seccomp_compile() gives now, as the kernel would get it;
 * NULL when libseccomp cannot compile it on this kernel. */
static GBytes *
export_now (void *f)
{
  int fd = memfd_create ("bpf", MFD_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (seccomp_export_bpf (f, fd), ==, 0);
  seccomp_release (f);
  off_t size = lseek (fd, 0, SEEK_END);
  g_assert_cmpint (size, >, 0);
  char *buf = g_malloc ((gsize) size);
  g_assert_cmpint (pread (fd, buf, (size_t) size, 0), ==, size);
  close (fd);
  return g_bytes_new_take (buf, (gsize) size);
}

static GBytes *
compile_now (const JailSeccompPolicy *policy)
{
  void *f = NULL;
  const char *what = NULL;
  if (jail_seccomp_compile (policy, &f, &what) < 0)
    return NULL;
  return export_now (f);
}

static gboolean
generated_here (void)
{
#if defined(__x86_64__)
  return jail_seccomp_n_precompiled > 0;
#else
  return FALSE;
#endif
}

/* Every variant a spec without rules can ask for: the spec's options
 * select it, and it equals libseccomp's program byte for byte. */
static void
test_variants_equal_runtime (void)
{
  if (!generated_here ())
    {
      g_test_skip ("no precompiled filter in this build (not x86-64, or a cross build)");
      return;
    }
  g_assert_cmpuint (jail_seccomp_n_precompiled, ==, 8);
  for (int v = 0; v < 8; v++)
    {
      g_autoptr (JailSpec) spec = jail_spec_new ();
      jail_spec_set_allow_userns (spec, v & 1);
      jail_spec_set_allow_ptrace (spec, (v >> 1) & 1);
      JailSeccompPolicy policy;
      jail_seccomp_policy_init (&policy, spec, (v >> 2) & 1);
      const JailSeccompPrecompiled *pre = jail_seccomp_precompiled_find (&policy);
      g_assert_nonnull (pre);
      g_assert_cmpint (pre->allow_userns, ==, v & 1);
      g_assert_cmpint (pre->allow_ptrace, ==, (v >> 1) & 1);
      g_assert_cmpint (pre->notify, ==, (v >> 2) & 1);
      g_autoptr (GBytes) now = compile_now (&policy);
      g_assert_nonnull (now);
      gsize size;
      const void *data = g_bytes_get_data (now, &size);
      g_test_message ("variant userns=%d ptrace=%d notify=%d: %u instructions", pre->allow_userns,
                      pre->allow_ptrace, pre->notify, pre->len);
      g_assert_cmpmem (pre->insn, pre->len * sizeof (struct sock_filter), data, size);
    }
}

/* Rules of the caller's own and --learn's path rules change the program:
 * those specs compile theirs at run time. */
static void
test_other_specs_compile_at_run_time (void)
{
  g_autoptr (JailSpec) spec = jail_spec_new ();
  JailSeccompPolicy policy;
  g_assert_true (jail_spec_seccomp_allow (spec, "keyctl", NULL));
  jail_seccomp_policy_init (&policy, spec, false);
  g_assert_null (jail_seccomp_precompiled_find (&policy));

  g_autoptr (JailSpec) learn = jail_spec_new ();
  jail_spec_set_report_paths (learn, TRUE);
  jail_seccomp_policy_init (&policy, learn, true);
  g_assert_true (policy.watch_paths);
  g_assert_null (jail_seccomp_precompiled_find (&policy));
  /* The default report watches no path: its variant is precompiled. */
  g_autoptr (JailSpec) report = jail_spec_new ();
  jail_seccomp_policy_init (&policy, report, true);
  g_assert_false (policy.watch_paths);
  g_assert_true (jail_seccomp_precompiled_find (&policy) != NULL || !generated_here ());
  /* Without notifications the path rules are not added: precompiled. */
  jail_seccomp_policy_init (&policy, learn, false);
  g_assert_false (policy.watch_paths);
  g_assert_true (jail_seccomp_precompiled_find (&policy) != NULL || !generated_here ());
}

/* A helper's allowlist as the build compiled it: the same program its
 * table compiles to now. */
static void
assert_helper_equals_runtime (const char *what, const JailSeccompProgram *pre,
                              int (*compile_helper) (void **))
{
  if (!generated_here ())
    {
      g_test_skip ("no precompiled filter in this build (not x86-64, or a cross build)");
      return;
    }
  g_assert_cmpuint (pre->len, >, 0);
  g_assert_cmpuint (pre->arch, ==, seccomp_arch_native ());
  void *f = NULL;
  g_assert_cmpint (compile_helper (&f), ==, 0);
  g_autoptr (GBytes) now = export_now (f);
  gsize size;
  const void *data = g_bytes_get_data (now, &size);
  g_test_message ("%s: %u instructions", what, pre->len);
  g_assert_cmpmem (pre->insn, pre->len * sizeof (struct sock_filter), data, size);
}

static void
test_engine_equals_runtime (void)
{
  assert_helper_equals_runtime ("network engine", &jail_net_engine_precompiled,
                                jail_net_engine_filter_compile);
}

static void
test_supervisor_equals_runtime (void)
{
  assert_helper_equals_runtime ("report supervisor", &jail_supervisor_precompiled,
                                jail_supervisor_allowlist_compile);
}

/* personality's numbers in the filters' hand-written instructions are
 * libseccomp's (i386's direct socket, which libseccomp does not know, is
 * tried from inside by escape/seccomp.sh). */
static void
test_numbers_are_libseccomps (void)
{
  g_assert_cmpint (seccomp_syscall_resolve_name_arch (SCMP_ARCH_X86_64, "personality"), ==,
                   JAIL_SECCOMP_X86_64_PERSONALITY);
  g_assert_cmpint (seccomp_syscall_resolve_name_arch (SCMP_ARCH_X86, "personality"), ==,
                   JAIL_SECCOMP_I386_PERSONALITY);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/seccomp-precompiled/variants-equal-runtime", test_variants_equal_runtime);
  g_test_add_func ("/seccomp-precompiled/other-specs-compile-at-run-time",
                   test_other_specs_compile_at_run_time);
  g_test_add_func ("/seccomp-precompiled/engine-equals-runtime", test_engine_equals_runtime);
  g_test_add_func ("/seccomp-precompiled/supervisor-equals-runtime", test_supervisor_equals_runtime);
  g_test_add_func ("/seccomp-precompiled/numbers-are-libseccomps", test_numbers_are_libseccomps);
  return g_test_run ();
}
