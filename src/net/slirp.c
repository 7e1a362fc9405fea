/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <libslirp.h>
#include <malloc.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/sync.h"
#include "net/slirp.h"
#include "net/slirp-lib.h"
#include "net/filter.h"
#include "net/net-config.h"
#include "net/tap.h"
#include "net/tcp.h"

/* Frames read per wakeup of the tap before slirp gets a turn. */
#define TAP_BATCH 64

/* libslirp's functions (slirp-lib.h): set by jail_slirp_start. */
static const JailSlirpLib *slirp_lib;

typedef struct {
  SlirpTimerCb cb;
  void *cb_opaque;
  gint64 expire_ms; /* -1: not armed */
} Timer;

typedef struct {
  GPollFD pfd;        /* registered with the main context: does not move */
  guint generation;   /* the last iteration slirp asked for it */
  bool listener;      /* a published port's listening socket */
} Polled;

struct JailSlirp {
  GSource source;     /* first: the GSource that drives slirp */
  Slirp *slirp;
  int tap_fd;
  GArray *wanted;     /* GPollFD slirp asks for in this iteration */
  GPtrArray *polled;  /* Polled*, in the order of wanted (slirp's indexes) */
  GHashTable *registered; /* fd → Polled* */
  guint generation;
  GPtrArray *timers;  /* Timer* */
  JailNetFilter filter;
  GArray *rules;
  GPollFD tap_pfd;
  JailTcp *tcp;       /* outbound TCP: see tcp.h */
  int refusal_fd;     /* the denial report: refused flows go here, or -1 */
  GPollFD tcp_pfd;
  gint64 slirp_deadline_ms;           /* slirp's own timers (slow/fast TCP timers), -1: none */
  struct sockaddr_storage dns_server; /* --net-dns-server, family 0 if none */
  socklen_t dns_server_len;
  GHashTable *dns_queries;            /* DnsQuery* set */
  GHashTable *udp_flows;              /* GBytes key → last use (s) */
  GHashTable *slirp_sockets;          /* socket key → last use (s), see admit_slirp_socket */
  GSource *trim;                      /* the heap check (see trim_heap) */
  gint64 accepts_paused_until;        /* monotonic ms (see hold_back_accepts) */
  uint8_t *buf;
};

static void forward_dns (JailSlirp *js, const uint8_t *frame, size_t len, const uint8_t *payload,
                         size_t plen);

static gint64
now_ms (void)
{
  return g_get_monotonic_time () / 1000;
}

/* ---- callbacks from libslirp ---- */

/* UDP into the sandbox, remembered so that the answers pass the filter
 * (published UDP ports: slirp's client address is 10.0.2.2). */
#define UDP_FLOW_MAX 4096
#define UDP_FLOW_TTL 180

static GBytes *
udp_flow_key (int family, const uint8_t *remote, uint16_t rport, uint16_t lport)
{
  uint8_t key[21] = { (uint8_t) family };
  memcpy (key + 1, remote, family == AF_INET ? 4 : 16);
  memcpy (key + 17, &rport, 2);
  memcpy (key + 19, &lport, 2);
  return g_bytes_new (key, sizeof key);
}

static void
remember_udp_flow (JailSlirp *js, const uint8_t *frame, size_t len)
{
  int family;
  const uint8_t *remote;
  uint16_t rport, lport;
  if (!jail_net_frame_udp_key (frame, len, &family, &remote, &rport, &lport))
    return;
  if (g_hash_table_size (js->udp_flows) >= UDP_FLOW_MAX)
    g_hash_table_remove_all (js->udp_flows);
  g_hash_table_replace (js->udp_flows, udp_flow_key (family, remote, rport, lport),
                        GINT_TO_POINTER ((int) (g_get_monotonic_time () / G_USEC_PER_SEC) + 1));
}

static bool
is_udp_reply (void *opaque, int family, const uint8_t *remote, uint16_t rport, uint16_t lport)
{
  JailSlirp *js = opaque;
  g_autoptr (GBytes) key = udp_flow_key (family, remote, rport, lport);
  int seen = GPOINTER_TO_INT (g_hash_table_lookup (js->udp_flows, key));
  return seen != 0 && g_get_monotonic_time () / G_USEC_PER_SEC + 1 - seen < UDP_FLOW_TTL;
}

