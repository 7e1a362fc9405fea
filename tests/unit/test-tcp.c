/* The TCP fast path (src/net/tcp.c) on the wire: the test plays the
 * sandbox's kernel on one end of a packet socketpair standing in for the
 * tap, and real servers on the host's loopback on the other side.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/virtio_net.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "net/tap.h"
#include "net/checksum.h"
#include "net/tcp.h"

#define TH_FIN 0x01
#define TH_SYN 0x02
#define TH_RST 0x04
#define TH_PSH 0x08
#define TH_ACK 0x10

static const uint8_t guest_mac[6] = { 0x02, 0, 0, 0, 0, 0x64 };
static const uint8_t gw_mac[6] = { 0x52, 0x55, 10, 0, 2, 2 };

typedef struct {
  int family;
  uint8_t src[16], dst[16];
  uint16_t sport, dport;
} Flow;

typedef struct {
  uint8_t flags;
  uint32_t seq, ack;
  uint16_t wnd;
  uint16_t mss;  /* from a SYN, 0 if none */
  int wscale;    /* from a SYN, -1 if none */
  size_t plen;
  uint8_t payload[70000];
} Seen;

typedef struct {
  JailTcp *tcp;
  int wire;      /* the sandbox's end of the "tap" */
  int tap;       /* the fast path's end */
  Flow flow;
} Net;

/* RFC 1071, the slow obvious way, to check the fast one against. */
static uint16_t
ref_checksum (const uint8_t *const *parts, const size_t *lens, int n)
{
  uint32_t sum = 0;
  for (int k = 0; k < n; k++)
    {
      for (size_t i = 0; i + 1 < lens[k]; i += 2)
        sum += (uint32_t) (parts[k][i] << 8 | parts[k][i + 1]);
      if (lens[k] & 1)
        sum += (uint32_t) parts[k][lens[k] - 1] << 8;
    }
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  return (uint16_t) ~sum;
}

static uint16_t
l4_ref_checksum (int family, const uint8_t *ip, const uint8_t *l4, size_t len)
{
  uint8_t pseudo[40];
  size_t alen = family == AF_INET ? 4 : 16;
  memcpy (pseudo, family == AF_INET ? ip + 12 : ip + 8, alen);
  memcpy (pseudo + alen, family == AF_INET ? ip + 16 : ip + 24, alen);
  uint8_t tail[8] = { 0, 0, (uint8_t) (len >> 8), (uint8_t) len, 0, 0, 0, 6 };
  const uint8_t *parts[] = { pseudo, tail + (family == AF_INET ? 4 : 0), l4 };
  size_t lens[] = { 2 * alen, family == AF_INET ? 4 : 8, len };
  if (family == AF_INET)
    {
      tail[4] = 0, tail[5] = 6, tail[6] = (uint8_t) (len >> 8), tail[7] = (uint8_t) len;
    }
  return ref_checksum (parts, lens, 3);
}

static void
test_checksum (void)
{
  uint8_t data[3000];
  for (size_t i = 0; i < sizeof data; i++)
    data[i] = (uint8_t) g_test_rand_int ();
  for (size_t len = 0; len < sizeof data; len += 1 + len / 7)
    {
      const uint8_t *parts[] = { data };
      size_t lens[] = { len };
      uint16_t fast = jail_net_csum_fold (jail_net_csum_add (0, data, len));
      uint8_t stored[2];
      memcpy (stored, &fast, 2);
      g_assert_cmpuint ((unsigned) (stored[0] << 8 | stored[1]), ==, ref_checksum (parts, lens, 1));
      /* In two parts, the first of even length. */
      size_t cut = (len / 3) & ~(size_t) 1;
      uint64_t sum = jail_net_csum_add (jail_net_csum_add (0, data, cut), data + cut, len - cut);
      g_assert_cmpuint (jail_net_csum_fold (sum), ==, fast);
    }
  memset (data, 0xff, sizeof data); /* carries everywhere */
  const uint8_t *parts[] = { data };
  size_t lens[] = { sizeof data };
  uint16_t fast = jail_net_csum_fold (jail_net_csum_add (0, data, sizeof data));
  uint8_t stored[2];
  memcpy (stored, &fast, 2);
  g_assert_cmpuint ((unsigned) (stored[0] << 8 | stored[1]), ==, ref_checksum (parts, lens, 1));
}

/* ---- the sandbox's side ---- */

static void
put16 (uint8_t *p, uint32_t v)
{
  p[0] = (uint8_t) (v >> 8);
  p[1] = (uint8_t) v;
}

static void
put32 (uint8_t *p, uint32_t v)
{
  put16 (p, v >> 16);
  put16 (p + 2, v & 0xffff);
}

static uint32_t
get32 (const uint8_t *p)
{
  return (uint32_t) p[0] << 24 | (uint32_t) p[1] << 16 | (uint32_t) p[2] << 8 | p[3];
}

/* A segment from the sandbox, handed to the fast path; returns what
 * jail_tcp_input said. */
