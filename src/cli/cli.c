/* The jail command line.  Options are a table: name, argument count,
 * handler.  Filesystem and environment options apply in the order given;
 * the first argument that is not an option (or everything after "--") is
 * the command, so a command named "--help" must follow "--".
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli-private.h"
#include "instance/registry.h"
#include "profile/profile.h"
#include "spec/spec-access.h"

gboolean
jail_cli_parse_uint (const char *opt, const char *text, guint64 max, guint64 *ret, GError **error)
{
  char *end;
  errno = 0;
  if (text[0] < '0' || text[0] > '9')
    goto bad;
  guint64 v = g_ascii_strtoull (text, &end, 10);
  if (errno != 0 || *end != '\0' || v > max)
    goto bad;
  *ret = v;
  return TRUE;
bad:
  return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                      "%s: '%s' is not a number from 0 to %" G_GUINT64_FORMAT, opt, text, max),
         FALSE;
}

gboolean
jail_cli_parse_octal_mode (const char *opt, const char *text, guint32 *ret, GError **error)
{
  char *end;
  guint64 mode = g_ascii_strtoull (text, &end, 8);
  if (*end != '\0' || end == text || mode > 07777)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "%s: '%s' is not an octal mode", opt, text), FALSE;
  *ret = (guint32) mode;
  return TRUE;
}

gboolean
jail_cli_add_op (Parser *p, JailFsOp *op, GError **error)
{
  op->mode = p->next_mode;
  op->size = p->next_size;
  p->next_mode = JAIL_MODE_DEFAULT;
  p->next_size = 0;
  return jail_spec_add_fs_op (p->cli->spec, op, error);
}

gboolean
jail_cli_add_fs (Parser *p, JailFsKind kind, const char *source, const char *dest, JailFsFlags flags,
        GError **error)
{
  JailFsOp op = jail_fs_op (kind, source, dest, flags);
  return jail_cli_add_op (p, &op, error);
}

static const struct {
  const char *name;
  JailFsKind kind;
  JailFsFlags flags;
} fs_options[] = {
  { "--bind", JAIL_FS_BIND, 0 },
  { "--bind-try", JAIL_FS_BIND, JAIL_FS_FLAG_TRY },
  { "--ro-bind", JAIL_FS_RO_BIND, 0 },
  { "--ro-bind-try", JAIL_FS_RO_BIND, JAIL_FS_FLAG_TRY },
  { "--dev-bind", JAIL_FS_DEV_BIND, 0 },
  { "--dev-bind-try", JAIL_FS_DEV_BIND, JAIL_FS_FLAG_TRY },
  { "--symlink", JAIL_FS_SYMLINK, 0 },
  { "--tmpfs", JAIL_FS_TMPFS, 0 },
  { "--dir", JAIL_FS_DIR, 0 },
  { "--proc", JAIL_FS_PROC, 0 },
  { "--dev", JAIL_FS_DEV, 0 },
  { "--mqueue", JAIL_FS_MQUEUE, 0 },
  { "--remount-ro", JAIL_FS_REMOUNT_RO, 0 },
};

static gboolean
opt_fs (Parser *p, const char *opt, char **args, GError **error)
{
  for (gsize i = 0; i < G_N_ELEMENTS (fs_options); i++)
    if (strcmp (fs_options[i].name, opt) == 0)
      {
        gboolean two = args[1] != NULL;
        return jail_cli_add_fs (p, fs_options[i].kind, two ? args[0] : NULL, two ? args[1] : args[0],
                       fs_options[i].flags, error);
      }
  g_assert_not_reached ();
}

/* --perms MODE: the mode of the next operation. */
static gboolean
opt_perms (Parser *p, const char *opt, char **args, GError **error)
{
  return jail_cli_parse_octal_mode (opt, args[0], &p->next_mode, error);
}

/* --chmod MODE DEST: an operation of its own, with that mode. */
static gboolean
opt_chmod (Parser *p, const char *opt, char **args, GError **error)
{
  return opt_perms (p, opt, args, error)
         && jail_cli_add_fs (p, JAIL_FS_CHMOD, NULL, args[1], 0, error);
}

static gboolean
opt_size (Parser *p, const char *opt, char **args, GError **error)
{
  return jail_cli_parse_uint (opt, args[0], G_MAXSIZE / 2, &p->next_size, error);
}

static gboolean
opt_setenv (Parser *p, const char *opt, char **args, GError **error)
{
  if (args[0][0] == '\0' || strchr (args[0], '=') != NULL)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "%s: '%s' is not a variable name", opt, args[0]), FALSE;
  jail_spec_setenv (p->cli->spec, args[0], args[1]);
  return TRUE;
}

