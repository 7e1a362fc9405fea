/* Parsers and matchers of the network options, and the egress filter.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>

#include "net/filter.h"
#include "net/net-parse.h"

static JailNetCidr
rule (const char *text)
{
  JailNetCidr c;
  g_autoptr (GError) error = NULL;
  g_assert_true (jail_net_parse_rule (text, &c, &error));
  g_assert_no_error (error);
  return c;
}

static void
check_round_trip (const char *text, const char *expected)
{
  JailNetCidr c = rule (text);
  g_autofree char *s = jail_net_cidr_to_string (&c);
  g_assert_cmpstr (s, ==, expected);
}

static void
test_rules (void)
{
  check_round_trip ("10.0.0.0/8", "10.0.0.0/8");
  check_round_trip ("1.2.3.4", "1.2.3.4/32");
  check_round_trip ("1.2.3.4:443", "1.2.3.4/32:443");
  check_round_trip ("0.0.0.0/0:1000-2000", "0.0.0.0/0:1000-2000");
  check_round_trip ("2001:db8::/32", "2001:db8::/32");
  check_round_trip ("[2001:db8::1]:53", "[2001:db8::1/128]:53");
  check_round_trip ("[fd00::/64]:1-65535", "fd00::/64");
  check_round_trip ("::1", "::1/128");
}

static void
test_bad_rules (void)
{
  static const char *const bad[] = {
    "", "10.0.0.1/8", "10.0.0.0/33", "1.2.3.4:0", "1.2.3.4:65536", "1.2.3.4:20-10",
    "1.2.3.4:", "1.2.3.4:-5", "host.example", "[::1", "[::1]x", "::1/129", "1.2.3.4/",
    "1.2.3.4:1-2-3", "1.2.3.4/08x", "[1.2.3.4]:80:90", "fd00::1:80/64",
  };
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      JailNetCidr c;
      g_autoptr (GError) error = NULL;
      g_assert_false (jail_net_parse_rule (bad[i], &c, &error));
      g_assert_nonnull (error);
      g_assert_nonnull (strstr (error->message, bad[i]));
    }
}

static void
test_publish (void)
{
  static const struct {
    const char *in, *out;
  } good[] = {
    { "8080:80", "127.0.0.1:8080:80/tcp" },
    { "0.0.0.0:53:5353/udp", "0.0.0.0:53:5353/udp" },
    { "[::1]:8443:443/tcp", "[::1]:8443:443/tcp" },
    { "192.168.1.2:1:65535", "192.168.1.2:1:65535/tcp" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      JailNetPublish p;
      g_assert_true (jail_net_parse_publish (good[i].in, &p, NULL));
      g_autofree char *s = jail_net_publish_to_string (&p);
      g_assert_cmpstr (s, ==, good[i].out);
    }
  static const char *const bad[] = {
    "8080", "8080:", ":80", "8080:80/sctp", "x:1:2", "1.2.3.4:0:80", "1:2:3:4", "[::1]:80",
    "[::1]8080:80", "70000:80", "80:80/", "localhost:80:80",
  };
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      JailNetPublish p;
      g_autoptr (GError) error = NULL;
      g_assert_false (jail_net_parse_publish (bad[i], &p, &error));
      g_assert_nonnull (error);
    }
}

static void
test_host_port (void)
{
  int family;
  uint8_t addr[16];
  uint16_t port = 53;
  g_assert_true (jail_net_parse_host_port ("127.0.0.77", &family, addr, &port));
  g_assert_cmpint (port, ==, 53);
  g_assert_true (jail_net_parse_host_port ("127.0.0.77:5353", &family, addr, &port));
  g_assert_cmpint (port, ==, 5353);
  g_assert_true (jail_net_parse_host_port ("[::1]:54", &family, addr, &port));
  g_assert_cmpint (family, ==, AF_INET6);
  g_assert_cmpint (port, ==, 54);
  g_assert_true (jail_net_parse_host_port ("::1", &family, addr, &port));
  g_assert_false (jail_net_parse_host_port ("1.2.3.4:0", &family, addr, &port));
  g_assert_false (jail_net_parse_host_port ("name:53", &family, addr, &port));
}

static bool
allows (const JailNetRule *rules, size_t n, const char *addr, int port)
{
  int family;
  uint8_t a[16];
  g_assert_true (jail_net_parse_addr (addr, &family, a));
  return jail_net_rules_allow (rules, n, family, a, port);
}

static void
test_matching (void)
{
  JailNetRule rules[] = {
    { .allow = true, .cidr = rule ("10.1.0.0/16:443") },
    { .allow = true, .cidr = rule ("192.0.2.0/25") },
    { .allow = false, .cidr = rule ("192.0.2.7:22") },
    { .allow = true, .cidr = rule ("[2001:db8::/33]:80-81") },
  };
  /* No rules: everything. */
  g_assert_true (allows (rules, 0, "8.8.8.8", 53));
  g_assert_true (allows (rules, 4, "10.1.255.3", 443));
  g_assert_false (allows (rules, 4, "10.1.255.3", 444));
  g_assert_false (allows (rules, 4, "10.2.0.1", 443));
  g_assert_true (allows (rules, 4, "192.0.2.127", 5));
  g_assert_false (allows (rules, 4, "192.0.2.128", 5));
  g_assert_true (allows (rules, 4, "192.0.2.7", 80));
  g_assert_false (allows (rules, 4, "192.0.2.7", 22)); /* deny wins */
  g_assert_true (allows (rules, 4, "2001:db8:7fff::1", 81));
  g_assert_false (allows (rules, 4, "2001:db8:8000::1", 81));
  g_assert_false (allows (rules, 4, "2001:db8::1", 82));
  /* Unknown port: a port-limited allow does not cover it; any deny does. */
  g_assert_false (allows (rules, 4, "10.1.0.1", -1));
  g_assert_true (allows (rules, 4, "192.0.2.1", -1));
  g_assert_false (allows (rules, 4, "192.0.2.7", -1));
  /* An IPv4 rule says nothing about IPv6. */
  JailNetRule deny_all4 = { .allow = false, .cidr = rule ("0.0.0.0/0") };
  g_assert_true (allows (&deny_all4, 1, "::1", 1));
  g_assert_false (allows (&deny_all4, 1, "127.0.0.1", 1));
}