static bool
send_segment (Net *n, uint32_t seq, uint32_t ack, uint8_t flags, uint16_t wnd, const void *data,
              size_t len)
{
  static uint8_t f[14 + 40 + 28 + 70000];
  const Flow *fl = &n->flow;
  size_t iphl = fl->family == AF_INET ? 20 : 40;
  size_t thl = (flags & TH_SYN) ? 28 : 20;
  uint8_t *ip = f + 14, *t = ip + iphl;
  memcpy (f, gw_mac, 6);
  memcpy (f + 6, guest_mac, 6);
  put16 (f + 12, fl->family == AF_INET ? 0x0800 : 0x86dd);
  memset (ip, 0, iphl);
  if (fl->family == AF_INET)
    {
      ip[0] = 0x45;
      put16 (ip + 2, (uint32_t) (20 + thl + len));
      ip[8] = 64;
      ip[9] = 6;
      memcpy (ip + 12, fl->src, 4);
      memcpy (ip + 16, fl->dst, 4);
    }
  else
    {
      ip[0] = 0x60;
      put16 (ip + 4, (uint32_t) (thl + len));
      ip[6] = 6;
      ip[7] = 64;
      memcpy (ip + 8, fl->src, 16);
      memcpy (ip + 24, fl->dst, 16);
    }
  memset (t, 0, thl);
  put16 (t, fl->sport);
  put16 (t + 2, fl->dport);
  put32 (t + 4, seq);
  put32 (t + 8, ack);
  t[12] = (uint8_t) ((thl / 4) << 4);
  t[13] = flags;
  put16 (t + 14, wnd);
  if (flags & TH_SYN)
    {
      uint8_t opts[8] = { 2, 4, 0xff, 0xc8, 1, 3, 3, 7 }; /* MSS 65480, wscale 7 */
      memcpy (t + 20, opts, 8);
    }
  if (len > 0)
    memcpy (t + thl, data, len);
  uint16_t sum = l4_ref_checksum (fl->family, ip, t, thl + len);
  put16 (t + 16, sum);
  bool taken = jail_tcp_input (n->tcp, f, 14 + iphl + thl + len);
  jail_tcp_flush (n->tcp);
  return taken;
}

/* Run the fast path's side until a frame reaches the sandbox (or
 * timeout_ms passes: false). Checks its IP and TCP checksums. */
static bool
receive (Net *n, Seen *s, int timeout_ms)
{
  static uint8_t buf[JAIL_TAP_HDR_LEN + 14 + 65536];
  uint8_t *f = buf + JAIL_TAP_HDR_LEN;
  gint64 end = g_get_monotonic_time () / 1000 + timeout_ms;
  for (;;)
    {
      ssize_t len = recv (n->wire, buf, sizeof buf, MSG_DONTWAIT) - JAIL_TAP_HDR_LEN;
      if (len > 0)
        {
          int family = (f[12] << 8 | f[13]) == 0x0800 ? AF_INET : AF_INET6;
          g_assert_cmpint (family, ==, n->flow.family);
          g_assert_cmpmem (f, 6, guest_mac, 6);
          const uint8_t *ip = f + 14;
          size_t iphl = family == AF_INET ? 20 : 40;
          uint8_t *t = f + 14 + iphl;
          size_t l4len = (size_t) len - 14 - iphl;
          if (family == AF_INET)
            {
              const uint8_t *parts[] = { ip };
              size_t lens[] = { 20 };
              g_assert_cmpuint (ref_checksum (parts, lens, 1), ==, 0);
              g_assert_cmpmem (ip + 12, 4, n->flow.dst, 4);
              g_assert_cmpmem (ip + 16, 4, n->flow.src, 4);
            }
          else
            {
              g_assert_cmpmem (ip + 8, 16, n->flow.dst, 16);
              g_assert_cmpmem (ip + 24, 16, n->flow.src, 16);
            }
          /* Checksum partial: the kernel would finish it from
           * csum_start, over the pseudo-header's sum left in the field. */
          struct virtio_net_hdr vnet;
          memcpy (&vnet, buf, sizeof vnet);
          g_assert_cmpuint (vnet.flags, ==, VIRTIO_NET_HDR_F_NEEDS_CSUM);
          g_assert_cmpuint (vnet.gso_type, ==, VIRTIO_NET_HDR_GSO_NONE);
          g_assert_cmpuint (vnet.csum_start, ==, 14 + iphl);
          g_assert_cmpuint (vnet.csum_offset, ==, 16);
          const uint8_t *parts[] = { t };
          size_t lens[] = { l4len };
          put16 (t + 16, ref_checksum (parts, lens, 1));
          g_assert_cmpuint (l4_ref_checksum (family, ip, t, l4len), ==, 0);
          g_assert_cmpuint ((unsigned) (t[0] << 8 | t[1]), ==, n->flow.dport);
          g_assert_cmpuint ((unsigned) (t[2] << 8 | t[3]), ==, n->flow.sport);
          size_t thl = (size_t) (t[12] >> 4) * 4;
          s->seq = get32 (t + 4);
          s->ack = get32 (t + 8);
          s->flags = t[13];
          s->wnd = (uint16_t) (t[14] << 8 | t[15]);
          s->mss = 0;
          s->wscale = -1;
          for (size_t i = 20; i < thl;)
            {
              if (t[i] == 1)
                {
                  i++;
                  continue;
                }
              if (t[i] == 2)
                s->mss = (uint16_t) (t[i + 2] << 8 | t[i + 3]);
              if (t[i] == 3)
                s->wscale = t[i + 2];
              if (t[i] == 0 || t[i + 1] < 2)
                break;
              i += t[i + 1];
            }
          s->plen = l4len - thl;
          memcpy (s->payload, t + thl, s->plen);
          return true;
        }
      gint64 now = g_get_monotonic_time () / 1000;
      if (now >= end)
        return false;
      struct pollfd pfd = { jail_tcp_fd (n->tcp), POLLIN, 0 };
      if (poll (&pfd, 1, (int) MIN (end - now, 20)) > 0)
        jail_tcp_dispatch (n->tcp);
    }
}

