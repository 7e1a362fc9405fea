/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <errno.h>
#include <linux/virtio_net.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "net/checksum.h"
#include "net/filter.h"
#include "net/tap.h"
#include "net/tcp.h"

#define ETH_HLEN 14
#define TH_FIN 0x01
#define TH_SYN 0x02
#define TH_RST 0x04
#define TH_PSH 0x08
#define TH_ACK 0x10

/* Bytes from the host kept until the sandbox acknowledges them: the most
 * in flight per connection (eight full-sized segments; 256 KiB measured
 * ~15 % slower downloads, see tests/bench/README.md). */
#define OUT_CAP (512 * 1024)
/* Bytes from the sandbox the host socket would not take yet: what we
 * offer as our window (scaled by RCV_WSCALE). */
#define IN_CAP (256 * 1024)
#define RCV_WSCALE 7
/* Every buffer comes out of one budget, so that memory is bounded however
 * many connections stall (2,000 of them at 768 KiB would be 1.5 GiB).
 * While less than half of it is in use a connection gets full-sized
 * buffers; beyond, SMALL_BUF ones (slower, but moving), so that a few
 * hundred stalled connections cannot starve the next one; when it is
 * spent, a connection waits for a buffer (advertising a zero window, and
 * the window's reopening when one comes back).  A window once offered is
 * kept (window_now), up to the cap itself. */
#define BUFFER_CAP_DEFAULT (64u << 20)
#define SMALL_BUF (16 * 1024)
/* Descriptors kept back from the connection cap (RLIMIT_NOFILE minus
 * this): the engine's own (tap, epoll, channel, main loop), the DNS
 * forwarder's (at most 128) and libslirp's sockets (at most 192 for the
 * sandbox's UDP and ICMP, see slirp.c; the rest for connections into
 * published ports).  A socket() that
 * fails anyway (EMFILE) is a refused connection, never a retry. */
#define FD_RESERVE 384
#define MIN_CONNECTIONS 16
#define RTO_MIN_MS 200
#define RTO_MAX_MS 6400
#define MAX_RETRIES 12
#define EVENTS_PER_WAIT 64

G_STATIC_ASSERT (sizeof (struct virtio_net_hdr) == JAIL_TAP_HDR_LEN);

#define SEQ_LT(a, b) ((int32_t) ((a) - (b)) < 0)
#define SEQ_LEQ(a, b) ((int32_t) ((a) - (b)) <= 0)
#define SEQ_GT(a, b) ((int32_t) ((a) - (b)) > 0)

typedef struct {
  uint8_t family; /* AF_INET or AF_INET6 */
  uint8_t pad;
  uint16_t guest_port, remote_port;
  uint8_t guest[16], remote[16];
} ConnKey;

typedef enum {
  CONNECTING,   /* host socket connecting; the sandbox's SYN unanswered */
  SYN_SENT,     /* our SYN-ACK is out, waiting for its acknowledgement */
  OPEN,
} ConnState;

typedef struct {
  ConnKey key;   /* first: the hash table's key */
  JailTcp *tcp;
  int fd;
  ConnState state;
  bool dead;     /* closed, waiting to be freed (events may still name it) */
  bool readable; /* the host socket may have data (epoll is edge-triggered) */
  bool host_eof, fin_acked;
  bool guest_fin, shut_wr;
  bool ack_due;
  bool starved;  /* waiting for a buffer from the budget (tcp->starved) */
  bool shut_window; /* the sandbox was last told a zero window, for want of one */
  uint8_t guest_mac[6], our_mac[6];
  uint8_t snd_wscale, rcv_wscale;
  uint16_t mss;
  uint32_t iss;
  uint32_t snd_una, snd_nxt, snd_max; /* our sequence space */
  uint32_t snd_wnd;                   /* the sandbox's window, bytes */
  uint32_t rcv_nxt;                   /* the sandbox's */
  uint32_t rcv_adv;                   /* the right edge of the window we offered */
  unsigned dupacks;
  /* host → sandbox: the bytes from snd_una on (sent or not yet) */
  uint8_t *out;
  size_t out_off, out_len, out_size;
  /* sandbox → host: acknowledged, not yet taken by the socket */
  uint8_t *in;
  size_t in_off, in_len, in_size;
  gint64 rto_at; /* 0: no timer */
  unsigned rto_ms, retries;
} Conn;

struct JailTcp {
  int tap_fd;
  int epfd;
  GHashTable *conns;  /* ConnKey* → Conn* */
  GPtrArray *acks;    /* Conn* with ack_due set */
  GPtrArray *dead;    /* Conn* closed in this round, freed at its end */
  GPtrArray *due;     /* Conn* whose timer runs out (run_timers' scratch) */
  GPtrArray *starved; /* Conn* waiting for a buffer */
  JailTcpStats stats; /* caps, what is in use, peaks */
  struct sockaddr_storage nameserver; /* family 0: none */
  socklen_t nameserver_len;
  /* No timer runs out before this (monotonic ms; -1: none armed).  It may
   * be early (a timer was cleared or moved on), never late: the main loop
   * asks for it on every iteration, and only a scan when it has come keeps
   * that from walking every connection each time. */
  gint64 next_deadline;
  uint16_t ip_id;
};

typedef struct {
  int family;
  const uint8_t *mac_src, *mac_dst, *src, *dst;
  uint16_t sport, dport, wnd;
  uint32_t seq, ack;
  uint8_t flags;
  const uint8_t *opts;
  size_t optlen;
  const uint8_t *payload;
  size_t plen;
} Segment;

/* ---- byte helpers ---- */

static uint16_t
get16 (const uint8_t *p)
{
  return (uint16_t) (p[0] << 8 | p[1]);
}

