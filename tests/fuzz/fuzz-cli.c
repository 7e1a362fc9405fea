/* libFuzzer target: the jail command line.
 *
 * The input is an argument vector, arguments separated by NUL bytes: the
 * same format as the --args FD data of bubblewrap-style callers, so this
 * target covers that path too once it exists.  Each vector is parsed into
 * a spec and printed (jail --print), then freed: crashes, leaks and
 * undefined behaviour show up under ASan/UBSan.
 *
 * Options that read a file descriptor while parsing (--args, --seccomp,
 * --add-seccomp-fd) would read, and then close, whatever descriptor the
 * input names: the fuzzer's own stdin (a pipe that never ends under CI,
 * hence a timeout) or its log.  Their FD arguments are pointed at fresh
 * memfds holding a small valid payload instead, numbered from FD_BASE so
 * they cannot collide with descriptors the fuzzer opens.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cli/cli.h"
#include "spec/spec-access.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define MAX_ARGS 256
#define FD_BASE 1000

/* A memfd at FD_BASE + slot holding `size` bytes of `data`. */
static void
payload_fd (int slot, const void *data, size_t size)
{
  int fd = memfd_create ("fuzz-payload", MFD_CLOEXEC);
  g_assert (fd >= 0);
  g_assert (write (fd, data, size) == (ssize_t) size);
  g_assert (lseek (fd, 0, SEEK_SET) == 0);
  g_assert (dup2 (fd, FD_BASE + slot) == FD_BASE + slot);
  close (fd);
}

/* Whether `arg` is `option` or `option=...`. */
static gboolean
names_option (const char *arg, const char *option)
{
  size_t n = strlen (option);
  return strncmp (arg, option, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
}

/* Point every FD-reading option at a payload memfd; returns how many. */
static int
replace_read_fds (int argc, char **argv, char (*texts)[32])
{
  static const char args_payload[] = "--unshare-pid\0--tmpfs\0/x";
  static const struct sock_filter allow[] = { BPF_STMT (BPF_RET | BPF_K, SECCOMP_RET_ALLOW) };
  static const char *const options[] = { "--args", "--seccomp", "--add-seccomp-fd" };
  int slots = 0;
  for (int i = 1; i < argc; i++)
    for (size_t o = 0; o < G_N_ELEMENTS (options); o++)
      {
        if (!names_option (argv[i], options[o]))
          continue;
        gboolean inline_value = argv[i][strlen (options[o])] == '=';
        if (!inline_value && i + 1 >= argc)
          continue;
        if (o == 0)
          payload_fd (slots, args_payload, sizeof args_payload - 1);
        else
          payload_fd (slots, allow, sizeof allow);
        snprintf (texts[slots], sizeof texts[slots], "%s%s%d", inline_value ? options[o] : "",
                  inline_value ? "=" : "", FD_BASE + slots);
        argv[inline_value ? i : i + 1] = texts[slots];
        slots++;
      }
  return slots;
}

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
  static char texts[MAX_ARGS][32];
  int slots = replace_read_fds (argc, argv, texts);

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
  for (int k = 0; k < slots; k++)
    close (FD_BASE + k); /* those the parser did not close already */
  g_free (buf);
  return 0;
}
