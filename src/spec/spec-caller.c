/* What a calling program may hand the sandbox beyond the public API
 * (spec-caller.h): fds with a role, lock files, seccomp programs,
 * user-namespace lockdown, kept capabilities and the shape of a few steps.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <linux/filter.h>
#include <sys/capability.h>

#include "spec/spec-private.h"
#include "common/json.h"
#include "common/path.h"

/* The kernel refuses filters longer than this (BPF_MAXINSNS). */
#define MAX_SECCOMP_INSNS 4096
/* Each program is a separate filter; bound how many a caller stacks. */
#define MAX_SECCOMP_PROGRAMS 64
#define MAX_LOCK_FILES 256

void
jail_spec_init_caller (JailSpec *spec)
{
  for (int i = 0; i < JAIL_FD_N_ROLES; i++)
    spec->fds[i] = -1;
  spec->lock_files = g_ptr_array_new_with_free_func (g_free);
  spec->seccomp_programs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
}

void
jail_spec_free_caller (JailSpec *spec)
{
  g_ptr_array_unref (spec->lock_files);
  g_ptr_array_unref (spec->seccomp_programs);
}

void
jail_spec_set_fd (JailSpec *spec, JailFdRole role, int fd)
{
  if ((unsigned) role < JAIL_FD_N_ROLES)
    spec->fds[role] = fd;
}

gboolean
jail_spec_add_lock_file (JailSpec *spec, const char *path, GError **error)
{
  if (!jail_path_validate_dest (path, "lock-file", error))
    return FALSE;
  if (spec->lock_files->len >= MAX_LOCK_FILES)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "lock-file: at most %d lock files", MAX_LOCK_FILES), FALSE;
  g_ptr_array_add (spec->lock_files, jail_path_normalize (path));
  return TRUE;
}

gboolean
jail_spec_add_seccomp_program (JailSpec *spec, GBytes *bpf, GError **error)
{
  gsize size = g_bytes_get_size (bpf);
  if (size == 0 || size % sizeof (struct sock_filter) != 0)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "Invalid seccomp data, must be multiple of 8"), FALSE;
  if (size / sizeof (struct sock_filter) > MAX_SECCOMP_INSNS)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "seccomp program longer than %d instructions", MAX_SECCOMP_INSNS), FALSE;
  if (spec->seccomp_programs->len >= MAX_SECCOMP_PROGRAMS)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "at most %d seccomp programs", MAX_SECCOMP_PROGRAMS), FALSE;
  g_ptr_array_add (spec->seccomp_programs, g_bytes_ref (bpf));
  return TRUE;
}

void
jail_spec_clear_seccomp_programs (JailSpec *spec)
{
  g_ptr_array_set_size (spec->seccomp_programs, 0);
}

void
jail_spec_set_disable_userns (JailSpec *spec, gboolean disable)
{
  spec->disable_userns = disable;
}

void
jail_spec_set_assert_userns_disabled (JailSpec *spec, gboolean check)
{
  spec->assert_userns_disabled = check;
}

void
jail_spec_set_kept_capabilities (JailSpec *spec, guint64 caps)
{
  spec->kept_caps = caps;
}

guint64
jail_spec_get_kept_capabilities (const JailSpec *spec)
{
  return spec->kept_caps;
}

void
jail_spec_set_init_dumpable (JailSpec *spec, gboolean dumpable)
{
  spec->init_dumpable = dumpable;
}

void
jail_spec_set_failure_wording (JailSpec *spec, JailFailureWording wording)
{
  spec->failure_wording = wording;
}

void
jail_spec_set_own_process (JailSpec *spec, gboolean own)
{
  spec->own_process = own;
}

void
jail_spec_set_unlisted (JailSpec *spec, gboolean unlisted)
{
  spec->unlisted = unlisted;
}

void
jail_spec_set_terminal_rule (JailSpec *spec, gboolean keep)
{
  spec->terminal_rule = keep;
}

void
jail_spec_set_env_verbatim (JailSpec *spec, gboolean verbatim)
{
  spec->env_verbatim = verbatim;
}

void
jail_spec_set_mount_shape (JailSpec *spec, guint shape)
{
  spec->mount_shape = shape;
}

void
jail_spec_caps_to_json (JailJson *array, const JailSpec *spec)
{
  for (int cap = 0; cap < 64; cap++)
    if (spec->kept_caps & (G_GUINT64_CONSTANT (1) << cap))
      {
        char *name = cap_to_name ((cap_value_t) cap); /* libcap memory: cap_free */
        jail_json_append_string (array, name);
        cap_free (name);
      }
}

static const char *const fd_role_names[JAIL_FD_N_ROLES] = {
  [JAIL_FD_INFO] = "info_fd",
  [JAIL_FD_JSON_STATUS] = "json_status_fd",
  [JAIL_FD_BLOCK] = "block_fd",
  [JAIL_FD_USERNS_BLOCK] = "userns_block_fd",
  [JAIL_FD_SYNC] = "sync_fd",
  [JAIL_FD_USERNS] = "userns_fd",
  [JAIL_FD_USERNS2] = "userns2_fd",
  [JAIL_FD_PIDNS] = "pidns_fd",
};

/* --print's "bwrap" member (named after the options that set these): only
 * what is set, so plain jail specs print without it. */
static gboolean
has_caller_settings (const JailSpec *spec)
{
  for (int i = 0; i < JAIL_FD_N_ROLES; i++)
    if (spec->fds[i] >= 0)
      return TRUE;
  return spec->lock_files->len > 0 || spec->seccomp_programs->len > 0 || spec->disable_userns
         || spec->assert_userns_disabled;
}

void
jail_spec_append_caller_json (JailJson *o, const JailSpec *spec)
{
  if (!has_caller_settings (spec))
    return;
  JailJson *b = jail_json_add_object (o, "bwrap");
  for (int i = 0; i < JAIL_FD_N_ROLES; i++)
    if (spec->fds[i] >= 0)
      jail_json_add_int (b, fd_role_names[i], spec->fds[i]);
  if (spec->lock_files->len > 0)
    {
      JailJson *files = jail_json_add_array (b, "lock_files");
      for (guint i = 0; i < spec->lock_files->len; i++)
        jail_json_append_string (files, g_ptr_array_index (spec->lock_files, i));
    }
  if (spec->seccomp_programs->len > 0)
    {
      JailJson *programs = jail_json_add_array (b, "seccomp_programs");
      for (guint i = 0; i < spec->seccomp_programs->len; i++)
        jail_json_append_int (programs,
                              (gint64) (g_bytes_get_size (g_ptr_array_index (spec->seccomp_programs, i))
                                        / sizeof (struct sock_filter)));
    }
  if (spec->disable_userns)
    jail_json_add_bool (b, "disable_userns", TRUE);
  if (spec->assert_userns_disabled)
    jail_json_add_bool (b, "assert_userns_disabled", TRUE);
}
