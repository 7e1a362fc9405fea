/* Memory a long-running process of ours no longer needs once its setup is
 * done (resident.c).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

/* Unmap the pages of code and read-only data faulted in so far (the
 * program's and its libraries') and give free heap back to the kernel.
 * Only for a process that is wholly ours: a library must not do this to
 * the program that loaded it (a debugger's breakpoints are private copies
 * of code pages, and would be lost). */
void jail_drop_setup_pages (void);
