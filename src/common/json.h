/* JSON through json-glib: what jail writes (--print, instance records,
 * `jail list --json`) is built with a JsonBuilder and printed here; what
 * it reads back (instance records) is parsed here, with lookups that
 * tolerate a missing member or one of the wrong type.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

/* The builder's document, pretty-printed (INDENT spaces) with a final
 * newline, or on one line when INDENT is 0. */
char *jail_json_builder_to_string (JsonBuilder *builder, guint indent);

/* "KEY": VALUE members; a NULL string is written as null. */
void jail_json_add_string (JsonBuilder *b, const char *key, const char *value);
void jail_json_add_int (JsonBuilder *b, const char *key, gint64 value);
void jail_json_add_bool (JsonBuilder *b, const char *key, gboolean value);
/* "KEY": [ "…", … ] from a NULL-terminated vector (NULL: an empty array). */
void jail_json_add_strv (JsonBuilder *b, const char *key, char *const *v);

/* A document whose top level is an object, or NULL with an error
 * (JAIL_ERROR_INVALID) naming what is wrong. */
JsonObject *jail_json_parse_object (const char *text, gsize len, GError **error);

/* Lookups of a member of OBJECT (which may be NULL): the fallback when the
 * member is missing or of another type. */
const char *jail_json_get_string (JsonObject *object, const char *key);
gint64 jail_json_get_int (JsonObject *object, const char *key, gint64 fallback);
JsonObject *jail_json_get_object (JsonObject *object, const char *key);
JsonArray *jail_json_get_array (JsonObject *object, const char *key);
