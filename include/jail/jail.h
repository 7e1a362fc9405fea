/* libjail — build a sandbox specification and run a command inside it.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A JailSpec is the one model of a sandbox: which namespaces are new, how
 * ids map, an ordered list of filesystem operations, the environment, the
 * working directory and the command.  Front-ends (the jail command line,
 * profiles, bubblewrap-style options) only build a spec; jail_run() only
 * reads it.  What a run finds on the host (the desktop sessions' sockets,
 * a D-Bus proxy's directory) goes into that run's own plan, never into the
 * spec: jail_spec_to_json() shows the description the caller built.
 *
 * Functions that can fail take a GError ** and return FALSE (or NULL) with
 * the error set; the library never prints and never exits.  Warnings and
 * notices reach the caller through jail_set_message_func().
 *
 * A complete program (built with `pkg-config --cflags --libs libjail`;
 * tests/integration/libjail-install.sh compiles and runs this very text):
 *
 * BEGIN EXAMPLE
 * #include <jail/jail.h>
 *
 * int
 * main (void)
 * {
 *   g_autoptr (GError) error = NULL;
 *   g_autoptr (JailSpec) spec = jail_spec_new ();
 *   const char *argv[] = { "sh", "-c", "echo hello from $(hostname)", NULL };
 *   int status;
 *
 *   if (!jail_spec_add_default_filesystem (spec, &error)
 *       || !jail_spec_set_hostname (spec, "sandbox", &error)
 *       || !jail_spec_set_command (spec, argv, &error)
 *       || !jail_run (spec, &status, &error))
 *     {
 *       g_printerr ("jail: %s\n", error->message);
 *       return jail_error_exit_status (error); // 125, 126 or 127
 *     }
 *   return status; // the command's own, 128+N if it died of signal N
 * }
 * END EXAMPLE
 */
#pragma once

#include <glib.h>
#include <sys/types.h>

G_BEGIN_DECLS

/* Everything else in libjail.so is hidden. */
#define JAIL_API __attribute__ ((visibility ("default")))

#define JAIL_ERROR (jail_error_quark ())
JAIL_API GQuark jail_error_quark (void);

typedef enum {
  JAIL_ERROR_INVALID,        /* the spec or an option is wrong: exit 125 */
  JAIL_ERROR_SETUP,          /* a setup step failed: exit 125 */
  JAIL_ERROR_NOT_EXECUTABLE, /* the command exists but cannot run: exit 126 */
  JAIL_ERROR_NOT_FOUND,      /* the command does not exist: exit 127 */
} JailErrorCode;

/* Exit statuses, as env(1), docker and podman use them. */
enum {
  JAIL_EXIT_FAILURE = 125,
  JAIL_EXIT_CANNOT_EXECUTE = 126,
  JAIL_EXIT_NOT_FOUND = 127,
};

/* The exit status that belongs to an error from this library. */
JAIL_API int jail_error_exit_status (const GError *error);

/* What the user should hear that is not an error: a warning (a granted
 * desktop channel the session cannot give, limits skipped under
 * best-effort) or a notice (an out-of-memory kill, the --stats summary).
 * The library never prints them: without a handler they are dropped.  The
 * handler is process-wide, like g_log_set_handler(): set it once, before
 * jail_run(), which calls it from the calling thread.  NULL removes it. */
typedef enum {
  JAIL_MESSAGE_WARNING,
  JAIL_MESSAGE_NOTICE,
} JailMessageLevel;

typedef void (*JailMessageFunc) (JailMessageLevel level, const char *message,
                                 gpointer user_data);
JAIL_API void jail_set_message_func (JailMessageFunc func, gpointer user_data);

typedef enum {
  JAIL_NS_USER = 1 << 0,
  JAIL_NS_MOUNT = 1 << 1,
  JAIL_NS_PID = 1 << 2,
  JAIL_NS_IPC = 1 << 3,
  JAIL_NS_UTS = 1 << 4,
  JAIL_NS_NET = 1 << 5,
  JAIL_NS_CGROUP = 1 << 6,
  JAIL_NS_ALL = (1 << 7) - 1,
} JailNamespace;

