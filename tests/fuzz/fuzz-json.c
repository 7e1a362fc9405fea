/* Fuzz common/json.c: the parser on any bytes, and, for what it accepts,
 * printing (pretty and on one line) and parsing the print again, which
 * must give the same document.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/json.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check_round_trip (const JailJson *v, guint indent)
{
  g_autofree char *text = jail_json_to_string (v, indent);
  g_autoptr (GError) error = NULL;
  g_autoptr (JailJson) back = jail_json_parse (text, strlen (text), &error);
  if (back == NULL || !jail_json_equal (v, back))
    {
      fprintf (stderr, "printed text does not parse back the same: %s\n%s",
               error != NULL ? error->message : "a different document", text);
      abort ();
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (JailJson) v = jail_json_parse ((const char *) data, size, NULL);
  if (v == NULL)
    return 0;
  check_round_trip (v, 0);
  check_round_trip (v, 2);
  return 0;
}
