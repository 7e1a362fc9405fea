/* The spec as the layers that carry it out see it: read-only accessors,
 * grouped by concern, and the internal operations on a spec that are not
 * part of the public API.  Every jail_spec_get_* and jail_spec_has_* is a
 * plain read (no allocation, no lock), so the sandbox's child may call
 * them after clone().
 *
 * The structure itself is in spec-private.h, which only src/spec/ includes.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "common/json.h"

#include "jail/jail.h"
#include "spec/spec-caller.h"

/* ---- Filesystem ---- */

/* One filesystem operation as the spec holds it, sources made absolute. */
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

/* The operations, in the order they run: entries 0 … n-1. */
guint jail_spec_get_n_fs (const JailSpec *spec);
const JailFsEntry *jail_spec_get_fs (const JailSpec *spec, guint index);

const char *jail_fs_kind_name (JailFsKind kind);
/* A bind of something of the host's (--bind, --ro-bind, --dev-bind): what
 * brings the host's files, and the mounts under them, into the sandbox. */
gboolean jail_fs_kind_is_bind (JailFsKind kind);

/* An operation KIND from SOURCE to DEST with FLAGS, default mode and size. */
JailFsOp jail_fs_op (JailFsKind kind, const char *source, const char *dest, JailFsFlags flags);
/* jail_spec_add_fs_op of jail_fs_op (KIND, SOURCE, DEST, FLAGS). */
gboolean jail_spec_add_fs (JailSpec *spec, JailFsKind kind, const char *source, const char *dest,
                           JailFsFlags flags, GError **error);

/* Move every filesystem and environment operation of `from` in front of
 * spec's own. */
void jail_spec_prepend_fs (JailSpec *spec, JailSpec *from);

/* FALSE if --overlay-src layers were given without an overlay op after them. */
gboolean jail_spec_check_complete (const JailSpec *spec, GError **error);

/* The sandbox's base filesystem: the default one, or the --rootfs tree. */
gboolean jail_spec_add_base_filesystem (JailSpec *base, const JailSpec *spec, GError **error);

/* --rootfs DIR; NULL: the host's binds. */
const char *jail_spec_get_rootfs (const JailSpec *spec);

/* ---- Environment ---- */

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

/* The environment operations, in order: entries 0 … n-1. */
guint jail_spec_get_n_env (const JailSpec *spec);
const JailEnvOp *jail_spec_get_env (const JailSpec *spec, guint index);
/* Move the operations from `start` on in front of the others, keeping the
 * order within each part. */
void jail_spec_move_env_to_front (JailSpec *spec, guint start);

/* The environment the command gets: the caller's, changed by the spec's
 * operations. */
char **jail_spec_build_environ (const JailSpec *spec);

/* ---- Process ---- */

uid_t jail_spec_get_uid (const JailSpec *spec);
gid_t jail_spec_get_gid (const JailSpec *spec);
const char *jail_spec_get_hostname (const JailSpec *spec);
const char *jail_spec_get_chdir (const JailSpec *spec);
/* The command, NULL-terminated; NULL before one is set. */
char *const *jail_spec_get_command (const JailSpec *spec);
/* Replace argument `index` (< the command's length) with ARG. */
void jail_spec_set_command_arg (JailSpec *spec, guint index, const char *arg);
/* The argument vector execve() gets: the command with argv0 (when set) in
 * place of its first word.  A new array of the spec's strings, made by
 * the monitor before the clone (the sandbox's child allocates nothing);
 * free it with g_free. */
char **jail_spec_exec_argv (const JailSpec *spec);
gboolean jail_spec_get_as_pid_1 (const JailSpec *spec);
gboolean jail_spec_get_die_with_parent (const JailSpec *spec);
gboolean jail_spec_get_new_session (const JailSpec *spec);
gboolean jail_spec_get_keep_all_fds (const JailSpec *spec);
/* The fds kept open (jail_spec_keep_fd), `*ret_n` of them. */
const int *jail_spec_get_keep_fds (const JailSpec *spec, guint *ret_n);

/* ---- Hardening (src/sandbox/seccomp.c, landlock.c) ---- */

JailSeccompMode jail_spec_get_seccomp_mode (const JailSpec *spec);
gboolean jail_spec_get_landlock (const JailSpec *spec);
gboolean jail_spec_get_allow_userns (const JailSpec *spec);
gboolean jail_spec_get_allow_ptrace (const JailSpec *spec);

/* The caller's own rule for one syscall: it replaces the default rows for
 * that syscall.  err == 0 allows it, otherwise the call fails with err. */
