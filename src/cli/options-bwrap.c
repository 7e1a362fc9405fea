/* bubblewrap's options that the core group does not have, and the rules of
 * bwrap mode (jail invoked as "bwrap").  Invoked as jail, these options mix
 * with jail's own and apply in the order given.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/capability.h>
#include <unistd.h>

#include "cli/cli-private.h"
#include "spec/spec-access.h"

/* Limits against hostile --args data: bwrap has none, a huge or endless
 * stream must not exhaust memory, and nested --args must end. */
#define ARGS_MAX_BYTES (16u << 20)
#define ARGS_MAX_FDS 1024
/* Large enough for any real filter (4096 instructions of 8 bytes). */
#define SECCOMP_MAX_BYTES (4096 * 8)

/* bwrap's wording for a bad fd ("Invalid fd: -1"), which callers match. */
static gboolean
parse_fd (Parser *p, const char *opt, const char *text, int *ret, GError **error)
{
  guint64 v;
  if (p->bwrap.mode && !jail_cli_parse_uint (opt, text, G_MAXINT, &v, NULL))
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID, "Invalid fd: %s", text), FALSE;
  if (!jail_cli_parse_uint (opt, text, G_MAXINT, &v, error))
    return FALSE;
  *ret = (int) v;
  return TRUE;
}

/* Read fd to its end, at most `max` bytes; -errno, or -E2BIG past max. */
static int
read_fd_data (int fd, gsize max, GByteArray **ret)
{
  g_autoptr (GByteArray) data = g_byte_array_new ();
  guint8 buf[16384];
  for (;;)
    {
      ssize_t n = read (fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return -errno;
      if (n == 0)
        break;
      if (data->len + (gsize) n > max)
        return -E2BIG;
      g_byte_array_append (data, buf, (guint) n);
    }
  *ret = g_steal_pointer (&data);
  return 0;
}

guint
jail_cli_splice_args (GPtrArray *argv, guint at, const guint8 *data, gsize size)
{
  const char *d = (const char *) data;
  guint n = 0;
  for (gsize off = 0; off < size; n++)
    {
      const char *nul = memchr (d + off, '\0', size - off);
      gsize len = nul != NULL ? (gsize) (nul - (d + off)) : size - off;
      g_ptr_array_insert (argv, (gint) (at + n), g_strndup (d + off, len));
      off += len + 1;
    }
  return n;
}

/* --args FD: NUL-separated arguments, spliced in right after "--args FD"
 * so they are parsed next; they may contain --args themselves.  A last
 * argument without its NUL counts, as in bwrap. */
static gboolean
opt_args (Parser *p, const char *opt, char **args, GError **error)
{
  int fd;
  GByteArray *data = NULL;
  if (p->argv == NULL) /* e.g. applied from a profile: nothing to splice into */
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "%s works only on the command line", opt), FALSE;
  if (!parse_fd (p, opt, args[0], &fd, error))
    return FALSE;
  /* bwrap refuses --args inside --args data; jail mode lets them nest. */
  if (p->bwrap.mode && p->pos >= p->bwrap.args_from && p->pos < p->bwrap.args_to)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "--args not supported in arguments file"), FALSE;
  if (++p->bwrap.n_args_fds > ARGS_MAX_FDS)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "--args: used more than %d times (recursive --args?)", ARGS_MAX_FDS),
           FALSE;
  int r = read_fd_data (fd, ARGS_MAX_BYTES - p->bwrap.args_bytes, &data);
  if (r == -E2BIG)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "--args: more than %u bytes of arguments", ARGS_MAX_BYTES), FALSE;
  if (r < 0)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID, "Can't read --args data: %s",
                        g_strerror (-r)), FALSE;
  close (fd);
  p->bwrap.args_bytes += data->len;

  /* Spliced right after the option: `--args=FD` (jail mode) is one
   * argument, `--args FD` two (inserting past the end once put the array's
   * NULL terminator in the middle: found by fuzz-cli). */
  guint n = jail_cli_splice_args (p->argv, p->after, data->data, data->len);
  p->bwrap.args_from = p->after;
  p->bwrap.args_to = p->after + n;
  g_byte_array_unref (data);
  return TRUE;
}

