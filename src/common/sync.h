/* The setup socket between the monitor and the sandbox.
 *
 * A SOCK_SEQPACKET pair: each message is one datagram, so neither side ever
 * reads half a message.  The child reports failures as typed messages and
 * the monitor prints one clear line (crun's sync socket does the same),
 * instead of the child printing half a story from a half-built sandbox.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <stdint.h>

#include "common/path.h"

typedef enum {
  SYNC_GO = 1,       /* monitor → child: record and cgroup in place, go on to run */
  SYNC_READY,        /* child → monitor: sandbox built, app about to run */
  SYNC_SETUP_ERROR,  /* child → monitor: a setup step failed */
  SYNC_EXEC_ERROR,   /* child → monitor: execve of the command failed */
  SYNC_NET_TAP,      /* child → monitor: the tap device's fd (SCM_RIGHTS) */
  SYNC_NET_READY,    /* monitor → child: user-mode networking runs */
  SYNC_TRUST_LINK,   /* child → monitor: may this symlink be followed? (its fd, its dir's) */
  SYNC_TRUST_REPLY,  /* monitor → child: err 0 yes, or ELOOP and why in detail */
  SYNC_NET_STATS,    /* monitor ↔ network engine: the engine's counters (tests) */
  SYNC_NET_STOP,     /* monitor → network engine: reset the connections, exit */
  SYNC_SECCOMP_LISTENER, /* child → monitor: the filter's notification fd (SCM_RIGHTS) */
  SYNC_NET_REFUSED,  /* network engine → monitor: a refused flow (detail), its grant (path) */
  SYNC_NETNS,        /* monitor → child: the network namespace to join (SCM_RIGHTS) */
  SYNC_LOOKUPS,      /* child → monitor: the socket of the app's failed lookups (SCM_RIGHTS) */
  SYNC_VIEW,         /* child → monitor: the built sandbox's SYNC_VIEW_FDS (SCM_RIGHTS) */
} SyncType;

/* SYNC_VIEW's descriptors, in this order: the sandbox's root directory
 * (O_PATH), its mount, network and cgroup namespaces. */
enum { SYNC_VIEW_ROOT, SYNC_VIEW_MNT, SYNC_VIEW_NET, SYNC_VIEW_CGROUP, SYNC_VIEW_FDS };

typedef struct {
  uint32_t type;
  int32_t err;          /* errno, 0 if none */
  char step[64];        /* "bind-mount", "pivot_root", … */
  char path[JAIL_PATH_MAX];
  char detail[256];     /* free text, optional */
} SyncMsg;

/* Both return 0 or -errno; recv returns -EPIPE on end of stream. */
int sync_send (int fd, const SyncMsg *msg);
int sync_recv (int fd, SyncMsg *ret_msg, int flags);

/* The same with one file descriptor attached (SCM_RIGHTS).  recv_fd sets
 * *ret_fd to the received fd (close-on-exec) or -1; sync_recv closes any
 * fd that arrives unasked. */
int sync_send_fd (int fd, const SyncMsg *msg, int pass_fd);
int sync_recv_fd (int fd, SyncMsg *ret_msg, int flags, int *ret_fd);
/* The same with up to two descriptors; ret_fds gets max_fds entries (-1
 * where none came). */
int sync_send_fds (int fd, const SyncMsg *msg, const int *fds, int n_fds);
int sync_recv_fds (int fd, SyncMsg *ret_msg, int flags, int *ret_fds, int max_fds);

/* Fill and send one message; async-signal-safe enough for the child. */
int sync_send_error (int fd, SyncType type, const char *step, const char *path, int err,
                     const char *detail);