static uint32_t
get32 (const uint8_t *p)
{
  return (uint32_t) p[0] << 24 | (uint32_t) p[1] << 16 | (uint32_t) p[2] << 8 | p[3];
}

static void
put16 (uint8_t *p, uint16_t v)
{
  p[0] = (uint8_t) (v >> 8);
  p[1] = (uint8_t) v;
}

static void
put32 (uint8_t *p, uint32_t v)
{
  put16 (p, (uint16_t) (v >> 16));
  put16 (p + 2, (uint16_t) v);
}

static size_t
addr_len (int family)
{
  return family == AF_INET ? 4 : 16;
}

/* ---- parsing frames from the sandbox ---- */

static bool
parse_segment (const uint8_t *f, size_t len, Segment *s)
{
  const uint8_t *ip = f + ETH_HLEN, *t;
  size_t l4len;
  if (len < ETH_HLEN + 20)
    return false;
  uint16_t type = get16 (f + 12);
  if (type == 0x0800)
    {
      size_t total = get16 (ip + 2);
      /* No options (none a TCP stack sends), no fragments. */
      if (ip[0] != 0x45 || ip[9] != IPPROTO_TCP || (get16 (ip + 6) & 0x3fff) != 0 || total < 40
          || ETH_HLEN + total > len)
        return false;
      s->family = AF_INET;
      s->src = ip + 12;
      s->dst = ip + 16;
      t = ip + 20;
      l4len = total - 20;
    }
  else if (type == 0x86dd)
    {
      if (len < ETH_HLEN + 40 || (ip[0] >> 4) != 6 || ip[6] != IPPROTO_TCP)
        return false;
      l4len = get16 (ip + 4);
      if (l4len < 20 || ETH_HLEN + 40 + l4len > len)
        return false;
      s->family = AF_INET6;
      s->src = ip + 8;
      s->dst = ip + 24;
      t = ip + 40;
    }
  else
    return false;
  size_t doff = (size_t) (t[12] >> 4) * 4;
  if (doff < 20 || doff > l4len)
    return false;
  s->mac_dst = f;
  s->mac_src = f + 6;
  s->sport = get16 (t);
  s->dport = get16 (t + 2);
  s->seq = get32 (t + 4);
  s->ack = get32 (t + 8);
  s->flags = t[13];
  s->wnd = get16 (t + 14);
  s->opts = t + 20;
  s->optlen = doff - 20;
  s->payload = t + doff;
  s->plen = l4len - doff;
  return true;
}

static void
parse_syn_options (const Segment *s, uint16_t *mss, int *wscale)
{
  *mss = s->family == AF_INET ? 536 : 1220; /* RFC 9293 defaults */
  *wscale = -1;
  for (size_t i = 0; i < s->optlen;)
    {
      uint8_t kind = s->opts[i];
      if (kind == 0)
        break;
      if (kind == 1)
        {
          i++;
          continue;
        }
      if (i + 1 >= s->optlen || s->opts[i + 1] < 2 || i + s->opts[i + 1] > s->optlen)
        break;
      if (kind == 2 && s->opts[i + 1] == 4)
        *mss = get16 (s->opts + i + 2);
      else if (kind == 3 && s->opts[i + 1] == 3)
        *wscale = MIN (s->opts[i + 2], 14);
      i += s->opts[i + 1];
    }
}

static void
segment_key (const Segment *s, ConnKey *k)
{
  memset (k, 0, sizeof *k);
  k->family = (uint8_t) s->family;
  k->guest_port = s->sport;
  k->remote_port = s->dport;
  memcpy (k->guest, s->src, addr_len (s->family));
  memcpy (k->remote, s->dst, addr_len (s->family));
}

static guint
key_hash (gconstpointer p)
{
  const uint8_t *b = p;
  guint h = 2166136261u; /* FNV-1a */
  for (size_t i = 0; i < sizeof (ConnKey); i++)
    h = (h ^ b[i]) * 16777619u;
  return h;
}

static gboolean
key_equal (gconstpointer a, gconstpointer b)
{
  return memcmp (a, b, sizeof (ConnKey)) == 0;
}

/* ---- the buffer budget ---- */

/* The size a new buffer of at most `full` bytes would get now (0: none). */
static size_t
budget_offer (const JailTcp *tcp, size_t full)
{
  gsize used = tcp->stats.buffered, cap = tcp->stats.buffer_cap;
  size_t size = used + full <= cap / 2 ? full : MIN (full, (size_t) SMALL_BUF);
  return used + size <= cap ? size : 0;
}

/* A buffer of what the budget offers, but of `promised` bytes at least
 * while the cap allows: a window once offered is honoured even if the
 * budget has passed its half since (promised never exceeds a buffer's full
 * size: see window_now). */
static uint8_t *
budget_take_promised (JailTcp *tcp, size_t full, size_t promised, size_t *ret_size)
{
  gsize used = tcp->stats.buffered, cap = tcp->stats.buffer_cap;
  size_t left = used < cap ? cap - used : 0;
  size_t size = MAX (budget_offer (tcp, full), MIN (promised, left));
  *ret_size = size;
  if (size == 0)
    return NULL;
  tcp->stats.buffered += size;
  tcp->stats.peak_buffered = MAX (tcp->stats.peak_buffered, tcp->stats.buffered);
  return g_malloc (size);
}

static uint8_t *
budget_take (JailTcp *tcp, size_t full, size_t *ret_size)
{
  return budget_take_promised (tcp, full, 0, ret_size);
}

static void
budget_give (JailTcp *tcp, uint8_t **buf, size_t *size)
{
  if (*buf == NULL)
    return;
  g_clear_pointer (buf, g_free);
  tcp->stats.buffered -= *size;
  *size = 0;
}