static gboolean
opt_argv0 (Parser *p, const char *opt, char **args, GError **error)
{
  if (p->bwrap.have_argv0)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID, "%s used multiple times", opt),
           FALSE;
  p->bwrap.have_argv0 = TRUE;
  jail_spec_set_argv0 (p->cli->spec, args[0]);
  return TRUE;
}

static gboolean
opt_level_prefix (Parser *p, const char *opt, char **args, GError **error)
{
  p->bwrap.level_prefix = TRUE;
  return TRUE;
}

static void
add_namespaces (Parser *p, guint ns)
{
  JailSpec *spec = p->cli->spec;
  jail_spec_set_namespaces (spec, jail_spec_get_namespaces (spec) | ns);
}

static guint
cgroup_if_supported (void)
{
  return access ("/proc/self/ns/cgroup", F_OK) == 0 ? JAIL_NS_CGROUP : 0;
}

static gboolean
opt_unshare (Parser *p, const char *opt, char **args, GError **error)
{
  static const struct {
    const char *name;
    guint ns;
  } table[] = {
    { "--unshare-ipc", JAIL_NS_IPC }, { "--unshare-pid", JAIL_NS_PID },
    { "--unshare-net", JAIL_NS_NET }, { "--unshare-uts", JAIL_NS_UTS },
    { "--unshare-cgroup", JAIL_NS_CGROUP },
  };
  if (g_str_has_prefix (opt, "--unshare-user"))
    {
      p->bwrap.unshare_user = TRUE;
      add_namespaces (p, JAIL_NS_USER);
      return TRUE;
    }
  if (strcmp (opt, "--unshare-cgroup-try") == 0)
    {
      add_namespaces (p, cgroup_if_supported ());
      return TRUE;
    }
  if (strcmp (opt, "--unshare-all") == 0)
    {
      /* bwrap(1): --unshare-user-try --unshare-ipc --unshare-pid
       * --unshare-net --unshare-uts --unshare-cgroup-try */
      p->bwrap.unshare_user = TRUE;
      add_namespaces (p, JAIL_NS_USER | JAIL_NS_IPC | JAIL_NS_PID | JAIL_NS_NET | JAIL_NS_UTS
                           | cgroup_if_supported ());
      return TRUE;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (table); i++)
    if (strcmp (table[i].name, opt) == 0)
      add_namespaces (p, table[i].ns);
  return TRUE;
}

static const struct {
  const char *name;
  JailFdRole role;
} fd_options[] = {
  { "--info-fd", JAIL_FD_INFO },     { "--json-status-fd", JAIL_FD_JSON_STATUS },
  { "--block-fd", JAIL_FD_BLOCK },   { "--userns-block-fd", JAIL_FD_USERNS_BLOCK },
  { "--sync-fd", JAIL_FD_SYNC },     { "--userns", JAIL_FD_USERNS },
  { "--userns2", JAIL_FD_USERNS2 }, { "--pidns", JAIL_FD_PIDNS },
};

static gboolean
opt_fd_role (Parser *p, const char *opt, char **args, GError **error)
{
  int fd;
  if (!parse_fd (p, opt, args[0], &fd, error))
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (fd_options); i++)
    if (strcmp (fd_options[i].name, opt) == 0)
      jail_spec_set_fd (p->cli->spec, fd_options[i].role, fd);
  /* Whoever reads the init's pid from these may join the sandbox through
   * /proc/PID (flatpak enter): the init stays dumpable for that. */
  if (strcmp (opt, "--info-fd") == 0 || strcmp (opt, "--json-status-fd") == 0)
    jail_spec_set_init_dumpable (p->cli->spec, TRUE);
  if (strcmp (opt, "--userns") == 0)
    {
      /* Join that user namespace instead of creating one. */
      JailSpec *spec = p->cli->spec;
      p->bwrap.userns_fd = TRUE;
      jail_spec_set_namespaces (spec, jail_spec_get_namespaces (spec) & ~(guint) JAIL_NS_USER);
    }
  return TRUE;
}