static gboolean
opt_unsetenv (Parser *p, const char *opt, char **args, GError **error)
{
  if (args[0][0] == '\0' || strchr (args[0], '=') != NULL)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "%s: '%s' is not a variable name", opt, args[0]), FALSE;
  jail_spec_unsetenv (p->cli->spec, args[0]);
  return TRUE;
}

static gboolean
opt_clearenv (Parser *p, const char *opt, char **args, GError **error)
{
  (void) opt, (void) args, (void) error;
  jail_spec_clearenv (p->cli->spec);
  return TRUE;
}

static gboolean
opt_hostname (Parser *p, const char *opt, char **args, GError **error)
{
  (void) opt;
  return jail_spec_set_hostname (p->cli->spec, args[0], error);
}

static gboolean
opt_chdir (Parser *p, const char *opt, char **args, GError **error)
{
  (void) opt;
  return jail_spec_set_chdir (p->cli->spec, args[0], error);
}

static gboolean
opt_uid (Parser *p, const char *opt, char **args, GError **error)
{
  guint64 v;
  /* (uid_t) -1 means "no change" to the kernel: never a valid id. */
  if (!jail_cli_parse_uint (opt, args[0], G_MAXUINT32 - 1, &v, error))
    return FALSE;
  if (strcmp (opt, "--uid") == 0)
    jail_spec_set_uid (p->cli->spec, (uid_t) v);
  else
    jail_spec_set_gid (p->cli->spec, (gid_t) v);
  return TRUE;
}

static gboolean
opt_flag (Parser *p, const char *opt, char **args, GError **error)
{
  (void) args, (void) error;
  JailSpec *spec = p->cli->spec;
  if (strcmp (opt, "--die-with-parent") == 0)
    jail_spec_set_die_with_parent (spec, TRUE);
  else if (strcmp (opt, "--as-pid-1") == 0)
    jail_spec_set_as_pid_1 (spec, TRUE);
  else if (strcmp (opt, "--new-session") == 0)
    jail_spec_set_new_session (spec, TRUE);
  else if (strcmp (opt, "--print") == 0)
    p->cli->action = JAIL_CLI_PRINT;
  else if (strcmp (opt, "--help") == 0)
    p->cli->action = JAIL_CLI_HELP;
  else if (strcmp (opt, "--version") == 0)
    p->cli->action = JAIL_CLI_VERSION;
  return TRUE;
}

static gboolean
opt_keep_fd (Parser *p, const char *opt, char **args, GError **error)
{
  guint64 fd;
  if (!jail_cli_parse_uint (opt, args[0], G_MAXINT, &fd, error))
    return FALSE;
  jail_spec_keep_fd (p->cli->spec, (int) fd);
  return TRUE;
}

static const Option core_options[] = {
  { "--ro-bind", 2, opt_fs, 0, "SRC DEST", "bind host SRC read-only at DEST (recursively)" },
  { "--ro-bind-try", 2, opt_fs, 0, "SRC DEST", "same, skipped if SRC does not exist" },
  { "--bind", 2, opt_fs, 0, "SRC DEST", "bind host SRC read-write at DEST" },
  { "--bind-try", 2, opt_fs, 0, "SRC DEST", "same, skipped if SRC does not exist" },
  { "--dev-bind", 2, opt_fs, 0, "SRC DEST", "bind read-write, device nodes allowed" },
  { "--dev-bind-try", 2, opt_fs, 0, "SRC DEST", "same, skipped if SRC does not exist" },
  { "--remount-ro", 1, opt_fs, 0, "DEST", "make the mount at DEST read-only" },
  { "--tmpfs", 1, opt_fs, 0, "DEST", "mount a fresh tmpfs at DEST" },
  { "--dir", 1, opt_fs, 0, "DEST", "create directory DEST" },
  { "--symlink", 2, opt_fs, 0, "TARGET DEST", "create symlink DEST pointing to TARGET" },
  { "--proc", 1, opt_fs, 0, "DEST", "mount a fresh procfs at DEST" },
  { "--dev", 1, opt_fs, 0, "DEST", "mount a minimal /dev at DEST" },
  { "--mqueue", 1, opt_fs, 0, "DEST", "mount a POSIX message queue fs at DEST" },
  { "--chmod", 2, opt_chmod, 0, "OCTAL DEST", "change the mode of DEST" },
  { "--perms", 1, opt_perms, 0, "OCTAL", "mode of the next --tmpfs, --dir or file" },
  { "--size", 1, opt_size, 0, "BYTES", "size of the next --tmpfs" },
  { "--chdir", 1, opt_chdir, 0, "DIR", "working directory inside" },
  { "--setenv", 2, opt_setenv, 0, "VAR VALUE", "set an environment variable" },
  { "--unsetenv", 1, opt_unsetenv, 0, "VAR", "unset an environment variable" },
  { "--clearenv", 0, opt_clearenv, 0, NULL, "start from an empty environment" },
  { "--hostname", 1, opt_hostname, 0, "NAME", "hostname inside" },
  { "--uid", 1, opt_uid, 0, "UID", "uid inside (the caller's uid is mapped to it)" },
  { "--gid", 1, opt_uid, 0, "GID", "gid inside (the caller's gid is mapped to it)" },
  { "--keep-fd", 1, opt_keep_fd, 0, "FD", "pass file descriptor FD to the command" },
  { "--die-with-parent", 0, opt_flag, 0, NULL, "kill the sandbox when jail's parent dies" },
  { "--as-pid-1", 0, opt_flag, 0, NULL, "no init: the command itself is PID 1" },
  { "--new-session", 0, opt_flag, 0, NULL, "run the command in a new session (setsid)" },
};

