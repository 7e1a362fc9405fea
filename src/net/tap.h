/* The sandbox's side of user-mode networking: a tap device inside the new
 * network namespace, configured through rtnetlink (no `ip` binary).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <stddef.h>
#include <sys/types.h>

#include "net/net-config.h"

#define JAIL_NET_TAP_NAME "tap0"

/* Every frame read from or written to the tap starts with a struct
 * virtio_net_hdr (IFF_VNET_HDR): on the way in it lets us hand the sandbox
 * TCP segments as "checksum partial", which its kernel accepts without
 * summing the payload (the same as a veth pair between namespaces). */
#define JAIL_TAP_HDR_LEN 10

/* Write a frame with a header that asks nothing of the kernel. */
ssize_t jail_tap_write (int fd, const void *frame, size_t len);

#define JAIL_NET_TUN_DEVICE "/dev/net/tun"

/* Whether the caller can open the tun device: 0, or -errno.  Checked on
 * the host before the sandbox is made, so that the error can say why. */
int jail_net_tun_check (void);

/* Create tap0, give it 10.0.2.100/24 and fd00::100/64, MTU 65520, bring it
 * up with default routes via 10.0.2.2 and fd00::2.  Returns the tap's fd,
 * or -errno with *ret_step naming what failed. */
int jail_net_setup_tap (const char **ret_step);
