/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "net/checksum.h"
#include "net/filter.h"

#define ETH_HLEN 14
#define PROTO_ICMP 1
#define PROTO_TCP 6
#define PROTO_UDP 17
#define PROTO_ICMP6 58
#define TCP_FIN 0x01
#define TCP_SYN 0x02
#define TCP_RST 0x04
#define TCP_ACK 0x10

static uint16_t
get16 (const uint8_t *p)
{
  return (uint16_t) (p[0] << 8 | p[1]);
}

static void
put16 (uint8_t *p, uint16_t v)
{
  p[0] = (uint8_t) (v >> 8);
  p[1] = (uint8_t) v;
}

/* Checksum of an L4 segment with its IPv4 or IPv6 pseudo-header (for the
 * sum, IPv6's 32-bit length is the same as IPv4's 16-bit one), in the
 * order it is stored in (see checksum.h). */
static uint16_t
l4_checksum (int family, const uint8_t *src, const uint8_t *dst, uint8_t proto, const uint8_t *l4,
             size_t len)
{
  size_t alen = family == AF_INET ? 4 : 16;
  uint8_t rest[4] = { 0, proto, (uint8_t) (len >> 8), (uint8_t) len };
  uint64_t sum = jail_net_csum_add (0, src, alen);
  sum = jail_net_csum_add (sum, dst, alen);
  sum = jail_net_csum_add (sum, rest, 4);
  return jail_net_csum_fold (jail_net_csum_add (sum, l4, len));
}

static void
put_checksum (uint8_t *p, uint16_t sum)
{
  memcpy (p, &sum, 2);
}

/* Ethernet + IP header of a reply to the frame: addresses swapped. */
static size_t
reply_headers (int family, const uint8_t *frame, uint8_t *out, uint8_t proto, size_t l4len)
{
  memcpy (out, frame + 6, 6);
  memcpy (out + 6, frame, 6);
  memcpy (out + 12, frame + 12, 2);
  uint8_t *ip = out + ETH_HLEN;
  const uint8_t *oip = frame + ETH_HLEN;
  if (family == AF_INET)
    {
      memset (ip, 0, 20);
      ip[0] = 0x45;
      put16 (ip + 2, (uint16_t) (20 + l4len));
      ip[8] = 64;
      ip[9] = proto;
      memcpy (ip + 12, oip + 16, 4);
      memcpy (ip + 16, oip + 12, 4);
      put_checksum (ip + 10, jail_net_csum_fold (jail_net_csum_add (0, ip, 20)));
      return ETH_HLEN + 20;
    }
  memset (ip, 0, 40);
  ip[0] = 0x60;
  put16 (ip + 4, (uint16_t) l4len);
  ip[6] = proto;
  ip[7] = 64;
  memcpy (ip + 8, oip + 24, 16);
  memcpy (ip + 24, oip + 8, 16);
  return ETH_HLEN + 40;
}

static size_t
make_rst (int family, const uint8_t *frame, const uint8_t *tcp, size_t tcplen, size_t iphl,
          uint8_t *out)
{
  size_t off = reply_headers (family, frame, out, PROTO_TCP, 20);
  uint8_t *t = out + off;
  memset (t, 0, 20);
  memcpy (t, tcp + 2, 2);
  memcpy (t + 2, tcp, 2);
  uint32_t seq = (uint32_t) get16 (tcp + 4) << 16 | get16 (tcp + 6);
  size_t thl = (size_t) (tcp[12] >> 4) * 4;
  uint32_t ack = seq + (uint32_t) (tcplen - thl) + ((tcp[13] & TCP_SYN) ? 1 : 0)
                 + ((tcp[13] & TCP_FIN) ? 1 : 0);
  put16 (t + 8, (uint16_t) (ack >> 16));
  put16 (t + 10, (uint16_t) ack);
  t[12] = 5 << 4;
  t[13] = TCP_RST | TCP_ACK;
  const uint8_t *ip = out + ETH_HLEN;
  const uint8_t *src = family == AF_INET ? ip + 12 : ip + 8;
  const uint8_t *dst = family == AF_INET ? ip + 16 : ip + 24;
  put_checksum (t + 16, l4_checksum (family, src, dst, PROTO_TCP, t, 20));
  (void) iphl;
  return off + 20;
}