/* Let time jump to each deadline the fast path names, as its main loop
 * would (a deadline may be early: then there is a later one), until a
 * timer sends a frame. */
static bool
run_timers_until_frame (Net *n, Seen *s)
{
  for (int i = 0; i < 16; i++)
    {
      gint64 deadline = jail_tcp_next_deadline (n->tcp);
      if (deadline <= 0)
        return false;
      jail_tcp_run_timers (n->tcp, deadline);
      if (receive (n, s, 0))
        return true;
    }
  return false;
}

static int
listen_on (int family, uint16_t *port)
{
  int fd = socket (family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  g_assert_cmpint (fd, >=, 0);
  struct sockaddr_storage ss = { 0 };
  socklen_t len;
  if (family == AF_INET)
    {
      struct sockaddr_in *sin = (struct sockaddr_in *) &ss;
      sin->sin_family = AF_INET;
      sin->sin_addr.s_addr = htonl (INADDR_LOOPBACK);
      len = sizeof *sin;
    }
  else
    {
      struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *) &ss;
      sin6->sin6_family = AF_INET6;
      sin6->sin6_addr = in6addr_loopback;
      len = sizeof *sin6;
    }
  if (bind (fd, (struct sockaddr *) &ss, len) < 0)
    {
      close (fd);
      return -1;
    }
  g_assert_cmpint (listen (fd, 8), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &ss, &len), ==, 0);
  *port = ntohs (family == AF_INET ? ((struct sockaddr_in *) &ss)->sin_port
                                   : ((struct sockaddr_in6 *) &ss)->sin6_port);
  return fd;
}

static void
net_init (Net *n, int family, const char *src, const char *dst, uint16_t dport)
{
  int sv[2];
  g_assert_cmpint (socketpair (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv), ==, 0);
  int big = 4 << 20;
  setsockopt (sv[0], SOL_SOCKET, SO_SNDBUF, &big, sizeof big);
  setsockopt (sv[1], SOL_SOCKET, SO_RCVBUF, &big, sizeof big);
  n->tcp = jail_tcp_new (sv[0]);
  n->tap = sv[0];
  n->wire = sv[1];
  memset (&n->flow, 0, sizeof n->flow);
  n->flow.family = family;
  inet_pton (family, src, n->flow.src);
  inet_pton (family, dst, n->flow.dst);
  n->flow.sport = 40000;
  n->flow.dport = dport;
}

static void
net_free (Net *n)
{
  jail_tcp_free (n->tcp);
  close (n->tap);
  close (n->wire);
}

/* The handshake, the sandbox's window `window` << 7 after it: returns
 * the fast path's initial sequence number. */
static uint32_t
handshake_window (Net *n, uint32_t isn, uint16_t window)
{
  Seen s;
  g_assert_true (send_segment (n, isn, 0, TH_SYN, 65535, NULL, 0));
  g_assert_true (receive (n, &s, 2000));
  g_assert_cmpuint (s.flags, ==, TH_SYN | TH_ACK);
  g_assert_cmpuint (s.ack, ==, isn + 1);
  g_assert_cmpuint (s.mss, ==, JAIL_NET_MTU - (n->flow.family == AF_INET ? 40 : 60));
  g_assert_cmpint (s.wscale, ==, 7);
  send_segment (n, isn + 1, s.seq + 1, TH_ACK, window, NULL, 0);
  return s.seq;
}

static uint32_t
handshake (Net *n, uint32_t isn)
{
  return handshake_window (n, isn, 1024);
}

static int
accept_one (int lfd)
{
  struct pollfd pfd = { lfd, POLLIN, 0 };
  g_assert_cmpint (poll (&pfd, 1, 2000), ==, 1);
  int fd = accept4 (lfd, NULL, NULL, SOCK_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);
  return fd;
}

/* A connection from the sandbox through 10.0.2.2 to a server of the
 * test's, open: the sandbox's window is `window` << 7. */
typedef struct {
  Net n;
  int lfd, srv;
  uint32_t isn, iss;
  Seen *s;
} Open;