static gboolean
opt_userns_lockdown (Parser *p, const char *opt, char **args, GError **error)
{
  if (strcmp (opt, "--disable-userns") == 0)
    jail_spec_set_disable_userns (p->cli->spec, TRUE);
  else
    jail_spec_set_assert_userns_disabled (p->cli->spec, TRUE);
  return TRUE;
}

static gboolean
opt_lock_file (Parser *p, const char *opt, char **args, GError **error)
{
  return jail_spec_add_lock_file (p->cli->spec, args[0], error);
}

static gboolean
add_fd_op (Parser *p, JailFsKind kind, int fd, const char *dest, GError **error)
{
  JailFsOp op = JAIL_FS_OP_INIT;
  op.kind = kind;
  op.fd = fd;
  op.dest = dest;
  return jail_cli_add_op (p, &op, error);
}

/* --file, --bind-data, --ro-bind-data, --bind-fd, --ro-bind-fd: FD DEST */
static gboolean
opt_fd_fs (Parser *p, const char *opt, char **args, GError **error)
{
  static const struct {
    const char *name;
    JailFsKind kind;
  } table[] = {
    { "--file", JAIL_FS_FILE },         { "--bind-data", JAIL_FS_BIND_DATA },
    { "--ro-bind-data", JAIL_FS_RO_BIND_DATA }, { "--bind-fd", JAIL_FS_BIND },
    { "--ro-bind-fd", JAIL_FS_RO_BIND },
  };
  int fd;
  if (!parse_fd (p, opt, args[0], &fd, error))
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (table); i++)
    if (strcmp (table[i].name, opt) == 0)
      return add_fd_op (p, table[i].kind, fd, args[1], error);
  g_assert_not_reached ();
}

static gboolean
opt_overlay (Parser *p, const char *opt, char **args, GError **error)
{
  JailFsOp op = JAIL_FS_OP_INIT;
  if (strcmp (opt, "--overlay-src") == 0)
    {
      op.kind = JAIL_FS_OVERLAY_SRC;
      op.source = args[0];
    }
  else if (strcmp (opt, "--overlay") == 0)
    {
      op.kind = JAIL_FS_OVERLAY;
      op.source = args[0];
      op.workdir = args[1];
      op.dest = args[2];
    }
  else
    {
      op.kind = strcmp (opt, "--tmp-overlay") == 0 ? JAIL_FS_TMP_OVERLAY : JAIL_FS_RO_OVERLAY;
      op.dest = args[0];
    }
  return jail_cli_add_op (p, &op, error);
}

/* Unprivileged bwrap on a system without SELinux refuses labels outright. */
static gboolean
opt_label (Parser *p, const char *opt, char **args, GError **error)
{
  return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                      "labeling not supported on this system"), FALSE;
}

static gboolean
opt_seccomp (Parser *p, const char *opt, char **args, GError **error)
{
  gboolean single = strcmp (opt, "--seccomp") == 0;
  GByteArray *data = NULL;
  int fd;
  if (!parse_fd (p, opt, args[0], &fd, error))
    return FALSE;
  if (single ? p->bwrap.seccomp_add : p->bwrap.seccomp_single)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "--seccomp cannot be combined with --add-seccomp-fd"), FALSE;
  int r = read_fd_data (fd, SECCOMP_MAX_BYTES, &data);
  if (r < 0)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID, "Can't read seccomp data: %s",
                        g_strerror (-r)), FALSE;
  close (fd);
  g_autoptr (GBytes) bytes = g_byte_array_free_to_bytes (data);
  if (single) /* only the last --seccomp counts */
    jail_spec_clear_seccomp_programs (p->cli->spec);
  p->bwrap.seccomp_single |= single;
  p->bwrap.seccomp_add |= !single;
  return jail_spec_add_seccomp_program (p->cli->spec, bytes, error);
}