/* ICMP destination unreachable, administratively prohibited, quoting the
 * start of the offending packet. */
static size_t
make_unreachable (int family, const uint8_t *frame, size_t len, uint8_t *out)
{
  const uint8_t *oip = frame + ETH_HLEN;
  size_t quote = len - ETH_HLEN;
  size_t hdr = family == AF_INET ? 20 : 40;
  size_t max_quote = JAIL_NET_REPLY_MAX - ETH_HLEN - hdr - 8;
  if (family == AF_INET && quote > (size_t) ((oip[0] & 15) * 4 + 8))
    quote = (size_t) ((oip[0] & 15) * 4 + 8);
  if (quote > max_quote)
    quote = max_quote;
  uint8_t proto = family == AF_INET ? PROTO_ICMP : PROTO_ICMP6;
  size_t off = reply_headers (family, frame, out, proto, 8 + quote);
  uint8_t *icmp = out + off;
  memset (icmp, 0, 8);
  icmp[0] = family == AF_INET ? 3 : 1;  /* destination unreachable */
  icmp[1] = family == AF_INET ? 13 : 1; /* administratively prohibited */
  memcpy (icmp + 8, oip, quote);
  const uint8_t *ip = out + ETH_HLEN;
  if (family == AF_INET)
    put_checksum (icmp + 2, jail_net_csum_fold (jail_net_csum_add (0, icmp, 8 + quote)));
  else
    put_checksum (icmp + 2, l4_checksum (family, ip + 8, ip + 24, PROTO_ICMP6, icmp, 8 + quote));
  return off + 8 + quote;
}

JailNetVerdict
jail_net_filter_frame (const JailNetFilter *f, const uint8_t *frame, size_t len, uint8_t *reply,
                       size_t *reply_len)
{
  if (len < ETH_HLEN)
    return JAIL_NET_DROP;
  uint16_t type = get16 (frame + 12);
  const uint8_t *ip = frame + ETH_HLEN;
  size_t iplen = len - ETH_HLEN;
  int family;
  const uint8_t *dst;
  uint8_t proto;
  size_t hl;
  bool later_fragment = false;

  if (type == 0x0800)
    {
      if (iplen < 20 || (ip[0] >> 4) != 4 || (size_t) (ip[0] & 15) * 4 < 20
          || (size_t) (ip[0] & 15) * 4 > iplen)
        return JAIL_NET_DROP;
      family = AF_INET;
      hl = (size_t) (ip[0] & 15) * 4;
      proto = ip[9];
      dst = ip + 16;
      later_fragment = (get16 (ip + 6) & 0x1fff) != 0;
    }
  else if (type == 0x86dd)
    {
      if (iplen < 40 || (ip[0] >> 4) != 6)
        return JAIL_NET_DROP;
      family = AF_INET6;
      hl = 40;
      proto = ip[6];
      dst = ip + 24;
      /* Link-local and multicast (neighbour discovery, router
       * solicitations) stay on the virtual link. */
      if (dst[0] == 0xff || (dst[0] == 0xfe && (dst[1] & 0xc0) == 0x80))
        return JAIL_NET_PASS;
      /* Extension headers hide the transport: only plain packets go. */
      if (proto != PROTO_TCP && proto != PROTO_UDP && proto != PROTO_ICMP6)
        return JAIL_NET_DROP;
    }
  else
    return JAIL_NET_PASS; /* ARP */

  const uint8_t *l4 = ip + hl;
  size_t l4len = iplen - hl;
  /* Neighbour discovery (router/neighbour solicitations and adverts). */
  if (proto == PROTO_ICMP6 && l4len >= 1 && l4[0] >= 133 && l4[0] <= 137)
    return JAIL_NET_PASS;
  bool ports = (proto == PROTO_TCP || proto == PROTO_UDP) && !later_fragment;
  if (ports && l4len < (proto == PROTO_TCP ? 20u : 8u))
    return JAIL_NET_DROP;
  int port = ports ? get16 (l4 + 2) : -1;

  /* Only new connections are judged: every other TCP segment belongs to
   * one that was allowed, or came in through a published port. */
  if (proto == PROTO_TCP && ports && ((l4[13] & (TCP_SYN | TCP_ACK | TCP_RST)) != TCP_SYN))
    return JAIL_NET_PASS;
  if (proto == PROTO_UDP && ports && f->udp_reply != NULL
      && f->udp_reply (f->opaque, family, dst, (uint16_t) port, get16 (l4)))
    return JAIL_NET_PASS;

  bool allowed;
  if (jail_net_in_virtual_network (family, dst))
    {
      /* The virtual network: libslirp maps every address of it but the
       * sandbox's own to the host's loopback (or its resolver). */
      if (jail_net_is_nameserver (family, dst))
        /* DNS is its own switch, and only DNS: libslirp would carry any
         * port of 10.0.2.3 to the host's resolver address, which may be
         * on the host's loopback. */
        allowed = f->dns && port == 53;
      else if (jail_net_is_gateway (family, dst))
        allowed = f->host_loopback
                  && jail_net_rules_allow (f->rules, f->n_rules, family, dst, port);
      else
        allowed = false;
    }
  else
    allowed = jail_net_rules_allow (f->rules, f->n_rules, family, dst, port);
  if (allowed)
    return JAIL_NET_PASS;

  if (proto == PROTO_TCP && ports)
    {
      *reply_len = make_rst (family, frame, l4, l4len, hl, reply);
      return JAIL_NET_REPLY;
    }
  if (proto == PROTO_UDP && ports)
    {
      *reply_len = make_unreachable (family, frame, len, reply);
      return JAIL_NET_REPLY;
    }
  return JAIL_NET_DROP;
}

