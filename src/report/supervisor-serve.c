/* The denial report's supervisor, its own side (the monitor's is
 * supervisor.c, which says when and how it starts): confine itself, take
 * the filter's listener from the monitor, answer every notification.
 * Linked into jail-supervisor (supervisor-main.c) and, where that program
 * is not installed, run in a fork of the monitor.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/isolate.h"
#include "common/sync.h"
#include "report/supervisor-allowlist.h"
#include "report/supervisor.h"
#include "sandbox/seccomp.h"

#define X32_SYSCALL_BIT JAIL_SECCOMP_X32_BIT
/* Its channel, the listener, stdio: nothing more, ever. */
#define SUPERVISOR_NOFILE 16

/* A row denied by number (libseccomp has no name for the call): its row,
 * or NULL. */
static const JailSeccompNumberedRow *
numbered_row (uint32_t arch, int nr)
{
  gsize n;
  const JailSeccompNumberedRow *rows = jail_seccomp_numbered_rows (&n);
  for (gsize i = 0; i < n; i++)
    if ((arch == AUDIT_ARCH_X86_64 && ((uint32_t) nr & ~X32_SYSCALL_BIT) == (uint32_t) rows[i].nr_x86_64)
        || (arch == AUDIT_ARCH_I386 && nr == rows[i].nr_i386))
      return &rows[i];
  return NULL;
}

int
jail_supervisor_judge (uint32_t arch, int nr, char *what, size_t size)
{
  uint32_t token = arch;
  /* x32 calls come as x86-64 with bit 30 set in the number. */
  if (arch == AUDIT_ARCH_X86_64 && ((uint32_t) nr & X32_SYSCALL_BIT))
    token = SCMP_ARCH_X32;
  char *name = nr >= 0 ? seccomp_syscall_resolve_num_arch (token, nr) : NULL;
  const JailSeccompNumberedRow *row = jail_seccomp_numbered_row (name != NULL ? name : "");
  if (name == NULL && nr >= 0)
    row = numbered_row (arch, nr);
  if (name != NULL)
    snprintf (what, size, "%s", name);
  else if (row != NULL)
    snprintf (what, size, "%s", row->name);
  else
    snprintf (what, size, "syscall %d", nr);
  /* The numbered rows are not in the table of named rows: their errno is
   * their own (ENOSYS), whether or not this libseccomp names them. */
  int err = row != NULL ? row->err : name != NULL ? jail_seccomp_refusal_errno (name) : EPERM;
  free (name);
  return err;
}

/* The path-family calls (src/sandbox/seccomp.c, add_path_rules): the
 * sandbox's filter sends them here only with --learn.  None of them is a
 * refusing row (test-report checks): these, and only these, continue. */
int
jail_supervisor_path_arg (const char *syscall)
{
  gsize n;
  const JailSeccompPathCall *calls = jail_seccomp_path_calls (&n);
  for (gsize i = 0; i < n; i++)
    if (strcmp (calls[i].name, syscall) == 0)
      return calls[i].path_arg;
  return -1;
}

/* What serve() works with. */
typedef struct {
  int channel, listener;
  const GPtrArray *roots; /* the report's path scope (--learn), or NULL */
  /* The path argument of each native call that notifies for its path, by
   * number (-1 for the others): a lookup is answered without naming the
   * call, which libseccomp does with a search and an allocation. */
  int8_t path_arg[512];
} Supervisor;

static void
index_path_calls (Supervisor *sv)
{
  memset (sv->path_arg, -1, sizeof sv->path_arg);
  gsize n;
  const JailSeccompPathCall *calls = jail_seccomp_path_calls (&n);
  for (gsize i = 0; i < n; i++)
    {
      int nr = calls[i].nr_x86_64;
      if (nr >= 0 && nr < (int) sizeof sv->path_arg && !jail_seccomp_is_refused (calls[i].name))
        sv->path_arg[nr] = (int8_t) calls[i].path_arg;
    }
}

