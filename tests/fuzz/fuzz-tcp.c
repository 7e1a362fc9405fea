/* libFuzzer target: the TCP fast path (src/net/tcp.c) fed frames from a
 * hostile sandbox.
 *
 * The input is a list of records: a flags byte, a 2-byte length, then
 * that many bytes of Ethernet frame.  Every frame's destination is pinned
 * to the harness's own server (10.0.2.2 or fd00::2, port `port`), so that
 * nothing leaves the machine and no other local service is touched.  Flag
 * bits make the harness a partly honest peer, so the fuzzer gets past the
 * handshake: 1 acknowledges what the fast path sent last, 2 uses the
 * sequence number it expects, 4 lets the server write the record into the
 * connection, 8 runs the host sockets' events, 16 runs the timers as if
 * much later.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net/tap.h"
#include "net/tcp.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static int server4 = -1, server6 = -1;
static uint16_t port;

static int
listen_loopback (int family)
{
  int fd = socket (family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  struct sockaddr_storage ss = { 0 };
  socklen_t len;
  if (family == AF_INET)
    {
      struct sockaddr_in *sin = (struct sockaddr_in *) &ss;
      sin->sin_family = AF_INET;
      sin->sin_addr.s_addr = htonl (INADDR_LOOPBACK);
      sin->sin_port = htons (port);
      len = sizeof *sin;
    }
  else
    {
      struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *) &ss;
      sin6->sin6_family = AF_INET6;
      sin6->sin6_addr = in6addr_loopback;
      sin6->sin6_port = htons (port);
      len = sizeof *sin6;
    }
  if (fd < 0 || bind (fd, (struct sockaddr *) &ss, len) < 0 || listen (fd, 64) < 0)
    {
      if (fd >= 0)
        close (fd);
      return -1;
    }
  if (port == 0 && getsockname (fd, (struct sockaddr *) &ss, &len) == 0)
    port = ntohs (((struct sockaddr_in *) &ss)->sin_port);
  return fd;
}

static void
setup (void)
{
  if (server4 >= 0)
    return;
  server4 = listen_loopback (AF_INET);
  server6 = listen_loopback (AF_INET6);
  if (server4 < 0)
    abort ();
}

/* What the fast path last sent: the number that acknowledges it, and the
 * sequence number it expects from us. */
typedef struct {
  uint32_t ack, seq;
} Peer;

static void
drain (int wire, Peer *p)
{
  static uint8_t buf[JAIL_TAP_HDR_LEN + 14 + 65536];
  ssize_t n;
  while ((n = recv (wire, buf, sizeof buf, MSG_DONTWAIT)) > JAIL_TAP_HDR_LEN + 14)
    {
      const uint8_t *f = buf + JAIL_TAP_HDR_LEN, *ip = f + 14, *t;
      size_t len = (size_t) n - JAIL_TAP_HDR_LEN, l4len;
      if (f[12] == 0x08 && f[13] == 0 && len >= 14 + 40)
        t = ip + 20, l4len = len - 34;
      else if (f[12] == 0x86 && f[13] == 0xdd && len >= 14 + 60)
        t = ip + 40, l4len = len - 54;
      else
        continue;
      uint32_t seq = (uint32_t) t[4] << 24 | (uint32_t) t[5] << 16 | (uint32_t) t[6] << 8 | t[7];
      uint32_t ack = (uint32_t) t[8] << 24 | (uint32_t) t[9] << 16 | (uint32_t) t[10] << 8 | t[11];
      size_t thl = (size_t) (t[12] >> 4) * 4;
      p->ack = seq + (uint32_t) (l4len > thl ? l4len - thl : 0) + ((t[13] & 3) ? 1 : 0);
      p->seq = ack;
    }
}

static void
put32 (uint8_t *p, uint32_t v)
{
  p[0] = (uint8_t) (v >> 24), p[1] = (uint8_t) (v >> 16), p[2] = (uint8_t) (v >> 8);
  p[3] = (uint8_t) v;
}

/* Point the frame at the harness's server; returns where its TCP header
 * is, or NULL. */
static uint8_t *
pin_destination (uint8_t *f, size_t len)
{
  static const uint8_t gw4[4] = { 10, 0, 2, 2 }, gw6[16] = { 0xfd, 0, [15] = 2 };
  uint8_t *t;
  if (len >= 14 + 40 && f[12] == 0x08 && f[13] == 0)
    {
      memcpy (f + 14 + 16, gw4, 4);
      t = f + 14 + (size_t) (f[14] & 15) * 4;
    }
  else if (len >= 14 + 60 && f[12] == 0x86 && f[13] == 0xdd)
    {
      memcpy (f + 14 + 24, gw6, 16);
      t = f + 14 + 40;
    }
  else
    return NULL;
  if (t + 20 > f + len)
    return NULL;
  t[2] = (uint8_t) (port >> 8);
  t[3] = (uint8_t) port;
  return t;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  setup ();
  int sv[2];
  if (socketpair (AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv) < 0)
    return 0;
  JailTcp *tcp = jail_tcp_new (sv[0]);
  int accepted[16], n_accepted = 0;
  Peer peer = { 0 };
  uint8_t *frame = malloc (65536 + 64);

  while (size >= 3)
    {
      uint8_t flags = data[0];
      size_t len = (size_t) data[1] << 8 | data[2];
      data += 3, size -= 3;
      len = len < size ? len : size;
      memcpy (frame, data, len);
      data += len, size -= len;

      uint8_t *t = pin_destination (frame, len);
      if (t != NULL && (flags & 1))
        put32 (t + 8, peer.ack);
      if (t != NULL && (flags & 2))
        put32 (t + 4, peer.seq);
      jail_tcp_input (tcp, frame, len);
      jail_tcp_flush (tcp);

      int fd;
      while (n_accepted < 16
             && ((fd = accept4 (server4, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0
                 || (server6 >= 0
                     && (fd = accept4 (server6, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0)))
        accepted[n_accepted++] = fd;
      if ((flags & 4) && n_accepted > 0)
        {
          if (send (accepted[flags % n_accepted], frame, len, MSG_DONTWAIT | MSG_NOSIGNAL) < 0)
            close (accepted[flags % n_accepted]), accepted[flags % n_accepted] = -1;
        }
      if (flags & 8)
        jail_tcp_dispatch (tcp);
      if (flags & 16)
        jail_tcp_run_timers (tcp, g_get_monotonic_time () / 1000 + 60000);
      drain (sv[1], &peer);
    }

  jail_tcp_free (tcp);
  for (int i = 0; i < n_accepted; i++)
    if (accepted[i] >= 0)
      close (accepted[i]);
  /* Connections the fast path made after the last accept. */
  int fd;
  while ((fd = accept4 (server4, NULL, NULL, SOCK_CLOEXEC)) >= 0)
    close (fd);
  while (server6 >= 0 && (fd = accept4 (server6, NULL, NULL, SOCK_CLOEXEC)) >= 0)
    close (fd);
  free (frame);
  close (sv[0]);
  close (sv[1]);
  return 0;
}
