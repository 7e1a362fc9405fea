/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "sandbox/sandbox.h"

/* --net=slirp: make the tap, pass it to the monitor, wait for slirp. */
void sandbox_net_setup (SandboxCtx *ctx);
/* --net=slirp: /etc/resolv.conf names 10.0.2.3 (after the mount plan). */
void sandbox_net_files (SandboxCtx *ctx);
