/* Failed lookups, told by the sandbox's programs themselves: the facts
 * shared by the library preloaded into them (lookups-preload.c, no GLib),
 * the sandbox that places it (src/sandbox/lookups.c) and the monitor that
 * reads what it tells (paths.c).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

/* In the sandbox, on its own root tmpfs: /run/jail. */
#define JAIL_LOOKUPS_PARENT "run"
#define JAIL_LOOKUPS_NAME "jail"
#define JAIL_LOOKUPS_DIR "/" JAIL_LOOKUPS_PARENT "/" JAIL_LOOKUPS_NAME
/* A datagram socket in it: one path per datagram, as the app wrote it
 * (made absolute), without its NUL. */
#define JAIL_LOOKUPS_SOCKET_NAME "lookups"
#define JAIL_LOOKUPS_SOCKET JAIL_LOOKUPS_DIR "/" JAIL_LOOKUPS_SOCKET_NAME
/* The library's file name, installed in libexecdir. */
#define JAIL_LOOKUPS_LIBRARY "jail-lookups.so"
/* LD_PRELOAD's entry.  ld.so expands $PLATFORM to the process's own
 * platform (AT_PLATFORM: x86_64, or i686 in a 32-bit process), so a
 * 32-bit program finds a 32-bit library there (the host's own empty
 * libdl.so.2) instead of printing "wrong ELF class" at each start. */
#define JAIL_LOOKUPS_PRELOAD JAIL_LOOKUPS_DIR "/$PLATFORM/" JAIL_LOOKUPS_LIBRARY

/* The report's path scope besides the home: where a grant can reach. */
#define JAIL_REPORT_SCOPE_FIXED "/opt", "/media", "/mnt", "/run/media"
