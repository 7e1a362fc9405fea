/* Memory a long-running process of ours no longer needs once its setup is
 * done (resident.c).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

/* Unmap the pages of code and read-only data faulted in so far (the
 * program's and its libraries') and give free heap back to the kernel.
 * Only for a process that is wholly ours: a library must not do this to
 * the program that loaded it (a debugger's breakpoints are private copies
 * of code pages, and would be lost). */
void jail_drop_setup_pages (void);

/* For a process that waits in a GLib main loop: install
 * jail_poll_dropping_when_quiet with g_main_context_set_poll_func, and
 * call jail_drop_when_quiet once setup is done; the next time the loop has
 * had nothing to do for a quarter of a second, jail_drop_setup_pages runs
 * right before it blocks. */
void jail_drop_when_quiet (void);
int jail_poll_dropping_when_quiet (GPollFD *fds, guint n_fds, int timeout);
