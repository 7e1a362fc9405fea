/* The JailSpec structure.  Only src/spec/ includes this header: every other
 * layer reads a spec through spec-access.h and spec-caller.h, so the
 * structure can change without touching them (tests/lint/spec-fence.sh).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "spec/spec-access.h"

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
  gboolean own_process;        /* the caller is jail itself (common/resident.h) */

  /* Resource limits (src/cgroup/): JAIL_LIMIT_UNSET when not asked for,
   * JAIL_LIMIT_INFINITY for "max"; indexed by JailLimit. */
  guint64 limits[JAIL_LIMIT_N_KINDS];
  gboolean limits_best_effort;
  gboolean stats;
  /* The denial report (src/report/): JailReportMode, AUTO by default. */
  int report_mode;
  gboolean report_paths; /* also the paths looked up (--learn): a notification per lookup */
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

/* The parts of a spec each src/spec/ file keeps: set up, cleared, and
 * written into --print's JSON. */
void jail_spec_init_caller (JailSpec *spec);
void jail_spec_free_caller (JailSpec *spec);
void jail_spec_append_caller_json (JailJson *object, const JailSpec *spec);
/* The kept capabilities into ARRAY (names as libcap spells them). */
void jail_spec_caps_to_json (JailJson *array, const JailSpec *spec);
void jail_spec_hardening_clear (JailSpec *spec);
void jail_spec_append_hardening_json (JailJson *object, const JailSpec *spec);
void jail_spec_clear_desktop (JailSpec *spec);
/* "desktop": { sockets, devices, base, dbus } */
void jail_spec_append_desktop_json (JailJson *object, const JailSpec *spec);
void jail_spec_net_clear (JailSpec *spec);
