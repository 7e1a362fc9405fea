/* JSON: a small document model (objects keep their members' order), a
 * strict parser for what jail reads back (instance records: input from a
 * file, so treated as hostile) and the printer for what it writes
 * (--print, instance records, `jail list --json`).  Why jail has its own
 * rather than json-glib: see json.c.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

typedef enum {
  JAIL_JSON_NULL,
  JAIL_JSON_BOOLEAN,
  JAIL_JSON_INT,    /* an integer that fits in 64 bits */
  JAIL_JSON_DOUBLE, /* any other number (parsed only) */
  JAIL_JSON_STRING,
  JAIL_JSON_ARRAY,
  JAIL_JSON_OBJECT,
} JailJsonType;

typedef struct _JailJson JailJson;

/* Limits of the parser: a document larger, or nested deeper, is refused
 * before it costs more than a few times its size in memory or stack. */
#define JAIL_JSON_MAX_SIZE (4u << 20)
#define JAIL_JSON_MAX_DEPTH 64

JailJson *jail_json_object_new (void);
JailJson *jail_json_array_new (void);
void jail_json_free (JailJson *value);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JailJson, jail_json_free)

/* Members of an object, in the order added ("KEY": VALUE); a NULL string is
 * written as null.  Adding a KEY again replaces its value in place. */
void jail_json_add_string (JailJson *object, const char *key, const char *value);
void jail_json_add_int (JailJson *object, const char *key, gint64 value);
void jail_json_add_bool (JailJson *object, const char *key, gboolean value);
void jail_json_add_null (JailJson *object, const char *key);
/* "KEY": [ "…", … ] from a NULL-terminated vector (NULL: an empty array). */
void jail_json_add_strv (JailJson *object, const char *key, char *const *v);
/* A new empty object or array as the value of KEY, owned by OBJECT. */
JailJson *jail_json_add_object (JailJson *object, const char *key);
JailJson *jail_json_add_array (JailJson *object, const char *key);

/* Elements at the end of an array. */
void jail_json_append_string (JailJson *array, const char *value);
void jail_json_append_int (JailJson *array, gint64 value);
JailJson *jail_json_append_object (JailJson *array);

/* VALUE as text, pretty-printed (INDENT spaces a level) with a final
 * newline, or on one line when INDENT is 0.  The layout is json-glib's
 * ("key" : value, "{  }" for an empty object), which readers of --print and
 * `jail list --json` have seen since the first release. */
char *jail_json_to_string (const JailJson *value, guint indent);

/* Strict RFC 8259: one value of UTF-8 text, nothing after it but white
 * space; no NUL (raw or \u0000), no lone surrogate, no number out of a
 * double's range, no object with a repeated member, within the limits
 * above.  NULL with an error (JAIL_ERROR_INVALID) naming what is wrong and
 * at which byte. */
JailJson *jail_json_parse (const char *text, gsize len, GError **error);
/* The same, where the top level must be an object. */
JailJson *jail_json_parse_object (const char *text, gsize len, GError **error);

JailJsonType jail_json_get_type (const JailJson *value);
/* VALUE's string, or NULL when VALUE is NULL or not a string. */
const char *jail_json_as_string (const JailJson *value);
/* The number of elements of an array (0 for anything else), and one. */
guint jail_json_array_length (const JailJson *array);
JailJson *jail_json_array_index (const JailJson *array, guint i);
/* Whether A and B hold the same value (members compared by key). */
gboolean jail_json_equal (const JailJson *a, const JailJson *b);

/* Lookups of a member of OBJECT (which may be NULL, or not an object): the
 * fallback when the member is missing or of another type. */
JailJson *jail_json_get_member (const JailJson *object, const char *key);
const char *jail_json_get_string (const JailJson *object, const char *key);
gint64 jail_json_get_int (const JailJson *object, const char *key, gint64 fallback);
JailJson *jail_json_get_object (const JailJson *object, const char *key);
JailJson *jail_json_get_array (const JailJson *object, const char *key);