static void
open_connection (Open *o, uint32_t isn, uint16_t window)
{
  uint16_t port;
  o->lfd = listen_on (AF_INET, &port);
  net_init (&o->n, AF_INET, "10.0.2.100", "10.0.2.2", port);
  o->isn = isn;
  o->iss = handshake_window (&o->n, isn, window);
  o->srv = accept_one (o->lfd);
  o->s = g_new (Seen, 1);
}

static void
close_connection (Open *o)
{
  g_free (o->s);
  close (o->srv);
  net_free (&o->n);
  close (o->lfd);
}

static void
read_exactly (int fd, void *buf, size_t len)
{
  size_t got = 0;
  while (got < len)
    {
      ssize_t r = recv (fd, (char *) buf + got, len - got, 0);
      g_assert_cmpint (r, >, 0);
      got += (size_t) r;
    }
}

/* A whole conversation through 10.0.2.2 (or fd00::2): data both ways, a
 * megabyte down within the window, the host closing first. */
static void
check_conversation (int family, const char *guest, const char *gateway)
{
  uint16_t port;
  int lfd = listen_on (family, &port);
  if (lfd < 0)
    {
      g_test_skip ("no loopback for this address family");
      return;
    }
  Net n;
  net_init (&n, family, guest, gateway, port);
  uint32_t isn = 1000, iss = handshake (&n, isn);
  int srv = accept_one (lfd);
  g_assert_cmpuint (jail_tcp_n_connections (n.tcp), ==, 1);

  Seen *s = g_new (Seen, 1);
  g_assert_true (send_segment (&n, isn + 1, iss + 1, TH_PSH | TH_ACK, 1024, "hello", 5));
  g_assert_true (receive (&n, s, 2000));
  g_assert_cmpuint (s->flags & TH_ACK, !=, 0);
  g_assert_cmpuint (s->ack, ==, isn + 6);
  char buf[6] = { 0 };
  read_exactly (srv, buf, 5);
  g_assert_cmpstr (buf, ==, "hello");

  /* A megabyte down; the sandbox's window (1024 << 7) bounds what is in
   * flight, and each segment is acknowledged as it comes. */
  size_t total = 1 << 20;
  uint8_t *big = g_malloc (total);
  for (size_t i = 0; i < total; i++)
    big[i] = (uint8_t) (i * 7 + i / 251);
  size_t written = 0, got = 0;
  uint32_t next = iss + 1;
  while (got < total)
    {
      if (written < total)
        {
          ssize_t w = send (srv, big + written, total - written, MSG_DONTWAIT);
          if (w > 0)
            written += (size_t) w;
        }
      g_assert_true (receive (&n, s, 2000));
      g_assert_cmpuint (s->seq, ==, next);
      g_assert_cmpuint (s->plen, <=, 1024u << 7);
      g_assert_cmpmem (s->payload, s->plen, big + got, s->plen);
      got += s->plen;
      next += (uint32_t) s->plen;
      send_segment (&n, isn + 6, next, TH_ACK, 1024, NULL, 0);
    }
  g_free (big);

  /* The host closes: a FIN after the data; acknowledged, and ours. */
  close (srv);
  g_assert_true (receive (&n, s, 2000));
  g_assert_cmpuint (s->flags & TH_FIN, !=, 0);
  g_assert_cmpuint (s->seq, ==, next);
  send_segment (&n, isn + 6, next + 1, TH_FIN | TH_ACK, 1024, NULL, 0);
  g_assert_true (receive (&n, s, 2000));
  g_assert_cmpuint (s->flags, ==, TH_ACK);
  g_assert_cmpuint (s->ack, ==, isn + 7);
  g_assert_cmpuint (jail_tcp_n_connections (n.tcp), ==, 0);
  g_free (s);
  net_free (&n);
  close (lfd);
}

static void
test_conversation_v4 (void)
{
  check_conversation (AF_INET, "10.0.2.100", "10.0.2.2");
}

static void
test_conversation_v6 (void)
{
  check_conversation (AF_INET6, "fd00::100", "fd00::2");
}

/* A closed port: the sandbox sees a reset (ECONNREFUSED), nothing stays. */
static void
test_refused (void)
{
  uint16_t port;
  int lfd = listen_on (AF_INET, &port);
  close (lfd);
  Net n;
  net_init (&n, AF_INET, "10.0.2.100", "10.0.2.2", port);
  Seen *s = g_new (Seen, 1);
  g_assert_true (send_segment (&n, 5000, 0, TH_SYN, 65535, NULL, 0));
  g_assert_true (receive (&n, s, 2000));
  g_assert_cmpuint (s->flags, ==, TH_RST | TH_ACK);
  g_assert_cmpuint (s->ack, ==, 5001);
  g_assert_cmpuint (jail_tcp_n_connections (n.tcp), ==, 0);
  g_free (s);
  net_free (&n);
}

/* A crafted frame to 127.0.0.1 (the sandbox's kernel never routes one to
 * the tap) must not reach the host's loopback: the filter only guards
 * 10.0.2.2. */