static ssize_t
cb_send_packet (const void *buf, size_t len, void *opaque)
{
  JailSlirp *js = opaque;
  remember_udp_flow (js, buf, len);
  ssize_t n = jail_tap_write (js->tap_fd, buf, len);
  /* A full tap queue drops the frame; TCP retransmits. */
  return n < 0 && errno != EAGAIN ? -errno : (ssize_t) len;
}

static void
cb_guest_error (const char *msg, void *opaque)
{
  g_debug ("slirp: guest error: %s", msg);
}

static int64_t
cb_clock_get_ns (void *opaque)
{
  return g_get_monotonic_time () * 1000;
}

static void *
cb_timer_new (SlirpTimerCb cb, void *cb_opaque, void *opaque)
{
  JailSlirp *js = opaque;
  Timer *t = g_new0 (Timer, 1);
  t->cb = cb;
  t->cb_opaque = cb_opaque;
  t->expire_ms = -1;
  g_ptr_array_add (js->timers, t);
  return t;
}

static void
cb_timer_free (void *timer, void *opaque)
{
  JailSlirp *js = opaque;
  g_ptr_array_remove_fast (js->timers, timer);
}

static void
cb_timer_mod (void *timer, int64_t expire_time, void *opaque)
{
  ((Timer *) timer)->expire_ms = expire_time;
}

static void
cb_register_poll_fd (int fd, void *opaque)
{
}

static void
cb_unregister_poll_fd (int fd, void *opaque)
{
}

/* Called from inside slirp, in our own thread: the next prepare sees the
 * change, no wakeup needed (a wakeup here made every iteration spin). */
static void
cb_notify (void *opaque)
{
}

static const SlirpCb callbacks = {
  .send_packet = cb_send_packet,
  .guest_error = cb_guest_error,
  .clock_get_ns = cb_clock_get_ns,
  .timer_new = cb_timer_new,
  .timer_free = cb_timer_free,
  .timer_mod = cb_timer_mod,
  .register_poll_fd = cb_register_poll_fd,
  .unregister_poll_fd = cb_unregister_poll_fd,
  .notify = cb_notify,
};

/* ---- the tap: frames from the sandbox, filtered, into slirp ---- */

/* Descriptors: libslirp opens a host socket for each UDP source port and
 * each ICMP echo identifier of the sandbox's and keeps it 240 s after its
 * last use (SO_EXPIRE).  Unbounded, a sandbox could take every descriptor
 * of the engine's, and then libslirp's accept() on a published port would
 * fail (EMFILE) and be retried at every poll: a busy loop.  So at most
 * SLIRP_SOCKETS_MAX of them; a datagram that would need one more is
 * dropped.  With the DNS forwarder's DNS_QUERIES_MAX this stays inside
 * the descriptors the TCP fast path leaves over (tcp.c's FD_RESERVE). */
#define SLIRP_SOCKETS_MAX 192
#define SLIRP_SOCKET_TTL_S 245
#define DNS_QUERIES_MAX 128

static void
expire_slirp_sockets (JailSlirp *js, int now)
{
  GHashTableIter it;
  gpointer last;
  g_hash_table_iter_init (&it, js->slirp_sockets);
  while (g_hash_table_iter_next (&it, NULL, &last))
    if (now - GPOINTER_TO_INT (last) > SLIRP_SOCKET_TTL_S)
      g_hash_table_iter_remove (&it);
}

static bool
admit_slirp_socket (JailSlirp *js, const uint8_t *frame, size_t len)
{
  uint32_t key;
  if (!jail_net_frame_slirp_socket_key (frame, len, &key))
    return true;
  int now = (int) (g_get_monotonic_time () / G_USEC_PER_SEC);
  gpointer k = GUINT_TO_POINTER (key);
  if (!g_hash_table_contains (js->slirp_sockets, k)
      && g_hash_table_size (js->slirp_sockets) >= SLIRP_SOCKETS_MAX)
    {
      expire_slirp_sockets (js, now);
      if (g_hash_table_size (js->slirp_sockets) >= SLIRP_SOCKETS_MAX)
        return false;
    }
  g_hash_table_insert (js->slirp_sockets, k, GINT_TO_POINTER (now));
  return true;
}