/* Filesystem operations, applied in order on a fresh tmpfs root. */
typedef enum {
  JAIL_FS_BIND,       /* source (host) → dest, read-write, nosuid,nodev */
  JAIL_FS_RO_BIND,    /* read-only, recursively: every submount too */
  JAIL_FS_DEV_BIND,   /* read-write, device nodes allowed */
  JAIL_FS_REMOUNT_RO, /* make dest (already in the sandbox) read-only */
  JAIL_FS_TMPFS,      /* a fresh tmpfs at dest (mode, size) */
  JAIL_FS_DIR,        /* mkdir -p dest (mode) */
  JAIL_FS_SYMLINK,    /* dest → source (the link target, not resolved) */
  JAIL_FS_PROC,       /* a fresh procfs; /proc/sys and friends read-only */
  JAIL_FS_DEV,        /* a minimal /dev with a private devpts */
  JAIL_FS_MQUEUE,     /* a fresh POSIX message queue filesystem */
  JAIL_FS_FILE,       /* a file at dest holding the data of fd (mode) */
  JAIL_FS_BIND_DATA,  /* like FILE, then bind-mounted over dest */
  JAIL_FS_RO_BIND_DATA,
  JAIL_FS_CHMOD,      /* chmod dest to mode */
  /* Overlays, with bubblewrap's semantics.  OVERLAY_SRC (source only, no
   * dest) adds a host directory as a lower layer for the next overlay op;
   * layers stack in the order given, the first at the bottom. */
  JAIL_FS_OVERLAY_SRC,
  JAIL_FS_OVERLAY,     /* writes go to source (host), workdir on its fs */
  JAIL_FS_TMP_OVERLAY, /* writes go to a hidden tmpfs, lost at exit */
  JAIL_FS_RO_OVERLAY,  /* read-only union of at least two layers */
  JAIL_FS_N_KINDS,
} JailFsKind;

typedef enum {
  JAIL_FS_FLAG_NONE = 0,
  JAIL_FS_FLAG_TRY = 1 << 0, /* a missing source is skipped, not an error */
} JailFsFlags;

#define JAIL_MODE_DEFAULT ((guint32) -1)

typedef struct {
  JailFsKind kind;
  const char *source;  /* host path for binds, link target for symlinks */
  const char *dest;    /* absolute path inside the sandbox */
  JailFsFlags flags;
  guint32 mode;        /* JAIL_MODE_DEFAULT or permission bits */
  guint64 size;        /* tmpfs size in bytes; 0 = kernel default */
  int fd;              /* data for FILE / BIND_DATA; -1 otherwise */
  const char *workdir; /* OVERLAY: host directory on source's filesystem */
} JailFsOp;

#define JAIL_FS_OP_INIT { .mode = JAIL_MODE_DEFAULT, .fd = -1 }

typedef struct JailSpec JailSpec;

JAIL_API JailSpec *jail_spec_new (void);
JAIL_API void jail_spec_free (JailSpec *spec);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JailSpec, jail_spec_free)

/* Namespaces: a new one of each kind in `mask`.  The default is all. */
JAIL_API void jail_spec_set_namespaces (JailSpec *spec, guint mask);
JAIL_API guint jail_spec_get_namespaces (const JailSpec *spec);

/* Ids inside the sandbox; the caller's own by default.  The caller's host
 * uid/gid is mapped to them, nothing else is mapped. */
JAIL_API void jail_spec_set_uid (JailSpec *spec, uid_t uid);
JAIL_API void jail_spec_set_gid (JailSpec *spec, gid_t gid);

JAIL_API gboolean jail_spec_add_fs_op (JailSpec *spec, const JailFsOp *op, GError **error);

/* The default sandbox: read-only /usr, /etc and the /bin, /lib… links as the
 * host has them, fresh /proc and /dev, tmpfs /tmp, /run/user/UID and $HOME. */
JAIL_API gboolean jail_spec_add_default_filesystem (JailSpec *spec, GError **error);

JAIL_API void jail_spec_setenv (JailSpec *spec, const char *name, const char *value);
JAIL_API void jail_spec_unsetenv (JailSpec *spec, const char *name);
JAIL_API void jail_spec_clearenv (JailSpec *spec);

