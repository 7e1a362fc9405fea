/* The virtual network a --net=slirp sandbox lives on, defined once: the
 * tap inside the sandbox, libslirp's configuration in the network engine,
 * the egress filter, the TCP path and the sandbox's resolv.conf all read
 * it from here.  The addresses are QEMU's user-mode networking defaults,
 * the ones libslirp's users and guests expect.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

/* Large enough that a TCP segment of the sandbox's is rarely split; the
 * tap, libslirp and the TCP path's MSS agree on it. */
#define JAIL_NET_MTU 65520

/* One family's side of the network.  Addresses are in network order, 4 or
 * 16 bytes by family. */
typedef struct {
  int family;
  uint8_t network[16];    /* 10.0.2.0 / fd00:: */
  unsigned char prefix_len; /* 24 / 64 (a whole number of bytes) */
  uint8_t gateway[16];    /* 10.0.2.2 / fd00::2: stands for the host's loopback */
  uint8_t nameserver[16]; /* 10.0.2.3 / fd00::3: the DNS forwarder */
  uint8_t sandbox[16];    /* 10.0.2.100 / fd00::100: the tap's own address */
  /* IPv4 only: the first address libslirp's DHCP server would hand out
   * (jail turns DHCP off, but libslirp wants one inside the network). */
  uint8_t dhcp_start[16];
} JailNetVirtual;

extern const JailNetVirtual jail_net_virtual4;
extern const JailNetVirtual jail_net_virtual6;

/* The side of the network for AF_INET or AF_INET6. */
const JailNetVirtual *jail_net_virtual (int family);

/* Is the address (network order, by family) inside the virtual network,
 * its gateway, its DNS forwarder? */
bool jail_net_in_virtual_network (int family, const uint8_t *addr);
bool jail_net_is_gateway (int family, const uint8_t *addr);
bool jail_net_is_nameserver (int family, const uint8_t *addr);