/* The denial report: one message per refused connection or datagram,
 * never waited for (a sandbox that floods refused datagrams loses some of
 * their count, nothing else). */
static void
report_refusal (JailSlirp *js, const uint8_t *frame, size_t len)
{
  static SyncMsg msg;
  if (js->refusal_fd < 0)
    return;
  memset (&msg, 0, sizeof msg);
  msg.type = SYNC_NET_REFUSED;
  if (!jail_net_describe_refusal (frame, len, msg.detail, sizeof msg.detail, msg.path,
                                  sizeof msg.path))
    return;
  (void) !send (js->refusal_fd, &msg, sizeof msg, MSG_DONTWAIT | MSG_NOSIGNAL);
}

void
jail_slirp_report_refusals (JailSlirp *js, int fd)
{
  js->refusal_fd = fd;
}

static void
read_tap (JailSlirp *js)
{
  int fd = js->tap_fd;
  uint8_t reply[JAIL_NET_REPLY_MAX];
  size_t reply_len;
  uint8_t *frame = js->buf + JAIL_TAP_HDR_LEN;
  for (int i = 0; i < TAP_BATCH; i++)
    {
      ssize_t n = read (fd, js->buf, JAIL_TAP_HDR_LEN + JAIL_NET_MTU + 14);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= JAIL_TAP_HDR_LEN)
        break;
      n -= JAIL_TAP_HDR_LEN; /* no offloads are on: the header says nothing */
      const uint8_t *payload;
      size_t plen;
      if (js->dns_server.ss_family != 0 && js->filter.dns
          && jail_net_frame_is_dns_query (frame, (size_t) n, &payload, &plen))
        {
          forward_dns (js, frame, (size_t) n, payload, plen);
          continue;
        }
      switch (jail_net_filter_frame (&js->filter, frame, (size_t) n, reply, &reply_len))
        {
        case JAIL_NET_PASS:
          if (!jail_tcp_input (js->tcp, frame, (size_t) n)
              && admit_slirp_socket (js, frame, (size_t) n))
            slirp_lib->input (js->slirp, frame, (int) n);
          break;
        case JAIL_NET_REPLY:
          report_refusal (js, frame, (size_t) n);
          if (jail_tap_write (fd, reply, reply_len) < 0)
            g_debug ("tap: %s", g_strerror (errno));
          break;
        case JAIL_NET_DROP:
          break;
        }
    }
  jail_tcp_flush (js->tcp); /* one acknowledgement per connection per batch */
}

/* ---- --net-dns-server: UDP queries to 10.0.2.3 go to the named server
 * (libslirp's forwarder only knows the host's /etc/resolv.conf) ---- */

typedef struct {
  JailSlirp *js;
  int fd;
  GSource *io, *timeout;
  size_t query_len;
  uint8_t query[]; /* the query frame's headers, for the answer */
} DnsQuery;

static void
dns_query_free (gpointer data)
{
  DnsQuery *q = data;
  g_source_destroy (q->io);
  g_source_unref (q->io);
  g_source_destroy (q->timeout);
  g_source_unref (q->timeout);
  close (q->fd);
  g_free (q);
}

static gboolean
on_dns_answer (int fd, GIOCondition cond, gpointer data)
{
  DnsQuery *q = data;
  uint8_t answer[4096], frame[4096 + 80];
  ssize_t n = recv (fd, answer, sizeof answer, 0);
  if (n > 0)
    {
      size_t len = jail_net_make_udp_reply (q->query, answer, (size_t) n, frame, sizeof frame);
      if (len > 0 && jail_tap_write (q->js->tap_fd, frame, len) < 0)
        g_debug ("dns: %s", g_strerror (errno));
    }
  g_hash_table_remove (q->js->dns_queries, q);
  return G_SOURCE_REMOVE;
}