static void
test_host_loopback_addresses (void)
{
  const char *addrs[] = { "127.0.0.1", "0.0.0.0", "::1", "::ffff:127.0.0.1" };
  for (size_t i = 0; i < G_N_ELEMENTS (addrs); i++)
    {
      int family = strchr (addrs[i], ':') ? AF_INET6 : AF_INET;
      uint16_t port;
      int lfd = listen_on (family, &port);
      if (lfd < 0)
        continue;
      Net n;
      net_init (&n, family, family == AF_INET ? "10.0.2.100" : "fd00::100", addrs[i], port);
      Seen *s = g_new (Seen, 1);
      g_assert_true (send_segment (&n, 1, 0, TH_SYN, 65535, NULL, 0));
      g_assert_true (receive (&n, s, 2000));
      g_assert_cmpuint (s->flags, ==, TH_RST | TH_ACK);
      struct pollfd pfd = { lfd, POLLIN, 0 };
      g_assert_cmpint (poll (&pfd, 1, 100), ==, 0); /* nobody connected */
      g_free (s);
      net_free (&n);
      close (lfd);
    }
}

/* Out-of-order data is not delivered: the acknowledgement repeats; data we
 * sent and nobody acknowledged comes again after the timeout; a reset
 * from the sandbox resets the host's side. */
static void
test_loss_and_reset (void)
{
  Open o;
  open_connection (&o, 7, 1024);
  Net *n = &o.n;
  Seen *s = o.s;
  uint32_t isn = o.isn, iss = o.iss;
  int srv = o.srv;

  send_segment (n, isn + 1 + 100, iss + 1, TH_ACK, 1024, "later", 5);
  g_assert_true (receive (n, s, 2000));
  g_assert_cmpuint (s->ack, ==, isn + 1);
  char buf[16];
  g_assert_cmpint (recv (srv, buf, sizeof buf, MSG_DONTWAIT), ==, -1);
  g_assert_cmpint (errno, ==, EAGAIN);
  send_segment (n, isn + 1, iss + 1, TH_ACK, 1024, "first", 5);
  g_assert_true (receive (n, s, 2000));
  g_assert_cmpuint (s->ack, ==, isn + 6);
  read_exactly (srv, buf, 5);
  g_assert_cmpmem (buf, 5, "first", 5);

  g_assert_cmpint (send (srv, "lost", 4, 0), ==, 4);
  g_assert_true (receive (n, s, 2000));
  g_assert_cmpuint (s->plen, ==, 4);
  uint32_t seq = s->seq;
  g_assert_false (receive (n, s, 50)); /* nothing more before the timeout */
  g_assert_true (run_timers_until_frame (n, s));
  g_assert_cmpuint (s->seq, ==, seq);
  g_assert_cmpmem (s->payload, s->plen, "lost", 4);

  send_segment (n, isn + 6, seq + 4, TH_RST | TH_ACK, 0, NULL, 0);
  g_assert_cmpuint (jail_tcp_n_connections (n->tcp), ==, 0);
  struct pollfd pfd = { srv, POLLIN, 0 };
  g_assert_cmpint (poll (&pfd, 1, 2000), ==, 1);
  g_assert_cmpint (recv (srv, buf, sizeof buf, 0), ==, -1);
  g_assert_cmpint (errno, ==, ECONNRESET);
  close_connection (&o);
}

/* A copy of a host socket's descriptor in another process (the process
 * serving `jail enter` used to be forked with all of them) must not keep
 * a closed connection in the epoll set: epoll tracks open files, not
 * descriptors, and would hand back the freed connection (a use-after-free
 * under ASan; here, the epoll set must simply be empty). */
static void
test_descriptor_copy_elsewhere (void)
{
  Open o;
  open_connection (&o, 7, 1024);
  Net *n = &o.n;
  int hold[2];
  g_assert_cmpint (pipe (hold), ==, 0);
  pid_t copy = fork ();
  g_assert_cmpint (copy, >=, 0);
  if (copy == 0)
    {
      char b;
      close (hold[1]);
      _exit (read (hold[0], &b, 1) < 0); /* holds every descriptor until then */
    }
  close (hold[0]);

  send_segment (n, o.isn + 1, o.iss + 1, TH_RST | TH_ACK, 0, NULL, 0);
  g_assert_cmpuint (jail_tcp_n_connections (n->tcp), ==, 0);
  /* The socket lives on in the copy: the server's data reaches it. */
  g_assert_cmpint (send (o.srv, "late", 4, 0), ==, 4);
  struct pollfd pfd = { jail_tcp_fd (n->tcp), POLLIN, 0 };
  g_assert_cmpint (poll (&pfd, 1, 200), ==, 0);
  jail_tcp_dispatch (n->tcp);
  g_assert_false (receive (n, o.s, 100));

  close (hold[1]);
  int status;
  g_assert_cmpint (waitpid (copy, &status, 0), ==, copy);
  close_connection (&o);
}

/* Many connections whose sandbox side reads nothing: their buffers
 * together stay under the budget, and the ones past half of it get small
 * buffers instead of none. */
