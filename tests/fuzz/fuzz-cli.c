/* libFuzzer target: the jail command line.
 *
 * The input is an argument vector, arguments separated by NUL bytes: the
 * same format as the --args FD data of bubblewrap-style callers, so this
 * target covers that path too once it exists.  Each vector is parsed into
 * a spec and printed (jail --print), then freed: crashes, leaks and
 * undefined behaviour show up under ASan/UBSan.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "cli/cli.h"
#include "spec/spec-private.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define MAX_ARGS 256

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  char *buf = g_malloc (size + 1);
  memcpy (buf, data, size);
  buf[size] = '\0';

  char *argv[MAX_ARGS + 2];
  int argc = 0;
  argv[argc++] = (char *) "jail";
  for (size_t i = 0; i <= size && argc < MAX_ARGS; )
    {
      argv[argc++] = buf + i;
      i += strlen (buf + i) + 1;
    }
  argv[argc] = NULL;

  JailCli cli;
  GError *error = NULL;
  if (jail_cli_parse (argc, argv, &cli, &error))
    {
      if (cli.spec != NULL)
        g_free (jail_spec_to_json (cli.spec));
      jail_cli_clear (&cli);
    }
  else
    g_clear_error (&error);
  g_free (buf);
  return 0;
}
