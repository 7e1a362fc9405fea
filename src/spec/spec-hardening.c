/* The spec's hardening settings: syscall filter and Landlock.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <seccomp.h>
#include <string.h>

#include "spec/spec-private.h"
#include "common/json.h"
#include "sandbox/seccomp.h"

static void
rule_free (gpointer data)
{
  JailSeccompRule *r = data;
  g_free (r->syscall);
  g_free (r);
}

void
jail_spec_hardening_clear (JailSpec *spec)
{
  g_clear_pointer (&spec->seccomp_rules, g_ptr_array_unref);
}

void
jail_spec_set_seccomp_mode (JailSpec *spec, JailSeccompMode mode)
{
  spec->seccomp_off = mode == JAIL_SECCOMP_OFF;
}

void
jail_spec_set_allow_userns (JailSpec *spec, gboolean allow)
{
  spec->allow_userns = allow;
}

void
jail_spec_set_allow_ptrace (JailSpec *spec, gboolean allow)
{
  spec->allow_ptrace = allow;
}

void
jail_spec_set_landlock (JailSpec *spec, gboolean enabled)
{
  spec->landlock_off = !enabled;
}

/* A later rule for the same syscall replaces the earlier one, so a
 * profile's Deny= can be overridden by --seccomp-allow on the command line. */
static gboolean
set_rule (JailSpec *spec, const char *syscall, int err, GError **error)
{
  if (seccomp_syscall_resolve_name (syscall) == __NR_SCMP_ERROR
      && jail_seccomp_numbered_row (syscall) == NULL)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "seccomp: '%s' is not a system call known to libseccomp", syscall),
           FALSE;
  if (err < 0 || err > 4095)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "seccomp: errno %d for '%s' is out of range 0–4095", err, syscall),
           FALSE;
  if (spec->seccomp_rules == NULL)
    spec->seccomp_rules = g_ptr_array_new_with_free_func (rule_free);
  for (guint i = 0; i < spec->seccomp_rules->len; i++)
    {
      JailSeccompRule *r = g_ptr_array_index (spec->seccomp_rules, i);
      if (strcmp (r->syscall, syscall) == 0)
        {
          r->err = err;
          return TRUE;
        }
    }
  JailSeccompRule *r = g_new0 (JailSeccompRule, 1);
  r->syscall = g_strdup (syscall);
  r->err = err;
  g_ptr_array_add (spec->seccomp_rules, r);
  return TRUE;
}

gboolean
jail_spec_seccomp_allow (JailSpec *spec, const char *syscall, GError **error)
{
  return set_rule (spec, syscall, 0, error);
}

gboolean
jail_spec_seccomp_deny (JailSpec *spec, const char *syscall, int err, GError **error)
{
  if (err == 0)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "seccomp: deny '%s' needs a non-zero errno", syscall), FALSE;
  return set_rule (spec, syscall, err, error);
}

static void
append_rules (JailJson *o, const char *key, const JailSpec *spec, gboolean allowed)
{
  JailJson *rules = jail_json_add_array (o, key);
  for (guint i = 0; spec->seccomp_rules != NULL && i < spec->seccomp_rules->len; i++)
    {
      const JailSeccompRule *r = g_ptr_array_index (spec->seccomp_rules, i);
      if ((r->err == 0) != allowed)
        continue;
      if (allowed)
        {
          jail_json_append_string (rules, r->syscall);
          continue;
        }
      const char *name = strerrorname_np (r->err);
      JailJson *b = jail_json_append_object (rules);
      jail_json_add_string (b, "syscall", r->syscall);
      if (name != NULL)
        jail_json_add_string (b, "errno", name);
      else
        jail_json_add_int (b, "errno", r->err);
    }
}

void
jail_spec_append_hardening_json (JailJson *o, const JailSpec *spec)
{
  JailJson *b = jail_json_add_object (o, "seccomp");
  jail_json_add_string (b, "mode", spec->seccomp_off ? "off" : "default");
  if (!spec->seccomp_off)
    {
      JailJson *arches = jail_json_add_array (b, "architectures");
      for (gsize i = 0; jail_seccomp_arches[i] != NULL; i++)
        jail_json_append_string (arches, jail_seccomp_arches[i]);
      jail_json_add_int (b, "default_rows", (gint64) jail_seccomp_n_rows ());
    }
  jail_json_add_bool (b, "allow_userns", spec->allow_userns);
  jail_json_add_bool (b, "allow_ptrace", spec->allow_ptrace);
  append_rules (b, "allow", spec, TRUE);
  append_rules (b, "deny", spec, FALSE);

  /* The kernel's ABI; "in_use" is what the sandbox will apply. */
  int abi = jail_landlock_abi ();
  JailJson *landlock = jail_json_add_object (o, "landlock");
  jail_json_add_string (landlock, "mode", spec->landlock_off ? "off" : "auto");
  jail_json_add_int (landlock, "abi", abi);
  jail_json_add_bool (landlock, "in_use", abi > 0 && !spec->landlock_off);
}
