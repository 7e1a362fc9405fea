/* The Xauthority filter: only the display's local cookie, rewritten with the
 * wildcard family; foreign and truncated entries never pass.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "desktop/desktop.h"

static void
put_field (GByteArray *b, const char *s)
{
  guint8 be[2] = { (guint8) (strlen (s) >> 8), (guint8) strlen (s) };
  g_byte_array_append (b, be, 2);
  g_byte_array_append (b, (const guint8 *) s, (guint) strlen (s));
}

static void
put_entry (GByteArray *b, guint16 family, const char *addr, const char *num, const char *cookie)
{
  guint8 be[2] = { (guint8) (family >> 8), (guint8) family };
  g_byte_array_append (b, be, 2);
  put_field (b, addr);
  put_field (b, num);
  put_field (b, "MIT-MAGIC-COOKIE-1");
  put_field (b, cookie);
}

static void
test_filter_keeps_only_the_display (void)
{
  g_autoptr (GByteArray) in = g_byte_array_new ();
  put_entry (in, 256, "otherhost", "0", "WRONGHOST");
  put_entry (in, 256, "myhost", "1", "WRONGDISPLAY");
  put_entry (in, 0, "\x7f\x00\x00\x01", "0", "TCP");
  put_entry (in, 256, "myhost", "0", "GOOD");
  g_autoptr (GBytes) out = jail_xauth_filter (in->data, in->len, "myhost", "0");

  g_autoptr (GByteArray) want = g_byte_array_new ();
  put_entry (want, 65535, "", "0", "GOOD");
  gsize len;
  const guint8 *data = g_bytes_get_data (out, &len);
  g_assert_cmpmem (data, len, want->data, want->len);
}

static void
test_wild_entry_passes (void)
{
  g_autoptr (GByteArray) in = g_byte_array_new ();
  put_entry (in, 65535, "", "7", "WILD");
  g_autoptr (GBytes) out = jail_xauth_filter (in->data, in->len, "h", "7");
  g_assert_cmpuint (g_bytes_get_size (out), ==, in->len);
}

static void
test_number_is_exact (void)
{
  g_autoptr (GByteArray) in = g_byte_array_new ();
  put_entry (in, 256, "h", "10", "TEN");
  g_autoptr (GBytes) out = jail_xauth_filter (in->data, in->len, "h", "1");
  g_assert_cmpuint (g_bytes_get_size (out), ==, 0);
}

static void
test_truncated_input (void)
{
  g_autoptr (GByteArray) in = g_byte_array_new ();
  put_entry (in, 256, "h", "0", "GOOD");
  for (guint cut = 0; cut < in->len; cut++)
    {
      g_autoptr (GBytes) out = jail_xauth_filter (in->data, cut, "h", "0");
      g_assert_cmpuint (g_bytes_get_size (out), ==, 0);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/xauth/filter-keeps-only-the-display", test_filter_keeps_only_the_display);
  g_test_add_func ("/xauth/wild-entry-passes", test_wild_entry_passes);
  g_test_add_func ("/xauth/number-is-exact", test_number_is_exact);
  g_test_add_func ("/xauth/truncated-input", test_truncated_input);
  return g_test_run ();
}