ssize_t
jail_supervisor_read_path (pid_t pid, uint64_t addr, char *buf, size_t size)
{
  const size_t page = 4096;
  size_t got = 0;
  if (size == 0)
    return -ENAMETOOLONG;
  while (got < size - 1)
    {
      /* To the end of the page, so that a string ending before an
       * unmapped page is read whole. */
      uint64_t at = addr + got;
      if (at < addr)
        return -EFAULT; /* wrapped */
      size_t n = MIN (page - (size_t) (at % page), size - 1 - got);
      struct iovec local = { .iov_base = buf + got, .iov_len = n };
      struct iovec remote = { .iov_base = (void *) (uintptr_t) at, .iov_len = n };
      ssize_t r = process_vm_readv (pid, &local, 1, &remote, 1, 0);
      if (r <= 0)
        return r < 0 ? -errno : -EFAULT;
      char *nul = memchr (buf + got, '\0', (size_t) r);
      if (nul != NULL)
        return nul - buf;
      got += (size_t) r;
    }
  buf[size - 1] = '\0';
  return -ENAMETOOLONG;
}

static void
send_event (int channel, JailRefusalKind kind, pid_t pid, const char *what)
{
  JailSupervisorEvent ev;
  memset (&ev, 0, sizeof ev);
  ev.kind = kind;
  ev.pid = pid;
  g_strlcpy (ev.what, what, sizeof ev.what);
  ssize_t n;
  do
    n = send (channel, &ev, sizeof ev, MSG_NOSIGNAL);
  while (n < 0 && errno == EINTR);
}

/* A path-family call: the path is read for the report only, then the
 * call goes on as the app made it (SECCOMP_USER_NOTIF_FLAG_CONTINUE): the
 * kernel reads the path again, so whatever the app changes in between
 * (TOCTOU) changes the report, never what the call may do.  Only a path
 * in the report's scope goes to the monitor (most lookups are of /usr,
 * /etc, /proc), after checking the notification is still the same call
 * (ID_VALID): the pid might have been reused by another process. */
static void
observe_path (const Supervisor *sv, const struct seccomp_notif *req, int arg)
{
  char path[JAIL_REPORT_MAX_TEXT + 1];
  uint64_t id = req->id;
  if (sv->roots != NULL
      && jail_supervisor_read_path ((pid_t) req->pid, req->data.args[arg], path, sizeof path) > 1
      && jail_report_paths_candidate (sv->roots, path)
      && ioctl (sv->listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &id) == 0)
    send_event (sv->channel, JAIL_REFUSAL_PATH, (pid_t) req->pid, path);
  struct seccomp_notif_resp resp = { .id = req->id, .flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE };
  ioctl (sv->listener, SECCOMP_IOCTL_NOTIF_SEND, &resp);
}

/* The path argument of a native lookup the filter sends for its path, or
 * -1 (a refused call, or an x32 one: those are named first). */
static int
native_path_arg (const Supervisor *sv, const struct seccomp_notif *req)
{
#if defined(__x86_64__)
  if (req->data.arch == AUDIT_ARCH_X86_64 && req->data.nr >= 0
      && req->data.nr < (int) sizeof sv->path_arg)
    return sv->path_arg[req->data.nr];
#endif
  (void) sv, (void) req;
  return -1;
}

/* One notification.  A refused call's record goes out before the answer,
 * so that it is on the channel before the app can go on (and exit).
 * FALSE when there was none to receive. */
