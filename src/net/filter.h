/* The egress filter: frames the sandbox writes to its tap are checked
 * before libslirp sees them.  New TCP connections and UDP datagrams to a
 * destination the rules refuse get a TCP RST or an ICMP "administratively
 * prohibited" back; other packets to it are dropped.  Pure code over byte
 * buffers (unit-tested, fuzzed).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "net/net-config.h"
#include "net/net-parse.h"

typedef struct {
  const JailNetRule *rules;
  size_t n_rules;
  bool dns;           /* 10.0.2.3 / fd00::3 port 53 (TCP and UDP) */
  bool host_loopback; /* 10.0.2.2 / fd00::2 (the host's loopback) */
  /* Is this UDP datagram an answer to one slirp delivered (a published
   * port's client, a reply)?  May be NULL. */
  bool (*udp_reply) (void *opaque, int family, const uint8_t *remote, uint16_t remote_port,
                     uint16_t local_port);
  void *opaque;
} JailNetFilter;

/* Remember a UDP datagram slirp sends into the sandbox, as the key
 * udp_reply gets for its answer: family, remote address, remote port,
 * local port.  Returns false if the frame is not UDP. */
bool jail_net_frame_udp_key (const uint8_t *frame, size_t len, int *ret_family,
                             const uint8_t **ret_remote, uint16_t *ret_remote_port,
                             uint16_t *ret_local_port);

typedef enum {
  JAIL_NET_PASS,     /* give the frame to slirp */
  JAIL_NET_DROP,
  JAIL_NET_REPLY,    /* drop it, and write `reply` back to the tap */
} JailNetVerdict;

/* reply must hold JAIL_NET_REPLY_MAX bytes. */
#define JAIL_NET_REPLY_MAX 1294
JailNetVerdict jail_net_filter_frame (const JailNetFilter *f, const uint8_t *frame, size_t len,
                                      uint8_t *reply, size_t *reply_len);

/* A frame for which libslirp keeps a host socket of its own: a UDP
 * datagram (one socket per source port of the sandbox's) or an ICMP echo
 * request (one per identifier).  *ret_key names that socket. */
bool jail_net_frame_slirp_socket_key (const uint8_t *frame, size_t len, uint32_t *ret_key);

/* Is the frame a UDP datagram to the DNS forwarder (10.0.2.3 or fd00::3,
 * port 53)?  Then *ret_payload/len point into it. */
bool jail_net_frame_is_dns_query (const uint8_t *frame, size_t len, const uint8_t **ret_payload,
                                  size_t *ret_len);

/* The answer to such a query: a UDP datagram from the forwarder back to
 * the sender, carrying payload.  Returns its length, 0 if out is too small. */
size_t jail_net_make_udp_reply (const uint8_t *query, const uint8_t *payload, size_t len,
                                uint8_t *out, size_t out_size);

/* For the denial report: a frame jail_net_filter_frame answered with
 * JAIL_NET_REPLY (a refused TCP SYN or UDP datagram) as "ADDR:PORT/tcp"
 * in `what`, and the --net-allow value that would let it through in
 * `allow` ("" when no rule can: the virtual network's own addresses).
 * False for any other frame. */
bool jail_net_describe_refusal (const uint8_t *frame, size_t len, char *what, size_t what_size,
                                char *allow, size_t allow_size);
