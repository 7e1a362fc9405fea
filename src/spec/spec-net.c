/* The spec's network settings (see src/net/ for what runs them).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "spec/spec-private.h"
#include "common/json.h"
#include "net/net-parse.h"

void
jail_spec_net_clear (JailSpec *spec)
{
  g_clear_pointer (&spec->net_publish, g_array_unref);
  g_clear_pointer (&spec->net_rules, g_array_unref);
  g_clear_pointer (&spec->net_dns_server, g_free);
}

void
jail_spec_set_net_mode (JailSpec *spec, JailNetMode mode)
{
  spec->net_mode = mode;
  if (mode == JAIL_NET_HOST)
    spec->namespaces &= ~(guint) JAIL_NS_NET;
  else
    spec->namespaces |= JAIL_NS_NET;
}

JailNetMode
jail_spec_get_net_mode (const JailSpec *spec)
{
  if (!(spec->namespaces & JAIL_NS_NET))
    return JAIL_NET_HOST;
  return spec->net_mode == JAIL_NET_SLIRP ? JAIL_NET_SLIRP : JAIL_NET_NONE;
}

void
jail_spec_set_net_allow_host_loopback (JailSpec *spec, gboolean allow)
{
  spec->net_allow_host_loopback = allow;
}

void
jail_spec_set_net_dns (JailSpec *spec, gboolean enabled)
{
  spec->net_no_dns = !enabled;
}

gboolean
jail_spec_set_net_dns_server (JailSpec *spec, const char *addr, GError **error)
{
  int family;
  uint8_t a[16];
  uint16_t port = 53;
  if (!jail_net_parse_host_port (addr, &family, a, &port))
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "'%s': not ADDR, IPV4:PORT or [IPV6]:PORT", addr), FALSE;
  g_free (spec->net_dns_server);
  spec->net_dns_server = g_strdup (addr);
  return TRUE;
}

gboolean
jail_spec_net_publish (JailSpec *spec, const char *text, GError **error)
{
  JailNetPublish p;
  if (!jail_net_parse_publish (text, &p, error))
    return FALSE;
  if (spec->net_publish == NULL)
    spec->net_publish = g_array_new (FALSE, FALSE, sizeof (JailNetPublish));
  g_array_append_val (spec->net_publish, p);
  return TRUE;
}

static gboolean
add_rule (JailSpec *spec, const char *text, gboolean allow, GError **error)
{
  JailNetRule r = { .allow = allow };
  if (!jail_net_parse_rule (text, &r.cidr, error))
    return FALSE;
  if (spec->net_rules == NULL)
    spec->net_rules = g_array_new (FALSE, FALSE, sizeof (JailNetRule));
  g_array_append_val (spec->net_rules, r);
  return TRUE;
}

gboolean
jail_spec_net_allow (JailSpec *spec, const char *text, GError **error)
{
  return add_rule (spec, text, TRUE, error);
}

gboolean
jail_spec_net_deny (JailSpec *spec, const char *text, GError **error)
{
  return add_rule (spec, text, FALSE, error);
}

static void
append_rules (JailJson *o, const char *key, const JailSpec *spec, gboolean allow)
{
  JailJson *rules = jail_json_add_array (o, key);
  for (guint i = 0; spec->net_rules != NULL && i < spec->net_rules->len; i++)
    {
      const JailNetRule *r = &g_array_index (spec->net_rules, JailNetRule, i);
      if (r->allow != allow)
        continue;
      g_autofree char *s = jail_net_cidr_to_string (&r->cidr);
      jail_json_append_string (rules, s);
    }
}

void
jail_spec_append_net_json (JailJson *o, const JailSpec *spec)
{
  JailNetMode mode = jail_spec_get_net_mode (spec);
  JailJson *b = jail_json_add_object (o, "network");
  if (mode == JAIL_NET_HOST)
    {
      /* Loudly: the sandbox shares every host interface, loopback included. */
      jail_json_add_string (b, "mode", "host");
      jail_json_add_string (b, "WARNING", "the host's network is shared: every interface, the "
                                          "host's loopback services and abstract sockets are "
                                          "reachable");
      return;
    }
  jail_json_add_string (b, "mode", mode == JAIL_NET_SLIRP ? "slirp" : "none");
  if (mode == JAIL_NET_SLIRP)
    {
      jail_json_add_bool (b, "allow_host_loopback", spec->net_allow_host_loopback);
      jail_json_add_bool (b, "dns", !spec->net_no_dns);
      jail_json_add_string (b, "dns_server", spec->net_dns_server);
      JailJson *publish = jail_json_add_array (b, "publish");
      for (guint i = 0; spec->net_publish != NULL && i < spec->net_publish->len; i++)
        {
          g_autofree char *s =
            jail_net_publish_to_string (&g_array_index (spec->net_publish, JailNetPublish, i));
          jail_json_append_string (publish, s);
        }
      append_rules (b, "allow", spec, TRUE);
      append_rules (b, "deny", spec, FALSE);
    }
}

/* The network options that only --net=slirp gives a meaning to. */
gboolean
jail_spec_net_validate (const JailSpec *spec, GError **error)
{
  const char *opt = NULL;
  if (jail_spec_get_net_mode (spec) == JAIL_NET_SLIRP)
    return TRUE;
  if (spec->net_publish != NULL && spec->net_publish->len > 0)
    opt = "--publish";
  else if (spec->net_rules != NULL && spec->net_rules->len > 0)
    opt = "--net-allow/--net-deny";
  else if (spec->net_allow_host_loopback)
    opt = "--net-allow-host-loopback";
  else if (spec->net_dns_server != NULL)
    opt = "--net-dns-server";
  if (opt == NULL)
    return TRUE;
  return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID, "%s needs --net=slirp", opt), FALSE;
}