static gboolean
opt_cap (Parser *p, const char *opt, char **args, GError **error)
{
  JailSpec *spec = p->cli->spec;
  gboolean add = strcmp (opt, "--cap-add") == 0;
  guint64 mask;
  cap_value_t cap;

  if (g_ascii_strcasecmp (args[0], "ALL") == 0)
    mask = cap_max_bits () >= 64 ? G_MAXUINT64 : (G_GUINT64_CONSTANT (1) << cap_max_bits ()) - 1;
  else if (cap_from_name (args[0], &cap) == 0 && cap >= 0 && cap < 64)
    mask = G_GUINT64_CONSTANT (1) << cap;
  else if (p->bwrap.mode)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID, "unknown cap: %s", args[0]), FALSE;
  else
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID, "%s: unknown capability %s", opt,
                        args[0]), FALSE;
  guint64 caps = jail_spec_get_kept_capabilities (spec);
  jail_spec_set_kept_capabilities (spec, add ? caps | mask : caps & ~mask);
  return TRUE;
}

static const Option bwrap_options[] = {
  { "--args", 1, opt_args, 0, "FD", "parse NUL-separated arguments from FD" },
  { "--argv0", 1, opt_argv0, 0, "VALUE", "set argv[0] of the command to VALUE" },
  { "--level-prefix", 0, opt_level_prefix, 0, NULL, "prefix messages with <N> (syslog level)" },
  { "--unshare-all", 0, opt_unshare, 0, NULL, "unshare every namespace bwrap supports" },
  { "--unshare-user", 0, opt_unshare, 0, NULL, "create a new user namespace" },
  { "--unshare-user-try", 0, opt_unshare, 0, NULL, "same, if possible" },
  { "--unshare-ipc", 0, opt_unshare, 0, NULL, "create a new ipc namespace" },
  { "--unshare-pid", 0, opt_unshare, 0, NULL, "create a new pid namespace" },
  { "--unshare-net", 0, opt_unshare, 0, NULL, "create a new network namespace" },
  { "--unshare-uts", 0, opt_unshare, 0, NULL, "create a new uts namespace" },
  { "--unshare-cgroup", 0, opt_unshare, 0, NULL, "create a new cgroup namespace" },
  { "--unshare-cgroup-try", 0, opt_unshare, 0, NULL, "same, if the kernel has them" },
  { "--userns", 1, opt_fd_role, 0, "FD", "join this user namespace instead of a new one" },
  { "--userns2", 1, opt_fd_role, 0, "FD", "switch to this user namespace after setup" },
  { "--disable-userns", 0, opt_userns_lockdown, 0, NULL,
    "no further user namespaces inside the sandbox" },
  { "--assert-userns-disabled", 0, opt_userns_lockdown, 0, NULL,
    "fail unless further user namespaces are disabled" },
  { "--pidns", 1, opt_fd_role, 0, "FD", "join this pid namespace (parent with --unshare-pid)" },
  { "--lock-file", 1, opt_lock_file, 0, "DEST", "hold a lock on DEST while the sandbox runs" },
  { "--sync-fd", 1, opt_fd_role, 0, "FD", "keep FD open while the sandbox runs" },
  { "--bind-fd", 2, opt_fd_fs, 0, "FD DEST", "bind the open directory FD on DEST" },
  { "--ro-bind-fd", 2, opt_fd_fs, 0, "FD DEST", "same, read-only" },
  { "--overlay-src", 1, opt_overlay, 0, "SRC", "add host SRC as a lower layer of the next overlay" },
  { "--overlay", 3, opt_overlay, 0, "RWSRC WORKDIR DEST",
    "overlay on DEST, writes go to host RWSRC" },
  { "--tmp-overlay", 1, opt_overlay, 0, "DEST", "overlay on DEST, writes go to a hidden tmpfs" },
  { "--ro-overlay", 1, opt_overlay, 0, "DEST", "read-only overlay of the layers on DEST" },
  { "--exec-label", 1, opt_label, 0, "LABEL", "SELinux exec label (unsupported: error)" },
  { "--file-label", 1, opt_label, 0, "LABEL", "SELinux file label (unsupported: error)" },
  { "--file", 2, opt_fd_fs, 0, "FD DEST", "copy the data of FD to the file DEST" },
  { "--bind-data", 2, opt_fd_fs, 0, "FD DEST", "copy FD to a file bind-mounted on DEST" },
  { "--ro-bind-data", 2, opt_fd_fs, 0, "FD DEST", "same, read-only" },
  { "--seccomp", 1, opt_seccomp, 0, "FD", "load a cBPF seccomp program from FD (last wins)" },
  { "--add-seccomp-fd", 1, opt_seccomp, 0, "FD", "load a cBPF seccomp program (repeatable)" },
  { "--block-fd", 1, opt_fd_role, 0, "FD", "wait for data on FD before running the command" },
  { "--userns-block-fd", 1, opt_fd_role, 0, "FD", "wait on FD for the id maps to be written" },
  { "--info-fd", 1, opt_fd_role, 0, "FD", "write child-pid and namespace ids as JSON to FD" },
  { "--json-status-fd", 1, opt_fd_role, 0, "FD", "write JSON lines: start, then exit-code" },
  { "--cap-add", 1, opt_cap, 0, "CAP", "keep capability CAP (or ALL) in the sandbox" },
  { "--cap-drop", 1, opt_cap, 0, "CAP", "drop CAP (or ALL) again" },
};

