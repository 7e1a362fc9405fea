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

/* The FIDO Alliance's HID usage page (CTAP "HID report descriptor") and its
 * U2F Authenticator Device usage, as udev's fido_id and libfido2 look for
 * them. */
#define FIDO_USAGE_PAGE 0xF1D0
#define FIDO_USAGE_U2F 0x01
/* HID 1.11, 6.2.2.7: Push and Pop save the global items; Linux keeps a
 * stack of 4 (HID_GLOBAL_STACK_SIZE), deeper is not a device it drives. */
#define USAGE_PAGE_STACK 4

/* Short items (HID 1.11, 6.2.2.2): a prefix byte (data size in bits 0-1: 0,
 * 1, 2 or 4 bytes; type and tag in bits 2-7) and their data. */
enum
{
  ITEM_COLLECTION = 0xA0,     /* main */
  ITEM_END_COLLECTION = 0xC0, /* main */
  ITEM_USAGE_PAGE = 0x04,     /* global */
  ITEM_PUSH = 0xA4,           /* global */
  ITEM_POP = 0xB4,            /* global */
  ITEM_USAGE = 0x08,          /* local */
};

gboolean
jail_hid_descriptor_is_fido (const guint8 *desc, gsize len)
{
  /* A hidraw node carries every report of its HID device: a key whose one
   * interface is also a keyboard or a mouse would hand the app that
   * device's keystrokes and moves.  So every top-level collection must be
   * the FIDO one, not just one of them (udev's fido_id is content with a
   * FIDO usage anywhere: it picks what the seat's user may open, and that
   * user opens the keyboards anyway). */
  guint32 pages[USAGE_PAGE_STACK] = { 0 };
  guint depth = 0, page_top = 0, collections = 0;
  guint32 usage = 0, usage_size = 0; /* the first Usage since the last main item */
  gsize i = 0;
  while (i < len)
    {
      guint8 prefix = desc[i];
      if (prefix == 0xFE) /* a long item: its data size in the next byte */
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
      i += 1 + size;

      switch (prefix & 0xFC)
        {
        case ITEM_USAGE_PAGE:
          if (value > 0xFFFF) /* a page is 16 bits */
            return FALSE;
          pages[page_top] = value;
          continue;
        case ITEM_PUSH:
          if (++page_top >= USAGE_PAGE_STACK)
            return FALSE;
          pages[page_top] = pages[page_top - 1];
          continue;
        case ITEM_POP:
          if (page_top == 0)
            return FALSE;
          page_top--;
          continue;
        case ITEM_USAGE:
          if (usage_size == 0)
            {
              usage = value;
              usage_size = (guint32) size;
            }
          continue;
        case ITEM_COLLECTION:
          if (depth++ == 0)
            {
              /* A 4-byte Usage names its page itself (HID 1.11, 6.2.2.8);
               * a shorter one is on the page in effect now. */
              guint32 full = usage_size == 4 ? usage : pages[page_top] << 16 | usage;
              if (full != ((guint32) FIDO_USAGE_PAGE << 16 | FIDO_USAGE_U2F))
                return FALSE;
              collections++;
            }
          break;
        case ITEM_END_COLLECTION:
          if (depth == 0)
            return FALSE;
          depth--;
          break;
        default:
          if ((prefix & 0x0C) != 0) /* another global or local item */
            continue;
          /* Input, Output, Feature: a report outside any collection is
           * no FIDO interface's. */
          if (depth == 0)
            return FALSE;
          break;
        }
      usage = usage_size = 0; /* a main item ends the local items' scope */
    }
  return collections > 0;
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