static void
test_buffer_budget (void)
{
  enum { N = 12 };
  uint16_t port;
  int lfd = listen_on (AF_INET, &port);
  Net n;
  net_init (&n, AF_INET, "10.0.2.100", "10.0.2.2", port);
  jail_tcp_set_buffer_cap (n.tcp, 2 << 20);
  Seen *s = g_new (Seen, 1);
  static uint8_t junk[1 << 20];
  int srv[N];
  for (int i = 0; i < N; i++)
    {
      n.flow.sport = (uint16_t) (40000 + i);
      g_assert_true (send_segment (&n, 1, 0, TH_SYN, 65535, NULL, 0));
      srv[i] = accept_one (lfd);
      g_assert_true (receive (&n, s, 2000));
      g_assert_cmpuint (s->flags, ==, TH_SYN | TH_ACK);
      /* A window of 8 MiB (65535 << 7), never read. */
      send_segment (&n, 2, s->seq + 1, TH_ACK, 65535, NULL, 0);
    }
  for (int i = 0; i < N; i++)
    {
      int flags = fcntl (srv[i], F_GETFL);
      fcntl (srv[i], F_SETFL, flags | O_NONBLOCK);
      g_assert_cmpint (send (srv[i], junk, sizeof junk, 0), >, 0);
    }
  for (int round = 0; round < 50; round++)
    {
      struct pollfd pfd = { jail_tcp_fd (n.tcp), POLLIN, 0 };
      if (poll (&pfd, 1, 20) > 0)
        jail_tcp_dispatch (n.tcp);
      while (recv (n.wire, junk, sizeof junk, MSG_DONTWAIT) > 0)
        ; /* the frames are lost: nothing is acknowledged */
    }
  JailTcpStats st;
  jail_tcp_get_stats (n.tcp, &st);
  g_assert_cmpuint (st.connections, ==, N);
  g_assert_cmpuint (st.peak_buffered, <=, st.buffer_cap);
  /* Full-sized ones (512 KiB) up to half the budget, then 16 KiB ones. */
  g_assert_cmpuint (st.buffered, ==, 2 * (512 << 10) + (N - 2) * (16 << 10));
  for (int i = 0; i < N; i++)
    close (srv[i]);
  g_free (s);
  net_free (&n);
  close (lfd);
}

/* COUNT more connections to the server behind lfd (source ports 41000
 * on), the sandbox's window wide open; each server then writes a
 * megabyte that the sandbox never acknowledges.  Then up to a second of
 * the fast path's work, its frames dropped, until `until` bytes are
 * buffered (0: the whole second). */
static void
open_writers (Net *n, int lfd, int *srv, int count, gsize until)
{
  static uint8_t megabyte[1 << 20];
  Seen *s = g_new (Seen, 1);
  uint16_t port = n->flow.sport;
  for (int i = 0; i < count; i++)
    {
      n->flow.sport = (uint16_t) (41000 + i);
      g_assert_true (send_segment (n, 1, 0, TH_SYN, 65535, NULL, 0));
      srv[i] = accept_one (lfd);
      g_assert_true (receive (n, s, 2000));
      g_assert_cmpuint (s->flags, ==, TH_SYN | TH_ACK);
      send_segment (n, 2, s->seq + 1, TH_ACK, 65535, NULL, 0);
    }
  for (int i = 0; i < count; i++)
    {
      fcntl (srv[i], F_SETFL, fcntl (srv[i], F_GETFL) | O_NONBLOCK);
      g_assert_cmpint (send (srv[i], megabyte, sizeof megabyte, 0), >, 0);
    }
  for (int round = 0; round < 50; round++)
    {
      struct pollfd pfd = { jail_tcp_fd (n->tcp), POLLIN, 0 };
      if (poll (&pfd, 1, 20) > 0)
        jail_tcp_dispatch (n->tcp);
      while (recv (n->wire, megabyte, sizeof megabyte, MSG_DONTWAIT) > 0)
        ;
      JailTcpStats st;
      jail_tcp_get_stats (n->tcp, &st);
      if (until > 0 && st.buffered >= until)
        break;
    }
  n->flow.sport = port;
  g_free (s);
}

/* The frame acknowledging `ack` with no data; frames of other
 * connections (IPv4) are dropped unread. */
static bool
receive_ack (Net *n, Seen *s, uint32_t ack)
{
  static uint8_t head[JAIL_TAP_HDR_LEN + 14 + 20 + 4];
  const uint8_t *t = head + JAIL_TAP_HDR_LEN + 14 + 20;
  for (int i = 0; i < 1000; i++)
    {
      struct pollfd pfd = { n->wire, POLLIN, 0 };
      if (poll (&pfd, 1, 2000) != 1 || recv (n->wire, head, sizeof head, MSG_PEEK) < (ssize_t) sizeof head)
        return false;
      if ((unsigned) (t[2] << 8 | t[3]) != n->flow.sport)
        {
          (void) !recv (n->wire, head, sizeof head, 0); /* a datagram: all of it goes */
          continue;
        }
      if (receive (n, s, 0) && s->ack == ack && s->plen == 0
          && !(s->flags & (TH_SYN | TH_FIN | TH_RST)))
        return true;
    }
  return false;
}

