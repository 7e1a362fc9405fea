/* Checks of JSON output by value, not by layout: what a path selects,
 * compared, parsed, with the JSON text expected.  Paths are the subset of
 * JSONPath the tests use: "$" then ".NAME" steps, and a last "[N:]" slice
 * (N negative: the last -N elements).  The selection is a list, as in
 * JSONPath: EXPECTED is its elements, comma-separated.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>
#include <stdlib.h>

#include "common/json.h"

#define assert_json_at(json, path, expected) \
  assert_json_at_impl (__FILE__, __LINE__, (json), (path), (expected))

/* PATH's selection from ROOT as a new array, or NULL when it selects
 * nothing. */
static inline JailJson *
json_assert_select (JailJson *root, const char *path)
{
  g_assert_true (path[0] == '$');
  const JailJson *v = root;
  const char *p = path + 1;
  while (*p == '.')
    {
      gsize n = strcspn (p + 1, ".[");
      g_autofree char *key = g_strndup (p + 1, n);
      if ((v = jail_json_get_member (v, key)) == NULL)
        return NULL;
      p += 1 + n;
    }
  g_autofree char *text = jail_json_to_string (v, 0);
  if (*p == '\0')
    {
      g_autofree char *wrapped = g_strdup_printf ("[%s]", text);
      return jail_json_parse (wrapped, strlen (wrapped), NULL);
    }
  char *end;
  long start = strtol (p + 1, &end, 10);
  g_assert_true (p[0] == '[' && strcmp (end, ":]") == 0);
  guint len = jail_json_array_length (v);
  guint first = start < 0 ? (guint) MAX (0, (long) len + start) : (guint) MIN ((long) len, start);
  g_autoptr (GString) list = g_string_new ("[");
  for (guint i = first; i < len; i++)
    {
      g_autofree char *item = jail_json_to_string (jail_json_array_index (v, i), 0);
      g_string_append_printf (list, "%s%.*s", i > first ? "," : "", (int) strlen (item) - 1, item);
    }
  g_string_append_c (list, ']');
  return jail_json_parse (list->str, list->len, NULL);
}

static inline void
assert_json_at_impl (const char *file, int line, const char *json, const char *path,
                     const char *expected)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JailJson) root = jail_json_parse (json, strlen (json), &error);
  g_assert_no_error (error);
  g_autoptr (JailJson) got = json_assert_select (root, path);
  g_autofree char *wrapped = g_strdup_printf ("[%s]", expected);
  g_autoptr (JailJson) want = jail_json_parse (wrapped, strlen (wrapped), &error);
  g_assert_no_error (error);
  if (got == NULL || !jail_json_equal (got, want))
    {
      g_autofree char *text = got != NULL ? jail_json_to_string (got, 0) : g_strdup ("nothing\n");
      g_error ("%s:%d: %s is %.*s, expected [%s]", file, line, path, (int) strlen (text) - 1, text,
               expected);
    }
}