typedef struct {
  char *syscall;
  int err;
} JailSeccompRule;

/* The caller's rules, in order: entries 0 … n-1. */
guint jail_spec_get_n_seccomp_rules (const JailSpec *spec);
const JailSeccompRule *jail_spec_get_seccomp_rule (const JailSpec *spec, guint index);
/* The same rules as one array of JailSeccompRule* (NULL when none), as the
 * filter's policy (seccomp.h) takes them. */
const GPtrArray *jail_spec_get_seccomp_rules (const JailSpec *spec);

/* ---- Desktop channels (src/desktop/) ---- */

gboolean jail_spec_get_desktop_base (const JailSpec *spec);
/* The xdg-dbus-proxy arguments for BUS ("--talk=NAME", …); NULL when none. */
const GPtrArray *jail_spec_get_dbus_rules (const JailSpec *spec, JailDBusBus bus);
gboolean jail_spec_get_dbus_log (const JailSpec *spec);
/* Whether any channel, device, the gui base or a bus was asked for. */
gboolean jail_spec_has_desktop (const JailSpec *spec);
/* "wayland" → JAIL_SOCKET_WAYLAND, "dri" → JAIL_DEVICE_DRI …; 0 when unknown. */
int jail_socket_from_name (const char *name);
int jail_device_from_name (const char *name);

/* A run's own view of a spec: every field shared with `spec`, read-only,
 * except the filesystem and environment lists, which are copies the run
 * may extend (with what the session's desktop channels resolve to), and
 * the command and kept fds, copies too, so that the caller's spec stays
 * the description it built. */
JailSpec *jail_spec_view_new (const JailSpec *spec);
void jail_spec_view_free (JailSpec *view);
/* A view that runs ARGV in the spec's sandbox (`jail enter`): as typed
 * (no argv0), no fd kept beyond stdio and no session of its own (the
 * caller makes one).  Freed with jail_spec_view_free. */
JailSpec *jail_spec_command_view_new (const JailSpec *spec, char *const *argv);

/* ---- Profiles (for the --print audit and the instance's name) ---- */

/* The names or files given with --profile, NULL-terminated; NULL: none. */
char *const *jail_spec_get_profiles (const JailSpec *spec);

/* ---- Resource limits (src/cgroup/) ---- */

/* Whether any resource limit was asked for. */
gboolean jail_spec_has_limits (const JailSpec *spec);
gboolean jail_spec_get_limits_best_effort (const JailSpec *spec);
gboolean jail_spec_get_stats (const JailSpec *spec);
/* "limits": { … } (the --print member, also in instance records). */
void jail_spec_append_limits_json (JailJson *object, const JailSpec *spec);

/* ---- The denial report (src/report/) ---- */

JailReportMode jail_spec_get_report (const JailSpec *spec);
/* Whether refusals are collected for the denial report. */
gboolean jail_spec_reports (const JailSpec *spec);
/* Also the paths looked up (--learn): a notification per open. */
void jail_spec_set_report_paths (JailSpec *spec, gboolean paths);
gboolean jail_spec_get_report_paths (const JailSpec *spec);
/* Failed lookups told by the library the sandbox preloads (the report,
 * when --learn does not watch them with notifications). */
gboolean jail_spec_reports_lookups (const JailSpec *spec);
/* --learn=visible: the path scope bound read-only. */
void jail_spec_set_report_visible (JailSpec *spec, gboolean visible);
gboolean jail_spec_get_report_visible (const JailSpec *spec);

/* ---- Networking (src/net/) ---- */

gboolean jail_spec_get_net_allow_host_loopback (const JailSpec *spec);
/* FALSE with --net-dns=off. */
gboolean jail_spec_get_net_dns (const JailSpec *spec);
/* --net-dns-server; NULL: the host's resolvers. */
const char *jail_spec_get_net_dns_server (const JailSpec *spec);
/* JailNetPublish and JailNetRule (net/net-parse.h) entries, in order;
 * NULL when none.  The rules are the spec's own array: the network engine
 * takes a reference that outlives the run. */
const GArray *jail_spec_get_net_publish (const JailSpec *spec);
GArray *jail_spec_get_net_rules (const JailSpec *spec);

/* The members of --print (and of instance records), each added to the
 * object B is building. */
void jail_spec_append_net_json (JailJson *object, const JailSpec *spec);
/* FALSE when an option that needs --net=slirp is given without it. */
gboolean jail_spec_net_validate (const JailSpec *spec, GError **error);
