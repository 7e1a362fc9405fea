/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "net/net-config.h"
#include "net/tap.h"

typedef struct {
  struct nlmsghdr nh;
  union {
    struct ifinfomsg ifi;
    struct ifaddrmsg ifa;
    struct rtmsg rt;
  };
  char attrs[256];
} NlRequest;

static void
add_attr (NlRequest *req, unsigned short type, const void *data, size_t len)
{
  char *base = (char *) req;
  struct rtattr *rta = (struct rtattr *) (base + NLMSG_ALIGN (req->nh.nlmsg_len));
  rta->rta_type = type;
  rta->rta_len = (unsigned short) RTA_LENGTH (len);
  memcpy (base + NLMSG_ALIGN (req->nh.nlmsg_len) + RTA_LENGTH (0), data, len);
  req->nh.nlmsg_len = NLMSG_ALIGN (req->nh.nlmsg_len) + RTA_ALIGN (rta->rta_len);
}

/* Send one request and wait for its acknowledgement. */
static int
nl_talk (int fd, NlRequest *req)
{
  static unsigned seq;
  char buf[4096];
  req->nh.nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
  req->nh.nlmsg_seq = ++seq;
  if (send (fd, req, req->nh.nlmsg_len, 0) < 0)
    return -errno;
  for (;;)
    {
      ssize_t n = recv (fd, buf, sizeof buf, 0);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return -errno;
      for (struct nlmsghdr *h = (struct nlmsghdr *) buf; NLMSG_OK (h, (size_t) n);
           h = NLMSG_NEXT (h, n))
        if (h->nlmsg_seq == seq && h->nlmsg_type == NLMSG_ERROR)
          return ((struct nlmsgerr *) NLMSG_DATA (h))->error;
    }
}

static void
init_req (NlRequest *req, unsigned short type, unsigned short flags, size_t body)
{
  memset (req, 0, sizeof *req);
  req->nh.nlmsg_len = (unsigned) NLMSG_LENGTH (body);
  req->nh.nlmsg_type = type;
  req->nh.nlmsg_flags = flags;
}

static int
link_up (int fd, int ifindex, unsigned mtu)
{
  NlRequest req;
  init_req (&req, RTM_NEWLINK, 0, sizeof (struct ifinfomsg));
  req.ifi.ifi_family = AF_UNSPEC;
  req.ifi.ifi_index = ifindex;
  req.ifi.ifi_flags = IFF_UP;
  req.ifi.ifi_change = IFF_UP;
  if (mtu != 0)
    add_attr (&req, IFLA_MTU, &mtu, sizeof mtu);
  return nl_talk (fd, &req);
}

static int
add_address (int fd, int ifindex, int family, const uint8_t *addr, unsigned char prefix)
{
  NlRequest req;
  size_t len = family == AF_INET ? 4 : 16;
  init_req (&req, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, sizeof (struct ifaddrmsg));
  req.ifa.ifa_family = (unsigned char) family;
  req.ifa.ifa_prefixlen = prefix;
  req.ifa.ifa_index = (unsigned) ifindex;
  /* No duplicate address detection: we are alone on this link, and an
   * address that stays "tentative" for a second breaks the first connect. */
  req.ifa.ifa_flags = family == AF_INET6 ? IFA_F_NODAD : 0;
  add_attr (&req, IFA_LOCAL, addr, len);
  add_attr (&req, IFA_ADDRESS, addr, len);
  return nl_talk (fd, &req);
}

static int
add_default_route (int fd, int ifindex, int family, const uint8_t *gateway)
{
  NlRequest req;
  init_req (&req, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, sizeof (struct rtmsg));
  req.rt.rtm_family = (unsigned char) family;
  req.rt.rtm_table = RT_TABLE_MAIN;
  req.rt.rtm_protocol = RTPROT_STATIC;
  req.rt.rtm_scope = RT_SCOPE_UNIVERSE;
  req.rt.rtm_type = RTN_UNICAST;
  add_attr (&req, RTA_GATEWAY, gateway, family == AF_INET ? 4 : 16);
  add_attr (&req, RTA_OIF, &ifindex, sizeof ifindex);
  return nl_talk (fd, &req);
}

/* The step being done, for the error: "add address 10.0.2.100/24", "add
 * default route via 10.0.2.2". */
static const char *
step_text (const char *what, int family, const uint8_t *addr, int prefix_len)
{
  static char step[96];
  char text[INET6_ADDRSTRLEN];
  inet_ntop (family, addr, text, sizeof text);
  if (prefix_len >= 0)
    snprintf (step, sizeof step, "%s %s/%d", what, text, prefix_len);
  else
    snprintf (step, sizeof step, "%s %s", what, text);
  return step;
}

ssize_t
jail_tap_write (int fd, const void *frame, size_t len)
{
  static const uint8_t plain[JAIL_TAP_HDR_LEN]; /* no checksum to do, no GSO */
  struct iovec iov[2] = { { (void *) plain, sizeof plain }, { (void *) frame, len } };
  ssize_t n;
  do
    n = writev (fd, iov, 2);
  while (n < 0 && errno == EINTR);
  return n < 0 ? n : n - (ssize_t) sizeof plain;
}

int
jail_net_tun_check (void)
{
  int fd = open (JAIL_NET_TUN_DEVICE, O_RDWR | O_CLOEXEC);
  if (fd < 0)
    return -errno;
  close (fd);
  return 0;
}

static int
create_tap (void)
{
  struct ifreq ifr;
  int fd = open (JAIL_NET_TUN_DEVICE, O_RDWR | O_CLOEXEC);
  if (fd < 0)
    return -errno;
  memset (&ifr, 0, sizeof ifr);
  ifr.ifr_flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR;
  strcpy (ifr.ifr_name, JAIL_NET_TAP_NAME);
  if (ioctl (fd, TUNSETIFF, &ifr) < 0)
    {
      int err = errno;
      close (fd);
      return -err;
    }
  return fd;
}

int
jail_net_setup_tap (const char **ret_step)
{
  int r, nl = -1;
  *ret_step = "create tap device (/dev/net/tun)";
  int tap = create_tap ();
  if (tap < 0)
    return tap;
  *ret_step = "open rtnetlink";
  nl = socket (AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
  if (nl < 0)
    {
      r = -errno;
      goto fail;
    }
  int ifindex = (int) if_nametoindex (JAIL_NET_TAP_NAME);
  *ret_step = "configure tap0";
  if (ifindex == 0)
    {
      r = -errno;
      goto fail;
    }
  if ((r = link_up (nl, ifindex, JAIL_NET_MTU)) < 0)
    goto fail;
  const JailNetVirtual *v4 = &jail_net_virtual4, *v6 = &jail_net_virtual6;
  *ret_step = step_text ("add address", AF_INET, v4->sandbox, v4->prefix_len);
  if ((r = add_address (nl, ifindex, AF_INET, v4->sandbox, v4->prefix_len)) < 0)
    goto fail;
  *ret_step = step_text ("add default route via", AF_INET, v4->gateway, -1);
  if ((r = add_default_route (nl, ifindex, AF_INET, v4->gateway)) < 0)
    goto fail;
  /* IPv6 may be disabled on the host (ipv6.disable=1): then IPv4 only. */
  if (add_address (nl, ifindex, AF_INET6, v6->sandbox, v6->prefix_len) == 0)
    add_default_route (nl, ifindex, AF_INET6, v6->gateway);
  close (nl);
  return tap;
fail:
  if (nl >= 0)
    close (nl);
  close (tap);
  return r;
}
