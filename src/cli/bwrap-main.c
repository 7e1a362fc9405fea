/* Multi-call: invoked as "bwrap", jail is bubblewrap — its options, its
 * wording ("bwrap: " before every message), its exit codes (1 for usage
 * errors and failed setup, the command's status otherwise).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cli-private.h"
#include "spec/spec-caller.h"

/* The bubblewrap release whose options and behaviour this mode covers. */
#define BWRAP_COMPAT_VERSION "0.11.0"

gboolean
jail_cli_invoked_as_bwrap (const char *argv0)
{
  if (argv0 == NULL)
    return FALSE;
  const char *base = strrchr (argv0, '/');
  return strcmp (base != NULL ? base + 1 : argv0, "bwrap") == 0;
}

static int
die (gboolean level_prefix, const char *message)
{
  /* <3> is LOG_ERR, as bwrap's --level-prefix writes it. */
  fprintf (stderr, "%sbwrap: %s\n", level_prefix ? "<3>" : "", message);
  return 1;
}

int
jail_bwrap_main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  JailCli cli = { 0 };
  int status = 0;

  if (!jail_cli_parse_mode (argc, argv, TRUE, &cli, &error))
    return die (cli.level_prefix, error->message);

  switch (cli.action)
    {
    case JAIL_CLI_HELP:
      jail_bwrap_print_help (argv[0]);
      break;
    case JAIL_CLI_VERSION:
      printf ("bubblewrap %s\n", BWRAP_COMPAT_VERSION);
      break;
    case JAIL_CLI_EXIT: /* jail's own --list-profiles…: not in bwrap mode */
      break;
    case JAIL_CLI_USAGE_ERROR:
      {
        /* bwrap prints its usage to stderr and fails. */
        fflush (stdout);
        int saved = dup (1);
        dup2 (2, 1);
        jail_bwrap_print_help (argv[0]);
        fflush (stdout);
        dup2 (saved, 1);
        close (saved);
        status = 1;
      }
      break;
    case JAIL_CLI_PRINT:
    case JAIL_CLI_RUN:
      jail_spec_set_own_process (cli.spec, TRUE);
      if (!jail_run (cli.spec, &status, &error))
        status = die (cli.level_prefix, error->message);
      break;
    }
  jail_cli_clear (&cli);
  return status;
}
