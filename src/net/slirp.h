/* The monitor's side of --net=slirp: libslirp in the monitor's GLib main
 * loop, fed with frames from the sandbox's tap device.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#include "spec/spec-private.h"

typedef struct JailSlirp JailSlirp;

/* Options that only make sense with --net=slirp are refused otherwise. */
gboolean jail_net_validate (const JailSpec *spec, GError **error);

/* Start slirp on tap_fd (taken over) in ctx, publish the ports. */
JailSlirp *jail_slirp_start (const JailSpec *spec, int tap_fd, GMainContext *ctx, GError **error);
void jail_slirp_free (JailSlirp *js);