JAIL_API gboolean jail_spec_set_hostname (JailSpec *spec, const char *hostname, GError **error);
JAIL_API gboolean jail_spec_set_chdir (JailSpec *spec, const char *dir, GError **error);

/* The command: argv[0] is looked up in the sandbox's PATH. */
JAIL_API gboolean jail_spec_set_command (JailSpec *spec, const char *const *argv, GError **error);
JAIL_API void jail_spec_set_argv0 (JailSpec *spec, const char *argv0);

/* Without an init, the command itself is PID 1 (it then ignores SIGTERM and
 * SIGINT unless it installs handlers). */
JAIL_API void jail_spec_set_as_pid_1 (JailSpec *spec, gboolean as_pid_1);
/* The sandbox is killed when the process that started it dies. */
JAIL_API void jail_spec_set_die_with_parent (JailSpec *spec, gboolean die);
/* setsid() before exec: no controlling terminal inside. */
JAIL_API void jail_spec_set_new_session (JailSpec *spec, gboolean new_session);

/* File descriptors above 2 are closed before exec unless kept here. */
JAIL_API void jail_spec_keep_fd (JailSpec *spec, int fd);
JAIL_API void jail_spec_set_keep_all_fds (JailSpec *spec, gboolean keep);

/* Hardening.  The default syscall filter (see jail(1), SECURITY) is on
 * unless set off; Allow/Deny replace its rows for one syscall by name
 * (deny: the call fails with `err`, e.g. EPERM).  Nested user namespaces
 * and ptrace stay blocked unless allowed.  Landlock is used where the
 * kernel has it unless disabled. */
typedef enum {
  JAIL_SECCOMP_DEFAULT,
  JAIL_SECCOMP_OFF,
} JailSeccompMode;

JAIL_API void jail_spec_set_seccomp_mode (JailSpec *spec, JailSeccompMode mode);
JAIL_API gboolean jail_spec_seccomp_allow (JailSpec *spec, const char *syscall, GError **error);
JAIL_API gboolean jail_spec_seccomp_deny (JailSpec *spec, const char *syscall, int err,
                                          GError **error);
JAIL_API void jail_spec_set_allow_userns (JailSpec *spec, gboolean allow);
JAIL_API void jail_spec_set_allow_ptrace (JailSpec *spec, gboolean allow);
JAIL_API void jail_spec_set_landlock (JailSpec *spec, gboolean enabled);
/* Desktop channels.  Sockets and devices are granted by mask; jail_run()
 * looks for them in the caller's session (WAYLAND_DISPLAY, DISPLAY,
 * XDG_RUNTIME_DIR, …) when the sandbox starts, binds those it finds and
 * sets the matching variables inside; a granted channel the session lacks
 * is skipped (with a warning where the user would want one). */
typedef enum {
  JAIL_SOCKET_WAYLAND = 1 << 0,
  JAIL_SOCKET_X11 = 1 << 1,
  JAIL_SOCKET_FALLBACK_X11 = 1 << 2, /* X11 only when Wayland is not granted */
  JAIL_SOCKET_PULSEAUDIO = 1 << 3,
  JAIL_SOCKET_PIPEWIRE = 1 << 4,
  JAIL_SOCKET_SESSION_BUS = 1 << 5,  /* the raw bus: full access */
  JAIL_SOCKET_SYSTEM_BUS = 1 << 6,
  JAIL_SOCKET_SSH_AUTH = 1 << 7,
  JAIL_SOCKET_CUPS = 1 << 8,
} JailSocket;

typedef enum {
  JAIL_DEVICE_DRI = 1 << 0,
  JAIL_DEVICE_ALL = 1 << 1,
  JAIL_DEVICE_KVM = 1 << 2,
  JAIL_DEVICE_SHM = 1 << 3,
  JAIL_DEVICE_INPUT = 1 << 4,
  JAIL_DEVICE_U2F = 1 << 5,    /* hidraw nodes of FIDO security keys only */
  JAIL_DEVICE_WEBCAM = 1 << 6, /* video4linux nodes that capture */
} JailDevice;

typedef enum {
  JAIL_DBUS_SESSION,
  JAIL_DBUS_SYSTEM,
} JailDBusBus;

