/* Parsers and matchers for the network options: addresses with prefixes,
 * port ranges, --publish, --net-allow/--net-deny.  Pure functions (no
 * I/O), unit-tested and fuzzed.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct {
  int family;         /* AF_INET or AF_INET6 */
  uint8_t addr[16];   /* network byte order; 4 bytes used for AF_INET */
  unsigned prefix;    /* 0..32 or 0..128 */
  uint16_t port_lo;   /* 0..65535; 0-65535 when no port was given */
  uint16_t port_hi;
} JailNetCidr;

typedef struct {
  bool allow;         /* --net-allow, else --net-deny */
  JailNetCidr cidr;
} JailNetRule;

typedef struct {
  int family;         /* of the host address */
  uint8_t host_addr[16];
  uint16_t host_port;
  uint16_t sandbox_port;
  bool udp;
} JailNetPublish;

/* "ADDR[/PREFIX][:PORT[-PORT]]"; IPv6 with a port as "[ADDR[/PREFIX]]:PORT".
 * A plain address is a /32 or /128. */
bool jail_net_parse_rule (const char *text, JailNetCidr *ret, GError **error);

/* "[HOSTADDR:]HOSTPORT:SANDBOXPORT[/tcp|/udp]", HOSTADDR 127.0.0.1 by
 * default, IPv6 host addresses in brackets. */
bool jail_net_parse_publish (const char *text, JailNetPublish *ret, GError **error);

/* "A.B.C.D" or an IPv6 address (no prefix, no port). */
bool jail_net_parse_addr (const char *text, int *ret_family, uint8_t ret_addr[16]);

/* "ADDR", "IPV4:PORT" or "[IPV6]:PORT"; *ret_port is kept when none is
 * given (set it to the default first). */
bool jail_net_parse_host_port (const char *text, int *ret_family, uint8_t ret_addr[16],
                               uint16_t *ret_port);

/* Does the rule cover addr (same family) and port?  port < 0 means "any
 * port": only a rule over all ports covers it. */
bool jail_net_cidr_match (const JailNetCidr *c, int family, const uint8_t *addr, int port);

/* Deny rules win over allow rules; without any allow rule, everything not
 * denied is allowed; with one, only what an allow rule covers.  port < 0:
 * unknown (fragments, ICMP): denied if any deny rule covers the address,
 * allowed only by an allow rule over all ports. */
bool jail_net_rules_allow (const JailNetRule *rules, size_t n, int family, const uint8_t *addr,
                           int port);

/* For --print and messages; the result is to be freed. */
char *jail_net_cidr_to_string (const JailNetCidr *c);
char *jail_net_publish_to_string (const JailNetPublish *p);
