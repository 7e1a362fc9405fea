/* A small JSON reader: enough to read back the records jail writes itself
 * (instance records), strict about syntax and bounded in depth.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

typedef enum {
  JAIL_JSON_NULL,
  JAIL_JSON_BOOL,
  JAIL_JSON_NUMBER,
  JAIL_JSON_STRING,
  JAIL_JSON_ARRAY,
  JAIL_JSON_OBJECT,
} JailJsonType;

typedef struct JailJson JailJson;
struct JailJson {
  JailJsonType type;
  gboolean boolean;
  double number;
  char *string;     /* STRING: the value; a member of an OBJECT: its key */
  GPtrArray *items; /* ARRAY and OBJECT: JailJson* (object members carry key) */
  char *key;
};

/* NULL with an error on bad input (the message gives the byte offset). */
JailJson *jail_json_parse (const char *text, gsize len, GError **error);
void jail_json_free (JailJson *node);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JailJson, jail_json_free)

/* Lookups that tolerate a missing key or a wrong type (NULL / fallback). */
const JailJson *jail_json_member (const JailJson *object, const char *key);
const char *jail_json_get_string (const JailJson *object, const char *key);
gint64 jail_json_get_int (const JailJson *object, const char *key, gint64 fallback);