const OptionGroup jail_bwrap_option_group = {
  "Bubblewrap-compatible", bwrap_options, G_N_ELEMENTS (bwrap_options),
};

/* jail's own options (core, network) that bubblewrap has too, with the
 * same meaning. */
static const char *const bwrap_core_names[] = {
  "--help", "--version", "--share-net", "--uid", "--gid", "--hostname", "--chdir",
  "--clearenv", "--setenv", "--unsetenv", "--bind", "--bind-try", "--dev-bind",
  "--dev-bind-try", "--ro-bind", "--ro-bind-try", "--remount-ro", "--proc", "--dev",
  "--tmpfs", "--mqueue", "--dir", "--symlink", "--new-session", "--die-with-parent",
  "--as-pid-1", "--perms", "--size", "--chmod",
};

const Option *
jail_bwrap_find_option (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (bwrap_options); i++)
    if (strcmp (bwrap_options[i].name, name) == 0)
      return &bwrap_options[i];
  for (gsize i = 0; i < G_N_ELEMENTS (bwrap_core_names); i++)
    if (strcmp (bwrap_core_names[i], name) == 0)
      return jail_cli_find_option (name);
  return NULL;
}

void
jail_bwrap_missing_arguments (const Option *o, GError **error)
{
  static const char *const counts[] = { "", "an argument", "two arguments", "three arguments" };
  g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID, "%s takes %s", o->name,
               counts[CLAMP (o->nargs, 0, 3)]);
}

static gboolean
bwrap_error (GError **error, const char *message)
{
  g_set_error_literal (error, JAIL_ERROR, JAIL_ERROR_INVALID, message);
  return FALSE;
}

