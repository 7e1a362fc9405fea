/* Read-only accessors (spec-access.h, spec-caller.h): how every layer
 * outside src/spec/ reads a spec.  Plain reads only: the sandbox's child
 * calls them after clone(), where nothing may allocate.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "spec/spec-private.h"

/* ---- Filesystem ---- */

guint
jail_spec_get_n_fs (const JailSpec *spec)
{
  return spec->fs->len;
}

const JailFsEntry *
jail_spec_get_fs (const JailSpec *spec, guint index)
{
  return g_ptr_array_index (spec->fs, index);
}

const char *
jail_spec_get_rootfs (const JailSpec *spec)
{
  return spec->rootfs;
}

/* ---- Environment ---- */

guint
jail_spec_get_n_env (const JailSpec *spec)
{
  return spec->env->len;
}

const JailEnvOp *
jail_spec_get_env (const JailSpec *spec, guint index)
{
  return g_ptr_array_index (spec->env, index);
}

void
jail_spec_move_env_to_front (JailSpec *spec, guint start)
{
  GPtrArray *env = spec->env;
  for (guint i = start; i < env->len; i++)
    {
      gpointer op = env->pdata[i];
      memmove (env->pdata + (i - start) + 1, env->pdata + (i - start), start * sizeof (gpointer));
      env->pdata[i - start] = op;
    }
}

/* ---- Process ---- */

uid_t
jail_spec_get_uid (const JailSpec *spec)
{
  return spec->uid;
}

gid_t
jail_spec_get_gid (const JailSpec *spec)
{
  return spec->gid;
}

const char *
jail_spec_get_hostname (const JailSpec *spec)
{
  return spec->hostname;
}

const char *
jail_spec_get_chdir (const JailSpec *spec)
{
  return spec->chdir;
}

char *const *
jail_spec_get_command (const JailSpec *spec)
{
  return spec->argv;
}

void
jail_spec_set_command_arg (JailSpec *spec, guint index, const char *arg)
{
  g_return_if_fail (spec->argv != NULL && index < g_strv_length (spec->argv));
  g_free (spec->argv[index]);
  spec->argv[index] = g_strdup (arg);
}

char **
jail_spec_exec_argv (const JailSpec *spec)
{
  g_return_val_if_fail (spec->argv != NULL, NULL);
  char **argv = g_memdup2 (spec->argv, (g_strv_length (spec->argv) + 1) * sizeof (char *));
  if (spec->argv0 != NULL)
    argv[0] = spec->argv0;
  return argv;
}

gboolean
jail_spec_get_as_pid_1 (const JailSpec *spec)
{
  return spec->as_pid_1;
}

gboolean
jail_spec_get_die_with_parent (const JailSpec *spec)
{
  return spec->die_with_parent;
}

gboolean
jail_spec_get_new_session (const JailSpec *spec)
{
  return spec->new_session;
}

gboolean
jail_spec_get_keep_all_fds (const JailSpec *spec)
{
  return spec->keep_all_fds;
}

const int *
jail_spec_get_keep_fds (const JailSpec *spec, guint *ret_n)
{
  *ret_n = spec->keep_fds->len;
  return (const int *) (gconstpointer) spec->keep_fds->data;
}

/* ---- Hardening ---- */

JailSeccompMode
jail_spec_get_seccomp_mode (const JailSpec *spec)
{
  return spec->seccomp_off ? JAIL_SECCOMP_OFF : JAIL_SECCOMP_DEFAULT;
}

gboolean
jail_spec_get_landlock (const JailSpec *spec)
{
  return !spec->landlock_off;
}

gboolean
jail_spec_get_allow_userns (const JailSpec *spec)
{
  return spec->allow_userns;
}

gboolean
jail_spec_get_allow_ptrace (const JailSpec *spec)
{
  return spec->allow_ptrace;
}

guint
jail_spec_get_n_seccomp_rules (const JailSpec *spec)
{
  return spec->seccomp_rules != NULL ? spec->seccomp_rules->len : 0;
}

const GPtrArray *
jail_spec_get_seccomp_rules (const JailSpec *spec)
{
  return spec->seccomp_rules;
}

const JailSeccompRule *
jail_spec_get_seccomp_rule (const JailSpec *spec, guint index)
{
  return g_ptr_array_index (spec->seccomp_rules, index);
}

/* ---- Desktop channels ---- */

