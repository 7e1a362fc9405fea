/* Options of the hardening layer: the syscall filter and Landlock.
 * Each is also a profile key ([Seccomp] Mode/Allow/Deny/
 * AllowUserNamespaces/AllowPtrace).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli-private.h"

/* "EPERM", "eperm" or a number from 1 to 4095. */
static gboolean
parse_errno (const char *opt, const char *text, int *ret, GError **error)
{
  guint64 v;
  if (text[0] >= '0' && text[0] <= '9')
    {
      if (!jail_cli_parse_uint (opt, text, 4095, &v, error))
        return FALSE;
      if (v > 0)
        {
          *ret = (int) v;
          return TRUE;
        }
    }
  else
    for (int e = 1; e < 4096; e++)
      {
        const char *name = strerrorname_np (e);
        if (name != NULL && g_ascii_strcasecmp (name, text) == 0)
          {
            *ret = e;
            return TRUE;
          }
      }
  return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                      "%s: '%s' is not an errno name (EPERM, ENOSYS…) or number 1–4095", opt, text),
         FALSE;
}

static gboolean
opt_seccomp (Parser *p, const char *opt, char **args, GError **error)
{
  /* bubblewrap's --seccomp FD shares the name: a number is a file
   * descriptor holding a cBPF program, loaded on top of jail's own filter. */
  if (g_ascii_isdigit (args[0][0]))
    return jail_bwrap_find_option ("--seccomp")->handler (p, opt, args, error);
  if (strcmp (args[0], "default") == 0)
    jail_spec_set_seccomp_mode (p->cli->spec, JAIL_SECCOMP_DEFAULT);
  else if (strcmp (args[0], "off") == 0)
    {
      /* Only on explicit request, and never quietly. */
      fprintf (stderr, "jail: WARNING: --seccomp=off: no syscall filter; the sandboxed program "
                       "can use TIOCSTI, keyctl, bpf, io_uring, nested namespaces and more\n");
      jail_spec_set_seccomp_mode (p->cli->spec, JAIL_SECCOMP_OFF);
    }
  else
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "%s: '%s' is not 'default' or 'off'", opt, args[0]), FALSE;
  return TRUE;
}

static gboolean
opt_seccomp_allow (Parser *p, const char *opt, char **args, GError **error)
{
  return jail_spec_seccomp_allow (p->cli->spec, args[0], error);
}

static gboolean
opt_seccomp_deny (Parser *p, const char *opt, char **args, GError **error)
{
  g_autofree char *name = g_strdup (args[0]);
  char *colon = strchr (name, ':');
  int err = EPERM;
  if (colon != NULL)
    {
      *colon = '\0';
      if (!parse_errno (opt, colon + 1, &err, error))
        return FALSE;
    }
  return jail_spec_seccomp_deny (p->cli->spec, name, err, error);
}

static gboolean
opt_allow (Parser *p, const char *opt, char **args, GError **error)
{
  if (strcmp (opt, "--allow-userns") == 0)
    jail_spec_set_allow_userns (p->cli->spec, TRUE);
  else
    jail_spec_set_allow_ptrace (p->cli->spec, TRUE);
  return TRUE;
}

static gboolean
opt_landlock (Parser *p, const char *opt, char **args, GError **error)
{
  if (strcmp (args[0], "auto") != 0 && strcmp (args[0], "off") != 0)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "%s: '%s' is not 'auto' or 'off'", opt, args[0]), FALSE;
  jail_spec_set_landlock (p->cli->spec, strcmp (args[0], "auto") == 0);
  return TRUE;
}

static const Option hardening_options[] = {
  { "--seccomp", 1, opt_seccomp, 0, "default|off|FD", "the syscall filter (off: none, with a warning; FD: as bwrap, added on top)" },
  { "--seccomp-allow", 1, opt_seccomp_allow, 0, "SYSCALL", "lift the default filter's rules for SYSCALL" },
  { "--seccomp-deny", 1, opt_seccomp_deny, 0, "SYSCALL[:ERRNO]", "make SYSCALL fail (EPERM by default)" },
  { "--allow-userns", 0, opt_allow, 0, NULL, "allow nested namespaces (browsers' own sandboxes)" },
  { "--allow-ptrace", 0, opt_allow, 0, NULL, "allow ptrace inside the sandbox (debuggers)" },
  { "--landlock", 1, opt_landlock, 0, "auto|off", "Landlock where the kernel has it (default auto)" },
};

const OptionGroup jail_hardening_option_group = {
  "Hardening", hardening_options, G_N_ELEMENTS (hardening_options),
};
