/* Fuzz target for --args data (bubblewrap's NUL-separated argument files):
 * the input is split as --args splits it, then parsed as a command line in
 * bwrap mode and in jail mode.  Nothing is run.
 *
 * Options that read other file descriptors (--args, --seccomp,
 * --add-seccomp-fd) are left out: their data would come from the fuzzer's
 * own stdin/stdout, and the splitting they feed is what is fuzzed here.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli-private.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static gboolean
reads_fds (GPtrArray *args)
{
  for (guint i = 0; i < args->len; i++)
    {
      const char *a = g_ptr_array_index (args, i);
      if (g_str_has_prefix (a, "--args") || g_str_has_prefix (a, "--seccomp")
          || g_str_has_prefix (a, "--add-seccomp-fd"))
        return TRUE;
    }
  return FALSE;
}

static void
parse (GPtrArray *args, gboolean bwrap)
{
  JailCli cli = { 0 };
  GError *error = NULL;
  if (jail_cli_parse_mode ((int) args->len - 1, (char **) args->pdata, bwrap, &cli, &error))
    {
      if (cli.spec != NULL)
        g_free (jail_spec_to_json (cli.spec));
      jail_cli_clear (&cli);
    }
  g_clear_error (&error);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  if (size > 65536)
    return 0;
  GPtrArray *args = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (args, g_strdup ("bwrap"));
  guint n = jail_cli_splice_args (args, 1, data, size);
  g_assert (n == args->len - 1);
  if (!reads_fds (args))
    {
      g_ptr_array_add (args, NULL);
      parse (args, TRUE);
      parse (args, FALSE);
    }
  g_ptr_array_unref (args);
  return 0;
}
