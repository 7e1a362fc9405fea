/* The sandbox's side of user-mode networking: a tap device inside the new
 * network namespace, configured through rtnetlink (no `ip` binary).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#define JAIL_NET_TAP_NAME "tap0"
#define JAIL_NET_MTU 65520

/* Create tap0, give it 10.0.2.100/24 and fd00::100/64, MTU 65520, bring it
 * up with default routes via 10.0.2.2 and fd00::2.  Returns the tap's fd,
 * or -errno with *ret_step naming what failed. */
int jail_net_setup_tap (const char **ret_step);