static gboolean
on_dns_timeout (gpointer data)
{
  DnsQuery *q = data;
  g_hash_table_remove (q->js->dns_queries, q);
  return G_SOURCE_REMOVE;
}

static void
forward_dns (JailSlirp *js, const uint8_t *frame, size_t len, const uint8_t *payload, size_t plen)
{
  /* A bound on what a flooding sandbox can make us hold open. */
  if (g_hash_table_size (js->dns_queries) >= DNS_QUERIES_MAX)
    return;
  int fd = socket (js->dns_server.ss_family, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0)
    return;
  if (connect (fd, (struct sockaddr *) &js->dns_server, js->dns_server_len) < 0
      || send (fd, payload, plen, 0) < 0)
    {
      close (fd);
      return;
    }
  size_t hdr = (size_t) (payload - frame);
  DnsQuery *q = g_malloc0 (sizeof *q + hdr);
  q->js = js;
  q->fd = fd;
  q->query_len = hdr;
  memcpy (q->query, frame, hdr);
  GMainContext *ctx = g_source_get_context (&js->source);
  q->io = g_unix_fd_source_new (fd, G_IO_IN | G_IO_ERR);
  g_source_set_callback (q->io, (GSourceFunc) (void (*) (void)) on_dns_answer, q, NULL);
  g_source_attach (q->io, ctx);
  q->timeout = g_timeout_source_new_seconds (5);
  g_source_set_callback (q->timeout, on_dns_timeout, q, NULL);
  g_source_attach (q->timeout, ctx);
  g_hash_table_add (js->dns_queries, q);
}

/* ---- the GSource: slirp's sockets and timers in our main loop ---- */

static int
add_poll (int fd, int events, void *opaque)
{
  JailSlirp *js = opaque;
  GPollFD pfd = { .fd = fd };
  if (events & SLIRP_POLL_IN)
    pfd.events |= G_IO_IN;
  if (events & SLIRP_POLL_OUT)
    pfd.events |= G_IO_OUT;
  if (events & SLIRP_POLL_PRI)
    pfd.events |= G_IO_PRI;
  if (events & SLIRP_POLL_ERR)
    pfd.events |= G_IO_ERR;
  if (events & SLIRP_POLL_HUP)
    pfd.events |= G_IO_HUP;
  g_array_append_val (js->wanted, pfd);
  return (int) js->wanted->len - 1;
}

static int
get_revents (int idx, void *opaque)
{
  JailSlirp *js = opaque;
  if (idx < 0 || (guint) idx >= js->polled->len)
    return 0;
  GIOCondition r = (GIOCondition) ((Polled *) g_ptr_array_index (js->polled, idx))->pfd.revents;
  int ev = 0;
  if (r & G_IO_IN)
    ev |= SLIRP_POLL_IN;
  if (r & G_IO_OUT)
    ev |= SLIRP_POLL_OUT;
  if (r & G_IO_PRI)
    ev |= SLIRP_POLL_PRI;
  if (r & G_IO_ERR)
    ev |= SLIRP_POLL_ERR;
  if (r & G_IO_HUP)
    ev |= SLIRP_POLL_HUP;
  return ev;
}

static gint64
next_timer_ms (JailSlirp *js)
{
  gint64 next = jail_tcp_next_deadline (js->tcp);
  for (guint i = 0; i < js->timers->len; i++)
    {
      Timer *t = g_ptr_array_index (js->timers, i);
      if (t->expire_ms >= 0 && (next < 0 || t->expire_ms < next))
        next = t->expire_ms;
    }
  return next;
}

/* Give the main context the descriptors slirp wants polled this
 * iteration.  Each g_source_add_poll/remove_poll walks the context's list
 * and signals its wakeup eventfd (a syscall, and one more spin of the
 * loop): re-registering every descriptor on every iteration cost tens of
 * syscalls per TCP connect through slirp (strace: 8 eventfd writes per
 * iteration with 4 sockets).  So a
 * descriptor stays registered while slirp keeps asking for it; only its
 * events are updated, which the context reads at each poll. */
