/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "jail/jail.h"
#include "net/net-parse.h"

static bool
fail (GError **error, const char *text, const char *why)
{
  g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID, "'%s': %s", text, why);
  return false;
}

/* A decimal number in [lo, hi], all of s up to end. */
static bool
parse_num (const char *s, const char *end, unsigned long lo, unsigned long hi, unsigned long *ret)
{
  unsigned long v = 0;
  if (s == end || end - s > 6)
    return false;
  for (const char *c = s; c < end; c++)
    {
      if (*c < '0' || *c > '9')
        return false;
      v = v * 10 + (unsigned long) (*c - '0');
    }
  if (v < lo || v > hi)
    return false;
  *ret = v;
  return true;
}

bool
jail_net_parse_addr (const char *text, int *ret_family, uint8_t ret_addr[16])
{
  memset (ret_addr, 0, 16);
  if (inet_pton (AF_INET, text, ret_addr) == 1)
    return *ret_family = AF_INET, true;
  if (inet_pton (AF_INET6, text, ret_addr) == 1)
    return *ret_family = AF_INET6, true;
  return false;
}

static bool
parse_ports (const char *s, uint16_t *lo, uint16_t *hi)
{
  unsigned long a, b;
  const char *dash = strchr (s, '-');
  const char *end = s + strlen (s);
  if (dash == NULL)
    {
      if (!parse_num (s, end, 1, 65535, &a))
        return false;
      *lo = *hi = (uint16_t) a;
      return true;
    }
  if (!parse_num (s, dash, 1, 65535, &a) || !parse_num (dash + 1, end, 1, 65535, &b) || a > b)
    return false;
  *lo = (uint16_t) a;
  *hi = (uint16_t) b;
  return true;
}

/* "ADDR[/PREFIX]" into c; host bits must be zero. */
static bool
parse_cidr (const char *text, JailNetCidr *c)
{
  char buf[INET6_ADDRSTRLEN + 8];
  if (strlen (text) >= sizeof buf)
    return false;
  strcpy (buf, text);
  char *slash = strchr (buf, '/');
  if (slash != NULL)
    *slash = '\0';
  if (!jail_net_parse_addr (buf, &c->family, c->addr))
    return false;
  unsigned long max = c->family == AF_INET ? 32 : 128, prefix = max;
  if (slash != NULL && !parse_num (slash + 1, slash + 1 + strlen (slash + 1), 0, max, &prefix))
    return false;
  c->prefix = (unsigned) prefix;
  for (unsigned bit = c->prefix; bit < max; bit++)
    if (c->addr[bit / 8] & (0x80 >> (bit % 8)))
      return false;
  return true;
}

bool
jail_net_parse_rule (const char *text, JailNetCidr *ret, GError **error)
{
  JailNetCidr c = { .port_lo = 0, .port_hi = 65535 };
  g_autofree char *buf = g_strdup (text);
  char *addr = buf, *ports = NULL;

  if (buf[0] == '[')
    {
      char *close = strchr (buf, ']');
      if (close == NULL || (close[1] != '\0' && close[1] != ':'))
        return fail (error, text, "expected [IPV6[/PREFIX]]:PORT");
      *close = '\0';
      addr = buf + 1;
      if (close[1] == ':')
        ports = close + 2;
    }
  else if (strchr (buf, ':') == strrchr (buf, ':') && strchr (buf, ':') != NULL)
    {
      /* One colon: IPv4 with a port.  More: an IPv6 address without one. */
      ports = strchr (buf, ':');
      *ports++ = '\0';
    }
  if (!parse_cidr (addr, &c))
    return fail (error, text, "not an address with an optional /PREFIX (host bits must be 0)");
  if (ports != NULL && !parse_ports (ports, &c.port_lo, &c.port_hi))
    return fail (error, text, "ports are PORT or PORT-PORT, from 1 to 65535");
  *ret = c;
  return true;
}