/* bwrap starts from a new mount namespace and nothing else. */
void
jail_bwrap_parse_start (Parser *p)
{
  JailSpec *spec = p->cli->spec;
  p->bwrap.mode = TRUE;
  jail_spec_set_namespaces (spec, JAIL_NS_MOUNT);
  jail_spec_set_keep_all_fds (spec, TRUE); /* bwrap passes every fd on */
  jail_spec_set_failure_wording (spec, jail_bwrap_word_failure);
  /* A building block (flatpak runs one per app): no record, no control
   * socket, as bubblewrap leaves none. */
  jail_spec_set_unlisted (spec, TRUE);
  jail_spec_set_env_verbatim (spec, TRUE); /* bwrap passes its own through unchanged */
  /* bwrap's /dev, /proc and --remount-ro, which its callers rely on. */
  jail_spec_set_mount_shape (spec, JAIL_MOUNT_REMOUNT_RO_SINGLE | JAIL_MOUNT_DEV_SHM_DIR
                                     | JAIL_MOUNT_PROC_RO_WRITABLE);
  /* bwrap installs no syscall filter and no Landlock of its own: the caller
   * (flatpak…) passes its filter with --seccomp FD / --add-seccomp-fd, which
   * still apply (seccomp-fd.c).  A second, different filter would break
   * tools that expect bwrap's behaviour exactly; only the TIOCSTI rule
   * stays, whatever the caller passes. */
  jail_spec_set_seccomp_mode (spec, JAIL_SECCOMP_OFF);
  jail_spec_set_terminal_rule (spec, TRUE);
  jail_spec_set_landlock (spec, FALSE);
}

gboolean
jail_bwrap_parse_finish (Parser *p, GError **error)
{
  JailSpec *spec = p->cli->spec;
  if (jail_spec_get_hostname (spec) != NULL && !(jail_spec_get_namespaces (spec) & JAIL_NS_UTS))
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "Specifying --hostname requires --unshare-uts"), FALSE;
  if (p->bwrap.userns_fd && p->bwrap.unshare_user)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "--userns and --unshare-user are mutually exclusive"), FALSE;
  if (jail_spec_get_fd (spec, JAIL_FD_USERNS2) >= 0 && !p->bwrap.userns_fd)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID, "--userns2 requires --userns"),
           FALSE;
  if (jail_spec_get_as_pid_1 (spec) && !(jail_spec_get_namespaces (spec) & JAIL_NS_PID))
    return bwrap_error (error, "Specifying --as-pid-1 requires --unshare-pid");
  /* Checked before the implied user namespace below, as bwrap does. */
  if (jail_spec_get_fd (spec, JAIL_FD_USERNS_BLOCK) >= 0 && !p->bwrap.unshare_user)
    return bwrap_error (error, "--userns-block-fd requires --unshare-user");
  if (jail_spec_get_disable_userns (spec) && !p->bwrap.unshare_user)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "--disable-userns requires --unshare-user"), FALSE;
  if (p->next_mode != JAIL_MODE_DEFAULT)
    return bwrap_error (error, "--perms must be followed by an option that creates a file");
  if (p->next_size != 0)
    return bwrap_error (error, "--size must be followed by --tmpfs");
  /* Unprivileged, nothing works without a user namespace of our own. */
  if (getuid () != 0 && !p->bwrap.userns_fd)
    add_namespaces (p, JAIL_NS_USER);
  return TRUE;
}

/* Options whose last argument is a destination inside the sandbox. */
static gboolean
last_arg_is_dest (const Option *o)
{
  static const char *const names[] = {
    "--bind", "--bind-try", "--ro-bind", "--ro-bind-try", "--dev-bind", "--dev-bind-try",
    "--remount-ro", "--tmpfs", "--dir", "--symlink", "--proc", "--dev", "--mqueue", "--chmod",
    "--file", "--bind-data", "--ro-bind-data", "--bind-fd", "--ro-bind-fd", "--overlay",
    "--tmp-overlay", "--ro-overlay", "--lock-file",
  };
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    if (strcmp (names[i], o->name) == 0)
      return TRUE;
  return FALSE;
}