static bool
is_listener (int fd)
{
  int on = 0;
  socklen_t len = sizeof on;
  return getsockopt (fd, SOL_SOCKET, SO_ACCEPTCONN, &on, &len) == 0 && on;
}

/* Out of descriptors, libslirp's accept() on a published port fails
 * (EMFILE) and the connection stays queued, so the listening socket is
 * readable again at once: a busy loop.  When a listening socket is
 * readable and no descriptor is free, nobody is told, and listening
 * sockets are not polled for ACCEPT_PAUSE_MS; the peers wait in the
 * kernel's queue until a descriptor is free again. */
#define ACCEPT_PAUSE_MS 100

static bool
descriptor_free (JailSlirp *js)
{
  int probe = fcntl (js->tap_fd, F_DUPFD_CLOEXEC, 0);
  if (probe < 0)
    return false;
  close (probe);
  return true;
}

static void
hold_back_accepts (JailSlirp *js)
{
  bool asked = false;
  for (guint i = 0; i < js->polled->len && !asked; i++)
    {
      Polled *p = g_ptr_array_index (js->polled, i);
      asked = p->listener && (p->pfd.revents & G_IO_IN);
    }
  if (!asked || descriptor_free (js))
    return;
  for (guint i = 0; i < js->polled->len; i++)
    {
      Polled *p = g_ptr_array_index (js->polled, i);
      if (p->listener)
        p->pfd.revents &= (gushort) ~G_IO_IN;
    }
  js->accepts_paused_until = now_ms () + ACCEPT_PAUSE_MS;
}

static void
register_polls (JailSlirp *js)
{
  js->generation++;
  g_ptr_array_set_size (js->polled, 0);
  gint64 now = now_ms ();
  if (js->accepts_paused_until != 0 && js->accepts_paused_until <= now)
    js->accepts_paused_until = 0;
  bool paused = js->accepts_paused_until != 0;
  for (guint i = 0; i < js->wanted->len; i++)
    {
      const GPollFD *want = &g_array_index (js->wanted, GPollFD, i);
      Polled *p = g_hash_table_lookup (js->registered, GINT_TO_POINTER (want->fd));
      if (p == NULL)
        {
          p = g_new0 (Polled, 1);
          p->pfd.fd = want->fd;
          p->listener = is_listener (want->fd);
          g_hash_table_insert (js->registered, GINT_TO_POINTER (want->fd), p);
          g_source_add_poll (&js->source, &p->pfd);
        }
      p->pfd.events = want->events;
      if (p->listener && paused)
        p->pfd.events &= ~G_IO_IN;
      p->pfd.revents = 0;
      p->generation = js->generation;
      g_ptr_array_add (js->polled, p);
    }
  GHashTableIter it;
  Polled *p;
  g_hash_table_iter_init (&it, js->registered);
  while (g_hash_table_iter_next (&it, NULL, (gpointer *) &p))
    if (p->generation != js->generation)
      {
        g_source_remove_poll (&js->source, &p->pfd);
        g_hash_table_iter_remove (&it);
      }
}

static gboolean
source_prepare (GSource *source, gint *timeout)
{
  JailSlirp *js = (JailSlirp *) source;
  g_array_set_size (js->wanted, 0);
  uint32_t t = UINT32_MAX;
  slirp_lib->pollfds_fill (js->slirp, &t, add_poll, js);
  register_polls (js);
  gint64 wait = t == UINT32_MAX ? -1 : (gint64) t;
  js->slirp_deadline_ms = wait < 0 ? -1 : now_ms () + wait;
  gint64 next = next_timer_ms (js);
  if (js->accepts_paused_until > 0 && (next < 0 || js->accepts_paused_until < next))
    next = js->accepts_paused_until; /* poll the listening sockets again then */
  if (next >= 0)
    {
      gint64 until = MAX (0, next - now_ms ());
      wait = wait < 0 ? until : MIN (wait, until);
    }
  *timeout = (gint) MIN (wait, G_MAXINT);
  return wait == 0;
}

