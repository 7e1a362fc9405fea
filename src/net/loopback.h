/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Bring "lo" up in the current network namespace; 0 or -errno. */
int jail_net_loopback_up (void);
