/* Options of the network: --net=none|slirp|host and what slirp does.
 * Each is also a profile key ([Network] Mode/Publish/Allow/Deny/
 * AllowHostLoopback/DNS).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli/cli-private.h"

static gboolean
opt_net (Parser *p, const char *opt, char **args, GError **error)
{
  const char *mode = strcmp (opt, "--share-net") == 0 ? "host" : args[0];
  if (strcmp (mode, "none") == 0)
    jail_spec_set_net_mode (p->cli->spec, JAIL_NET_NONE);
  else if (strcmp (mode, "slirp") == 0)
    jail_spec_set_net_mode (p->cli->spec, JAIL_NET_SLIRP);
  else if (strcmp (mode, "host") == 0)
    jail_spec_set_net_mode (p->cli->spec, JAIL_NET_HOST);
  else
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "%s: '%s' is not 'none', 'slirp' or 'host'", opt, mode), FALSE;
  return TRUE;
}

static gboolean
opt_net_value (Parser *p, const char *opt, char **args, GError **error)
{
  JailSpec *spec = p->cli->spec;
  g_autoptr (GError) e = NULL;
  gboolean ok;
  if (strcmp (opt, "--publish") == 0)
    ok = jail_spec_net_publish (spec, args[0], &e);
  else if (strcmp (opt, "--net-allow") == 0)
    ok = jail_spec_net_allow (spec, args[0], &e);
  else if (strcmp (opt, "--net-deny") == 0)
    ok = jail_spec_net_deny (spec, args[0], &e);
  else
    ok = jail_spec_set_net_dns_server (spec, args[0], &e);
  if (!ok)
    g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID, "%s: %s", opt, e->message);
  return ok;
}

static gboolean
opt_net_flag (Parser *p, const char *opt, char **args, GError **error)
{
  if (strcmp (opt, "--net-allow-host-loopback") == 0)
    jail_spec_set_net_allow_host_loopback (p->cli->spec, TRUE);
  else
    jail_spec_set_net_dns (p->cli->spec, FALSE);
  return TRUE;
}

static const Option net_options[] = {
  { "--net", 1, opt_net, 0, "none|slirp|host", "network: only loopback (default), user-mode, or the host's" },
  { "--share-net", 0, opt_net, 0, NULL, "same as --net=host (share the host's network)" },
  { "--publish", 1, opt_net_value, 0, "[ADDR:]PORT:PORT[/udp]", "forward a host port into the sandbox (slirp)" },
  { "--net-allow", 1, opt_net_value, 0, "CIDR[:PORT[-PORT]]", "allow connections only to these (slirp)" },
  { "--net-deny", 1, opt_net_value, 0, "CIDR[:PORT[-PORT]]", "refuse connections to these (slirp)" },
  { "--net-allow-host-loopback", 0, opt_net_flag, 0, NULL, "10.0.2.2 reaches the host's 127.0.0.1 (slirp)" },
  { "--net-no-dns", 0, opt_net_flag, 0, NULL, "no DNS forwarder at 10.0.2.3 (slirp)" },
  { "--net-dns-server", 1, opt_net_value, 0, "ADDR[:PORT]", "forward DNS (UDP) at 10.0.2.3 to ADDR, not the host's resolvers" },
};

const OptionGroup jail_net_option_group = {
  "Network", net_options, G_N_ELEMENTS (net_options),
};
