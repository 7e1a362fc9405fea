/* A new network namespace starts with "lo" down: programs that talk to
 * themselves over 127.0.0.1 need it up.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net/loopback.h"

int
jail_net_loopback_up (void)
{
  struct ifreq ifr;
  int fd = socket (AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return -errno;
  memset (&ifr, 0, sizeof ifr);
  strcpy (ifr.ifr_name, "lo");
  int r = 0;
  if (ioctl (fd, SIOCGIFFLAGS, &ifr) < 0)
    r = -errno;
  else
    {
      ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
      if (ioctl (fd, SIOCSIFFLAGS, &ifr) < 0)
        r = -errno;
    }
  close (fd);
  return r;
}
