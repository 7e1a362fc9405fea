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
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "common/resident.h"

#include <link.h>
#include <malloc.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Only whole pages inside the segment: a page it shares with a
 * neighbouring segment may belong to a writable mapping. */
static void
drop_range (uintptr_t start, uintptr_t end, uintptr_t page)
{
  uintptr_t first = (start + page - 1) & ~(page - 1);
  uintptr_t last = end & ~(page - 1);
  if (last > first)
    (void) madvise ((void *) first, last - first, MADV_DONTNEED);
}

static int
drop_object (struct dl_phdr_info *info, size_t size, void *data)
{
  uintptr_t page = *(const uintptr_t *) data;
  (void) size;
  /* The vDSO is the kernel's, not a file mapping. */
  if (info->dlpi_name != NULL && strncmp (info->dlpi_name, "linux-vdso", 10) == 0)
    return 0;
  for (ElfW (Half) i = 0; i < info->dlpi_phnum; i++)
    {
      const ElfW (Phdr) *ph = &info->dlpi_phdr[i];
      if (ph->p_type != PT_LOAD || (ph->p_flags & PF_W) != 0)
        continue;
      uintptr_t start = info->dlpi_addr + ph->p_vaddr;
      drop_range (start, start + ph->p_memsz, page);
    }
  return 0;
}

void
jail_drop_setup_pages (void)
{
  uintptr_t page = (uintptr_t) sysconf (_SC_PAGESIZE);
  dl_iterate_phdr (drop_object, &page);
  malloc_trim (0);
}