/* ---- the filter, on hand-made frames ---- */

static size_t
make_frame (uint8_t *f, const char *dst, uint8_t proto, uint16_t dport, uint8_t tcp_flags)
{
  memset (f, 0, 200);
  memcpy (f, "\x52\x55\x0a\x00\x02\x02", 6);
  memcpy (f + 6, "\x02\x00\x00\x00\x00\x01", 6);
  f[12] = 0x08;
  uint8_t *ip = f + 14;
  ip[0] = 0x45;
  ip[8] = 64;
  ip[9] = proto;
  inet_pton (AF_INET, "10.0.2.100", ip + 12);
  inet_pton (AF_INET, dst, ip + 16);
  uint8_t *l4 = ip + 20;
  l4[0] = 0xc3, l4[1] = 0x50;
  l4[2] = (uint8_t) (dport >> 8), l4[3] = (uint8_t) dport;
  size_t l4len = proto == 6 ? 20 : 12;
  if (proto == 6)
    {
      l4[7] = 9; /* seq 9 */
      l4[12] = 5 << 4;
      l4[13] = tcp_flags;
    }
  else
    l4[5] = 12;
  ip[3] = (uint8_t) (20 + l4len);
  return 14 + 20 + l4len;
}

static void
test_filter (void)
{
  uint8_t f[200], reply[JAIL_NET_REPLY_MAX];
  size_t n, rlen;
  JailNetRule deny = { .allow = false, .cidr = rule ("198.51.100.0/24") };
  JailNetFilter flt = { .rules = &deny, .n_rules = 1, .dns = true };

  n = make_frame (f, "203.0.113.9", 6, 80, 0x02);
  g_assert_cmpint (jail_net_filter_frame (&flt, f, n, reply, &rlen), ==, JAIL_NET_PASS);
  /* A SYN to a denied address: RST|ACK back, addresses swapped, ack = seq+1. */
  n = make_frame (f, "198.51.100.4", 6, 80, 0x02);
  g_assert_cmpint (jail_net_filter_frame (&flt, f, n, reply, &rlen), ==, JAIL_NET_REPLY);
  g_assert_cmpuint (rlen, ==, 54);
  g_assert_cmpmem (reply, 6, f + 6, 6);
  g_assert_cmpmem (reply + 14 + 12, 4, f + 14 + 16, 4);
  g_assert_cmpint (reply[14 + 20 + 13], ==, 0x14);
  g_assert_cmpint (reply[14 + 20 + 11], ==, 10);
  /* Other segments are not judged (only new connections are). */
  n = make_frame (f, "198.51.100.4", 6, 80, 0x10);
  g_assert_cmpint (jail_net_filter_frame (&flt, f, n, reply, &rlen), ==, JAIL_NET_PASS);
  /* UDP: ICMP administratively prohibited. */
  n = make_frame (f, "198.51.100.4", 17, 53, 0);
  g_assert_cmpint (jail_net_filter_frame (&flt, f, n, reply, &rlen), ==, JAIL_NET_REPLY);
  g_assert_cmpint (reply[14 + 9], ==, 1);
  g_assert_cmpint (reply[14 + 20], ==, 3);
  g_assert_cmpint (reply[14 + 20 + 1], ==, 13);
  /* ICMP to a denied address: dropped. */
  n = make_frame (f, "198.51.100.4", 1, 0, 0);
  g_assert_cmpint (jail_net_filter_frame (&flt, f, n, reply, &rlen), ==, JAIL_NET_DROP);
  /* The virtual network: DNS on port 53 only, host loopback only when allowed. */
  n = make_frame (f, "10.0.2.3", 17, 53, 0);
  g_assert_cmpint (jail_net_filter_frame (&flt, f, n, reply, &rlen), ==, JAIL_NET_PASS);
  n = make_frame (f, "10.0.2.3", 6, 22, 0x02);
  g_assert_cmpint (jail_net_filter_frame (&flt, f, n, reply, &rlen), ==, JAIL_NET_REPLY);
  flt.dns = false;
  n = make_frame (f, "10.0.2.3", 17, 53, 0);
  g_assert_cmpint (jail_net_filter_frame (&flt, f, n, reply, &rlen), ==, JAIL_NET_REPLY);
  n = make_frame (f, "10.0.2.2", 6, 8080, 0x02);
  g_assert_cmpint (jail_net_filter_frame (&flt, f, n, reply, &rlen), ==, JAIL_NET_REPLY);
  n = make_frame (f, "10.0.2.9", 6, 8080, 0x02);
  g_assert_cmpint (jail_net_filter_frame (&flt, f, n, reply, &rlen), ==, JAIL_NET_REPLY);
  flt.host_loopback = true;
  n = make_frame (f, "10.0.2.2", 6, 8080, 0x02);
  g_assert_cmpint (jail_net_filter_frame (&flt, f, n, reply, &rlen), ==, JAIL_NET_PASS);
  n = make_frame (f, "10.0.2.9", 6, 8080, 0x02);
  g_assert_cmpint (jail_net_filter_frame (&flt, f, n, reply, &rlen), ==, JAIL_NET_REPLY);
  /* Truncated frames are dropped, never read past their end. */
  for (size_t len = 0; len < 54; len++)
    {
      JailNetVerdict v = jail_net_filter_frame (&flt, f, len, reply, &rlen);
      g_assert_true (v == JAIL_NET_DROP || v == JAIL_NET_PASS || len >= 46);
    }
}