const OptionGroup jail_core_option_group = {
  "Filesystem and process", core_options, G_N_ELEMENTS (core_options),
};

static const Option general_options[] = {
  { "--help", 0, opt_flag, 0, NULL, "show this help" },
  { "--version", 0, opt_flag, 0, NULL, "show the version" },
  { "--print", 0, opt_flag, 0, NULL, "print the resolved spec as JSON, run nothing" },
};

static const OptionGroup general_option_group = {
  "General", general_options, G_N_ELEMENTS (general_options),
};

/* Every group of options the jail command line knows, in --help order: what
 * a newcomer needs first.  A feature adds its own group in a file of its
 * own.  The bubblewrap group is last, also for lookup: where it shares a
 * name with jail's own options (--seccomp), jail's meaning wins. */
static const OptionGroup *const option_groups[] = {
  &general_option_group,
  &jail_profile_option_group,
  &jail_home_option_group,
  &jail_desktop_option_group,
  &jail_net_option_group,
  &jail_limits_option_group,
  &jail_lifecycle_option_group,
  &jail_report_option_group,
  &jail_core_option_group,
  &jail_hardening_option_group,
  &jail_bwrap_option_group,
};

const Option *
jail_cli_find_option (const char *name)
{
  for (gsize g = 0; g < G_N_ELEMENTS (option_groups); g++)
    for (gsize i = 0; i < option_groups[g]->n_options; i++)
      if (strcmp (option_groups[g]->options[i].name, name) == 0)
        return &option_groups[g]->options[i];
  return NULL;
}

static void
unknown_option (const char *name, GError **error)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  for (gsize g = 0; g < G_N_ELEMENTS (option_groups); g++)
    for (gsize i = 0; i < option_groups[g]->n_options; i++)
      g_ptr_array_add (names, (gpointer) option_groups[g]->options[i].name);
  const char *guess = jail_profile_closest_word (name, (const char *const *) names->pdata,
                                                 names->len);
  if (guess != NULL)
    g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                 "unknown option '%s' (did you mean '%s'? see jail --help)", name, guess);
  else
    g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID, "unknown option '%s' (see jail --help)",
                 name);
}

/* Handle argv[i] (an option); returns how many arguments it took, or 0.
 * p->argv may grow while the handler runs (--args splices in more). */
