/* libFuzzer target: the Xauthority parser reads a file the user controls.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "desktop/desktop.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  GBytes *out = jail_xauth_filter (data, size, "host", "0");
  g_bytes_unref (out);
  return 0;
}