JAIL_API void jail_spec_set_sockets (JailSpec *spec, guint mask);
JAIL_API guint jail_spec_get_sockets (const JailSpec *spec);
JAIL_API void jail_spec_set_devices (JailSpec *spec, guint mask);
JAIL_API guint jail_spec_get_devices (const JailSpec *spec);
/* Read-only fonts, icons, themes, locale, timezone and machine-id. */
JAIL_API void jail_spec_set_desktop_base (JailSpec *spec, gboolean base);
/* A filter rule for the D-Bus proxy: kind is talk, own, see, call or
 * broadcast; value a bus name (talk/own/see) or NAME=RULE (call/broadcast). */
JAIL_API gboolean jail_spec_add_dbus_rule (JailSpec *spec, JailDBusBus bus, const char *kind,
                                           const char *value, GError **error);
JAIL_API void jail_spec_set_dbus_log (JailSpec *spec, gboolean log);

/* Record the profiles a front-end applied (names, and every file read), so
 * that `jail --print` can show them.  Informational only. */
JAIL_API void jail_spec_set_profiles (JailSpec *spec, const char *const *names,
                                      const char *const *files);
/* The instance name: $XDG_RUNTIME_DIR/jail/NAME while it runs, the name
 * `jail list|enter|stop|kill|stats` use.  Letters, digits, '_', '.', '-',
 * not starting with '.' or '-', at most JAIL_NAME_MAX bytes.  Without one,
 * the command's basename and a short random id. */
#define JAIL_NAME_MAX 64
JAIL_API gboolean jail_name_is_valid (const char *name);
JAIL_API gboolean jail_spec_set_name (JailSpec *spec, const char *name, GError **error);
JAIL_API const char *jail_spec_get_name (const JailSpec *spec);

/* A whole root tree (e.g. debootstrap --variant=minbase) instead of the
 * host's /usr and /etc; /proc, /dev and /tmp are still fresh.  Read-only,
 * or an overlay whose upper layer is a tmpfs that vanishes, or one whose
 * upper layer is kept in `persist` (overlayfs in a user namespace: 5.11). */
typedef enum {
  JAIL_ROOTFS_READ_ONLY,
  JAIL_ROOTFS_OVERLAY,
  JAIL_ROOTFS_PERSIST,
} JailRootfsMode;
JAIL_API gboolean jail_spec_set_rootfs (JailSpec *spec, const char *dir, GError **error);
JAIL_API gboolean jail_spec_set_rootfs_mode (JailSpec *spec, JailRootfsMode mode,
                                             const char *persist, GError **error);
/* Resource limits, applied in a cgroup of the sandbox's own (a transient
 * systemd user scope, or a delegated cgroup v2 directory). */
typedef enum {
  JAIL_LIMIT_MEMORY,      /* memory.max, bytes */
  JAIL_LIMIT_MEMORY_HIGH, /* memory.high, bytes */
  JAIL_LIMIT_SWAP,        /* memory.swap.max, bytes */
  JAIL_LIMIT_PIDS,        /* pids.max, tasks */
  JAIL_LIMIT_CPU,         /* cpu.max, percent of one CPU (150 = 1.5 CPUs) */
  JAIL_LIMIT_CPU_WEIGHT,  /* cpu.weight, 1..10000 */
  JAIL_LIMIT_IO_WEIGHT,   /* io.weight, 1..10000 */
  JAIL_LIMIT_N_KINDS,
} JailLimit;

#define JAIL_LIMIT_UNSET G_MAXUINT64             /* not asked for */
#define JAIL_LIMIT_INFINITY (G_MAXUINT64 - 1)    /* "max" */

JAIL_API void jail_spec_set_limit (JailSpec *spec, JailLimit limit, guint64 value);
JAIL_API guint64 jail_spec_get_limit (const JailSpec *spec, JailLimit limit);
/* Best effort: run without limits (with a warning) when they cannot be set;
 * the default is to fail. */
JAIL_API void jail_spec_set_limits_best_effort (JailSpec *spec, gboolean best_effort);
/* Print peak memory, CPU time and peak task count when the sandbox ends. */
JAIL_API void jail_spec_set_stats (JailSpec *spec, gboolean stats);