static int
parse_option (Parser *p, int i, GError **error)
{
  int argc = (int) p->argv->len - 1;
  char **argv = (char **) p->argv->pdata;
  g_autofree char *name = g_strdup (argv[i]);
  char *inline_value = NULL;
  char *eq = p->bwrap.mode ? NULL : strchr (name, '='); /* bwrap has no --opt=VALUE */
  if (eq != NULL)
    {
      *eq = '\0';
      inline_value = eq + 1;
    }
  const Option *o = p->bwrap.mode ? jail_bwrap_find_option (name) : jail_cli_find_option (name);
  if (o == NULL && p->bwrap.mode)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID, "Unknown option %s", name), 0;
  if (o == NULL)
    return unknown_option (name, error), 0;
  if (inline_value != NULL && o->nargs != 1 && o->nargs != OPTION_INLINE_OPTIONAL)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "%s does not take '=VALUE'", name), 0;

  char *args[4] = { NULL, NULL, NULL, NULL }; /* up to 3 arguments (--overlay) */
  if (inline_value != NULL || o->nargs == OPTION_INLINE_OPTIONAL)
    args[0] = inline_value;
  else
    {
      if (i + o->nargs >= argc && p->bwrap.mode)
        return jail_bwrap_missing_arguments (o, error), 0;
      if (i + o->nargs >= argc)
        return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                            "%s needs %d argument%s: %s", name, o->nargs,
                            o->nargs == 1 ? "" : "s", o->args), 0;
      for (int k = 0; k < o->nargs; k++)
        args[k] = argv[i + 1 + k];
      /* bwrap takes a relative destination as relative to the new root,
       * and has its own rules and wording for a few options. */
      if (p->bwrap.mode)
        {
          jail_bwrap_absolute_dest (p, o, i, args);
          if (!jail_bwrap_check_option (p, o, args, error))
            return 0;
        }
    }
  int used = 1 + (inline_value != NULL ? 0 : MAX (o->nargs, 0));
  p->pos = (guint) i;
  p->after = (guint) (i + used);
  if (!o->handler (p, name, args, error))
    return 0;
  return used;
}

gboolean
jail_cli_apply_option (Parser *p, const char *name, const char *const *args, GError **error)
{
  const Option *o = jail_cli_find_option (name);
  if (o == NULL)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "option %s not supported by this build", name), FALSE;
  int n = 0;
  while (args != NULL && n < 3 && args[n] != NULL)
    n++;
  if (n != o->nargs)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID, "%s takes %d argument%s, not %d",
                        name, o->nargs, o->nargs == 1 ? "" : "s", n), FALSE;
  char *a[3] = { NULL, NULL, NULL };
  for (int k = 0; k < n; k++)
    a[k] = (char *) args[k];
  return o->handler (p, o->name, a, error);
}

static gboolean
add_default_filesystem (Parser *p, GError **error)
{
  g_autoptr (JailSpec) base = jail_spec_new ();
  if (!jail_spec_add_base_filesystem (base, p->cli->spec, error))
    return FALSE;
  jail_spec_prepend_fs (p->cli->spec, base);
  return TRUE;
}

gboolean
jail_cli_parse (int argc, char **argv, JailCli *ret_cli, GError **error)
{
  return jail_cli_parse_mode (argc, argv, FALSE, ret_cli, error);
}

gboolean
jail_cli_parse_mode (int argc_in, char **argv_in, gboolean bwrap, JailCli *ret_cli,
                     GError **error)
{
  JailCli cli = { .action = JAIL_CLI_RUN, .spec = jail_spec_new () };
  Parser p = { .cli = &cli, .use_defaults = !bwrap, .next_mode = JAIL_MODE_DEFAULT };
  int i = 1;

  /* A growable copy of argv: --args FD splices its arguments in place. */
  g_autoptr (GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  for (int k = 0; k < argc_in; k++)
    g_ptr_array_add (args, g_strdup (argv_in[k]));
  g_ptr_array_add (args, NULL);
  p.argv = args;
  if (bwrap)
    jail_bwrap_parse_start (&p);
  /* argc/argv below name the live array, which --args may grow. */
#define argc ((int) args->len - 1)
#define argv ((char **) args->pdata)

  /* Profiles first, whatever their place on the command line (bubblewrap
   * has none: invoked as bwrap, --profile is an unknown option). */
  if (!bwrap && !jail_cli_profiles_begin (&p, argc, argv, error))
    goto fail;
  while (i < argc && cli.action != JAIL_CLI_HELP && cli.action != JAIL_CLI_VERSION
         && cli.action != JAIL_CLI_EXIT)
    {
      if (strcmp (argv[i], "--") == 0)
        {
          i++;
          break;
        }
      if (argv[i][0] != '-')
        break;
      int used = parse_option (&p, i, error);
      if (used == 0)
        goto fail;
      i += used;
    }

  if (cli.action == JAIL_CLI_RUN || cli.action == JAIL_CLI_PRINT)
    {
      if (i < argc && !jail_spec_set_command (cli.spec, (const char *const *) argv + i, error))
        goto fail;
      if (i >= argc && cli.action == JAIL_CLI_RUN && bwrap)
        {
          cli.action = JAIL_CLI_USAGE_ERROR;
          cli.level_prefix = p.bwrap.level_prefix;
          *ret_cli = cli;
          return TRUE;
        }
      if (bwrap && !jail_bwrap_parse_finish (&p, error))
        goto fail;
      if (i >= argc && cli.action == JAIL_CLI_RUN)
        {
          g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                       "no command given (usage: jail [OPTION…] [--] COMMAND [ARG…])");
          goto fail;
        }
      if (!jail_cli_profiles_finish (&p, error))
        goto fail;
      if (!jail_cli_learn_visible_binds (&p, error))
        goto fail;
      if (p.use_defaults && !add_default_filesystem (&p, error))
        goto fail;
      if (!jail_cli_file_args_apply (&p, error))
        goto fail;
      if (!bwrap && !jail_registry_hide (cli.spec, error))
        goto fail;
    }
  jail_cli_profiles_clear (&p);
  cli.level_prefix = p.bwrap.level_prefix;
  *ret_cli = cli;
  return TRUE;

fail:
  jail_cli_profiles_clear (&p);
  ret_cli->level_prefix = p.bwrap.level_prefix;
  jail_spec_free (cli.spec);
  return FALSE;
#undef argc
#undef argv
}