/* No buffer for host data now: read_host runs again when one is given
 * back (jail_tcp_flush). */
static void
starve (Conn *c)
{
  if (!c->starved)
    {
      c->starved = true;
      g_ptr_array_add (c->tcp->starved, c);
    }
}

/* ---- frames to the sandbox ---- */

/* What is left of the window we offered last. */
static uint32_t
window_promised (const Conn *c)
{
  return SEQ_GT (c->rcv_adv, c->rcv_nxt) ? c->rcv_adv - c->rcv_nxt : 0;
}

/* The window to offer: the free part of our buffer, or without one what
 * the budget would give; never less than what is left of the last offer.
 * A window that shrank (the budget spent by other connections between
 * the offer and the data) left the sandbox's segments beyond its new edge
 * unacknowledged: its TCP then retransmitted one partly taken segment per
 * timeout, and without timestamps its backed-off timeout never reset
 * (Karn), so a connection crawled for a minute and more.  RFC 9293
 * 3.8.6.2.2: a receiver should not shrink the window. */
static uint32_t
window_now (const Conn *c)
{
  uint32_t free_now = c->in != NULL ? (uint32_t) (c->in_size - c->in_len)
                                    : (uint32_t) budget_offer (c->tcp, IN_CAP);
  return MAX (free_now, window_promised (c));
}

static void
emit (Conn *c, uint32_t seq, uint8_t flags, const uint8_t *data, size_t len)
{
  uint8_t buf[JAIL_TAP_HDR_LEN + ETH_HLEN + 40 + 28];
  uint8_t *hdr = buf + JAIL_TAP_HDR_LEN;
  int family = c->key.family;
  size_t iphl = family == AF_INET ? 20 : 40;
  size_t alen = addr_len (family);
  bool syn = (flags & TH_SYN) != 0;
  size_t thl = syn ? 28 : 20;
  uint8_t *ip = hdr + ETH_HLEN, *t = ip + iphl;

  memcpy (hdr, c->guest_mac, 6);
  memcpy (hdr + 6, c->our_mac, 6);
  put16 (hdr + 12, family == AF_INET ? 0x0800 : 0x86dd);
  if (family == AF_INET)
    {
      memset (ip, 0, 20);
      ip[0] = 0x45;
      put16 (ip + 2, (uint16_t) (20 + thl + len));
      put16 (ip + 4, c->tcp->ip_id++);
      put16 (ip + 6, 0x4000); /* don't fragment */
      ip[8] = 64;
      ip[9] = IPPROTO_TCP;
      memcpy (ip + 12, c->key.remote, 4);
      memcpy (ip + 16, c->key.guest, 4);
      uint16_t sum = jail_net_csum_fold (jail_net_csum_add (0, ip, 20));
      memcpy (ip + 10, &sum, 2);
    }
  else
    {
      memset (ip, 0, 8);
      ip[0] = 0x60;
      put16 (ip + 4, (uint16_t) (thl + len));
      ip[6] = IPPROTO_TCP;
      ip[7] = 64;
      memcpy (ip + 8, c->key.remote, 16);
      memcpy (ip + 24, c->key.guest, 16);
    }

  uint32_t wnd = window_now (c);
  /* A window shut for want of a buffer is reopened by feed_starved when one
   * comes back, rather than at the sandbox's next zero-window probe, whose
   * interval doubles up to two minutes. */
  c->shut_window = wnd == 0 && c->in == NULL && !syn;
  if (c->shut_window)
    starve (c);
  put16 (t, c->key.remote_port);
  put16 (t + 2, c->key.guest_port);
  put32 (t + 4, seq);
  put32 (t + 8, (flags & TH_ACK) ? c->rcv_nxt : 0);
  t[12] = (uint8_t) ((thl / 4) << 4);
  t[13] = flags;
  /* The window of a SYN is never scaled (RFC 7323 2.2). */
  uint16_t field = (uint16_t) MIN (syn ? wnd : wnd >> c->rcv_wscale, 65535);
  put16 (t + 14, field);
  if (flags & TH_ACK)
    {
      uint32_t edge = c->rcv_nxt + (syn ? field : (uint32_t) field << c->rcv_wscale);
      if (SEQ_GT (edge, c->rcv_adv))
        c->rcv_adv = edge;
    }
  memset (t + 16, 0, 4);
  if (syn)
    {
      uint16_t mss = (uint16_t) (JAIL_NET_MTU - iphl - 20);
      t[20] = 2; /* MSS */
      t[21] = 4;
      put16 (t + 22, mss);
      t[24] = 1; /* NOP, window scale */
      t[25] = 3;
      t[26] = 3;
      t[27] = c->rcv_wscale;
      if (c->rcv_wscale == 0)
        memset (t + 24, 1, 4); /* the sandbox offered none: send none (NOPs) */
    }

  /* Checksum partial: the field holds the pseudo-header's sum, and the
   * header tells the sandbox's kernel where the rest would go.  Delivered
   * locally, it is never summed (the payload came from a socket, not a
   * wire); routed on, it is completed then. */
  uint8_t pseudo[8] = { 0 };
  uint64_t sum = jail_net_csum_add (0, c->key.remote, alen);
  sum = jail_net_csum_add (sum, c->key.guest, alen);
  put32 (pseudo, (uint32_t) (thl + len));
  pseudo[7] = IPPROTO_TCP;
  sum = jail_net_csum_add (sum, pseudo, 8);
  uint16_t partial = (uint16_t) ~jail_net_csum_fold (sum);
  memcpy (t + 16, &partial, 2);
  struct virtio_net_hdr *vnet = (struct virtio_net_hdr *) buf;
  memset (vnet, 0, sizeof *vnet);
  vnet->flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
  vnet->gso_type = VIRTIO_NET_HDR_GSO_NONE;
  vnet->csum_start = (uint16_t) (ETH_HLEN + iphl);
  vnet->csum_offset = 16;

  struct iovec iov[2] = { { buf, JAIL_TAP_HDR_LEN + ETH_HLEN + iphl + thl },
                          { (void *) data, len } };
  /* A full queue in the sandbox drops the frame: retransmission covers it. */
  if (writev (c->tcp->tap_fd, iov, len > 0 ? 2 : 1) < 0 && errno != EAGAIN)
    g_debug ("tcp: tap: %s", g_strerror (errno));
  if (flags & TH_ACK)
    c->ack_due = false;
}