/* A window once offered stays offered when the budget passes its half in
 * between (RFC 9293 3.8.6.2.2): a shrunk one left the sandbox's segments
 * past its new edge to timeouts that, backed off, stalled a connection of
 * the load test for a minute. */
static void
test_window_kept (void)
{
  enum { JUNK = 3 };
  Open o;
  open_connection (&o, 100, 1024);
  Net *n = &o.n;
  Seen *s = o.s;
  jail_tcp_set_buffer_cap (n->tcp, 2 << 20);
  send_segment (n, o.isn + 1, o.iss + 1, TH_ACK, 1024, "x", 1);
  g_assert_true (receive_ack (n, s, o.isn + 2));
  g_assert_cmpuint ((uint32_t) s->wnd << 7, ==, 256 << 10); /* a full buffer's room */

  /* Other connections' host data, never acknowledged, past half the budget. */
  int srv[JUNK];
  open_writers (n, o.lfd, srv, JUNK, 0);
  JailTcpStats st;
  jail_tcp_get_stats (n->tcp, &st);
  g_assert_cmpuint (st.buffered, >, st.buffer_cap / 2);

  send_segment (n, o.isn + 2, o.iss + 1, TH_ACK, 1024, "y", 1);
  g_assert_true (receive_ack (n, s, o.isn + 3));
  /* What is left of the offer, not the 16 KiB a new buffer would get. */
  g_assert_cmpuint ((uint32_t) s->wnd << 7, >=, (256 << 10) - 128);
  for (int i = 0; i < JUNK; i++)
    close (srv[i]);
  close_connection (&o);
}

/* A window shut because the budget is spent reopens with an update as
 * soon as buffers come back, not at the sandbox's next zero-window probe
 * (their interval doubles up to two minutes). */
static void
test_window_reopens (void)
{
  enum { JUNK = 4 };
  static uint8_t junk[1 << 20];
  Open o;
  open_connection (&o, 100, 1024);
  Net *n = &o.n;
  Seen *s = o.s;
  jail_tcp_set_buffer_cap (n->tcp, 4 * (16 << 10)); /* four small buffers */
  uint16_t port = n->flow.sport;
  int srv[JUNK];
  open_writers (n, o.lfd, srv, JUNK, 4 * (16 << 10));
  JailTcpStats st;
  jail_tcp_get_stats (n->tcp, &st);
  g_assert_cmpuint (st.buffered, ==, st.buffer_cap);

  /* The handshake's offer used up (the host socket takes it all): no
   * buffer and no budget for more, so the window shuts. */
  uint32_t next = o.isn + 1 + 65535;
  send_segment (n, o.isn + 1, o.iss + 1, TH_ACK, 1024, junk, 65000);
  send_segment (n, o.isn + 1 + 65000, o.iss + 1, TH_ACK, 1024, junk, 535);
  g_assert_true (receive_ack (n, s, next));
  g_assert_cmpuint (s->wnd, ==, 0);

  /* The other connections end: their buffers come back. */
  for (int i = 0; i < JUNK; i++)
    {
      n->flow.sport = (uint16_t) (41000 + i);
      send_segment (n, 2, 0, TH_RST, 0, NULL, 0);
      close (srv[i]);
    }
  n->flow.sport = port;
  g_assert_true (receive_ack (n, s, next));
  g_assert_cmpuint (s->wnd, >, 0);
  close_connection (&o);
}

/* A server that writes and closes at once, before the sandbox has
 * finished its handshake: the data and the FIN still arrive. */
static void
test_early_data (void)
{
  uint16_t port;
  int lfd = listen_on (AF_INET, &port);
  Net n;
  net_init (&n, AF_INET, "10.0.2.100", "10.0.2.2", port);
  Seen *s = g_new (Seen, 1);
  g_assert_true (send_segment (&n, 1, 0, TH_SYN, 65535, NULL, 0));
  int srv = accept_one (lfd);
  g_assert_cmpint (send (srv, "early", 5, 0), ==, 5);
  close (srv);
  g_usleep (20000);
  g_assert_true (receive (&n, s, 2000));
  g_assert_cmpuint (s->flags, ==, TH_SYN | TH_ACK);
  uint32_t iss = s->seq;
  send_segment (&n, 2, iss + 1, TH_ACK, 1024, NULL, 0);
  g_assert_true (receive (&n, s, 2000));
  g_assert_cmpmem (s->payload, s->plen, "early", 5);
  if (!(s->flags & TH_FIN))
    {
      send_segment (&n, 2, iss + 6, TH_ACK, 1024, NULL, 0);
      g_assert_true (receive (&n, s, 2000));
    }
  g_assert_cmpuint (s->flags & TH_FIN, !=, 0);
  g_free (s);
  net_free (&n);
  close (lfd);
}

/* A sandbox that keeps its window shut for longer than the retry limit
 * is probed, not reset, as long as it answers; then data flows again. */