static gboolean
answer_one (const Supervisor *sv)
{
  struct seccomp_notif req;
  memset (&req, 0, sizeof req); /* the kernel wants it zeroed */
  if (ioctl (sv->listener, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0)
    return FALSE; /* ENOENT: the caller died (or was signalled) meanwhile */
  int arg = native_path_arg (sv, &req);
  if (arg >= 0)
    {
      observe_path (sv, &req, arg);
      return TRUE;
    }
  char what[JAIL_REPORT_MAX_TEXT + 1];
  int err = jail_supervisor_judge (req.data.arch, req.data.nr, what, sizeof what);
  arg = jail_supervisor_path_arg (what);
  if (arg >= 0 && !jail_seccomp_is_refused (what)) /* never continue a refused call */
    {
      observe_path (sv, &req, arg);
      return TRUE;
    }
  send_event (sv->channel, JAIL_REFUSAL_SYSCALL, 0, what);
  struct seccomp_notif_resp resp = { .id = req.id, .val = 0, .error = -err, .flags = 0 };
  ioctl (sv->listener, SECCOMP_IOCTL_NOTIF_SEND, &resp);
  return TRUE;
}

/* Waits in SECCOMP_IOCTL_NOTIF_RECV itself, a poll() fewer per call.  It
 * returns with an error when the caller died meanwhile, or (since Linux
 * 6.6) when no process uses the filter any more: poll() then tells which;
 * the monitor kills us at the sandbox's end in any case. */
static void
serve (const Supervisor *sv)
{
  for (;;)
    {
      if (answer_one (sv))
        continue;
      struct pollfd p[2] = { { .fd = sv->listener, .events = POLLIN },
                             { .fd = sv->channel, .events = POLLIN } };
      if (poll (p, 2, -1) < 0)
        {
          if (errno == EINTR)
            continue;
          return;
        }
      /* The monitor is done, or no process uses the filter any more. */
      if (!(p[0].revents & POLLIN)
          && (p[1].revents != 0 || (p[0].revents & (POLLHUP | POLLERR | POLLNVAL))))
        return;
    }
}

/* Linux 6.6 (the headers may be older). */
#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW (4, uint64_t)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (1UL << 0)
#endif

/* The app and we take turns on one CPU, as in a call, instead of each
 * notification waking us wherever the scheduler finds room (Linux 6.6:
 * about a third less per notification, tests/bench/README.md).  Older
 * kernels refuse the flag: nothing else changes.  Before the allowlist,
 * which does not name this ioctl. */
static void
wake_up_synchronously (int listener)
{
  ioctl (listener, SECCOMP_IOCTL_NOTIF_SET_FLAGS, (uint64_t) SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP);
}

/* The calls serve() makes, nothing else (supervisor-allowlist.c):
 * compiled when jail was built, as the network engine's, else here. */
static int
install_allowlist (void)
{
  const JailSeccompProgram *pre = &jail_supervisor_precompiled;
  if (pre->len > 0 && pre->arch == seccomp_arch_native ()
      && jail_seccomp_load_program (pre->insn, pre->len) == 0)
    return 0;
  void *f = NULL;
  int r = jail_supervisor_allowlist_compile (&f);
  if (r == 0)
    r = seccomp_load (f);
  if (f != NULL)
    seccomp_release (f);
  return r;
}

/* The isolation stages it shares with the network engine: only its
 * channel, an empty root in user and mount namespaces of its own, no
 * capability, no_new_privs, non-dumpable, Landlock without rights.
 *
 * Reading the app's memory (the paths of --learn) needs ptrace access to
 * it, which two stages would refuse: the kernel grants it across user
 * namespaces only to a process with CAP_SYS_PTRACE over the app's, which
 * the caller of jail has, as its owner, from the host's user namespace
 * alone (commoncap: a sibling namespace of ours would get EPERM); and
 * Landlock refuses it towards a process outside the caller's domain.  So
 * while learning paths the supervisor stays in the host's user and mount
 * namespaces, without Landlock; its allowlist (no open, no exec, no
 * socket) still keeps the host's files out of its reach. */
static int
isolate (int *channel, pid_t monitor, gboolean reads_paths, const char **ret_step)
{
  int r;
  if ((r = jail_isolate_initial (channel, SUPERVISOR_NOFILE, "jail-report", ret_step)) < 0)
    return r;
  if (!reads_paths && (r = jail_isolate_user (ret_step)) < 0)
    return r;
  if ((r = jail_isolate_prefork (monitor, ret_step)) < 0)
    return r;
  *ret_step = "landlock";
  return reads_paths ? 0 : jail_landlock_deny_all ();
}

_Noreturn void
jail_supervisor_main (int channel, pid_t monitor, const GPtrArray *roots)
{
  const char *step = "";
  Supervisor sv = { .roots = roots };
  index_path_calls (&sv);
  int r = isolate (&channel, monitor, roots != NULL, &step);
  if (r < 0)
    {
      fprintf (stderr, "jail: report supervisor: %s: %s\n", step, g_strerror (-r));
      _exit (JAIL_EXIT_FAILURE);
    }
  SyncMsg msg;
  int listener = -1;
  r = sync_recv_fd (channel, &msg, 0, &listener);
  if (r < 0 || msg.type != SYNC_SECCOMP_LISTENER || listener < 0)
    _exit (0); /* the sandbox ended before its filter (or reports nothing) */
  wake_up_synchronously (listener);
  r = install_allowlist ();
  if (r < 0)
    {
      fprintf (stderr, "jail: report supervisor: seccomp: %s\n", g_strerror (-r));
      _exit (JAIL_EXIT_FAILURE);
    }
  sv.channel = channel;
  sv.listener = listener;
  serve (&sv);
  _exit (0);
}