/* ---- connection lifetime ---- */

static void
conn_close (Conn *c, bool reset_host)
{
  if (c->dead)
    return;
  c->dead = true;
  if (reset_host)
    {
      /* A close with linger 0 sends the host peer an RST, as the sandbox's
       * side did (or would, gone). */
      struct linger l = { .l_onoff = 1, .l_linger = 0 };
      setsockopt (c->fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    }
  /* Leave the epoll set first: epoll tracks the open file description,
   * not the descriptor, so a close() alone leaves the socket in the set
   * for as long as a copy of it lives anywhere (a process that inherited
   * it), and epoll_wait would go on naming this Conn after it is freed. */
  epoll_ctl (c->tcp->epfd, EPOLL_CTL_DEL, c->fd, NULL);
  close (c->fd);
  c->fd = -1;
  if (c->starved)
    g_ptr_array_remove_fast (c->tcp->starved, c);
  c->starved = false;
  g_hash_table_remove (c->tcp->conns, &c->key);
  g_ptr_array_add (c->tcp->dead, c);
}

static void
conn_free (gpointer data)
{
  Conn *c = data;
  budget_give (c->tcp, &c->out, &c->out_size);
  budget_give (c->tcp, &c->in, &c->in_size);
  g_free (c);
}

/* Both directions are done: the connection ends. */
static void
maybe_finish (Conn *c)
{
  if (c->dead || !(c->guest_fin && c->shut_wr && c->host_eof && c->fin_acked))
    return;
  if (c->ack_due)
    emit (c, c->snd_nxt, TH_ACK, NULL, 0); /* the sandbox's FIN */
  conn_close (c, false);
}

static void
reset_guest (Conn *c)
{
  if (c->state == CONNECTING)
    emit (c, 0, TH_RST | TH_ACK, NULL, 0);
  else
    emit (c, c->snd_nxt, TH_RST | TH_ACK, NULL, 0);
}

static void
arm_rto (Conn *c)
{
  if (c->rto_ms == 0)
    c->rto_ms = RTO_MIN_MS;
  c->rto_at = g_get_monotonic_time () / 1000 + c->rto_ms;
  if (c->tcp->next_deadline < 0 || c->rto_at < c->tcp->next_deadline)
    c->tcp->next_deadline = c->rto_at;
}

/* ---- host → sandbox ---- */

static size_t
out_sent (const Conn *c)
{
  /* Data bytes in flight: a FIN, once sent, takes the last number. */
  size_t n = (size_t) (c->snd_nxt - c->snd_una);
  return n > c->out_len ? c->out_len : n;
}

static void
output (Conn *c)
{
  if (c->dead)
    return;
  if (c->state == SYN_SENT)
    {
      if (c->snd_nxt == c->iss)
        {
          emit (c, c->iss, TH_SYN | TH_ACK, NULL, 0);
          c->snd_nxt = c->iss + 1;
          if (SEQ_GT (c->snd_nxt, c->snd_max))
            c->snd_max = c->snd_nxt;
        }
      if (c->rto_at == 0)
        arm_rto (c);
      return;
    }
  if (c->state != OPEN)
    return;
  for (;;)
    {
      size_t sent = out_sent (c);
      size_t unsent = c->out_len - sent;
      int64_t room = (int64_t) c->snd_wnd - (int64_t) (uint32_t) (c->snd_nxt - c->snd_una);
      if (unsent == 0 || room <= 0)
        break;
      size_t n = MIN (MIN (unsent, (size_t) c->mss), (size_t) room);
      uint8_t flags = TH_ACK | (n == unsent ? TH_PSH : 0);
      emit (c, c->snd_nxt, flags, c->out + c->out_off + sent, n);
      c->snd_nxt += (uint32_t) n;
      if (SEQ_GT (c->snd_nxt, c->snd_max))
        c->snd_max = c->snd_nxt;
    }
  uint32_t data_end = c->snd_una + (uint32_t) c->out_len;
  if (c->host_eof && !c->fin_acked && c->snd_nxt == data_end)
    {
      emit (c, data_end, TH_FIN | TH_ACK, NULL, 0);
      c->snd_nxt = data_end + 1;
      if (SEQ_GT (c->snd_nxt, c->snd_max))
        c->snd_max = c->snd_nxt;
    }
  if (c->rto_at == 0
      && (c->snd_nxt != c->snd_una || (c->snd_wnd == 0 && (c->out_len > 0 || c->readable))))
    arm_rto (c); /* retransmission, or probing a zero window */
}

/* An empty buffer goes back to the budget when the host has no more to
 * send, or when buffers are scarce.  Otherwise a busy connection keeps
 * its own (freeing it each time the sandbox catches up costs a malloc and
 * free per burst). */
static void
release_idle_out (Conn *c)
{
  const JailTcpStats *st = &c->tcp->stats;
  if (c->out != NULL && c->out_len == 0 && (c->host_eof || st->buffered > st->buffer_cap / 2))
    {
      budget_give (c->tcp, &c->out, &c->out_size);
      c->out_off = 0;
    }
}

/* Read from the host socket only what the sandbox's window lets us send. */
static void
read_host (Conn *c)
{
  while (!c->dead && c->readable && c->state == OPEN && !c->host_eof)
    {
      int64_t window_left = (int64_t) c->snd_wnd - (int64_t) (uint32_t) (c->snd_nxt - c->snd_una);
      int64_t unsent = (int64_t) (c->out_len - out_sent (c));
      int64_t want = window_left - unsent;
      if (c->out != NULL)
        want = MIN ((int64_t) (c->out_size - c->out_len), want);
      if (want <= 0)
        {
          /* Still readable: an acknowledgement will bring us back (and
           * for a shut window, output arms the probe that asks for one). */
          output (c);
          return;
        }
      if (c->out == NULL && (c->out = budget_take (c->tcp, OUT_CAP, &c->out_size)) == NULL)
        {
          starve (c);
          return;
        }
      want = MIN ((int64_t) c->out_size, want);
      if (c->out_off + c->out_len + (size_t) want > c->out_size)
        {
          memmove (c->out, c->out + c->out_off, c->out_len);
          c->out_off = 0;
        }
      ssize_t n = recv (c->fd, c->out + c->out_off + c->out_len, (size_t) want, MSG_DONTWAIT);
      if (n > 0)
        /* Even after a short read, go on to EAGAIN: the end of the stream
         * may be waiting behind the data, and its edge is past. */
        c->out_len += (size_t) n;
      else if (n == 0)
        {
          c->host_eof = true;
          c->readable = false;
        }
      else if (errno == EAGAIN || errno == EINTR)
        {
          if (errno == EAGAIN)
            c->readable = false;
          continue;
        }
      else
        {
          reset_guest (c);
          conn_close (c, false);
          return;
        }
      output (c);
    }
  if (!c->dead)
    release_idle_out (c);
}

/* ---- sandbox → host ---- */

static void
shut_host_write (Conn *c)
{
  if (c->guest_fin && c->in_len == 0 && !c->shut_wr)
    {
      shutdown (c->fd, SHUT_WR);
      c->shut_wr = true;
    }
}

/* Send what the socket takes now: the bytes taken, or -1 if the
 * connection broke (the sandbox is told with a reset). */
static ssize_t
send_some (Conn *c, const uint8_t *data, size_t len)
{
  size_t sent = 0;
  while (sent < len)
    {
      ssize_t n = send (c->fd, data + sent, len - sent, MSG_DONTWAIT | MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && errno == EAGAIN)
        break;
      if (n < 0)
        {
          reset_guest (c);
          conn_close (c, false);
          return -1;
        }
      sent += (size_t) n;
    }
  return (ssize_t) sent;
}

/* Write what the socket refused before; true if the connection lives. */
static bool
flush_in (Conn *c)
{
  size_t before = c->in_len, size = c->in_size;
  ssize_t n = send_some (c, c->in + c->in_off, c->in_len);
  if (n < 0)
    return false;
  c->in_off += (size_t) n;
  c->in_len -= (size_t) n;
  if (c->in_len == 0 && c->in != NULL)
    {
      budget_give (c->tcp, &c->in, &c->in_size);
      c->in_off = 0;
    }
  if (before >= size / 2 && c->in_len < size / 2)
    emit (c, c->snd_nxt, TH_ACK, NULL, 0); /* the window opened again */
  shut_host_write (c);
  return true;
}

/* Payload in order from the sandbox: to the socket, the rest buffered.
 * Returns the bytes accepted (acknowledged), or -1 if the connection died. */
static ssize_t
deliver (Conn *c, const uint8_t *data, size_t len)
{
  size_t sent = 0;
  if (c->in_len == 0)
    {
      ssize_t n = send_some (c, data, len);
      if (n < 0)
        return -1;
      sent = (size_t) n;
    }
  if (c->in == NULL && len > sent)
    c->in = budget_take_promised (c->tcp, IN_CAP, window_promised (c), &c->in_size);
  size_t keep = MIN (len - sent, c->in_size - c->in_len);
  if (keep > 0)
    {
      if (c->in_off + c->in_len + keep > c->in_size)
        {
          memmove (c->in, c->in + c->in_off, c->in_len);
          c->in_off = 0;
        }
      memcpy (c->in + c->in_off + c->in_len, data + sent, keep);
      c->in_len += keep;
    }
  return (ssize_t) (sent + keep);
}

static void
want_ack (Conn *c)
{
  if (!c->ack_due)
    {
      c->ack_due = true;
      g_ptr_array_add (c->tcp->acks, c);
    }
}

/* Go back to the oldest unacknowledged byte and send again. */
static void
retransmit (Conn *c)
{
  c->snd_nxt = c->state == SYN_SENT ? c->iss : c->snd_una;
  c->dupacks = 0;
  output (c);
}

static void
process_ack (Conn *c, const Segment *s)
{
  if (c->state == SYN_SENT)
    {
      if (s->ack != c->iss + 1)
        return;
      c->state = OPEN;
      c->snd_una = c->snd_nxt = c->snd_max = s->ack;
      c->rto_at = 0;
      c->rto_ms = 0;
      c->retries = 0;
    }
  uint32_t wnd = (uint32_t) s->wnd << c->snd_wscale;
  uint32_t data_end = c->snd_una + (uint32_t) c->out_len;
  if (SEQ_GT (s->ack, c->snd_una) && SEQ_LEQ (s->ack, c->snd_max))
    {
      size_t acked = (size_t) (s->ack - c->snd_una);
      if (c->host_eof && s->ack == data_end + 1)
        {
          c->fin_acked = true;
          acked--;
        }
      acked = MIN (acked, c->out_len);
      c->out_off += acked;
      c->out_len -= acked;
      if (c->out_len == 0)
        c->out_off = 0;
      c->snd_una = s->ack;
      if (SEQ_LT (c->snd_nxt, c->snd_una))
        c->snd_nxt = c->snd_una;
      c->dupacks = 0;
      c->retries = 0;
      c->rto_ms = 0;
      c->rto_at = 0;
    }
  else if (s->ack == c->snd_una && s->plen == 0 && !(s->flags & TH_FIN) && wnd == c->snd_wnd
           && c->snd_max != c->snd_una && ++c->dupacks == 3)
    retransmit (c);
  /* With nothing outstanding the sandbox is answering our zero-window
   * probes: it is alive, however long it keeps its window shut. */
  if (c->snd_max == c->snd_una)
    c->retries = 0;
  c->snd_wnd = wnd;
  /* An idle connection holds no buffer; a busy one keeps it (freeing it
   * each time the sandbox catches up costs a malloc and free per burst). */
  if (c->out_len == 0 && !c->readable)
    budget_give (c->tcp, &c->out, &c->out_size);
}

static void
input (Conn *c, const Segment *s)
{
  if (s->flags & TH_RST)
    {
      conn_close (c, true);
      return;
    }
  if (c->state == CONNECTING)
    return; /* a retransmitted SYN: we answer once connected */
  if (s->flags & TH_SYN)
    {
      /* Our SYN-ACK was lost: send it again. */
      if (c->state == SYN_SENT && !(s->flags & TH_ACK) && s->seq + 1 == c->rcv_nxt)
        retransmit (c);
      return;
    }
  if (!(s->flags & TH_ACK))
    return;
  process_ack (c, s);
  if (c->state != OPEN)
    return;

  const uint8_t *data = s->payload;
  size_t len = s->plen;
  bool fin = (s->flags & TH_FIN) != 0;
  /* A segment with no data below the next number is a keepalive or a
   * zero-window probe: the answer tells the sandbox we are here, and our
   * window (without it its TCP keepalive would time out). */
  if (len == 0 && !fin && SEQ_LT (s->seq, c->rcv_nxt))
    want_ack (c);
  if (len > 0 || fin)
    {
      uint32_t seq = s->seq;
      if (SEQ_LT (seq, c->rcv_nxt))
        {
          /* Already have (some of) it: keep only what is new. */
          size_t old = (size_t) (c->rcv_nxt - seq);
          if (old >= len + (fin ? 1 : 0))
            {
              want_ack (c);
              goto out;
            }
          old = MIN (old, len);
          data += old;
          len -= old;
          seq += (uint32_t) old;
        }
      if (seq != c->rcv_nxt || c->guest_fin)
        {
          want_ack (c); /* out of order: the duplicate ack asks again */
          goto out;
        }
      size_t taken = 0;
      if (len > 0)
        {
          ssize_t n = deliver (c, data, len);
          if (n < 0)
            return;
          taken = (size_t) n;
          c->rcv_nxt += (uint32_t) taken;
        }
      if (fin && taken == len)
        {
          c->guest_fin = true;
          c->rcv_nxt++;
          shut_host_write (c);
        }
      want_ack (c);
    }
out:
  read_host (c); /* the acknowledgement may have opened the window */
  output (c);
  maybe_finish (c);
}

/* ---- new connections ---- */

static bool
to_nameserver (const JailTcp *tcp, const Segment *s)
{
  return tcp->nameserver_len > 0 && s->dport == 53 && jail_net_is_nameserver (s->family, s->dst);
}

/* Where the fast path carries connections: the gateway (the host's
 * loopback), the DNS forwarder when it has a server, and everything
 * outside the virtual network. */
static bool
fast_path_destination (const JailTcp *tcp, const Segment *s)
{
  return !jail_net_in_virtual_network (s->family, s->dst) || jail_net_is_gateway (s->family, s->dst)
         || to_nameserver (tcp, s);
}

/* Addresses that would reach the host's own loopback (or nothing) if we
 * connected to them as given: 127/8, 0/8, ::1, ::, v4-mapped loopback.
 * The sandbox's kernel never routes them to the tap; a crafted frame may. */
static bool
is_host_local (const Segment *s)
{
  static const uint8_t any6[16] = { 0 }, lo6[16] = { [15] = 1 };
  static const uint8_t mapped[12] = { [10] = 0xff, [11] = 0xff };
  if (s->family == AF_INET)
    return s->dst[0] == 127 || s->dst[0] == 0;
  return memcmp (s->dst, any6, 16) == 0 || memcmp (s->dst, lo6, 16) == 0
         || (memcmp (s->dst, mapped, 12) == 0 && (s->dst[12] == 127 || s->dst[12] == 0));
}

static socklen_t
host_address (const JailTcp *tcp, const Segment *s, struct sockaddr_storage *ss)
{
  memset (ss, 0, sizeof *ss);
  if (to_nameserver (tcp, s))
    {
      memcpy (ss, &tcp->nameserver, tcp->nameserver_len);
      return tcp->nameserver_len;
    }
  if (s->family == AF_INET)
    {
      struct sockaddr_in *sin = (struct sockaddr_in *) ss;
      sin->sin_family = AF_INET;
      sin->sin_port = htons (s->dport);
      if (jail_net_is_gateway (s->family, s->dst))
        sin->sin_addr.s_addr = htonl (INADDR_LOOPBACK);
      else
        memcpy (&sin->sin_addr, s->dst, 4);
      return sizeof *sin;
    }
  struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *) ss;
  sin6->sin6_family = AF_INET6;
  sin6->sin6_port = htons (s->dport);
  if (jail_net_is_gateway (s->family, s->dst))
    sin6->sin6_addr = in6addr_loopback;
  else
    memcpy (&sin6->sin6_addr, s->dst, 16);
  return sizeof *sin6;
}

