/* libFuzzer target: the network parsers and the egress filter.
 *
 * The first byte picks what the rest is: 0 a --net-allow rule, 1 a
 * --publish value, 2 ADDR[:PORT], anything else an Ethernet frame for the
 * filter (with a few rules and DNS on), whose reply is checked to fit.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net/filter.h"
#include "net/net-parse.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static bool
no_reply (void *opaque, int family, const uint8_t *remote, uint16_t rport, uint16_t lport)
{
  return rport == 53;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  if (size < 1)
    return 0;
  uint8_t kind = data[0];
  data++, size--;
  if (kind <= 2)
    {
      char *text = g_strndup ((const char *) data, size);
      JailNetCidr c;
      JailNetPublish p;
      int family;
      uint8_t addr[16];
      uint16_t port = 53;
      if (kind == 0 && jail_net_parse_rule (text, &c, NULL))
        {
          char *s = jail_net_cidr_to_string (&c);
          JailNetCidr again;
          /* What we print parses back to the same rule. */
          if (!jail_net_parse_rule (s, &again, NULL) || memcmp (&c, &again, sizeof c) != 0)
            abort ();
          JailNetRule r = { .allow = true, .cidr = c };
          jail_net_rules_allow (&r, 1, c.family, c.addr, c.port_lo);
          g_free (s);
        }
      else if (kind == 1 && jail_net_parse_publish (text, &p, NULL))
        g_free (jail_net_publish_to_string (&p));
      else if (kind == 2)
        jail_net_parse_host_port (text, &family, addr, &port);
      g_free (text);
      return 0;
    }
  static JailNetRule rules[3];
  static bool init;
  if (!init)
    {
      jail_net_parse_rule ("10.0.0.0/8:1-1000", &rules[0].cidr, NULL);
      rules[0].allow = true;
      jail_net_parse_rule ("[fd00::/8]:80", &rules[1].cidr, NULL);
      rules[1].allow = true;
      jail_net_parse_rule ("10.9.0.0/16", &rules[2].cidr, NULL);
      init = true;
    }
  JailNetFilter f = { .rules = rules, .n_rules = 3, .dns = kind & 1,
                      .host_loopback = kind & 2, .udp_reply = no_reply };
  uint8_t *frame = g_memdup2 (data, size); /* exact size: ASan sees overreads */
  uint8_t reply[JAIL_NET_REPLY_MAX];
  size_t rlen = 0;
  if (jail_net_filter_frame (&f, frame, size, reply, &rlen) == JAIL_NET_REPLY
      && (rlen < 14 || rlen > sizeof reply))
    abort ();
  /* The denial report's description of any frame: bounded strings. */
  char what[64], allow[64];
  if (jail_net_describe_refusal (frame, size, what, sizeof what, allow, sizeof allow)
      && (memchr (what, '\0', sizeof what) == NULL || memchr (allow, '\0', sizeof allow) == NULL))
    abort ();
  const uint8_t *payload;
  size_t plen;
  if (jail_net_frame_is_dns_query (frame, size, &payload, &plen))
    {
      uint8_t out[600];
      if (payload < frame || payload + plen > frame + size)
        abort ();
      jail_net_make_udp_reply (frame, payload, plen < 500 ? plen : 500, out, sizeof out);
    }
  int family;
  const uint8_t *remote;
  uint16_t rport, lport;
  jail_net_frame_udp_key (frame, size, &family, &remote, &rport, &lport);
  uint32_t key;
  jail_net_frame_slirp_socket_key (frame, size, &key);
  g_free (frame);
  return 0;
}
