/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/resident.h"
#include "jail/jail.h"

/* Data the process wrote: a counter, a table of relocated pointers (RELRO
 * in a position-independent executable) and the heap. */
static int counter = 1;
static const char *const names[] = { "monitor", "engine", "init", NULL };

static void
test_keeps_what_was_written (void)
{
  counter += 41;
  char *heap = g_strdup ("still here");
  jail_drop_setup_pages ();
  g_assert_cmpint (counter, ==, 42);
  g_assert_cmpstr (names[1], ==, "engine");
  g_assert_cmpstr (heap, ==, "still here");
  /* Calls through the GOT into a library whose code was dropped. */
  g_autofree char *joined = g_strjoinv ("+", (char **) names);
  g_assert_cmpstr (joined, ==, "monitor+engine+init");
  g_free (heap);
}

/* The executable mapping of GLib, from /proc/self/maps. */
static gboolean
glib_code_range (uintptr_t *start, uintptr_t *end)
{
  FILE *f = fopen ("/proc/self/maps", "r");
  char line[512];
  gboolean found = FALSE;
  while (!found && f != NULL && fgets (line, sizeof line, f) != NULL)
    if (strstr (line, "libglib-2.0") != NULL && strstr (line, " r-xp ") != NULL)
      found = sscanf (line, "%" SCNxPTR "-%" SCNxPTR, start, end) == 2;
  if (f != NULL)
    fclose (f);
  return found;
}

/* Pages of [start, end) mapped in this process (pagemap's present bit);
 * only the C library runs here, so GLib's own pages stay as they are. */
static unsigned
present_pages (uintptr_t start, uintptr_t end)
{
  long page = sysconf (_SC_PAGESIZE);
  int fd = open ("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
  unsigned n = 0;
  for (uintptr_t va = start; fd >= 0 && va < end; va += (uintptr_t) page)
    {
      uint64_t entry = 0;
      if (pread (fd, &entry, sizeof entry, (off_t) (va / (uintptr_t) page * sizeof entry))
          == (ssize_t) sizeof entry)
        n += (unsigned) (entry >> 63);
    }
  if (fd >= 0)
    close (fd);
  return n;
}

static void
test_gives_back_code_pages (void)
{
  uintptr_t start, end;
  if (!glib_code_range (&start, &end))
    {
      g_test_skip ("GLib's code is not a mapping of its own here");
      return;
    }
  unsigned before = present_pages (start, end);
  jail_drop_setup_pages ();
  unsigned after = present_pages (start, end);
  g_test_message ("GLib code pages mapped: %u before, %u after", before, after);
  g_assert_cmpuint (before, >, 0);
  g_assert_cmpuint (after, <, before);
}

/* Armed, the poll drops nothing while there is something to do, and drops
 * once there has been nothing to do for a while, before it blocks. */
static void
test_drops_when_quiet (void)
{
  uintptr_t start, end;
  if (!glib_code_range (&start, &end))
    {
      g_test_skip ("GLib's code is not a mapping of its own here");
      return;
    }
  int pipe_fds[2];
  g_assert_no_errno (pipe (pipe_fds));
  g_assert_cmpint (write (pipe_fds[1], "x", 1), ==, 1);
  GPollFD fd = { .fd = pipe_fds[0], .events = G_IO_IN };
  g_free (g_strdup_printf ("%d", 1)); /* GLib's code in use again */
  jail_drop_when_quiet ();

  unsigned busy_before = present_pages (start, end);
  g_assert_cmpint (jail_poll_dropping_when_quiet (&fd, 1, -1), ==, 1);
  unsigned busy_after = present_pages (start, end);
  g_assert_cmpuint (busy_before, >, 0);
  g_assert_cmpuint (busy_after, ==, busy_before);

  char c;
  g_assert_cmpint (read (pipe_fds[0], &c, 1), ==, 1);
  g_assert_cmpint (jail_poll_dropping_when_quiet (&fd, 1, 400), ==, 0);
  unsigned quiet_after = present_pages (start, end);
  g_test_message ("GLib code pages mapped: %u busy, %u after a quiet wait", busy_after,
                  quiet_after);
  g_assert_cmpuint (quiet_after, <, busy_after);
  close (pipe_fds[0]);
  close (pipe_fds[1]);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/resident/keeps-what-was-written", test_keeps_what_was_written);
  g_test_add_func ("/resident/gives-back-code-pages", test_gives_back_code_pages);
  g_test_add_func ("/resident/drops-when-quiet", test_drops_when_quiet);
  return g_test_run ();
}
