/* Device classes: which HID report descriptors are FIDO keys, and the scan
 * of a sysfs tree (a fake one here) for them and for cameras.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <stdlib.h>

#include "desktop/desktop.h"

/* A YubiKey's FIDO interface: Usage Page (0xF1D0), Usage (CTAPHID),
 * Collection, input and output reports of 64 bytes. */
static const guint8 fido_key[] = {
  0x06, 0xd0, 0xf1, 0x09, 0x01, 0xa1, 0x01, 0x09, 0x20, 0x15, 0x00, 0x26, 0xff, 0x00, 0x75,
  0x08, 0x95, 0x40, 0x81, 0x02, 0x09, 0x21, 0x15, 0x00, 0x26, 0xff, 0x00, 0x75, 0x08, 0x95,
  0x40, 0x91, 0x02, 0xc0,
};
/* A boot keyboard: Usage Page (Generic Desktop), Usage (Keyboard)... */
static const guint8 keyboard[] = {
  0x05, 0x01, 0x09, 0x06, 0xa1, 0x01, 0x05, 0x07, 0x19, 0xe0, 0x29, 0xe7, 0x15, 0x00,
  0x25, 0x01, 0x75, 0x01, 0x95, 0x08, 0x81, 0x02, 0xc0,
};
/* A key whose one interface is also that keyboard (report ids 1 and 2). */
static const guint8 key_and_keyboard[] = {
  0x05, 0x01, 0x09, 0x06, 0xa1, 0x01, 0x85, 0x01, 0x05, 0x07, 0x19, 0xe0, 0x29, 0xe7, 0x15,
  0x00, 0x25, 0x01, 0x75, 0x01, 0x95, 0x08, 0x81, 0x02, 0xc0, 0x06, 0xd0, 0xf1, 0x09, 0x01,
  0xa1, 0x01, 0x85, 0x02, 0x09, 0x20, 0x15, 0x00, 0x26, 0xff, 0x00, 0x75, 0x08, 0x95, 0x40,
  0x81, 0x02, 0xc0,
};

static void
test_descriptor (void)
{
  g_assert_true (jail_hid_descriptor_is_fido (fido_key, sizeof fido_key));
  g_assert_false (jail_hid_descriptor_is_fido (keyboard, sizeof keyboard));
  /* Its hidraw node would carry the keyboard's reports: not a key. */
  g_assert_false (jail_hid_descriptor_is_fido (key_and_keyboard, sizeof key_and_keyboard));
  /* The same page in a 4-byte item, after a long item to skip. */
  static const guint8 long_then_fido[] = { 0xfe, 0x02, 0x10, 0x06, 0xd0, 0x07, 0xd0, 0xf1, 0x00,
                                           0x00, 0x09, 0x01, 0xa1, 0x01, 0xc0 };
  g_assert_true (jail_hid_descriptor_is_fido (long_then_fido, sizeof long_then_fido));
  /* A 4-byte Usage names its page: Generic Desktop's keyboard (0x00010006)
   * while the page in effect is FIDO's is a keyboard; FIDO's usage named
   * in full while the page is Generic Desktop is the key. */
  static const guint8 full_keyboard[] = { 0x06, 0xd0, 0xf1, 0x0b, 0x06, 0x00, 0x01, 0x00, 0xa1, 0x01, 0xc0 };
  g_assert_false (jail_hid_descriptor_is_fido (full_keyboard, sizeof full_keyboard));
  static const guint8 full_fido[] = { 0x05, 0x01, 0x0b, 0x01, 0x00, 0xd0, 0xf1, 0xa1, 0x01, 0xc0 };
  g_assert_true (jail_hid_descriptor_is_fido (full_fido, sizeof full_fido));
  /* F1D0 as data of another item (a Usage, tag 0 local) is not the page. */
  static const guint8 usage_f1d0[] = { 0x0a, 0xd0, 0xf1, 0xa1, 0x01, 0xc0 };
  g_assert_false (jail_hid_descriptor_is_fido (usage_f1d0, sizeof usage_f1d0));
  /* The page after a Pop is the one Push saved: FIDO's page set between
   * them does not make the Generic Desktop usage 1 (a pointer) a key. */
  static const guint8 push_pop[] = { 0x05, 0x01, 0xa4, 0x06, 0xd0, 0xf1, 0xb4, 0x09, 0x01, 0xa1, 0x01, 0xc0 };
  g_assert_false (jail_hid_descriptor_is_fido (push_pop, sizeof push_pop));
  static const guint8 pop_empty[] = { 0xb4, 0x06, 0xd0, 0xf1, 0x09, 0x01, 0xa1, 0x01, 0xc0 };
  g_assert_false (jail_hid_descriptor_is_fido (pop_empty, sizeof pop_empty));
  /* The page alone, with no collection, is no device. */
  static const guint8 page_only[] = { 0x06, 0xd0, 0xf1, 0x09, 0x01 };
  g_assert_false (jail_hid_descriptor_is_fido (page_only, sizeof page_only));
  /* A report outside any collection, or an unbalanced End Collection. */
  static const guint8 stray_input[] = { 0x06, 0xd0, 0xf1, 0x09, 0x01, 0xa1, 0x01, 0xc0, 0x81, 0x02 };
  g_assert_false (jail_hid_descriptor_is_fido (stray_input, sizeof stray_input));
  static const guint8 stray_end[] = { 0x06, 0xd0, 0xf1, 0x09, 0x01, 0xa1, 0x01, 0xc0, 0xc0 };
  g_assert_false (jail_hid_descriptor_is_fido (stray_end, sizeof stray_end));
  /* Two FIDO collections are still only a key. */
  static const guint8 two_keys[] = { 0x06, 0xd0, 0xf1, 0x09, 0x01, 0xa1, 0x01, 0xc0,
                                     0x09, 0x01, 0xa1, 0x01, 0xc0 };
  g_assert_true (jail_hid_descriptor_is_fido (two_keys, sizeof two_keys));
  /* Truncated: the page's data is cut off. */
  g_assert_false (jail_hid_descriptor_is_fido (fido_key, 2));
  g_assert_false (jail_hid_descriptor_is_fido (NULL, 0));
}

