/* The control socket of a running sandbox: BASE/NAME/control, a
 * SOCK_SEQPACKET unix socket the monitor listens on.  One message per
 * datagram; only the monitor's own uid, from the host's user namespace,
 * may use it (control-peer.c): a refused caller gets one CONTROL_ERROR.
 *
 *   client → monitor   CONTROL_SIGNAL value=N      send signal N to the sandbox
 *                      CONTROL_ENTER  data=argv\0… + SCM_RIGHTS stdin/out/err
 *                      CONTROL_REPORT                the denial report so far
 *                                                    (OK, data=its lines)
 *   monitor → client   CONTROL_OK     value=pid    (for ENTER: the joined process)
 *                      CONTROL_ERROR  value=exit status, data=message
 *                      CONTROL_EXITED value=exit status of the entered command
 *   client → joiner    CONTROL_SIGNAL value=N      forward a signal to the command
 *
 * The monitor keeps a client's connection open until it exits, so a client
 * that waits for the end of the sandbox (jail stop) sees end-of-stream then.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <stdint.h>
#include <sys/types.h>

#define CONTROL_DATA_MAX 32768

typedef enum {
  CONTROL_SIGNAL = 1,
  CONTROL_ENTER,
  CONTROL_OK,
  CONTROL_ERROR,
  CONTROL_EXITED,
  CONTROL_REPORT,
} ControlType;

typedef struct {
  uint32_t type;
  int32_t value;
  uint32_t len;   /* bytes used in data */
  char data[CONTROL_DATA_MAX];
} ControlMsg;

/* NULL if the peer of connection fd may use the control socket, else why
 * not (a message for the client). */
const char *jail_control_peer_refused (int fd);

/* 0 or -errno.  fds: up to 3 to pass (SCM_RIGHTS), n_fds of them. */
int control_send (int fd, uint32_t type, int32_t value, const void *data, size_t len,
                  const int *fds, int n_fds);
/* 0, -EPIPE at end of stream, or -errno; received fds land in ret_fds
 * (-1 when absent) and are O_CLOEXEC. */
int control_recv (int fd, ControlMsg *msg, int ret_fds[3], int flags);