static gboolean
source_check (GSource *source)
{
  JailSlirp *js = (JailSlirp *) source;
  if ((js->tap_pfd.revents | js->tcp_pfd.revents) & G_IO_IN)
    return TRUE;
  for (guint i = 0; i < js->polled->len; i++)
    if (((Polled *) g_ptr_array_index (js->polled, i))->pfd.revents != 0)
      return TRUE;
  gint64 now = now_ms ();
  /* slirp's TCP timers (retransmits, TIME_WAIT, closing sockets) run in
   * slirp_pollfds_poll: it must be called when its timeout passes. */
  if (js->slirp_deadline_ms >= 0 && js->slirp_deadline_ms <= now)
    return TRUE;
  gint64 next = next_timer_ms (js);
  return next >= 0 && next <= now;
}

static gboolean
source_dispatch (GSource *source, GSourceFunc callback, gpointer data)
{
  JailSlirp *js = (JailSlirp *) source;
  hold_back_accepts (js);
  slirp_lib->pollfds_poll (js->slirp, 0, get_revents, js);
  /* Frames from the sandbox only after slirp has consumed this round's
   * poll results: sockets they create have no index in it. */
  if (js->tap_pfd.revents & G_IO_IN)
    read_tap (js);
  if (js->tcp_pfd.revents & G_IO_IN)
    jail_tcp_dispatch (js->tcp);
  gint64 now = now_ms ();
  jail_tcp_run_timers (js->tcp, now);
  for (guint i = 0; i < js->timers->len; i++)
    {
      Timer *t = g_ptr_array_index (js->timers, i);
      if (t->expire_ms >= 0 && t->expire_ms <= now)
        {
          t->expire_ms = -1;
          t->cb (t->cb_opaque); /* may free or add timers: start over */
          i = (guint) -1;
          now = now_ms ();
        }
    }
  return G_SOURCE_CONTINUE;
}

static void
source_finalize (GSource *source)
{
  JailSlirp *js = (JailSlirp *) source;
  g_hash_table_unref (js->dns_queries);
  g_hash_table_unref (js->udp_flows);
  g_hash_table_unref (js->slirp_sockets);
  if (js->slirp != NULL)
    slirp_lib->cleanup (js->slirp);
  g_ptr_array_unref (js->timers);
  g_ptr_array_unref (js->polled);
  g_hash_table_unref (js->registered); /* the source is gone: no polls to remove */
  g_array_unref (js->wanted);
  if (js->rules != NULL)
    g_array_unref (js->rules);
  if (js->trim != NULL)
    {
      g_source_destroy (js->trim);
      g_source_unref (js->trim);
    }
  jail_tcp_free (js->tcp);
  g_free (js->buf); /* the tap is the caller's */
}

/* Each TCP connection through slirp holds two socket buffers of 128 to
 * 192 KiB.  glibc keeps what closed connections freed in its heap (as much
 * as fragmentation pins: a monitor that had carried 200 connections stayed
 * at 10 to 150 MB), and slirp frees a connection's buffers only when its
 * TIME_WAIT ends, seconds after the descriptor.  So every few seconds,
 * when the heap holds more than TRIM_FREE_BYTES unused, give it back.
 * (Mapping each buffer on its own instead, with a fixed M_MMAP_THRESHOLD,
 * returns memory at once but costs an mmap, mremap and munmap per
 * connection: the munmap's TLB shootdown doubled connect latency.) */
#define TRIM_FREE_BYTES (4 << 20)
#define TRIM_INTERVAL_S 5

static gboolean
trim_heap (gpointer data)
{
  if (mallinfo2 ().fordblks > TRIM_FREE_BYTES)
    malloc_trim (0);
  return G_SOURCE_CONTINUE;
}

static GSourceFuncs source_funcs = {
  .prepare = source_prepare,
  .check = source_check,
  .dispatch = source_dispatch,
  .finalize = source_finalize,
};