bool
jail_net_frame_is_dns_query (const uint8_t *frame, size_t len, const uint8_t **ret_payload,
                             size_t *ret_len)
{
  if (len < ETH_HLEN + 20)
    return false;
  const uint8_t *ip = frame + ETH_HLEN;
  size_t hl;
  uint16_t type = get16 (frame + 12);
  if (type == 0x0800 && (ip[0] >> 4) == 4 && ip[9] == PROTO_UDP
      && jail_net_is_nameserver (AF_INET, ip + 16) && (get16 (ip + 6) & 0x3fff) == 0)
    hl = (size_t) (ip[0] & 15) * 4;
  else if (type == 0x86dd && len >= ETH_HLEN + 40 && (ip[0] >> 4) == 6 && ip[6] == PROTO_UDP
           && jail_net_is_nameserver (AF_INET6, ip + 24))
    hl = 40;
  else
    return false;
  if (hl < 20 || ETH_HLEN + hl + 8 > len)
    return false;
  const uint8_t *udp = ip + hl;
  size_t ulen = get16 (udp + 4);
  if (get16 (udp + 2) != 53 || ulen < 8 || ETH_HLEN + hl + ulen > len)
    return false;
  *ret_payload = udp + 8;
  *ret_len = ulen - 8;
  return true;
}

size_t
jail_net_make_udp_reply (const uint8_t *query, const uint8_t *payload, size_t len, uint8_t *out,
                         size_t out_size)
{
  int family = get16 (query + 12) == 0x0800 ? AF_INET : AF_INET6;
  const uint8_t *qip = query + ETH_HLEN;
  const uint8_t *qudp = qip + (family == AF_INET ? (size_t) (qip[0] & 15) * 4 : 40);
  size_t hdr = ETH_HLEN + (family == AF_INET ? 20 : 40) + 8;
  if (hdr + len > out_size || len > 65000)
    return 0;
  size_t off = reply_headers (family, query, out, PROTO_UDP, 8 + len);
  uint8_t *udp = out + off;
  memcpy (udp, qudp + 2, 2);
  memcpy (udp + 2, qudp, 2);
  put16 (udp + 4, (uint16_t) (8 + len));
  put16 (udp + 6, 0);
  memcpy (udp + 8, payload, len);
  const uint8_t *ip = out + ETH_HLEN;
  uint16_t sum = family == AF_INET
                   ? l4_checksum (family, ip + 12, ip + 16, PROTO_UDP, udp, 8 + len)
                   : l4_checksum (family, ip + 8, ip + 24, PROTO_UDP, udp, 8 + len);
  put_checksum (udp + 6, sum == 0 ? 0xffff : sum);
  return off + 8 + len;
}

