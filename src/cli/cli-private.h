/* Internals of the command-line parser, shared by the files that define
 * groups of options.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "cli/cli.h"
#include "common/sync.h"

struct ProfileState;
/* Parse state of the bubblewrap-compatible options (options-bwrap.c). */
typedef struct {
  gboolean mode;          /* invoked as bwrap: bwrap's rules and wording */
  gboolean level_prefix;  /* --level-prefix */
  gboolean unshare_user;  /* --unshare-user(-try) given explicitly */
  gboolean userns_fd;     /* --userns given */
  gboolean seccomp_single;
  gboolean seccomp_add;
  gboolean have_argv0;
  guint n_args_fds;       /* --args seen so far */
  gsize args_bytes;       /* --args data read so far */
  guint seen;             /* BwrapSeen bits: options given once already */
  guint args_from;        /* argv[args_from, args_to) came from the last --args */
  guint args_to;
} BwrapParse;

/* --file-args (file-args.c) */
typedef enum {
  JAIL_FILE_ARGS_NONE,
  JAIL_FILE_ARGS_RO,
  JAIL_FILE_ARGS_RW,
} JailFileArgs;

typedef struct {
  JailCli *cli;
  struct ProfileState *profiles; /* options-profile.c */
  char *home;            /* --home (options-home.c), owned */
  gboolean use_defaults; /* start from the default sandbox */
  guint32 next_mode;     /* --perms, for the next operation */
  guint64 next_size;     /* --size, for the next tmpfs */
  GPtrArray *argv;       /* the arguments (NULL-terminated); --args grows it */
  guint pos;             /* index in argv of the option being handled */
  guint after;           /* index of the first argument after it and its values
                          * (--opt VALUE takes two places, --opt=VALUE one) */
  BwrapParse bwrap;
  JailFileArgs file_args; /* --file-args */
} Parser;

/* `opt` is the option's name; args holds its nargs arguments. */
typedef gboolean (*OptionHandler) (Parser *p, const char *opt, char **args, GError **error);

/* nargs of an option whose value is optional and only given inline:
 * --learn, --learn=FILE (args[0] NULL without one). */
#define OPTION_INLINE_OPTIONAL (-1)

typedef struct {
  const char *name;
  int nargs;
  OptionHandler handler;
  int value;        /* handler-specific */
  const char *args; /* argument names, for --help */
  const char *help;
} Option;

typedef struct {
  const char *title;
  const Option *options;
  gsize n_options;
} OptionGroup;

extern const OptionGroup jail_core_option_group;
extern const OptionGroup jail_hardening_option_group;
extern const OptionGroup jail_desktop_option_group;
extern const OptionGroup jail_profile_option_group;
extern const OptionGroup jail_home_option_group;

const Option *jail_cli_find_option (const char *name);
/* Apply option `name` (e.g. "--filesystem") with its arguments (a
 * NULL-terminated array of exactly its nargs strings), as if given on the
 * command line.  Profiles apply their keys with this: every profile key is
 * a command-line option. */
gboolean jail_cli_apply_option (Parser *p, const char *name, const char *const *args,
                                GError **error);

/* Profiles (options-profile.c): `begin` loads and applies every --profile
 * before the other options; `finish` turns --filesystem grants into mounts
 * (before the low-level ones) and keeps the profile directories read-only;
 * `clear` frees the state. */
gboolean jail_cli_profiles_begin (Parser *p, int argc, char **argv, GError **error);
gboolean jail_cli_profiles_finish (Parser *p, GError **error);
void jail_cli_profiles_clear (Parser *p);
/* options-home.c: the --home directory bound at $HOME, into `into`. */
gboolean jail_cli_home_finish (Parser *p, JailSpec *into, GError **error);
extern const OptionGroup jail_lifecycle_option_group;
extern const OptionGroup jail_bwrap_option_group;
extern const OptionGroup jail_report_option_group;
/* --learn=visible (options-report.c): before the default filesystem. */
gboolean jail_cli_learn_visible_binds (Parser *p, GError **error);

/* options-bwrap.c: the bwrap-mode option table and its rules. */
/* Insert the NUL-separated arguments of data (the last one may lack its
 * NUL) into argv at index `at`; returns how many. */
guint jail_cli_splice_args (GPtrArray *argv, guint at, const guint8 *data, gsize size);
const Option *jail_bwrap_find_option (const char *name);
void jail_bwrap_missing_arguments (const Option *o, GError **error);
void jail_bwrap_parse_start (Parser *p);
gboolean jail_bwrap_parse_finish (Parser *p, GError **error);
void jail_bwrap_print_help (const char *prog);
void jail_bwrap_absolute_dest (Parser *p, const Option *o, int i, char **args);
gboolean jail_bwrap_check_option (Parser *p, const Option *o, char **args, GError **error);
/* bwrap-messages.c: a failed setup step in bubblewrap's words. */
void jail_bwrap_word_failure (const SyncMsg *msg, GError **error);
extern const OptionGroup jail_limits_option_group;
extern const OptionGroup jail_net_option_group;

gboolean jail_cli_parse_uint (const char *opt, const char *text, guint64 max, guint64 *ret,
                              GError **error);
/* MODE of --perms and --chmod: octal, at most 07777. */
gboolean jail_cli_parse_octal_mode (const char *opt, const char *text, guint32 *ret,
                                    GError **error);
/* Add op to the spec with the mode and size of a preceding --perms and
 * --size, which apply to this one operation only. */
gboolean jail_cli_add_op (Parser *p, JailFsOp *op, GError **error);
/* jail_cli_add_op for KIND from SOURCE to DEST with FLAGS. */
gboolean jail_cli_add_fs (Parser *p, JailFsKind kind, const char *source, const char *dest,
                          JailFsFlags flags, GError **error);

/* file-args.c: the --file-args handler, and the binds it makes once the
 * command is known (after every other filesystem operation). */
gboolean jail_cli_opt_file_args (Parser *p, const char *opt, char **args, GError **error);
gboolean jail_cli_file_args_apply (Parser *p, GError **error);
