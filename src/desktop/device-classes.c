/* Device classes picked out of a kind of device node: `u2f` (the hidraw
 * nodes of FIDO security keys, nothing else behind hidraw: keyboards and
 * mice there would let the app read keystrokes) and `webcam` (video4linux
 * nodes that can capture, not the codec or output nodes).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/videodev2.h>

#include "desktop/desktop.h"

/* The FIDO Alliance's HID usage page (CTAP "HID report descriptor"), the
 * one udev's fido_id and libfido2 look for. */
#define FIDO_USAGE_PAGE 0xF1D0

gboolean
jail_hid_descriptor_is_fido (const guint8 *desc, gsize len)
{
  /* HID 1.11, 6.2.2.2: short items are a prefix byte (size in bits 0-1:
   * 0, 1, 2 or 4 bytes; type in bits 2-3; tag in bits 4-7) and their data;
   * 0xFE starts a long item (data size in the next byte).  Usage Page is
   * the global item of tag 0. */
  gsize i = 0;
  while (i < len)
    {
      guint8 prefix = desc[i];
      if (prefix == 0xFE)
        {
          if (i + 1 >= len)
            return FALSE;
          i += 3 + (gsize) desc[i + 1];
          continue;
        }
      gsize size = (prefix & 3) == 3 ? 4 : (prefix & 3);
      if (i + 1 + size > len)
        return FALSE;
      guint32 value = 0;
      for (gsize k = 0; k < size; k++)
        value |= (guint32) desc[i + 1 + k] << (8 * k);
      if ((prefix & 0xFC) == 0x04 && value == FIDO_USAGE_PAGE)
        return TRUE;
      i += 1 + size;
    }
  return FALSE;
}

static gint
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

GPtrArray *
jail_desktop_fido_hidraw (const char *sysfs_root)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *class_dir = g_build_filename (sysfs_root, "class", "hidraw", NULL);
  g_autoptr (GDir) dir = g_dir_open (class_dir, 0, NULL);
  const char *name;
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (class_dir, name, "device", "report_descriptor",
                                                NULL);
      g_autofree char *data = NULL;
      gsize len = 0;
      /* A descriptor is at most 4096 bytes (HID_MAX_DESCRIPTOR_SIZE). */
      if (g_file_get_contents (file, &data, &len, NULL) && len <= 4096
          && jail_hid_descriptor_is_fido ((const guint8 *) data, len))
        g_ptr_array_add (out, g_strdup (name));
    }
  g_ptr_array_sort (out, compare_strings);
  return out;
}

/* Whether /dev/NAME captures video, asked of the driver itself: sysfs does
 * not say (a UVC camera also has a metadata node, a codec has output
 * nodes).  Opening a V4L2 node does not start the camera. */
static gboolean
can_capture (const char *dev_path)
{
  int fd = open (dev_path, O_RDWR | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0)
    return FALSE;
  struct v4l2_capability cap = { 0 };
  int r = ioctl (fd, VIDIOC_QUERYCAP, &cap);
  close (fd);
  if (r < 0)
    return FALSE;
  guint32 caps = (cap.capabilities & V4L2_CAP_DEVICE_CAPS) ? cap.device_caps : cap.capabilities;
  return (caps & (V4L2_CAP_VIDEO_CAPTURE | V4L2_CAP_VIDEO_CAPTURE_MPLANE)) != 0;
}

GPtrArray *
jail_desktop_video_capture (const char *sysfs_root, const char *dev_root)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *class_dir = g_build_filename (sysfs_root, "class", "video4linux", NULL);
  g_autoptr (GDir) dir = g_dir_open (class_dir, 0, NULL);
  const char *name;
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      if (!g_str_has_prefix (name, "video"))
        continue; /* radio, vbi, swradio, v4l-subdev: not a camera */
      g_autofree char *dev = g_build_filename (dev_root, name, NULL);
      if (can_capture (dev))
        g_ptr_array_add (out, g_steal_pointer (&dev));
    }
  g_ptr_array_sort (out, compare_strings);
  return out;
}

gboolean
jail_desktop_add_device_class (JailSpec *spec, JailDevice which, GError **error)
{
  g_autoptr (GPtrArray) nodes = NULL;
  if (which == JAIL_DEVICE_U2F)
    {
      g_autoptr (GPtrArray) names = jail_desktop_fido_hidraw ("/sys");
      nodes = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < names->len; i++)
        g_ptr_array_add (nodes, g_build_filename ("/dev", names->pdata[i], NULL));
    }
  else
    nodes = jail_desktop_video_capture ("/sys", "/dev");
  for (guint i = 0; i < nodes->len; i++)
    if (!jail_spec_add_fs (spec, JAIL_FS_DEV_BIND, nodes->pdata[i], nodes->pdata[i],
                           JAIL_FS_FLAG_TRY, error))
      return FALSE;
  return TRUE;
}