static void
test_zero_window (void)
{
  Open o;
  open_connection (&o, 50, 0);
  Net *n = &o.n;
  Seen *s = o.s;
  uint32_t isn = o.isn, iss = o.iss;
  int srv = o.srv;
  g_assert_cmpint (send (srv, "waiting", 7, 0), ==, 7);
  g_assert_false (receive (n, s, 100)); /* no room: nothing sent */
  for (int i = 0; i < 20; i++)
    {
      g_assert_true (run_timers_until_frame (n, s));
      g_assert_cmpuint (s->flags & (TH_RST | TH_SYN | TH_FIN), ==, 0);
      g_assert_cmpuint (s->plen, ==, 0);
      g_assert_cmpuint (s->seq, ==, iss); /* one below the next byte */
      send_segment (n, isn + 1, iss + 1, TH_ACK, 0, NULL, 0);
    }
  g_assert_cmpuint (jail_tcp_n_connections (n->tcp), ==, 1);
  send_segment (n, isn + 1, iss + 1, TH_ACK, 1024, NULL, 0); /* the window opens */
  g_assert_true (receive (n, s, 2000));
  g_assert_cmpmem (s->payload, s->plen, "waiting", 7);
  close_connection (&o);
}

/* The sandbox's TCP keepalive (and its zero-window probe) is a segment
 * without data, one below the next number: it gets an answer. */
static void
test_keepalive (void)
{
  Open o;
  open_connection (&o, 300, 1024);
  g_assert_false (receive (&o.n, o.s, 50));
  send_segment (&o.n, o.isn, o.iss + 1, TH_ACK, 1024, NULL, 0);
  g_assert_true (receive (&o.n, o.s, 2000));
  g_assert_cmpuint (o.s->flags, ==, TH_ACK);
  g_assert_cmpuint (o.s->ack, ==, o.isn + 1);
  g_assert_cmpuint (o.s->seq, ==, o.iss + 1);
  /* A plain acknowledgement, in sequence, gets none. */
  send_segment (&o.n, o.isn + 1, o.iss + 1, TH_ACK, 1024, NULL, 0);
  g_assert_false (receive (&o.n, o.s, 50));
  close_connection (&o);
}

/* A port the sandbox reuses after closing its side (the host never closed
 * its own): the old connection is reset, the new one opens. */
static void
test_port_reuse (void)
{
  Open o;
  open_connection (&o, 100, 1024);
  Net *n = &o.n;
  Seen *s = o.s;
  uint32_t isn = o.isn, iss = o.iss;
  int old = o.srv;
  send_segment (n, isn + 1, iss + 1, TH_FIN | TH_ACK, 1024, NULL, 0);
  g_assert_true (receive (n, s, 2000));
  g_assert_cmpuint (s->ack, ==, isn + 2);
  char c;
  g_assert_cmpint (recv (old, &c, 1, 0), ==, 0); /* the FIN reached the host */
  handshake (n, 90000);
  int fresh = accept_one (o.lfd);
  g_assert_cmpuint (jail_tcp_n_connections (n->tcp), ==, 1);
  g_usleep (20000);
  g_assert_cmpint (send (old, "x", 1, MSG_NOSIGNAL), ==, -1); /* reset */
  g_assert_true (errno == ECONNRESET || errno == EPIPE);
  close (fresh);
  close_connection (&o);
}

/* What is not the fast path's goes to slirp: other TCP in the virtual
 * network (DNS on 10.0.2.3), and segments of no known connection (a
 * published port's connection may come from any address). */
static void
test_not_ours (void)
{
  Net n;
  net_init (&n, AF_INET, "10.0.2.100", "10.0.2.3", 53);
  g_assert_false (send_segment (&n, 1, 0, TH_SYN, 65535, NULL, 0));
  n.flow.dport = 8080;
  inet_pton (AF_INET, "192.0.2.9", n.flow.dst);
  g_assert_false (send_segment (&n, 1, 99, TH_SYN | TH_ACK, 65535, NULL, 0));
  g_assert_false (send_segment (&n, 1, 99, TH_ACK, 65535, "x", 1));
  g_assert_cmpuint (jail_tcp_n_connections (n.tcp), ==, 0);
  net_free (&n);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/tcp/checksum", test_checksum);
  g_test_add_func ("/tcp/conversation-v4", test_conversation_v4);
  g_test_add_func ("/tcp/conversation-v6", test_conversation_v6);
  g_test_add_func ("/tcp/refused", test_refused);
  g_test_add_func ("/tcp/host-loopback-addresses", test_host_loopback_addresses);
  g_test_add_func ("/tcp/loss-and-reset", test_loss_and_reset);
  g_test_add_func ("/tcp/early-data", test_early_data);
  g_test_add_func ("/tcp/zero-window", test_zero_window);
  g_test_add_func ("/tcp/keepalive", test_keepalive);
  g_test_add_func ("/tcp/port-reuse", test_port_reuse);
  g_test_add_func ("/tcp/not-ours", test_not_ours);
  g_test_add_func ("/tcp/descriptor-copy-elsewhere", test_descriptor_copy_elsewhere);
  g_test_add_func ("/tcp/buffer-budget", test_buffer_budget);
  g_test_add_func ("/tcp/window-kept", test_window_kept);
  g_test_add_func ("/tcp/window-reopens", test_window_reopens);
  return g_test_run ();
}
