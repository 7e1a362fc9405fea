/* Internals of the command-line parser, shared by the files that define
 * groups of options.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "cli/cli.h"

struct ProfileState;

typedef struct {
  JailCli *cli;
  struct ProfileState *profiles; /* options-profile.c */
  gboolean use_defaults; /* start from the default sandbox */
  guint32 next_mode;     /* --perms, for the next operation */
  guint64 next_size;     /* --size, for the next tmpfs */
} Parser;

/* `opt` is the option's name; args holds its nargs arguments. */
typedef gboolean (*OptionHandler) (Parser *p, const char *opt, char **args, GError **error);

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
extern const OptionGroup jail_desktop_option_group;
extern const OptionGroup jail_profile_option_group;

const Option *jail_cli_find_option (const char *name);
/* Apply option `name` (e.g. "--filesystem") with its arguments (a
 * NULL-terminated array of exactly its nargs strings), as if given on the
 * command line.  Profiles apply their keys with this (contract 1). */
gboolean jail_cli_apply_option (Parser *p, const char *name, const char *const *args,
                                GError **error);

/* Profiles (options-profile.c): `begin` loads and applies every --profile
 * before the other options; `finish` turns --filesystem grants into mounts
 * (before the low-level ones) and keeps the profile directories read-only;
 * `clear` frees the state. */
gboolean jail_cli_profiles_begin (Parser *p, int argc, char **argv, GError **error);
gboolean jail_cli_profiles_finish (Parser *p, GError **error);
void jail_cli_profiles_clear (Parser *p);

gboolean jail_cli_parse_uint (const char *opt, const char *text, guint64 max, guint64 *ret,
                              GError **error);
gboolean jail_cli_add_fs (Parser *p, JailFsKind kind, const char *source, const char *dest,
                          JailFsFlags flags, GError **error);