/* The denial report (see jail(1), REPORT): what the sandbox refused the
 * app (syscalls of the default filter, D-Bus names), each with the option
 * that would grant it, given to the message handler as notices when the
 * run ends: AUTO when the command failed or was killed (the default),
 * ALWAYS, or NEVER (then nothing is collected and the filter is the plain
 * one). */
typedef enum {
  JAIL_REPORT_AUTO,
  JAIL_REPORT_ALWAYS,
  JAIL_REPORT_NEVER,
} JailReportMode;

JAIL_API void jail_spec_set_report (JailSpec *spec, JailReportMode mode);

/* Networking (see jail(1), NETWORKING).  NONE: a new network namespace
 * with only loopback (the default); SLIRP: user-mode networking driven by
 * the monitor (libslirp); HOST: the host's network, shared.  Publish takes
 * "[HOSTADDR:]HOSTPORT:SANDBOXPORT[/tcp|/udp]"; allow/deny take
 * "CIDR[:PORT[-PORT]]" (IPv6 with a port in brackets). */
typedef enum {
  JAIL_NET_NONE,
  JAIL_NET_SLIRP,
  JAIL_NET_HOST,
} JailNetMode;

JAIL_API void jail_spec_set_net_mode (JailSpec *spec, JailNetMode mode);
JAIL_API JailNetMode jail_spec_get_net_mode (const JailSpec *spec);
JAIL_API void jail_spec_set_net_allow_host_loopback (JailSpec *spec, gboolean allow);
JAIL_API void jail_spec_set_net_dns (JailSpec *spec, gboolean enabled);
JAIL_API gboolean jail_spec_set_net_dns_server (JailSpec *spec, const char *addr, GError **error);
JAIL_API gboolean jail_spec_net_publish (JailSpec *spec, const char *text, GError **error);
JAIL_API gboolean jail_spec_net_allow (JailSpec *spec, const char *text, GError **error);
JAIL_API gboolean jail_spec_net_deny (JailSpec *spec, const char *text, GError **error);

/* The resolved spec as JSON, for `jail --print` audits. */
JAIL_API char *jail_spec_to_json (const JailSpec *spec);

/* Run the spec's command in a new sandbox and wait for it.  On success
 * *ret_status is the app's exit status (128+N if it died of signal N); on
 * failure of jail itself, FALSE with an error naming the step and path.
 * The spec is only read: what the run finds on the host stays in the run.
 *
 * The calling process is the sandbox's monitor until jail_run() returns,
 * and that changes it while the sandbox runs:
 * - it is cloned (fork semantics) into the sandbox, which runs jail's setup
 *   code (malloc included) before exec.  Call jail_run() from a
 *   single-threaded process, as with fork(): a lock another thread holds
 *   at the clone stays held in the copy.  (The cgroup step talks to the
 *   systemd user manager over GDBus, which leaves GLib's D-Bus worker
 *   thread running after the first run; it is idle between runs.)
 * - SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGWINCH, SIGCONT
 *   and SIGCHLD are blocked in the calling thread (sigprocmask) and taken
 *   from a signalfd: sent to the process, they go to the sandbox instead
 *   of the caller's handlers; SIGCHLD from the caller's other children is
 *   swallowed.  In a process with other threads, those must block the
 *   same signals.  The mask is restored before jail_run() returns.
 * - jail_spec_set_die_with_parent (TRUE) sets PR_SET_PDEATHSIG (SIGKILL)
 *   on the calling thread: the caller itself is killed when its parent
 *   exits, also after jail_run() has returned.
 * - a D-Bus filter (jail_spec_add_dbus_rule) forks xdg-dbus-proxy, a
 *   child of the caller until the sandbox ends.
 * - the sandbox's instance record and control socket live in
 *   $XDG_RUNTIME_DIR/jail/NAME while it runs.
 * - on a cgroup v2 host, the calling process moves with the sandbox into a
 *   transient systemd user scope (or its own delegated cgroup) and stays
 *   there after jail_run() returns.
 * It runs a private GMainContext: the caller's default main context is not
 * iterated.  Other libjail functions only touch the spec they are given:
 * one spec may be built on any thread, but not on two at once. */
JAIL_API gboolean jail_run (const JailSpec *spec, int *ret_status, GError **error);

JAIL_API const char *jail_version (void);

G_END_DECLS
