/* Checks of JSON output by value, not by layout: the member at a JSONPath
 * compared, parsed, with the JSON text expected.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#define assert_json_at(json, path, expected) \
  assert_json_at_impl (__FILE__, __LINE__, (json), (path), (expected))

static inline void
assert_json_at_impl (const char *file, int line, const char *json, const char *path,
                     const char *expected)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = json_from_string (json, &error);
  g_assert_no_error (error);
  g_autoptr (JsonNode) got = json_path_query (path, root, &error);
  g_assert_no_error (error);
  g_autofree char *wrapped = g_strdup_printf ("[%s]", expected);
  g_autoptr (JsonNode) want = json_from_string (wrapped, &error);
  g_assert_no_error (error);
  if (!json_node_equal (got, want))
    {
      g_autofree char *text = json_to_string (got, FALSE);
      g_error ("%s:%d: %s is %s, expected [%s]", file, line, path, text, expected);
    }
}
