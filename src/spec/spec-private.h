/* The JailSpec structure, shared by the code that builds a spec and the code
 * that executes it.  Everything downstream of the front-ends only reads it.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "jail/jail.h"

typedef struct {
  JailFsKind kind;
  char *source;
  char *dest;
  JailFsFlags flags;
  guint32 mode;
  guint64 size;
  int fd;
} JailFsEntry;

typedef enum {
  JAIL_ENV_SET,
  JAIL_ENV_UNSET,
  JAIL_ENV_CLEAR,
} JailEnvOpKind;

typedef struct {
  JailEnvOpKind kind;
  char *name;
  char *value;
} JailEnvOp;

struct JailSpec {
  guint namespaces;
  uid_t uid;
  gid_t gid;
  char *hostname;
  char *chdir;
  GPtrArray *fs;   /* JailFsEntry*, in order */
  GPtrArray *env;  /* JailEnvOp*, in order */
  char **argv;
  char *argv0;
  gboolean as_pid_1;
  gboolean die_with_parent;
  gboolean new_session;
  gboolean keep_all_fds;
  GArray *keep_fds; /* int */

  /* desktop (src/desktop/): channels to the user's session.  The masks are
   * what options asked for; jail_spec_resolve_desktop() turns them into fs
   * ops and environment once, before the run. */
  guint sockets;             /* JailSocket bits */
  guint devices;             /* JailDevice bits */
  gboolean desktop_base;     /* fonts, icons, themes, locale, tz, machine-id */
  GPtrArray *dbus_rules[2];  /* xdg-dbus-proxy arguments per JailDBusBus */
  gboolean dbus_log;
  char *dbus_upstream[2];    /* bus addresses the proxy connects to */
  char *dbus_proxy_dir;      /* host dir holding the proxy sockets */
  gboolean desktop_resolved;
  /* Profiles (src/profile/, --profile): for the --print audit only. */
  char **profiles;      /* names or files given with --profile */
  char **profile_files; /* every file read (includes, .local), in order */
};

void jail_desktop_spec_clear (JailSpec *spec);
char *jail_desktop_to_json (const JailSpec *spec);

const char *jail_fs_kind_name (JailFsKind kind);

/* The environment the command gets: the caller's, changed by spec->env. */
char **jail_spec_build_environ (const JailSpec *spec);

/* Move every filesystem operation of `from` in front of spec's own. */
void jail_spec_prepend_fs (JailSpec *spec, JailSpec *from);