static gboolean
publish (JailSlirp *js, const JailNetPublish *p, GError **error)
{
  int r;
  if (p->family == AF_INET)
    {
      struct in_addr host, guest;
      memcpy (&host, p->host_addr, 4);
      memcpy (&guest, jail_net_virtual4.sandbox, 4);
      r = slirp_lib->add_hostfwd (js->slirp, p->udp, host, p->host_port, guest, p->sandbox_port);
    }
  else
    {
      struct sockaddr_in6 host = { .sin6_family = AF_INET6, .sin6_port = htons (p->host_port) };
      struct sockaddr_in6 guest = { .sin6_family = AF_INET6, .sin6_port = htons (p->sandbox_port) };
      memcpy (&host.sin6_addr, p->host_addr, 16);
      memcpy (&guest.sin6_addr, jail_net_virtual6.sandbox, 16);
      r = slirp_lib->add_hostxfwd (js->slirp, (struct sockaddr *) &host, sizeof host,
                              (struct sockaddr *) &guest, sizeof guest,
                              p->udp ? SLIRP_HOSTFWD_UDP : 0);
    }
  if (r < 0)
    {
      int err = errno;
      g_autofree char *s = jail_net_publish_to_string (p);
      return g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP, "publish %s: %s", s,
                          err != 0 ? g_strerror (err) : "cannot listen"), FALSE;
    }
  return TRUE;
}

/* One address, as resolv.conf writes it (an IPv6 one may carry a zone). */
static gboolean
set_dns_server (JailSlirp *js, const char *text)
{
  int family;
  uint8_t addr[16];
  uint16_t port = 53;
  if (text == NULL || !jail_net_parse_host_port (text, &family, addr, &port))
    return FALSE;
  if (family == AF_INET)
    {
      struct sockaddr_in *sin = (struct sockaddr_in *) &js->dns_server;
      sin->sin_family = AF_INET;
      sin->sin_port = htons (port);
      memcpy (&sin->sin_addr, addr, 4);
      js->dns_server_len = sizeof *sin;
    }
  else
    {
      struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *) &js->dns_server;
      sin6->sin6_family = AF_INET6;
      sin6->sin6_port = htons (port);
      memcpy (&sin6->sin6_addr, addr, 16);
      js->dns_server_len = sizeof *sin6;
    }
  return TRUE;
}

char *
jail_net_host_resolver (void)
{
  g_autofree char *text = NULL;
  if (!g_file_get_contents ("/etc/resolv.conf", &text, NULL, NULL))
    return NULL;
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  for (gsize i = 0; lines[i] != NULL; i++)
    {
      g_auto (GStrv) words = g_strsplit_set (g_strstrip (lines[i]), " \t", -1);
      if (g_strv_length (words) >= 2 && strcmp (words[0], "nameserver") == 0
          && strchr (words[1], '%') == NULL)
        return g_strdup (words[1]);
    }
  return NULL;
}

void
jail_slirp_get_stats (JailSlirp *js, JailTcpStats *ret_stats)
{
  jail_tcp_get_stats (js->tcp, ret_stats);
}

