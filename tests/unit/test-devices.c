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

static void
test_descriptor (void)
{
  g_assert_true (jail_hid_descriptor_is_fido (fido_key, sizeof fido_key));
  g_assert_false (jail_hid_descriptor_is_fido (keyboard, sizeof keyboard));
  /* The same page in a 4-byte item, after a long item to skip. */
  static const guint8 long_then_fido[] = { 0xfe, 0x02, 0x10, 0x06, 0xd0, 0x07, 0xd0, 0xf1, 0x00, 0x00 };
  g_assert_true (jail_hid_descriptor_is_fido (long_then_fido, sizeof long_then_fido));
  /* F1D0 as data of another item (a Usage, tag 0 local) is not the page. */
  static const guint8 usage_f1d0[] = { 0x0a, 0xd0, 0xf1 };
  g_assert_false (jail_hid_descriptor_is_fido (usage_f1d0, sizeof usage_f1d0));
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
