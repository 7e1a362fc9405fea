/* Dropping setup pages from a long-running process's resident set.
 *
 * The monitor and the helpers wait most of their lives; building the
 * sandbox touched much more code and read-only data than waiting does, and
 * every page touched stays mapped: more than touched, since the kernel maps
 * the cached pages around each fault too (fault-around, 64 KiB).  Like the
 * kernel freeing its __init sections after boot, the process unmaps them:
 * MADV_DONTNEED on a read-only private file mapping only removes the page
 * table entries, the pages stay in the page cache (shared with every other
 * process and the next sandbox's start), and the few the main loop needs
 * come back on a minor fault.  A writable segment is never touched: there
 * DONTNEED would throw away the process's own copies (relocated pointers,
 * RELRO included, live in the writable PT_LOAD).
 *
 * What runs after the drop faults its pages back, and the kernel maps the
 * 16 around each: so the drop waits until the process has been quiet for a
 * while (the last steps of a start would undo it, and a sandbox that ends
 * at once never pays for it), comes right before the process blocks, and
 * everything between the two is here, in this file's few functions and
 * the C library: not GLib's poll wrapper, nor a string constant.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "common/resident.h"

#include <link.h>
#include <malloc.h>
#include <poll.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <unistd.h>

/* What the process must be quiet for before it drops its pages. */
#define QUIET_MS 250

/* Collected first, dropped after: the program headers that say where the
 * segments are sit in the first page of each object's first segment, and
 * reading them after that segment was dropped would bring it back. */
#define MAX_RANGES 256

typedef struct {
  uintptr_t page;
  uintptr_t vdso; /* the kernel's vDSO: not a file mapping */
  guint n;
  struct { uintptr_t start, end; } ranges[MAX_RANGES];
} DropPlan;

static int
collect_object (struct dl_phdr_info *info, size_t size, void *data)
{
  DropPlan *plan = data;
  (void) size;
  if (info->dlpi_addr == plan->vdso)
    return 0;
  for (ElfW (Half) i = 0; i < info->dlpi_phnum && plan->n < MAX_RANGES; i++)
    {
      const ElfW (Phdr) *ph = &info->dlpi_phdr[i];
      if (ph->p_type != PT_LOAD || (ph->p_flags & PF_W) != 0)
        continue;
      /* Only whole pages inside the segment: a page it shares with a
       * neighbouring segment may belong to a writable mapping. */
      uintptr_t start = info->dlpi_addr + ph->p_vaddr;
      uintptr_t first = (start + plan->page - 1) & ~(plan->page - 1);
      uintptr_t last = (start + ph->p_memsz) & ~(plan->page - 1);
      if (last > first)
        {
          plan->ranges[plan->n].start = first;
          plan->ranges[plan->n].end = last;
          plan->n++;
        }
    }
  return 0;
}

void
jail_drop_setup_pages (void)
{
  DropPlan plan = { .page = (uintptr_t) sysconf (_SC_PAGESIZE),
                    .vdso = (uintptr_t) getauxval (AT_SYSINFO_EHDR) };
  dl_iterate_phdr (collect_object, &plan);
  for (guint i = 0; i < plan.n; i++)
    (void) madvise ((void *) plan.ranges[i].start, plan.ranges[i].end - plan.ranges[i].start,
                    MADV_DONTNEED);
  malloc_trim (0);
}

static gboolean drop_pending;

void
jail_drop_when_quiet (void)
{
  drop_pending = TRUE;
}

/* GPollFD is struct pollfd on Unix (GLib's g_poll is poll there). */
G_STATIC_ASSERT (sizeof (GPollFD) == sizeof (struct pollfd));

int
jail_poll_dropping_when_quiet (GPollFD *fds, guint n_fds, int timeout)
{
  struct pollfd *p = (struct pollfd *) fds;
  if (!drop_pending || (timeout >= 0 && timeout <= QUIET_MS))
    return poll (p, n_fds, timeout);
  int r = poll (p, n_fds, QUIET_MS);
  if (r != 0)
    return r;
  drop_pending = FALSE;
  jail_drop_setup_pages ();
  return poll (p, n_fds, timeout < 0 ? -1 : timeout - QUIET_MS);
}