/* The host sockets libslirp keeps for the sandbox: one per UDP source
 * port (whatever the destination), one per ICMP echo identifier. */
static void
test_slirp_socket_key (void)
{
  uint8_t f[200];
  uint32_t k1, k2, k3;
  size_t n = make_frame (f, "203.0.113.9", 17, 53, 0);
  g_assert_true (jail_net_frame_slirp_socket_key (f, n, &k1));
  n = make_frame (f, "198.51.100.4", 17, 123, 0);
  g_assert_true (jail_net_frame_slirp_socket_key (f, n, &k2));
  g_assert_cmpuint (k1, ==, k2);
  f[14 + 20 + 1] = 0x51; /* another source port */
  g_assert_true (jail_net_frame_slirp_socket_key (f, n, &k2));
  g_assert_cmpuint (k1, !=, k2);
  n = make_frame (f, "203.0.113.9", 1, 0, 0);
  f[14 + 20] = 8; /* an echo request, identifier 0x0000 */
  g_assert_true (jail_net_frame_slirp_socket_key (f, n, &k3));
  g_assert_cmpuint (k3, !=, k1);
  f[14 + 20 + 5] = 7; /* another identifier */
  g_assert_true (jail_net_frame_slirp_socket_key (f, n, &k2));
  g_assert_cmpuint (k3, !=, k2);
  f[14 + 20] = 0; /* an echo reply: no socket */
  g_assert_false (jail_net_frame_slirp_socket_key (f, n, &k2));
  n = make_frame (f, "203.0.113.9", 6, 80, 0x02);
  g_assert_false (jail_net_frame_slirp_socket_key (f, n, &k2));
  /* Truncated frames are never read past their end (ASan). */
  for (size_t len = 0; len < n; len++)
    {
      uint8_t *copy = g_memdup2 (f, len);
      jail_net_frame_slirp_socket_key (copy, len, &k2);
      g_free (copy);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/net/rules", test_rules);
  g_test_add_func ("/net/bad-rules", test_bad_rules);
  g_test_add_func ("/net/publish", test_publish);
  g_test_add_func ("/net/host-port", test_host_port);
  g_test_add_func ("/net/matching", test_matching);
  g_test_add_func ("/net/filter", test_filter);
  g_test_add_func ("/net/slirp-socket-key", test_slirp_socket_key);
  return g_test_run ();
}