bool
jail_net_parse_publish (const char *text, JailNetPublish *ret, GError **error)
{
  JailNetPublish p = { .family = AF_INET, .host_addr = { 127, 0, 0, 1 } };
  g_autofree char *buf = g_strdup (text);
  char *rest = buf;
  unsigned long hp, sp;

  char *proto = strrchr (buf, '/');
  if (proto != NULL)
    {
      if (strcmp (proto, "/udp") == 0)
        p.udp = true;
      else if (strcmp (proto, "/tcp") != 0)
        return fail (error, text, "the protocol is /tcp or /udp");
      *proto = '\0';
    }
  if (buf[0] == '[')
    {
      char *close = strchr (buf, ']');
      if (close == NULL || close[1] != ':')
        return fail (error, text, "expected [IPV6]:HOSTPORT:SANDBOXPORT");
      *close = '\0';
      if (inet_pton (AF_INET6, buf + 1, p.host_addr) != 1)
        return fail (error, text, "not an IPv6 address in brackets");
      p.family = AF_INET6;
      rest = close + 2;
    }
  else
    {
      char *first = strchr (buf, ':'), *last = strrchr (buf, ':');
      if (first == NULL)
        return fail (error, text, "expected [HOSTADDR:]HOSTPORT:SANDBOXPORT[/tcp|/udp]");
      if (first != last)
        {
          *first = '\0';
          memset (p.host_addr, 0, sizeof p.host_addr);
          if (inet_pton (AF_INET, buf, p.host_addr) != 1)
            return fail (error, text, "the host address is IPv4 or [IPv6]");
          rest = first + 1;
        }
    }
  char *colon = strchr (rest, ':');
  if (colon == NULL || !parse_num (rest, colon, 1, 65535, &hp)
      || !parse_num (colon + 1, colon + 1 + strlen (colon + 1), 1, 65535, &sp))
    return fail (error, text, "ports are numbers from 1 to 65535");
  p.host_port = (uint16_t) hp;
  p.sandbox_port = (uint16_t) sp;
  *ret = p;
  return true;
}

bool
jail_net_cidr_match (const JailNetCidr *c, int family, const uint8_t *addr, int port)
{
  if (c->family != family)
    return false;
  unsigned full = c->prefix / 8, rem = c->prefix % 8;
  if (memcmp (c->addr, addr, full) != 0)
    return false;
  if (rem != 0 && ((c->addr[full] ^ addr[full]) & (uint8_t) (0xff00 >> rem)) != 0)
    return false;
  if (port < 0)
    return c->port_lo <= 1 && c->port_hi == 65535;
  return port >= c->port_lo && port <= c->port_hi;
}

bool
jail_net_rules_allow (const JailNetRule *rules, size_t n, int family, const uint8_t *addr,
                      int port)
{
  bool have_allow = false, allowed = false;
  for (size_t i = 0; i < n; i++)
    {
      const JailNetRule *r = &rules[i];
      if (r->allow)
        {
          have_allow = true;
          if (!allowed && jail_net_cidr_match (&r->cidr, family, addr, port))
            allowed = true;
        }
      else
        {
          /* An unknown port is denied by a rule over any of its ports. */
          JailNetCidr any = r->cidr;
          any.port_lo = 0;
          any.port_hi = 65535;
          if (jail_net_cidr_match (port < 0 ? &any : &r->cidr, family, addr, port))
            return false;
        }
    }
  return !have_allow || allowed;
}

static void
format_addr (GString *s, int family, const uint8_t *addr, bool brackets)
{
  char buf[INET6_ADDRSTRLEN];
  inet_ntop (family, addr, buf, sizeof buf);
  if (brackets && family == AF_INET6)
    g_string_append_printf (s, "[%s]", buf);
  else
    g_string_append (s, buf);
}

char *
jail_net_cidr_to_string (const JailNetCidr *c)
{
  GString *s = g_string_new (NULL);
  bool ports = !(c->port_lo <= 1 && c->port_hi == 65535);
  if (ports && c->family == AF_INET6)
    g_string_append_c (s, '[');
  format_addr (s, c->family, c->addr, false);
  g_string_append_printf (s, "/%u", c->prefix);
  if (ports && c->family == AF_INET6)
    g_string_append_c (s, ']');
  if (ports && c->port_lo == c->port_hi)
    g_string_append_printf (s, ":%u", c->port_lo);
  else if (ports)
    g_string_append_printf (s, ":%u-%u", c->port_lo, c->port_hi);
  return g_string_free (s, FALSE);
}

char *
jail_net_publish_to_string (const JailNetPublish *p)
{
  GString *s = g_string_new (NULL);
  format_addr (s, p->family, p->host_addr, true);
  g_string_append_printf (s, ":%u:%u/%s", p->host_port, p->sandbox_port, p->udp ? "udp" : "tcp");
  return g_string_free (s, FALSE);
}

bool
jail_net_parse_host_port (const char *text, int *ret_family, uint8_t ret_addr[16],
                          uint16_t *ret_port)
{
  g_autofree char *buf = g_strdup (text);
  char *addr = buf, *port = NULL;
  unsigned long p = *ret_port;
  if (buf[0] == '[')
    {
      char *close = strchr (buf, ']');
      if (close == NULL || (close[1] != '\0' && close[1] != ':'))
        return false;
      *close = '\0';
      addr = buf + 1;
      port = close[1] == ':' ? close + 2 : NULL;
    }
  else if (strchr (buf, ':') != NULL && strchr (buf, ':') == strrchr (buf, ':'))
    {
      port = strchr (buf, ':');
      *port++ = '\0';
    }
  if (!jail_net_parse_addr (addr, ret_family, ret_addr))
    return false;
  if (port != NULL && !parse_num (port, port + strlen (port), 1, 65535, &p))
    return false;
  *ret_port = (uint16_t) p;
  return true;
}
