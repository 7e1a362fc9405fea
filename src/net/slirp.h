/* The network engine's side of --net=slirp: libslirp in the engine's GLib
 * main loop (engine.c), fed with frames from the sandbox's tap device.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#include "net/tcp.h"
#include "spec/spec-access.h"

typedef struct JailSlirp JailSlirp;


/* Start slirp on tap_fd (still the caller's to close, after
 * jail_slirp_free) in ctx, publish the ports.  DNS
 * queries to 10.0.2.3 go to --net-dns-server, else to resolver ("ADDR",
 * NULL: libslirp's own choice). */
JailSlirp *jail_slirp_start (const JailSpec *spec, int tap_fd, GMainContext *ctx,
                             const char *resolver, GError **error);
void jail_slirp_free (JailSlirp *js);
void jail_slirp_get_stats (JailSlirp *js, JailTcpStats *ret_stats);

/* The first nameserver of the host's /etc/resolv.conf, NULL if none. */
char *jail_net_host_resolver (void);

/* The denial report: each refused connection or datagram is sent on fd
 * as a SYNC_NET_REFUSED message (detail: what, path: its --net-allow). */
void jail_slirp_report_refusals (JailSlirp *js, int fd);
