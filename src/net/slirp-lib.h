/* libslirp, loaded when a sandbox has --net=slirp: only the network engine
 * needs it, so neither libjail nor the jail command links it, and a
 * sandbox without a network never maps it (its relocations cost every
 * monitor memory).  Loaded by the engine before it gives up the right to
 * open files (engine.c), then called through this table.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>
#include <libslirp.h>

typedef struct {
  Slirp *(*new_instance) (const SlirpConfig *cfg, const SlirpCb *callbacks, void *opaque);
  void (*cleanup) (Slirp *slirp);
  void (*input) (Slirp *slirp, const uint8_t *pkt, int pkt_len);
  void (*pollfds_fill) (Slirp *slirp, uint32_t *timeout, SlirpAddPollCb add_poll, void *opaque);
  void (*pollfds_poll) (Slirp *slirp, int select_error, SlirpGetREventsCb get_revents,
                        void *opaque);
  int (*add_hostfwd) (Slirp *slirp, int is_udp, struct in_addr host_addr, int host_port,
                      struct in_addr guest_addr, int guest_port);
  int (*add_hostxfwd) (Slirp *slirp, const struct sockaddr *haddr, socklen_t haddrlen,
                       const struct sockaddr *gaddr, socklen_t gaddrlen, int flags);
} JailSlirpLib;

/* The library's functions, loaded on the first call; NULL with an error
 * naming the library and what is missing. */
const JailSlirpLib *jail_slirp_lib (GError **error);
