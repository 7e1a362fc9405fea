/* The jail command line → a JailSpec.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "jail/jail.h"

typedef enum {
  JAIL_CLI_RUN,
  JAIL_CLI_PRINT,
  JAIL_CLI_HELP,
  JAIL_CLI_VERSION,
  JAIL_CLI_EXIT, /* the parser did all there was to do (--list-profiles…) */
  JAIL_CLI_USAGE_ERROR, /* bwrap mode, no command: usage on stderr, exit 1 */
} JailCliAction;

typedef struct {
  JailCliAction action;
  JailSpec *spec;
  gboolean level_prefix; /* bwrap's --level-prefix: "<3>" before errors */
  gboolean learn;        /* --learn: write a draft of what was refused */
  char *learn_file;      /* --learn=FILE; NULL: NAME.local (src/profile/draft.c) */
} JailCli;

/* Parse argv (argv[0] is the program).  On error, FALSE with a message that
 * names the option; the caller prints it and exits 125. */
gboolean jail_cli_parse (int argc, char **argv, JailCli *ret_cli, GError **error);
void jail_cli_clear (JailCli *cli);
/* The same, as bubblewrap parses (multi-call name "bwrap"): no defaults,
 * only bwrap's options, bwrap's wording. */
gboolean jail_cli_parse_mode (int argc, char **argv, gboolean bwrap, JailCli *ret_cli,
                              GError **error);
/* Invoked as bwrap: parse, run and report exactly as bubblewrap does. */
int jail_bwrap_main (int argc, char **argv);
gboolean jail_cli_invoked_as_bwrap (const char *argv0);

/* --help; `commands` lists the subcommands (jail_command_summary ()). */
void jail_cli_print_help (const char *prog, const char *commands);

/* After the run: when the command failed after naming a host path the
 * sandbox cannot see, one line on stderr says so (file-args.c). */
void jail_cli_file_args_hint (const JailSpec *spec, int status);

/* What --check-profile checks (syntax, keys, values), without printing. */
gboolean jail_cli_check_profile (const char *name_or_file, GError **error);

/* "xdg-music/a.mp3" for a host path under a named directory, else NULL
 * (options-profile.c, the --filesystem tokens). */
char *jail_cli_fs_token_for_path (const char *path);