static void
write_descriptor (const char *root, const char *node, const guint8 *data, gsize len)
{
  g_autofree char *dir = g_build_filename (root, "class", "hidraw", node, "device", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_autofree char *file = g_build_filename (dir, "report_descriptor", NULL);
  g_assert_true (g_file_set_contents (file, (const char *) data, (gssize) len, NULL));
}

static void
test_sysfs_scan (void)
{
  g_autofree char *root = g_dir_make_tmp ("test-devices.XXXXXX", NULL);
  g_assert_nonnull (root);
  write_descriptor (root, "hidraw0", keyboard, sizeof keyboard);
  write_descriptor (root, "hidraw3", fido_key, sizeof fido_key);
  write_descriptor (root, "hidraw7", fido_key, sizeof fido_key);
  g_autoptr (GPtrArray) keys = jail_desktop_fido_hidraw (root);
  g_assert_cmpuint (keys->len, ==, 2);
  g_assert_cmpstr (keys->pdata[0], ==, "hidraw3");
  g_assert_cmpstr (keys->pdata[1], ==, "hidraw7");

  /* A video4linux entry whose node is not a V4L2 device: not a camera. */
  g_autofree char *v = g_build_filename (root, "class", "video4linux", "video0", NULL);
  g_assert_cmpint (g_mkdir_with_parents (v, 0755), ==, 0);
  g_autofree char *dev = g_build_filename (root, "dev", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dev, 0755), ==, 0);
  g_autofree char *node = g_build_filename (dev, "video0", NULL);
  g_assert_true (g_file_set_contents (node, "", 0, NULL));
  g_autoptr (GPtrArray) cams = jail_desktop_video_capture (root, dev);
  g_assert_cmpuint (cams->len, ==, 0);

  /* No such class at all (a host without hidraw): nothing, no error. */
  g_autoptr (GPtrArray) none = jail_desktop_fido_hidraw ("/nonexistent");
  g_assert_cmpuint (none->len, ==, 0);
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", root);
  g_assert_cmpint (system (cmd), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/devices/hid-descriptor", test_descriptor);
  g_test_add_func ("/devices/sysfs-scan", test_sysfs_scan);
  return g_test_run ();
}
