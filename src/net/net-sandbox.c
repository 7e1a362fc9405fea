/* The sandbox's side of --net=slirp: the tap device, handed to the monitor,
 * and /etc/resolv.conf naming slirp's DNS forwarder.
 *
 * The tap is made in the first setup step, before anything inside could
 * create a nested user namespace (slirp4netns #311).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "net/net-config.h"
#include "net/net-sandbox.h"
#include "net/tap.h"
#include "common/sync.h"
#include "sandbox/mount-util.h"

void
sandbox_net_setup (SandboxCtx *ctx)
{
  const char *step;
  SyncMsg msg;
  if (jail_spec_get_net_mode (ctx->spec) != JAIL_NET_SLIRP)
    return;
  int tap = jail_net_setup_tap (&step);
  if (tap < 0)
    sandbox_fail (ctx, step, JAIL_NET_TAP_NAME, -tap);
  memset (&msg, 0, sizeof msg);
  msg.type = SYNC_NET_TAP;
  int r = sync_send_fd (ctx->sync_fd, &msg, tap);
  close (tap);
  if (r < 0)
    sandbox_fail (ctx, "send tap device to monitor", JAIL_NET_TAP_NAME, -r);
  /* The monitor answers once slirp and the published ports are up; if
   * it cannot, it reports why and kills us. */
  if (sandbox_recv_reply (ctx->sync_fd, SYNC_NET_READY, &msg, NULL) < 0 || msg.type != SYNC_NET_READY)
    _exit (JAIL_EXIT_FAILURE);
}

/* The resolv.conf that names the DNS forwarder; returns its length. */
static size_t
format_resolv_conf (char *buf, size_t size)
{
  char addr[INET_ADDRSTRLEN];
  inet_ntop (AF_INET, jail_net_virtual4.nameserver, addr, sizeof addr);
  int n = snprintf (buf, size,
                    "# jail --net=slirp: the DNS forwarder of user-mode networking\n"
                    "nameserver %s\n",
                    addr);
  return n < 0 ? 0 : (size_t) n;
}

void
sandbox_net_files (SandboxCtx *ctx)
{
  if (jail_spec_get_net_mode (ctx->spec) != JAIL_NET_SLIRP || !jail_spec_get_net_dns (ctx->spec))
    return;
  /* Only over a resolv.conf the filesystem plan put there: a dangling
   * link (systemd-resolved's) or none at all stays as it is. */
  int dest = mu_open_in_root (&ctx->mount, ctx->newroot_fd, "/etc/resolv.conf", 0);
  if (dest < 0)
    return;
  int scratch = open ("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
  int dfd = scratch < 0 ? -1 : openat (scratch, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  int fd = dfd < 0 ? -1 : openat (dfd, "net-resolv.conf", O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC,
                                  0644);
  char resolv_conf[128];
  size_t len = format_resolv_conf (resolv_conf, sizeof resolv_conf);
  if (fd < 0 || write (fd, resolv_conf, len) != (ssize_t) len)
    sandbox_fail (ctx, "write resolv.conf", "/etc/resolv.conf", errno);
  close (fd);
  int src = openat (dfd, "net-resolv.conf", O_PATH | O_CLOEXEC);
  int r = src < 0 ? -errno : mu_bind (&ctx->mount, src, dest, MU_RDONLY | MU_NOSUID | MU_NODEV);
  if (r < 0)
    sandbox_fail (ctx, "bind resolv.conf", "/etc/resolv.conf", -r);
  close (src);
  close (dfd);
  close (scratch);
  close (dest);
}
