/* The Xauthority file format, read and written by hand (as libXau does):
 * a sequence of entries, each
 *   family (u16 big-endian), address, number, name, data
 * where the last four are a u16 big-endian length and that many bytes.
 *
 * The sandbox gets only the cookie of the display it may use, with the
 * wildcard family (0xffff), so a different hostname inside still matches.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "desktop/desktop.h"

enum {
  FAMILY_INTERNET = 0,
  FAMILY_LOCAL = 256,
  FAMILY_WILD = 65535,
};

typedef struct {
  const guint8 *p;
  gsize left;
} Reader;

static gboolean
read_u16 (Reader *r, guint16 *ret)
{
  if (r->left < 2)
    return FALSE;
  *ret = (guint16) ((r->p[0] << 8) | r->p[1]);
  r->p += 2;
  r->left -= 2;
  return TRUE;
}

static gboolean
read_field (Reader *r, const guint8 **ret, guint16 *ret_len)
{
  if (!read_u16 (r, ret_len) || r->left < *ret_len)
    return FALSE;
  *ret = r->p;
  r->p += *ret_len;
  r->left -= *ret_len;
  return TRUE;
}

static void
write_field (GByteArray *out, const guint8 *data, guint16 len)
{
  guint8 be[2] = { (guint8) (len >> 8), (guint8) len };
  g_byte_array_append (out, be, 2);
  if (len > 0)
    g_byte_array_append (out, data, len);
}

static gboolean
field_is (const guint8 *data, guint16 len, const char *s)
{
  return strlen (s) == len && memcmp (data, s, len) == 0;
}

GBytes *
jail_xauth_filter (const guint8 *data, gsize len, const char *hostname, const char *number)
{
  Reader r = { data, len };
  GByteArray *out = g_byte_array_new ();

  while (r.left > 0)
    {
      guint16 family, alen, nlen, namelen, dlen;
      const guint8 *addr, *num, *name, *cookie;
      if (!read_u16 (&r, &family) || !read_field (&r, &addr, &alen)
          || !read_field (&r, &num, &nlen) || !read_field (&r, &name, &namelen)
          || !read_field (&r, &cookie, &dlen))
        break; /* a truncated entry ends the file, as in libXau */
      gboolean local = family == FAMILY_WILD
                       || (family == FAMILY_LOCAL && field_is (addr, alen, hostname));
      if (!local || !field_is (num, nlen, number))
        continue;
      guint8 be[2] = { FAMILY_WILD >> 8, FAMILY_WILD & 0xff };
      g_byte_array_append (out, be, 2);
      write_field (out, NULL, 0);
      write_field (out, num, nlen);
      write_field (out, name, namelen);
      write_field (out, cookie, dlen);
    }
  return g_byte_array_free_to_bytes (out);
}
