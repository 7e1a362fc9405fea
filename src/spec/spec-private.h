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

  /* Hardening (src/sandbox/seccomp.c, landlock.c, spec/spec-hardening.c):
   * all zero is the default filter and Landlock where the kernel has it. */
  gboolean seccomp_off;     /* --seccomp=off: no syscall filter at all */
  gboolean landlock_off;    /* --landlock=off */
  gboolean allow_userns;    /* lift the namespace rows (browsers' sandboxes) */
  gboolean allow_ptrace;    /* lift the ptrace row (debuggers) */
  GPtrArray *seccomp_rules; /* JailSeccompRule*, in order; NULL when none */

  /* Networking (src/net/, spec/spec-net.c).  net_mode NONE and
   * JAIL_NS_NET set is the default; HOST clears JAIL_NS_NET. */
  int net_mode;                  /* JailNetMode */
  gboolean net_allow_host_loopback;
  gboolean net_no_dns;
  char *net_dns_server;          /* --net-dns-server; NULL: the host's resolvers */
  GArray *net_publish;           /* JailNetPublish, NULL when none */
  GArray *net_rules;             /* JailNetRule, in order, NULL when none */
};

void jail_spec_net_clear (JailSpec *spec);
void jail_spec_append_net_json (GString *out, const JailSpec *spec);

/* The caller's own rule for one syscall: it replaces the default rows for
 * that syscall.  err == 0 allows it, otherwise the call fails with err. */
typedef struct {
  char *syscall;
  int err;
} JailSeccompRule;

void jail_spec_hardening_clear (JailSpec *spec);
void jail_spec_append_hardening_json (GString *out, const JailSpec *spec);

const char *jail_fs_kind_name (JailFsKind kind);

/* The environment the command gets: the caller's, changed by spec->env. */
char **jail_spec_build_environ (const JailSpec *spec);

/* Move every filesystem operation of `from` in front of spec's own. */
void jail_spec_prepend_fs (JailSpec *spec, JailSpec *from);
