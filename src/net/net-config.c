/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <string.h>
#include <sys/socket.h>

#include "net/net-config.h"

const JailNetVirtual jail_net_virtual4 = {
  .family = AF_INET,
  .network = { 10, 0, 2, 0 },
  .prefix_len = 24,
  .gateway = { 10, 0, 2, 2 },
  .nameserver = { 10, 0, 2, 3 },
  .sandbox = { 10, 0, 2, 100 },
  .dhcp_start = { 10, 0, 2, 15 },
};

const JailNetVirtual jail_net_virtual6 = {
  .family = AF_INET6,
  .network = { 0xfd, 0 },
  .prefix_len = 64,
  .gateway = { 0xfd, 0, [15] = 2 },
  .nameserver = { 0xfd, 0, [15] = 3 },
  .sandbox = { 0xfd, 0, [14] = 1 }, /* fd00::100 */
};

const JailNetVirtual *
jail_net_virtual (int family)
{
  return family == AF_INET ? &jail_net_virtual4 : &jail_net_virtual6;
}

static size_t
addr_len (int family)
{
  return family == AF_INET ? 4 : 16;
}

bool
jail_net_in_virtual_network (int family, const uint8_t *addr)
{
  const JailNetVirtual *v = jail_net_virtual (family);
  return memcmp (addr, v->network, v->prefix_len / 8) == 0;
}

bool
jail_net_is_gateway (int family, const uint8_t *addr)
{
  return memcmp (addr, jail_net_virtual (family)->gateway, addr_len (family)) == 0;
}

bool
jail_net_is_nameserver (int family, const uint8_t *addr)
{
  return memcmp (addr, jail_net_virtual (family)->nameserver, addr_len (family)) == 0;
}
