/* jail: the command-line front-end of libjail.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "instance/commands.h"
#include "profile/draft.h"
#include "report/report.h"
#include "spec/spec-access.h"
#include "spec/spec-caller.h"

static int
fail (const GError *error)
{
  fprintf (stderr, "jail: %s\n", error->message);
  return jail_error_exit_status (error);
}

/* The library tells, the command line prints. */
static void
print_message (JailMessageLevel level, const char *message, gpointer user_data)
{
  fprintf (stderr, "jail: %s%s\n", level == JAIL_MESSAGE_WARNING ? "warning: " : "", message);
}

/* "2 syscalls, 1 D-Bus name" */
static char *
added_text (const JailDraftSummary *sum)
{
  static const char *const names[JAIL_REFUSAL_N_KINDS][2] = {
    { "syscall grant", "syscall grants" }, { "D-Bus name", "D-Bus names" },
    { "connection rule", "connection rules" }, { "path", "paths" },
  };
  GString *s = g_string_new (NULL);
  for (int k = 0; k < JAIL_REFUSAL_N_KINDS; k++)
    if (sum->added[k] > 0)
      g_string_append_printf (s, "%s%u %s", s->len > 0 ? ", " : "", sum->added[k],
                              names[k][sum->added[k] == 1 ? 0 : 1]);
  if (s->len == 0)
    g_string_append (s, "nothing new");
  return g_string_free (s, FALSE);
}

/* --learn: run, then merge what was refused into the draft. */
static int
run_learning (const JailCli *cli)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JailReport) report = NULL;
  char *const *command = jail_spec_get_command (cli->spec);
  g_autofree char *path = cli->learn_file != NULL
                              ? g_strdup (cli->learn_file)
                              : jail_draft_default_path (jail_spec_get_profiles (cli->spec),
                                                         command != NULL ? command[0] : NULL,
                                                         &error);
  int status;
  if (path == NULL || !jail_run_collect (cli->spec, &status, &report, &error))
    return fail (error);
  JailDraftSummary sum;
  if (report == NULL)
    report = jail_report_new ();
  if (!jail_draft_write (path, report, &sum, &error))
    return fail (error);
  g_autofree char *added = added_text (&sum);
  fprintf (stderr, "jail: learn: draft %s: %s added, %u already there; review it before use\n",
           path, added, sum.known);
  return status;
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  JailCli cli;
  int status = 0;

  jail_set_message_func (print_message, NULL);
  /* Multi-call: as "bwrap", behave exactly as bubblewrap. */
  if (argc > 0 && jail_cli_invoked_as_bwrap (argv[0]))
    return jail_bwrap_main (argc, argv);
  /* jail list|enter|stop|kill|stats|desktop …, before option parsing; a
   * program of that name needs `jail -- list`, as any command after
   * options does. */
  if (argc > 1 && jail_command_exists (argv[1]))
    return jail_command_run (argc - 1, argv + 1);
  if (!jail_cli_parse (argc, argv, &cli, &error))
    return fail (error);

  switch (cli.action)
    {
    case JAIL_CLI_HELP:
      {
        g_autofree char *commands = jail_command_summary ();
        jail_cli_print_help ("jail", commands);
      }
      break;
    case JAIL_CLI_EXIT:
      break;
    case JAIL_CLI_VERSION:
      printf ("jail %s\n", jail_version ());
      break;
    case JAIL_CLI_USAGE_ERROR: /* bwrap mode only */
      status = JAIL_EXIT_FAILURE;
      break;
    case JAIL_CLI_PRINT:
      {
        g_autofree char *json = jail_spec_to_json (cli.spec);
        fputs (json, stdout);
      }
      break;
    case JAIL_CLI_RUN:
      jail_spec_set_own_process (cli.spec, TRUE);
      if (cli.learn)
        status = run_learning (&cli);
      else if (!jail_run (cli.spec, &status, &error))
        status = fail (error);
      else
        jail_cli_file_args_hint (cli.spec, status);
      break;
    }
  jail_cli_clear (&cli);
  return status;
}
