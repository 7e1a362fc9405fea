/* Fuzz the JSON reader of instance records (src/common/json-read.c).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "common/json-read.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  JailJson *j = jail_json_parse ((const char *) data, size, NULL);
  if (j != NULL)
    {
      (void) jail_json_get_string (j, "name");
      (void) jail_json_get_int (jail_json_member (j, "namespaces"), "pid", 0);
      jail_json_free (j);
    }
  return 0;
}