JailSlirp *
jail_slirp_start (const JailSpec *spec, int tap_fd, GMainContext *ctx, const char *resolver,
                  GError **error)
{
  if ((slirp_lib = jail_slirp_lib (error)) == NULL)
    return NULL;
  JailSlirp *js = (JailSlirp *) g_source_new (&source_funcs, sizeof (JailSlirp));
  js->refusal_fd = -1;
  SlirpConfig cfg = { .version = 4 };
  static const char *no_search[] = { NULL };

  js->tap_fd = tap_fd;
  js->wanted = g_array_new (FALSE, FALSE, sizeof (GPollFD));
  js->polled = g_ptr_array_new ();
  js->registered = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  js->timers = g_ptr_array_new_with_free_func (g_free);
  js->buf = g_malloc (JAIL_TAP_HDR_LEN + JAIL_NET_MTU + 14);
  js->dns_queries = g_hash_table_new_full (NULL, NULL, dns_query_free, NULL);
  js->slirp_sockets = g_hash_table_new (NULL, NULL);
  js->udp_flows = g_hash_table_new_full (g_bytes_hash, g_bytes_equal,
                                         (GDestroyNotify) g_bytes_unref, NULL);
  js->tcp = jail_tcp_new (tap_fd);
  if (js->tcp == NULL)
    {
      int err = errno;
      g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP, "start user-mode networking (epoll): %s",
                   g_strerror (err));
      g_source_unref (&js->source);
      return NULL;
    }
  if (set_dns_server (js, jail_spec_get_net_dns_server (spec)) || set_dns_server (js, resolver))
    jail_tcp_set_nameserver (js->tcp, (struct sockaddr *) &js->dns_server, js->dns_server_len);
  g_unix_set_fd_nonblocking (tap_fd, TRUE, NULL);

  GArray *rules = jail_spec_get_net_rules (spec);
  if (rules != NULL)
    js->rules = g_array_ref (rules);
  js->filter.rules = js->rules != NULL ? (const JailNetRule *) js->rules->data : NULL;
  js->filter.n_rules = js->rules != NULL ? js->rules->len : 0;
  js->filter.dns = jail_spec_get_net_dns (spec);
  js->filter.host_loopback = jail_spec_get_net_allow_host_loopback (spec);
  js->filter.udp_reply = is_udp_reply;
  js->filter.opaque = js;

  cfg.restricted = 0;
  cfg.in_enabled = true;
  const JailNetVirtual *v4 = &jail_net_virtual4, *v6 = &jail_net_virtual6;
  memcpy (&cfg.vnetwork, v4->network, 4);
  cfg.vnetmask.s_addr = htonl (~0u << (32 - v4->prefix_len));
  memcpy (&cfg.vhost, v4->gateway, 4);
  memcpy (&cfg.vdhcp_start, v4->dhcp_start, 4);
  memcpy (&cfg.vnameserver, v4->nameserver, 4);
  cfg.in6_enabled = true;
  memcpy (&cfg.vprefix_addr6, v6->network, 16);
  cfg.vprefix_len = v6->prefix_len;
  memcpy (&cfg.vhost6, v6->gateway, 16);
  memcpy (&cfg.vnameserver6, v6->nameserver, 16);
  cfg.vdnssearch = no_search;
  cfg.if_mtu = JAIL_NET_MTU;
  cfg.if_mru = JAIL_NET_MTU;
  /* The host's loopback is closed by our filter (jail_net_filter_frame),
   * not by libslirp's switch: that one also breaks the answers of
   * published UDP ports, whose client address is 10.0.2.2. */
  cfg.disable_host_loopback = false;
  cfg.enable_emu = false;
  cfg.disable_dns = !jail_spec_get_net_dns (spec);
  cfg.disable_dhcp = true;

  js->slirp = slirp_lib->new_instance (&cfg, &callbacks, js);
  if (js->slirp == NULL)
    {
      g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP, "start user-mode networking (slirp_new)");
      g_source_unref (&js->source);
      return NULL;
    }
  const GArray *published = jail_spec_get_net_publish (spec);
  for (guint i = 0; published != NULL && i < published->len; i++)
    if (!publish (js, &g_array_index (published, JailNetPublish, i), error))
      {
        g_source_unref (&js->source);
        return NULL;
      }
  js->tap_pfd.fd = tap_fd;
  js->tap_pfd.events = G_IO_IN;
  g_source_add_poll (&js->source, &js->tap_pfd);
  js->tcp_pfd.fd = jail_tcp_fd (js->tcp);
  js->tcp_pfd.events = G_IO_IN;
  g_source_add_poll (&js->source, &js->tcp_pfd);
  /* GLib "blocks" a source while it dispatches: it takes each of its
   * descriptors out of the context and puts it back, signalling the
   * context's eventfd each time.  Nothing in dispatch runs the loop again,
   * so there is no recursion to guard against: skip that work, 2 syscalls
   * per descriptor per iteration. */
  g_source_set_can_recurse (&js->source, TRUE);
  g_source_attach (&js->source, ctx);
  js->trim = g_timeout_source_new_seconds (TRIM_INTERVAL_S);
  g_source_set_callback (js->trim, trim_heap, NULL, NULL);
  g_source_attach (js->trim, ctx);
  return js;
}

void
jail_slirp_free (JailSlirp *js)
{
  if (js == NULL)
    return;
  g_source_destroy (&js->source);
  g_source_unref (&js->source);
}
