/* Fuzz the reader of instance records (src/instance/record.c): common/json.c's
 * parser and the lookups `jail list`, `jail stats` and `jail enter` make.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "instance/record.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  JailRecordInfo *info = jail_record_info_parse ((const char *) data, size, NULL);
  jail_record_info_free (info);
  return 0;
}