bool
jail_net_frame_udp_key (const uint8_t *frame, size_t len, int *ret_family,
                        const uint8_t **ret_remote, uint16_t *ret_remote_port,
                        uint16_t *ret_local_port)
{
  if (len < ETH_HLEN + 28)
    return false;
  const uint8_t *ip = frame + ETH_HLEN;
  size_t hl;
  uint16_t type = get16 (frame + 12);
  if (type == 0x0800 && (ip[0] >> 4) == 4 && ip[9] == PROTO_UDP && (get16 (ip + 6) & 0x1fff) == 0)
    {
      hl = (size_t) (ip[0] & 15) * 4;
      *ret_family = AF_INET;
      *ret_remote = ip + 12;
    }
  else if (type == 0x86dd && len >= ETH_HLEN + 48 && (ip[0] >> 4) == 6 && ip[6] == PROTO_UDP)
    {
      hl = 40;
      *ret_family = AF_INET6;
      *ret_remote = ip + 8;
    }
  else
    return false;
  if (hl < 20 || ETH_HLEN + hl + 8 > len)
    return false;
  *ret_remote_port = get16 (ip + hl);
  *ret_local_port = get16 (ip + hl + 2);
  return true;
}

bool
jail_net_frame_slirp_socket_key (const uint8_t *frame, size_t len, uint32_t *ret_key)
{
  int family;
  const uint8_t *remote;
  uint16_t sport, dport;
  if (jail_net_frame_udp_key (frame, len, &family, &remote, &sport, &dport))
    {
      *ret_key = (uint32_t) (family == AF_INET6) << 24 | PROTO_UDP << 16 | sport;
      return true;
    }
  /* An echo request (no options, no fragments): its identifier. */
  if (len < ETH_HLEN + 20 + 8)
    return false;
  const uint8_t *ip = frame + ETH_HLEN;
  uint16_t type = get16 (frame + 12);
  if (type == 0x0800 && ip[0] == 0x45 && ip[9] == PROTO_ICMP && (get16 (ip + 6) & 0x1fff) == 0
      && ip[20] == 8)
    {
      *ret_key = PROTO_ICMP << 16 | get16 (ip + 24);
      return true;
    }
  if (type == 0x86dd && len >= ETH_HLEN + 40 + 8 && (ip[0] >> 4) == 6 && ip[6] == PROTO_ICMP6 && ip[40] == 128)
    {
      *ret_key = 1u << 24 | PROTO_ICMP6 << 16 | get16 (ip + 44);
      return true;
    }
  return false;
}

bool
jail_net_describe_refusal (const uint8_t *frame, size_t len, char *what, size_t what_size,
                           char *allow, size_t allow_size)
{
  if (len < ETH_HLEN + 20)
    return false;
  const uint8_t *ip = frame + ETH_HLEN;
  uint16_t type = get16 (frame + 12);
  int family;
  size_t hl;
  uint8_t proto;
  const uint8_t *dst;
  if (type == 0x0800 && (ip[0] >> 4) == 4 && (size_t) (ip[0] & 15) * 4 >= 20)
    family = AF_INET, hl = (size_t) (ip[0] & 15) * 4, proto = ip[9], dst = ip + 16;
  else if (type == 0x86dd && (ip[0] >> 4) == 6 && len >= ETH_HLEN + 40)
    family = AF_INET6, hl = 40, proto = ip[6], dst = ip + 24;
  else
    return false;
  if ((proto != PROTO_TCP && proto != PROTO_UDP) || ETH_HLEN + hl + 4 > len)
    return false;
  int port = get16 (ip + hl + 2);
  char addr[INET6_ADDRSTRLEN];
  if (inet_ntop (family, dst, addr, sizeof addr) == NULL)
    return false;
  bool v6 = family == AF_INET6;
  snprintf (what, what_size, "%s%s%s:%d/%s", v6 ? "[" : "", addr, v6 ? "]" : "", port,
            proto == PROTO_TCP ? "tcp" : "udp");
  /* The gateway is the host's loopback: rules apply to it, with
   * --net-allow-host-loopback (the caller knows whether that is given). */
  if (jail_net_in_virtual_network (family, dst) && !jail_net_is_gateway (family, dst))
    allow[0] = '\0';
  else
    snprintf (allow, allow_size, "%s%s%s:%d", v6 ? "[" : "", addr, v6 ? "]" : "", port);
  return true;
}