void
jail_bwrap_absolute_dest (Parser *p, const Option *o, int i, char **args)
{
  if (o->nargs < 1 || !last_arg_is_dest (o) || args[o->nargs - 1][0] == '/')
    return;
  /* Replace the argument in the vector, which owns its strings. */
  guint idx = (guint) i + (guint) o->nargs;
  char *abs = g_strconcat ("/", args[o->nargs - 1], NULL);
  g_free (p->argv->pdata[idx]);
  p->argv->pdata[idx] = abs;
  args[o->nargs - 1] = abs;
}

static gboolean
is_one_of (const char *name, const char *const *names)
{
  for (; *names != NULL; names++)
    if (strcmp (*names, name) == 0)
      return TRUE;
  return FALSE;
}

/* bwrap's checks of --perms, --size, --uid and --gid, with its wording,
 * and its warnings for options where only the last one counts. */
gboolean
jail_bwrap_check_option (Parser *p, const Option *o, char **args, GError **error)
{
  static const char *const takes_perms[] = { "--bind-data", "--ro-bind-data", "--dir", "--file",
                                             "--tmpfs", "--size", "--perms", NULL };
  static const char *const takes_size[] = { "--tmpfs", "--perms", "--size", NULL };
  static const char *const last_wins[] = { "--hostname", "--chdir", "--seccomp", NULL };
  const char *name = o->name;

  if (p->next_mode != JAIL_MODE_DEFAULT && !is_one_of (name, takes_perms))
    return bwrap_error (error, "--perms must be followed by an option that creates a file");
  if (p->next_mode != JAIL_MODE_DEFAULT && strcmp (name, "--perms") == 0)
    return bwrap_error (error, "--perms given twice for the same action");
  if (p->next_size != 0 && !is_one_of (name, takes_size))
    return bwrap_error (error, "--size must be followed by --tmpfs");
  if (p->next_size != 0 && strcmp (name, "--size") == 0)
    return bwrap_error (error, "--size given twice for the same action");

  guint32 mode;
  if ((strcmp (name, "--perms") == 0 || strcmp (name, "--chmod") == 0)
      && !jail_cli_parse_octal_mode (name, args[0], &mode, NULL))
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "%s takes an octal argument <= 07777", name), FALSE;
  if (strcmp (name, "--size") == 0)
    {
      char *end;
      guint64 v = g_ascii_strtoull (args[0], &end, 0);
      if (args[0][0] < '0' || args[0][0] > '9' || *end != '\0' || v == 0 || v > G_MAXSIZE / 2)
        return bwrap_error (error, "--size takes a non-zero number of bytes");
    }
  if (strcmp (name, "--uid") == 0 || strcmp (name, "--gid") == 0)
    {
      guint64 v;
      if (!jail_cli_parse_uint (name, args[0], G_MAXUINT32 - 1, &v, NULL))
        return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID, "Invalid %s: %s",
                            name + 2, args[0]), FALSE;
    }
  for (guint i = 0; last_wins[i] != NULL; i++)
    if (strcmp (name, last_wins[i]) == 0)
      {
        if (p->bwrap.seen & (1u << i))
          fprintf (stderr, "%sbwrap: Only the last %s option will take effect\n",
                   p->bwrap.level_prefix ? "<4>" : "", name);
        p->bwrap.seen |= 1u << i;
      }
  return TRUE;
}

void
jail_bwrap_print_help (const char *prog)
{
  printf ("usage: %s [OPTIONS...] [--] COMMAND [ARGS...]\n\n", prog);
  for (gsize i = 0; i < G_N_ELEMENTS (bwrap_core_names); i++)
    {
      const Option *o = jail_bwrap_find_option (bwrap_core_names[i]);
      g_autofree char *left = g_strdup_printf ("%s%s%s", o->name, o->args ? " " : "",
                                               o->args ? o->args : "");
      printf ("    %-28s %s\n", left, o->help);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (bwrap_options); i++)
    {
      const Option *o = &bwrap_options[i];
      g_autofree char *left = g_strdup_printf ("%s%s%s", o->name, o->args ? " " : "",
                                               o->args ? o->args : "");
      printf ("    %-28s %s\n", left, o->help);
    }
}