void
jail_cli_clear (JailCli *cli)
{
  g_clear_pointer (&cli->spec, jail_spec_free);
  g_clear_pointer (&cli->learn_file, g_free);
}

/* Print `text` from column `indent`, wrapped at word boundaries to fit 79
 * columns; the first line continues the current one at `col`. */
static void
print_wrapped (const char *text, int col, int indent)
{
  g_auto (GStrv) words = g_strsplit (text, " ", -1);
  for (char **w = words; *w != NULL; w++)
    {
      int len = (int) g_utf8_strlen (*w, -1);
      if (col > indent && col + 1 + len > 79)
        {
          printf ("\n%*s", indent, "");
          col = indent;
        }
      else if (col > indent)
        {
          putchar (' ');
          col++;
        }
      fputs (*w, stdout);
      col += len;
    }
  putchar ('\n');
}

/* "--net=none|slirp|host", "--bind SRC DEST": jail's own options take one
 * value after '=' as the manual writes them; the bubblewrap-style ones
 * (core and bwrap groups) are written as bubblewrap does. */
static char *
option_synopsis (const OptionGroup *group, const Option *o)
{
  if (o->args == NULL)
    return g_strdup (o->name);
  if (o->nargs == OPTION_INLINE_OPTIONAL)
    return g_strconcat (o->name, "[=", o->args, "]", NULL);
  gboolean eq = o->nargs == 1 && group != &jail_bwrap_option_group
                && group != &jail_core_option_group;
  return g_strconcat (o->name, eq ? "=" : " ", o->args, NULL);
}

#define HELP_COLUMN 32

void
jail_cli_print_help (const char *prog, const char *commands)
{
  printf ("Usage: %s [OPTION…] [--] COMMAND [ARG…]\n"
          "       %s list|enter|stop|kill|stats|desktop … (each takes --help)\n\n"
          "Run COMMAND in a rootless sandbox: new user, mount, pid, ipc, uts, net and\n"
          "cgroup namespaces; read-only /usr and /etc; empty $HOME, /tmp and /run/user;\n"
          "no network but loopback; every capability dropped.\n\n"
          "Commands:\n%s\n"
          "Examples:\n"
          "  jail --profile firefox firefox           Firefox with its shipped profile\n"
          "  jail --profile python python3 script.py  cwd read-only, no home, no network\n"
          "  jail --net=slirp -- curl https://example.org\n"
          "  jail --print --profile evince -- evince  what a profile grants, as JSON\n"
          "  jail --list-profiles                     the profiles you can use\n\n"
          "Every option and profile key is described in man jail and man jail.profile.\n",
          prog, prog, commands);
  for (gsize g = 0; g < G_N_ELEMENTS (option_groups); g++)
    {
      const OptionGroup *group = option_groups[g];
      printf ("\n%s:\n", group->title);
      for (gsize i = 0; i < group->n_options; i++)
        {
          const Option *o = &group->options[i];
          g_autofree char *left = option_synopsis (group, o);
          int width = 2 + (int) g_utf8_strlen (left, -1);
          printf ("  %s", left);
          if (width + 1 > HELP_COLUMN)
            {
              printf ("\n%*s", HELP_COLUMN, "");
              width = HELP_COLUMN;
            }
          printf ("%*s", HELP_COLUMN - width, "");
          print_wrapped (o->help, HELP_COLUMN, HELP_COLUMN);
        }
    }
  printf ("\nExit status: the command's; 128+N if it died of signal N; 125 if jail\n"
          "failed; 126 if the command cannot be executed; 127 if it was not found.\n");
}
