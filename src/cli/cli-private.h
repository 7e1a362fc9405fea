/* Internals of the command-line parser, shared by the files that define
 * groups of options.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "cli/cli.h"

typedef struct {
  JailCli *cli;
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
extern const OptionGroup jail_hardening_option_group;
extern const OptionGroup jail_net_option_group;

gboolean jail_cli_parse_uint (const char *opt, const char *text, guint64 max, guint64 *ret,
                              GError **error);
gboolean jail_cli_add_fs (Parser *p, JailFsKind kind, const char *source, const char *dest,
                          JailFsFlags flags, GError **error);
