/* The JailSpec structure, shared by the code that builds a spec and the code
 * that executes it.  Everything downstream of the front-ends only reads it.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "jail/jail.h"
#include "spec/spec-caller.h"

typedef struct {
  JailFsKind kind;
  char *source;
  char *dest;
  JailFsFlags flags;
  guint32 mode;
  guint64 size;
  int fd;
  /* Overlays (bwrap-compatible; see JAIL_FS_OVERLAY_SRC) */
  char *workdir;  /* OVERLAY only */
  char **layers;  /* lower layers, bottom first; NULL for other kinds */
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
  /* desktop (src/desktop/): channels to the user's session, as asked for.
   * jail_run() resolves them into its own view of the spec (see
   * jail_spec_view_new), never into the spec itself. */
  guint sockets;             /* JailSocket bits */
  guint devices;             /* JailDevice bits */
  gboolean desktop_base;     /* fonts, icons, themes, locale, tz, machine-id */
  GPtrArray *dbus_rules[2];  /* xdg-dbus-proxy arguments per JailDBusBus */
  gboolean dbus_log;
  /* Profiles (src/profile/, --profile): for the --print audit only. */
  char **profiles;      /* names or files given with --profile */
  char **profile_files; /* every file read (includes, .local), in order */

  /* lifecycle: the instance name (NULL = command basename + a short id,
   * chosen when the sandbox starts), see src/instance/. */
  char *name;
  /* lifecycle: --rootfs DIR instead of the host binds (src/spec/spec-rootfs.c) */
  char *rootfs;
  JailRootfsMode rootfs_mode;
  char *rootfs_persist; /* PERSIST: upper layer and workdir kept here */
  /* Overlays: --overlay-src layers waiting for the next overlay op. */
  GPtrArray *pending_layers; /* char*, bottom first */

  /* What a calling program hands the sandbox (spec-caller.h) */
  int fds[JAIL_FD_N_ROLES];    /* -1 when unset */
  gboolean init_dumpable;
  GPtrArray *lock_files;       /* char*, paths inside the sandbox */
  GPtrArray *seccomp_programs; /* GBytes*, cBPF, in load order */
  gboolean disable_userns;
  gboolean assert_userns_disabled;
  guint64 kept_caps;
  JailFailureWording failure_wording; /* NULL: jail's own messages */
  gboolean unlisted;           /* no registry record, no control socket */
  gboolean terminal_rule;      /* TIOCSTI refused even with the filter off */
  gboolean env_verbatim;       /* no session variable removed without its channel */
  guint mount_shape;           /* JailMountShape bits */

  /* Resource limits (src/cgroup/): JAIL_LIMIT_UNSET when not asked for,
   * JAIL_LIMIT_INFINITY for "max"; indexed by JailLimit. */
  guint64 limits[JAIL_LIMIT_N_KINDS];
  gboolean limits_best_effort;
  gboolean stats;
  /* The denial report (src/report/): JailReportMode, AUTO by default. */
  int report_mode;
  gboolean report_paths; /* also the paths looked up (--learn): a notification per open */
  gboolean report_visible; /* --learn=visible: the path scope bound read-only (cli) */

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
/* The members of --print (and of instance records), each added to the
 * object B is building. */
void jail_spec_append_net_json (JsonBuilder *b, const JailSpec *spec);

/* The caller's own rule for one syscall: it replaces the default rows for
 * that syscall.  err == 0 allows it, otherwise the call fails with err. */
typedef struct {
  char *syscall;
  int err;
} JailSeccompRule;

void jail_spec_hardening_clear (JailSpec *spec);
void jail_spec_append_hardening_json (JsonBuilder *b, const JailSpec *spec);

void jail_spec_init_caller (JailSpec *spec);
void jail_spec_free_caller (JailSpec *spec);
void jail_spec_append_caller_json (JsonBuilder *b, const JailSpec *spec);
/* The kept capabilities: an array value (names as libcap spells them). */
void jail_spec_caps_to_json (JsonBuilder *b, const JailSpec *spec);
/* "limits": { … } (the --print member, also in instance records). */
void jail_spec_append_limits_json (JsonBuilder *b, const JailSpec *spec);

/* Whether refusals are collected for the denial report (src/report/). */
gboolean jail_spec_reports (const JailSpec *spec);

/* Whether any resource limit was asked for. */
gboolean jail_spec_has_limits (const JailSpec *spec);
void jail_spec_clear_desktop (JailSpec *spec);
/* FALSE when an option that needs --net=slirp is given without it. */
gboolean jail_spec_net_validate (const JailSpec *spec, GError **error);
void jail_desktop_to_json (JsonBuilder *b, const JailSpec *spec);

const char *jail_fs_kind_name (JailFsKind kind);

/* The environment the command gets: the caller's, changed by spec->env. */
char **jail_spec_build_environ (const JailSpec *spec);

/* An operation KIND from SOURCE to DEST with FLAGS, default mode and size. */
JailFsOp jail_fs_op (JailFsKind kind, const char *source, const char *dest, JailFsFlags flags);
/* jail_spec_add_fs_op of jail_fs_op (KIND, SOURCE, DEST, FLAGS). */
gboolean jail_spec_add_fs (JailSpec *spec, JailFsKind kind, const char *source, const char *dest,
                           JailFsFlags flags, GError **error);

/* A run's own view of a spec: every field shared with `spec`, read-only,
 * except the filesystem and environment lists, which are copies the run
 * may extend (with what the session's desktop channels resolve to), so
 * that the caller's spec stays the description it built. */
JailSpec *jail_spec_view_new (const JailSpec *spec);
void jail_spec_view_free (JailSpec *view);

/* Move every filesystem and environment operation of `from` in front of
 * spec's own. */
void jail_spec_prepend_fs (JailSpec *spec, JailSpec *from);

/* FALSE if --overlay-src layers were given without an overlay op after them. */
gboolean jail_spec_check_complete (const JailSpec *spec, GError **error);

/* The sandbox's base filesystem: the default one, or the --rootfs tree. */
gboolean jail_spec_add_base_filesystem (JailSpec *base, const JailSpec *spec, GError **error);