static void
connected (Conn *c)
{
  int err = 0;
  socklen_t len = sizeof err;
  if (getsockopt (c->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
    err = errno;
  if (err != 0)
    {
      reset_guest (c); /* the sandbox sees "connection refused" */
      conn_close (c, false);
      return;
    }
  c->state = SYN_SENT;
  c->snd_nxt = c->iss;
  output (c);
}

static void
new_connection (JailTcp *tcp, const Segment *s, const ConnKey *key)
{
  Conn *c = g_new0 (Conn, 1);
  c->key = *key;
  c->tcp = tcp;
  c->state = CONNECTING;
  memcpy (c->guest_mac, s->mac_src, 6);
  memcpy (c->our_mac, s->mac_dst, 6);
  c->rcv_nxt = s->seq + 1;
  c->rcv_adv = c->rcv_nxt;
  c->iss = g_random_int ();
  c->snd_una = c->snd_nxt = c->snd_max = c->iss;
  int wscale;
  parse_syn_options (s, &c->mss, &wscale);
  size_t max_mss = JAIL_NET_MTU - (s->family == AF_INET ? 40 : 60);
  c->mss = (uint16_t) MAX (64, MIN ((size_t) c->mss, max_mss));
  c->snd_wscale = wscale >= 0 ? (uint8_t) wscale : 0;
  c->rcv_wscale = wscale >= 0 ? RCV_WSCALE : 0;
  c->snd_wnd = s->wnd; /* a SYN's window is not scaled */

  struct sockaddr_storage ss;
  socklen_t sslen = host_address (tcp, s, &ss);
  bool over_cap = g_hash_table_size (tcp->conns) >= tcp->stats.max_connections;
  c->fd = over_cap ? -1 : socket (ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (c->fd < 0 || is_host_local (s))
    {
      /* Over the cap, or no descriptor (EMFILE, ENFILE): the sandbox
       * sees "connection refused" at once, and nothing is retried. */
      if (c->fd < 0)
        tcp->stats.refused++;
      reset_guest (c);
      if (c->fd >= 0)
        close (c->fd);
      g_free (c);
      return;
    }
  /* The sandbox's stack already decided where segments end (Nagle runs
   * there): do not delay them a second time. */
  int one = 1;
  setsockopt (c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET, .data.ptr = c };
  epoll_ctl (tcp->epfd, EPOLL_CTL_ADD, c->fd, &ev);
  g_hash_table_insert (tcp->conns, &c->key, c);
  tcp->stats.peak_connections = MAX (tcp->stats.peak_connections, g_hash_table_size (tcp->conns));
  if (connect (c->fd, (struct sockaddr *) &ss, sslen) == 0)
    connected (c);
  else if (errno != EINPROGRESS)
    {
      reset_guest (c);
      conn_close (c, false);
    }
}

static void
free_dead (JailTcp *tcp)
{
  g_ptr_array_set_size (tcp->dead, 0); /* frees them */
}

bool
jail_tcp_input (JailTcp *tcp, const uint8_t *frame, size_t len)
{
  Segment s;
  if (!parse_segment (frame, len, &s))
    return false;
  ConnKey key;
  segment_key (&s, &key);
  Conn *c = g_hash_table_lookup (tcp->conns, &key);
  bool syn = (s.flags & (TH_SYN | TH_ACK | TH_RST | TH_FIN)) == TH_SYN;
  if (c != NULL && syn && c->state == OPEN && c->guest_fin)
    {
      /* The sandbox forgot a connection it had closed (its FIN_WAIT2
       * timed out while the host kept its side open) and reuses the
       * port: the old one is over. */
      conn_close (c, true);
      c = NULL;
    }
  if (c != NULL)
    input (c, &s);
  else if (syn && fast_path_destination (tcp, &s))
    new_connection (tcp, &s, &key);
  else
    /* The virtual network's own services, connections into published
     * ports (their client may be any address), and segments of
     * connections that ended: slirp's (it resets what it does not know). */
    return false;
  return true;
}

/* Buffers came back to the budget: connections waiting for one read
 * their host sockets again, and those that shut their window for want of
 * one tell the sandbox it is open (those that still find none wait on). */
static void
feed_starved (JailTcp *tcp)
{
  if (tcp->starved->len == 0 || budget_offer (tcp, OUT_CAP) == 0)
    return;
  g_autoptr (GPtrArray) waiting = g_steal_pointer (&tcp->starved);
  tcp->starved = g_ptr_array_new ();
  for (guint i = 0; i < waiting->len; i++)
    {
      Conn *c = g_ptr_array_index (waiting, i);
      c->starved = false;
      if (c->shut_window && !c->dead)
        emit (c, c->snd_nxt, TH_ACK, NULL, 0); /* the window update */
      read_host (c);
    }
}

void
jail_tcp_flush (JailTcp *tcp)
{
  feed_starved (tcp);
  for (guint i = 0; i < tcp->acks->len; i++)
    {
      Conn *c = g_ptr_array_index (tcp->acks, i);
      if (c->ack_due && !c->dead)
        emit (c, c->snd_nxt, TH_ACK, NULL, 0);
      c->ack_due = false;
    }
  g_ptr_array_set_size (tcp->acks, 0);
  free_dead (tcp);
}

void
jail_tcp_dispatch (JailTcp *tcp)
{
  struct epoll_event events[EVENTS_PER_WAIT];
  int n = epoll_wait (tcp->epfd, events, EVENTS_PER_WAIT, 0);
  for (int i = 0; i < n; i++)
    {
      Conn *c = events[i].data.ptr;
      uint32_t ev = events[i].events;
      if (c->dead)
        continue;
      if (c->state == CONNECTING)
        {
          if (!(ev & (EPOLLOUT | EPOLLERR | EPOLLHUP)))
            continue;
          connected (c);
          /* The server may have written (and closed) already: this edge
           * is the only one its data will get. */
          if (c->dead)
            continue;
        }
      if ((ev & EPOLLOUT) && c->in_len > 0 && !flush_in (c))
        continue;
      if (ev & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR))
        {
          c->readable = true;
          read_host (c);
        }
      maybe_finish (c);
    }
  jail_tcp_flush (tcp);
}

gint64
jail_tcp_next_deadline (JailTcp *tcp)
{
  return tcp->next_deadline;
}

static void
on_timeout (Conn *c)
{
  c->rto_at = 0;
  if (++c->retries > MAX_RETRIES)
    {
      reset_guest (c);
      conn_close (c, true);
      return;
    }
  c->rto_ms = MIN (c->rto_ms * 2, RTO_MAX_MS);
  if (c->state == OPEN && c->snd_nxt == c->snd_una && c->snd_wnd == 0)
    {
      /* A zero-window probe: an old sequence number makes the sandbox
       * answer with its current window. */
      emit (c, c->snd_una - 1, TH_ACK, NULL, 0);
      arm_rto (c);
      return;
    }
  retransmit (c);
  if (c->rto_at == 0 && !c->dead && c->snd_nxt != c->snd_una)
    arm_rto (c);
}

void
jail_tcp_run_timers (JailTcp *tcp, gint64 now_ms)
{
  if (tcp->next_deadline < 0 || tcp->next_deadline > now_ms)
    return;
  /* Collect what is due and the true next deadline of the rest; the
   * timeouts re-arm (arm_rto lowers next_deadline again). */
  gint64 later = -1;
  GHashTableIter it;
  Conn *c;
  g_hash_table_iter_init (&it, tcp->conns);
  while (g_hash_table_iter_next (&it, NULL, (gpointer *) &c))
    if (c->rto_at != 0 && c->rto_at <= now_ms)
      g_ptr_array_add (tcp->due, c);
    else if (c->rto_at != 0 && (later < 0 || c->rto_at < later))
      later = c->rto_at;
  tcp->next_deadline = later;
  for (guint i = 0; i < tcp->due->len; i++)
    {
      c = g_ptr_array_index (tcp->due, i);
      if (!c->dead)
        on_timeout (c);
    }
  g_ptr_array_set_size (tcp->due, 0);
  jail_tcp_flush (tcp);
}

guint
jail_tcp_n_connections (const JailTcp *tcp)
{
  return g_hash_table_size (tcp->conns);
}

void
jail_tcp_get_stats (const JailTcp *tcp, JailTcpStats *ret_stats)
{
  *ret_stats = tcp->stats;
  ret_stats->connections = g_hash_table_size (tcp->conns);
}

void
jail_tcp_set_nameserver (JailTcp *tcp, const struct sockaddr *addr, socklen_t len)
{
  if (len > sizeof tcp->nameserver)
    return;
  memcpy (&tcp->nameserver, addr, len);
  tcp->nameserver_len = len;
}

void
jail_tcp_set_buffer_cap (JailTcp *tcp, gsize cap)
{
  tcp->stats.buffer_cap = cap;
}

/* The connection cap: what RLIMIT_NOFILE leaves after the reserve. */
static guint
connection_cap (void)
{
  struct rlimit rl;
  if (getrlimit (RLIMIT_NOFILE, &rl) < 0 || rl.rlim_cur == RLIM_INFINITY)
    return 4096;
  if (rl.rlim_cur < FD_RESERVE + MIN_CONNECTIONS)
    return MIN_CONNECTIONS;
  return (guint) MIN (rl.rlim_cur - FD_RESERVE, (rlim_t) G_MAXINT);
}

int
jail_tcp_fd (const JailTcp *tcp)
{
  return tcp->epfd;
}

JailTcp *
jail_tcp_new (int tap_fd)
{
  int epfd = epoll_create1 (EPOLL_CLOEXEC);
  if (epfd < 0)
    return NULL;
  JailTcp *tcp = g_new0 (JailTcp, 1);
  tcp->tap_fd = tap_fd;
  tcp->epfd = epfd;
  tcp->conns = g_hash_table_new (key_hash, key_equal);
  tcp->acks = g_ptr_array_new ();
  tcp->dead = g_ptr_array_new_with_free_func (conn_free);
  tcp->due = g_ptr_array_new ();
  tcp->starved = g_ptr_array_new ();
  tcp->next_deadline = -1;
  tcp->stats.max_connections = connection_cap ();
  tcp->stats.buffer_cap = BUFFER_CAP_DEFAULT;
  return tcp;
}

void
jail_tcp_free (JailTcp *tcp)
{
  if (tcp == NULL)
    return;
  GHashTableIter it;
  Conn *c;
  g_autoptr (GPtrArray) all = g_ptr_array_new ();
  g_hash_table_iter_init (&it, tcp->conns);
  while (g_hash_table_iter_next (&it, NULL, (gpointer *) &c))
    g_ptr_array_add (all, c);
  for (guint i = 0; i < all->len; i++)
    conn_close (g_ptr_array_index (all, i), true);
  g_ptr_array_set_size (tcp->acks, 0);
  free_dead (tcp);
  g_hash_table_unref (tcp->conns);
  g_ptr_array_unref (tcp->acks);
  g_ptr_array_unref (tcp->dead);
  g_ptr_array_unref (tcp->due);
  g_ptr_array_unref (tcp->starved);
  close (tcp->epfd);
  g_free (tcp);
}
