/* The TCP fast path: connections the sandbox opens to the outside are
 * terminated here, in the monitor, and carried over ordinary host sockets.
 *
 * Why not libslirp's TCP: it has no RFC 1323 window scaling, so its window
 * is at most 64 KiB, one MTU-sized segment: every segment waits a full
 * round trip through the monitor (measured: 1.6 Gbit/s up, 4.7 down, where
 * host loopback does 14).  Here the sandbox gets a scaled window and
 * several segments in flight, and the host side is a plain socket.
 *
 * What is handled here: TCP over IPv4 (no IP options, no fragments) and
 * IPv6 (no extension headers) from the sandbox to any address outside the
 * virtual network, and to the host (10.0.2.2 / fd00::2, mapped to the
 * host's 127.0.0.1 / ::1).  The egress filter has judged each SYN before
 * it gets here.  Everything else (UDP, ICMP, DNS on 10.0.2.3, connections
 * into published ports) stays with libslirp.
 *
 * The virtual link loses a frame only when a queue overflows, so the
 * receiving side is kept simple: data out of order is dropped and
 * acknowledged again (the sandbox's kernel retransmits); data we send is
 * kept until acknowledged and retransmitted go-back-N on three duplicate
 * acknowledgements or a timeout.  Checksums of segments from the sandbox
 * are not verified: they come from the sandbox's own kernel over a
 * virtual wire, and a bad one could only corrupt the sandbox's own data.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

typedef struct JailTcp JailTcp;

JailTcp *jail_tcp_new (int tap_fd);
/* Closes every connection: the host peers see a reset. */
void jail_tcp_free (JailTcp *tcp);

/* The descriptor to poll for input (an epoll set of the host sockets). */
int jail_tcp_fd (const JailTcp *tcp);

/* A frame from the sandbox, already passed by the egress filter.  true if
 * it was TCP for the fast path (handled), false if it is slirp's. */
bool jail_tcp_input (JailTcp *tcp, const uint8_t *frame, size_t len);
/* After a batch of input: send the acknowledgements it made due. */
void jail_tcp_flush (JailTcp *tcp);
/* Handle what the host sockets have for us (jail_tcp_fd is readable). */
void jail_tcp_dispatch (JailTcp *tcp);

/* Retransmission timers: the earliest deadline (monotonic ms, possibly
 * early), -1 if none; and run those that are due. */
gint64 jail_tcp_next_deadline (JailTcp *tcp);
void jail_tcp_run_timers (JailTcp *tcp, gint64 now_ms);

/* Connections open now (for tests). */
guint jail_tcp_n_connections (const JailTcp *tcp);

/* What the fast path holds, against its caps.  The connection cap comes
 * from RLIMIT_NOFILE at jail_tcp_new (less a reserve for the rest of the
 * process); the buffer cap bounds the bytes of every connection's buffers
 * together. */
typedef struct {
  guint max_connections;
  guint connections, peak_connections;
  guint64 refused;        /* SYNs answered with a reset: cap reached, or no descriptor */
  gsize buffer_cap;
  gsize buffered, peak_buffered; /* bytes of buffers allocated */
} JailTcpStats;

void jail_tcp_get_stats (const JailTcp *tcp, JailTcpStats *ret_stats);
/* DNS over TCP to 10.0.2.3 / fd00::3 port 53 goes to this server (the
 * one UDP queries go to); without one it stays with libslirp. */
void jail_tcp_set_nameserver (JailTcp *tcp, const struct sockaddr *addr, socklen_t len);

/* For tests: a smaller budget than the default. */
void jail_tcp_set_buffer_cap (JailTcp *tcp, gsize cap);