gboolean
jail_spec_get_desktop_base (const JailSpec *spec)
{
  return spec->desktop_base;
}

const GPtrArray *
jail_spec_get_dbus_rules (const JailSpec *spec, JailDBusBus bus)
{
  return spec->dbus_rules[bus];
}

gboolean
jail_spec_get_dbus_log (const JailSpec *spec)
{
  return spec->dbus_log;
}

gboolean
jail_spec_has_desktop (const JailSpec *spec)
{
  return spec->sockets != 0 || spec->devices != 0 || spec->desktop_base
         || spec->dbus_rules[JAIL_DBUS_SESSION] != NULL || spec->dbus_rules[JAIL_DBUS_SYSTEM] != NULL;
}

/* ---- Profiles ---- */

char *const *
jail_spec_get_profiles (const JailSpec *spec)
{
  return spec->profiles;
}

/* ---- Resource limits ---- */

gboolean
jail_spec_get_limits_best_effort (const JailSpec *spec)
{
  return spec->limits_best_effort;
}

gboolean
jail_spec_get_stats (const JailSpec *spec)
{
  return spec->stats;
}

/* ---- The denial report ---- */

JailReportMode
jail_spec_get_report (const JailSpec *spec)
{
  return spec->report_mode;
}

void
jail_spec_set_report_paths (JailSpec *spec, gboolean paths)
{
  spec->report_paths = paths;
}

gboolean
jail_spec_get_report_paths (const JailSpec *spec)
{
  return spec->report_paths;
}

gboolean
jail_spec_reports_lookups (const JailSpec *spec)
{
  return jail_spec_reports (spec) && !spec->report_paths;
}

void
jail_spec_set_report_visible (JailSpec *spec, gboolean visible)
{
  spec->report_visible = visible;
}

gboolean
jail_spec_get_report_visible (const JailSpec *spec)
{
  return spec->report_visible;
}

/* ---- Networking ---- */

gboolean
jail_spec_get_net_allow_host_loopback (const JailSpec *spec)
{
  return spec->net_allow_host_loopback;
}

gboolean
jail_spec_get_net_dns (const JailSpec *spec)
{
  return !spec->net_no_dns;
}

const char *
jail_spec_get_net_dns_server (const JailSpec *spec)
{
  return spec->net_dns_server;
}

const GArray *
jail_spec_get_net_publish (const JailSpec *spec)
{
  return spec->net_publish;
}

GArray *
jail_spec_get_net_rules (const JailSpec *spec)
{
  return spec->net_rules;
}

/* ---- What a calling program hands the sandbox ---- */

int
jail_spec_get_fd (const JailSpec *spec, JailFdRole role)
{
  return (unsigned) role < JAIL_FD_N_ROLES ? spec->fds[role] : -1;
}

gboolean
jail_spec_get_init_dumpable (const JailSpec *spec)
{
  return spec->init_dumpable;
}

guint
jail_spec_get_n_lock_files (const JailSpec *spec)
{
  return spec->lock_files->len;
}

const char *
jail_spec_get_lock_file (const JailSpec *spec, guint index)
{
  return g_ptr_array_index (spec->lock_files, index);
}

guint
jail_spec_get_n_seccomp_programs (const JailSpec *spec)
{
  return spec->seccomp_programs->len;
}

GBytes *
jail_spec_get_seccomp_program (const JailSpec *spec, guint index)
{
  return g_ptr_array_index (spec->seccomp_programs, index);
}

gboolean
jail_spec_get_disable_userns (const JailSpec *spec)
{
  return spec->disable_userns;
}

gboolean
jail_spec_get_assert_userns_disabled (const JailSpec *spec)
{
  return spec->assert_userns_disabled;
}

JailFailureWording
jail_spec_get_failure_wording (const JailSpec *spec)
{
  return spec->failure_wording;
}

gboolean
jail_spec_get_unlisted (const JailSpec *spec)
{
  return spec->unlisted;
}

gboolean
jail_spec_get_terminal_rule (const JailSpec *spec)
{
  return spec->terminal_rule;
}

gboolean
jail_spec_get_own_process (const JailSpec *spec)
{
  return spec->own_process;
}

gboolean
jail_spec_get_env_verbatim (const JailSpec *spec)
{
  return spec->env_verbatim;
}

guint
jail_spec_get_mount_shape (const JailSpec *spec)
{
  return spec->mount_shape;
}
