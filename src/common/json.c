/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <string.h>

#include "common/json.h"
#include "jail/jail.h"

/* json-glib's parser recurses once per level of nesting, without a bound:
 * a document of a few hundred KiB of '[' overflows the stack.  Every
 * level opens with a '[' or '{' byte, so counting those bytes (inside
 * strings too) bounds the depth whatever the document holds. */
#define MAX_OPENINGS 1024

char *
jail_json_builder_to_string (JsonBuilder *builder, guint indent)
{
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  g_autoptr (JsonNode) root = json_builder_get_root (builder);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, indent > 0);
  json_generator_set_indent (gen, indent);
  g_autofree char *text = json_generator_to_data (gen, NULL);
  return g_strconcat (text, "\n", NULL);
}

void
jail_json_add_string (JsonBuilder *b, const char *key, const char *value)
{
  json_builder_set_member_name (b, key);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

void
jail_json_add_int (JsonBuilder *b, const char *key, gint64 value)
{
  json_builder_set_member_name (b, key);
  json_builder_add_int_value (b, value);
}

void
jail_json_add_bool (JsonBuilder *b, const char *key, gboolean value)
{
  json_builder_set_member_name (b, key);
  json_builder_add_boolean_value (b, value);
}

void
jail_json_add_strv (JsonBuilder *b, const char *key, char *const *v)
{
  json_builder_set_member_name (b, key);
  json_builder_begin_array (b);
  for (gsize i = 0; v != NULL && v[i] != NULL; i++)
    json_builder_add_string_value (b, v[i]);
  json_builder_end_array (b);
}

JsonObject *
jail_json_parse_object (const char *text, gsize len, GError **error)
{
  gsize openings = 0;
  for (gsize i = 0; i < len; i++)
    openings += text[i] == '[' || text[i] == '{';
  if (openings > MAX_OPENINGS)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "JSON: more than %d arrays and objects", MAX_OPENINGS), NULL;
  /* json-glib reads up to the first NUL; one inside the document is an
   * error rather than its end. */
  if (memchr (text, '\0', len) != NULL)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID, "JSON: a NUL byte"), NULL;

  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autoptr (GError) local = NULL;
  if (!json_parser_load_from_data (parser, text, (gssize) len, &local))
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID, "JSON: %s", local->message), NULL;
  JsonNode *root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID, "JSON: not an object"), NULL;
  return json_object_ref (json_node_get_object (root));
}

static JsonNode *
member (JsonObject *object, const char *key)
{
  return object != NULL ? json_object_get_member (object, key) : NULL;
}

const char *
jail_json_get_string (JsonObject *object, const char *key)
{
  JsonNode *n = member (object, key);
  return n != NULL && json_node_get_value_type (n) == G_TYPE_STRING ? json_node_get_string (n)
                                                                    : NULL;
}

gint64
jail_json_get_int (JsonObject *object, const char *key, gint64 fallback)
{
  JsonNode *n = member (object, key);
  return n != NULL && json_node_get_value_type (n) == G_TYPE_INT64 ? json_node_get_int (n)
                                                                   : fallback;
}

JsonObject *
jail_json_get_object (JsonObject *object, const char *key)
{
  JsonNode *n = member (object, key);
  return n != NULL && JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
}

JsonArray *
jail_json_get_array (JsonObject *object, const char *key)
{
  JsonNode *n = member (object, key);
  return n != NULL && JSON_NODE_HOLDS_ARRAY (n) ? json_node_get_array (n) : NULL;
}
