/* The registry of running sandboxes: one directory per instance,
 * BASE/NAME/, where BASE is $XDG_RUNTIME_DIR/jail (or /dev/shm/jail-UID,
 * else /tmp/jail-UID, when there is no usable runtime dir), private to the
 * user (0700).
 *
 *   BASE/NAME/lock       the monitor holds an exclusive flock on it for its
 *                        whole life: a record whose lock is free is stale
 *   BASE/NAME/info.json  the instance record, replaced atomically
 *   BASE/NAME/control    the monitor's unix socket (SOCK_SEQPACKET)
 *
 * A record is built under a dot-name with its lock already held, then
 * renamed into place: nobody ever sees an unlocked live record.  A stale
 * one is renamed away with its lock held, then deleted.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>
#include <sys/types.h>

#include "spec/spec-access.h"

typedef struct {
  char *name;
  int base_fd;
  int dir_fd;
  int lock_fd;
} JailRecordDir;

/* The base directory, created if needed and checked to be a directory of
 * ours that nobody else can enter.  Returns an O_PATH-less dir fd or -1. */
int jail_registry_open_base (char **ret_path, gboolean create, GError **error);

/* Publish BASE/NAME with its lock held.  A live instance of that name is a
 * JAIL_ERROR_INVALID error; a stale one is cleaned first. */
gboolean jail_record_dir_create (const char *name, JailRecordDir *ret, GError **error);
/* Remove the record (lock held until the end) and close everything. */
void jail_record_dir_remove (JailRecordDir *dir);

typedef enum {
  JAIL_RECORD_LIVE,
  JAIL_RECORD_STALE_REMOVED,
  JAIL_RECORD_GONE,
} JailRecordState;

/* Is BASE/NAME live?  A stale record is removed (with its lock held). */
JailRecordState jail_registry_check (int base_fd, const char *name);

/* The names of the live records, sorted; stale ones are cleaned on the way. */
GPtrArray *jail_registry_list (int base_fd);

/* No sandbox may reach a control socket (it could enter or stop the
 * user's other sandboxes): every registry directory a bind of the spec
 * shows ($XDG_RUNTIME_DIR/jail, /dev/shm/jail-UID, /tmp/jail-UID, and
 * /run/user/UID/jail when it exists) gets an empty read-only tmpfs over
 * it, after every other operation.  Call it last.  A registry under some
 * other runtime dir the user once chose is not known here: the monitor's
 * peer check (control-peer.c) refuses a sandbox that reaches it. */
gboolean jail_registry_hide (JailSpec *spec, GError **error);

/* "/proc/self/fd/N/FILE": a short path for a socket in dir fd N, whatever
 * the length of the real one (sun_path holds 108 bytes). */
char *jail_registry_fd_path (int dir_fd, const char *file);
