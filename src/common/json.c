/* SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Why jail keeps its own JSON code rather than json-glib: json-glib links
 * GIO, and GIO brings libmount, libblkid, libselinux and libz, all bound
 * at load time, into every jail process, the monitor of each running
 * sandbox included.  Measured (tests/bench/README.md): an empty program
 * linked like jail took 1.6-3.1 ms of CPU to start against 0.9-1.1 ms
 * without them, and in a sandbox's monitor json-glib alone held 172 kB of
 * PSS (its relocated pages, private to the process), GIO and the
 * libraries it brings ~300 kB more.  jail needs little of JSON: print a
 * few documents in one fixed layout and read back its own instance
 * records, over GLib's types.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include "common/json.h"
#include "jail/jail.h"

typedef struct {
  char *key;
  JailJson *value;
} Member;

struct _JailJson {
  JailJsonType type;
  union {
    gboolean boolean;
    gint64 integer;
    double number;
    char *string;
    GPtrArray *elements; /* JailJson *, owned */
    struct {
      GPtrArray *members; /* Member *, owned, in order */
      GHashTable *index;  /* key -> Member *: a parsed object may hold many */
    } object;
  };
};

/* ---- building ---- */

static JailJson *
node_new (JailJsonType type)
{
  JailJson *v = g_new0 (JailJson, 1);
  v->type = type;
  return v;
}

static void
member_free (gpointer data)
{
  Member *m = data;
  g_free (m->key);
  jail_json_free (m->value);
  g_free (m);
}

JailJson *
jail_json_object_new (void)
{
  JailJson *v = node_new (JAIL_JSON_OBJECT);
  v->object.members = g_ptr_array_new_with_free_func (member_free);
  v->object.index = g_hash_table_new (g_str_hash, g_str_equal);
  return v;
}

JailJson *
jail_json_array_new (void)
{
  JailJson *v = node_new (JAIL_JSON_ARRAY);
  v->elements = g_ptr_array_new_with_free_func ((GDestroyNotify) jail_json_free);
  return v;
}

void
jail_json_free (JailJson *value)
{
  if (value == NULL)
    return;
  switch (value->type)
    {
    case JAIL_JSON_STRING:
      g_free (value->string);
      break;
    case JAIL_JSON_ARRAY:
      g_ptr_array_unref (value->elements);
      break;
    case JAIL_JSON_OBJECT:
      g_hash_table_unref (value->object.index);
      g_ptr_array_unref (value->object.members);
      break;
    case JAIL_JSON_NULL:
    case JAIL_JSON_BOOLEAN:
    case JAIL_JSON_INT:
    case JAIL_JSON_DOUBLE:
      break;
    }
  g_free (value);
}

static JailJson *
string_new (const char *s)
{
  if (s == NULL)
    return node_new (JAIL_JSON_NULL);
  JailJson *v = node_new (JAIL_JSON_STRING);
  v->string = g_strdup (s);
  return v;
}

static JailJson *
int_new (gint64 i)
{
  JailJson *v = node_new (JAIL_JSON_INT);
  v->integer = i;
  return v;
}

/* KEY's member of OBJECT, or NULL. */
static Member *
find_member (const JailJson *object, const char *key)
{
  if (object == NULL || object->type != JAIL_JSON_OBJECT)
    return NULL;
  return g_hash_table_lookup (object->object.index, key);
}

/* Takes VALUE; a KEY already there gets VALUE in its place. */
static JailJson *
set_member (JailJson *object, const char *key, JailJson *value)
{
  g_return_val_if_fail (object != NULL && object->type == JAIL_JSON_OBJECT, value);
  Member *m = find_member (object, key);
  if (m != NULL)
    {
      jail_json_free (m->value);
      m->value = value;
      return value;
    }
  m = g_new (Member, 1);
  m->key = g_strdup (key);
  m->value = value;
  g_ptr_array_add (object->object.members, m);
  g_hash_table_insert (object->object.index, m->key, m);
  return value;
}

static JailJson *
append (JailJson *array, JailJson *value)
{
  g_return_val_if_fail (array != NULL && array->type == JAIL_JSON_ARRAY, value);
  g_ptr_array_add (array->elements, value);
  return value;
}

void
jail_json_add_string (JailJson *object, const char *key, const char *value)
{
  set_member (object, key, string_new (value));
}

void
jail_json_add_int (JailJson *object, const char *key, gint64 value)
{
  set_member (object, key, int_new (value));
}

void
jail_json_add_bool (JailJson *object, const char *key, gboolean value)
{
  JailJson *v = node_new (JAIL_JSON_BOOLEAN);
  v->boolean = value != FALSE;
  set_member (object, key, v);
}

void
jail_json_add_null (JailJson *object, const char *key)
{
  set_member (object, key, node_new (JAIL_JSON_NULL));
}

void
jail_json_add_strv (JailJson *object, const char *key, char *const *v)
{
  JailJson *array = jail_json_add_array (object, key);
  for (gsize i = 0; v != NULL && v[i] != NULL; i++)
    jail_json_append_string (array, v[i]);
}

JailJson *
jail_json_add_object (JailJson *object, const char *key)
{
  return set_member (object, key, jail_json_object_new ());
}

JailJson *
jail_json_add_array (JailJson *object, const char *key)
{
  return set_member (object, key, jail_json_array_new ());
}

void
jail_json_append_string (JailJson *array, const char *value)
{
  append (array, string_new (value));
}

void
jail_json_append_int (JailJson *array, gint64 value)
{
  append (array, int_new (value));
}

JailJson *
jail_json_append_object (JailJson *array)
{
  return append (array, jail_json_object_new ());
}

/* ---- printing ---- */

/* json-glib's escapes, so that the output stays as it was: the two that
 * must be, the short forms of five controls, \u00XX for the other controls
 * and DEL; other bytes as they are.  U+001F is escaped too (json-glib left
 * it raw, which is not JSON and which the parser below refuses). */
static void
print_string (GString *out, const char *s)
{
  g_string_append_c (out, '"');
  for (const unsigned char *p = (const unsigned char *) s; *p != '\0'; p++)
    switch (*p)
      {
      case '"':
      case '\\':
        g_string_append_c (out, '\\');
        g_string_append_c (out, (char) *p);
        break;
      case '\b': g_string_append (out, "\\b"); break;
      case '\f': g_string_append (out, "\\f"); break;
      case '\n': g_string_append (out, "\\n"); break;
      case '\r': g_string_append (out, "\\r"); break;
      case '\t': g_string_append (out, "\\t"); break;
      default:
        if (*p < 0x20 || *p == 0x7f)
          g_string_append_printf (out, "\\u%04x", *p);
        else
          g_string_append_c (out, (char) *p);
      }
  g_string_append_c (out, '"');
}

static void
print_indent (GString *out, guint indent, guint level)
{
  for (guint i = 0; i < indent * level; i++)
    g_string_append_c (out, ' ');
}

static void print_value (GString *out, const JailJson *v, guint indent, guint level);

/* One element or member of a container at LEVEL: on a line of its own,
 * indented one level deeper, when pretty. */
static void
print_item (GString *out, const char *key, const JailJson *v, gboolean last, guint indent,
            guint level)
{
  print_indent (out, indent, level + 1);
  if (key != NULL)
    {
      print_string (out, key);
      g_string_append (out, indent > 0 ? " : " : ":");
    }
  print_value (out, v, indent, level + 1);
  if (!last)
    g_string_append_c (out, ',');
  if (indent > 0)
    g_string_append_c (out, '\n');
}

/* An empty array is "[]"; an empty object, pretty, "{" and "}" around the
 * object's own indentation (json-glib's layout). */
static void
print_container (GString *out, const JailJson *v, guint indent, guint level)
{
  gboolean is_object = v->type == JAIL_JSON_OBJECT;
  GPtrArray *items = is_object ? v->object.members : v->elements;
  if (!is_object && items->len == 0)
    {
      g_string_append (out, "[]");
      return;
    }
  g_string_append_c (out, is_object ? '{' : '[');
  if (indent > 0 && items->len > 0)
    g_string_append_c (out, '\n');
  for (guint i = 0; i < items->len; i++)
    {
      const Member *m = is_object ? g_ptr_array_index (items, i) : NULL;
      print_item (out, m != NULL ? m->key : NULL, m != NULL ? m->value : g_ptr_array_index (items, i),
                  i + 1 == items->len, indent, level);
    }
  print_indent (out, indent, level);
  g_string_append_c (out, is_object ? '}' : ']');
}

static void
print_value (GString *out, const JailJson *v, guint indent, guint level)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];
  switch (v->type)
    {
    case JAIL_JSON_NULL:
      g_string_append (out, "null");
      break;
    case JAIL_JSON_BOOLEAN:
      g_string_append (out, v->boolean ? "true" : "false");
      break;
    case JAIL_JSON_INT:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, v->integer);
      break;
    case JAIL_JSON_DOUBLE:
      /* Shortest text that reads back the same, kept a fraction: "5.0"
       * printed "5" would read back as an integer. */
      g_ascii_dtostr (number, sizeof number, v->number);
      g_string_append (out, number);
      if (strpbrk (number, ".e") == NULL)
        g_string_append (out, ".0");
      break;
    case JAIL_JSON_STRING:
      print_string (out, v->string);
      break;
    case JAIL_JSON_ARRAY:
    case JAIL_JSON_OBJECT:
      print_container (out, v, indent, level);
      break;
    }
}

char *
jail_json_to_string (const JailJson *value, guint indent)
{
  GString *out = g_string_new (NULL);
  print_value (out, value, indent, 0);
  g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}

/* ---- parsing ---- */

typedef struct {
  const char *start, *p, *end;
  guint depth;
  GError **error;
} Parser;

/* Always FALSE/NULL, for the caller to return. */
static gboolean
fail (Parser *ps, const char *what)
{
  g_set_error (ps->error, JAIL_ERROR, JAIL_ERROR_INVALID, "JSON: %s at byte %" G_GSIZE_FORMAT,
               what, (gsize) (ps->p - ps->start));
  return FALSE;
}

static void
skip_space (Parser *ps)
{
  while (ps->p < ps->end
         && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
    ps->p++;
}

static gboolean
next_is (Parser *ps, char c)
{
  skip_space (ps);
  return ps->p < ps->end && *ps->p == c;
}

static int
hex_digit (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* The four hex digits after "\u", the cursor past them; -1 if malformed. */
static int
read_hex4 (Parser *ps)
{
  if (ps->end - ps->p < 4)
    return -1;
  int v = 0;
  for (int i = 0; i < 4; i++)
    {
      int d = hex_digit (ps->p[i]);
      if (d < 0)
        return -1;
      v = v * 16 + d;
    }
  ps->p += 4;
  return v;
}

/* "\uXXXX" (the cursor past "\u"), a UTF-16 pair taken whole: a code point
 * of its own; a high surrogate needs a low one after it. */
static gboolean
parse_unicode_escape (Parser *ps, GString *out)
{
  int unit = read_hex4 (ps);
  if (unit < 0)
    return fail (ps, "a \\u escape without four hex digits");
  gunichar c = (gunichar) unit;
  if (unit >= 0xDC00 && unit <= 0xDFFF)
    return fail (ps, "a lone low surrogate");
  if (unit >= 0xD800 && unit <= 0xDBFF)
    {
      if (ps->end - ps->p < 2 || ps->p[0] != '\\' || ps->p[1] != 'u')
        return fail (ps, "a high surrogate without its low one");
      ps->p += 2;
      int low = read_hex4 (ps);
      if (low < 0xDC00 || low > 0xDFFF)
        return fail (ps, "a high surrogate without its low one");
      c = 0x10000 + (((gunichar) unit - 0xD800) << 10) + ((gunichar) low - 0xDC00);
    }
  if (c == 0)
    return fail (ps, "a NUL character in a string");
  g_string_append_unichar (out, c);
  return TRUE;
}

static gboolean
parse_escape (Parser *ps, GString *out)
{
  if (ps->p >= ps->end)
    return fail (ps, "an unterminated string");
  char c = *ps->p++;
  switch (c)
    {
    case '"': case '\\': case '/': g_string_append_c (out, c); return TRUE;
    case 'b': g_string_append_c (out, '\b'); return TRUE;
    case 'f': g_string_append_c (out, '\f'); return TRUE;
    case 'n': g_string_append_c (out, '\n'); return TRUE;
    case 'r': g_string_append_c (out, '\r'); return TRUE;
    case 't': g_string_append_c (out, '\t'); return TRUE;
    case 'u': return parse_unicode_escape (ps, out);
    default:
      ps->p--;
      return fail (ps, "an unknown escape");
    }
}

/* A string, the cursor on its opening quote.  The text was checked to be
 * UTF-8 as a whole, so bytes other than quotes, escapes and controls are
 * copied as they are. */
static char *
parse_string (Parser *ps)
{
  g_autoptr (GString) out = g_string_new (NULL);
  ps->p++;
  for (;;)
    {
      if (ps->p >= ps->end)
        return fail (ps, "an unterminated string"), NULL;
      unsigned char c = (unsigned char) *ps->p;
      if (c == '"')
        break;
      if (c < 0x20)
        return fail (ps, "a control character in a string"), NULL;
      ps->p++;
      if (c != '\\')
        g_string_append_c (out, (char) c);
      else if (!parse_escape (ps, out))
        return NULL;
    }
  ps->p++;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
skip_digits (Parser *ps)
{
  const char *first = ps->p;
  while (ps->p < ps->end && g_ascii_isdigit (*ps->p))
    ps->p++;
  return ps->p > first;
}

/* -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?: an INT when it is an
 * integer within 64 bits, else a DOUBLE when within a double's range. */
static JailJson *
parse_number (Parser *ps)
{
  const char *first = ps->p;
  gboolean integer = TRUE;
  if (*ps->p == '-')
    ps->p++;
  if (ps->p < ps->end && *ps->p == '0')
    ps->p++;
  else if (!skip_digits (ps))
    return fail (ps, "a malformed number"), NULL;
  if (ps->p < ps->end && *ps->p == '.')
    {
      ps->p++, integer = FALSE;
      if (!skip_digits (ps))
        return fail (ps, "a malformed number"), NULL;
    }
  if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E'))
    {
      ps->p++, integer = FALSE;
      if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-'))
        ps->p++;
      if (!skip_digits (ps))
        return fail (ps, "a malformed number"), NULL;
    }
  g_autofree char *text = g_strndup (first, (gsize) (ps->p - first));
  if (integer)
    {
      errno = 0;
      gint64 i = g_ascii_strtoll (text, NULL, 10);
      if (errno == 0)
        return int_new (i);
    }
  double d = g_ascii_strtod (text, NULL);
  if (!isfinite (d))
    return fail (ps, "a number out of range"), NULL;
  JailJson *v = node_new (JAIL_JSON_DOUBLE);
  v->number = d;
  return v;
}

static JailJson *
parse_literal (Parser *ps)
{
  static const struct {
    const char *word;
    JailJsonType type;
    gboolean boolean;
  } literals[] = {
    { "true", JAIL_JSON_BOOLEAN, TRUE },
    { "false", JAIL_JSON_BOOLEAN, FALSE },
    { "null", JAIL_JSON_NULL, FALSE },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (literals); i++)
    {
      gsize n = strlen (literals[i].word);
      if ((gsize) (ps->end - ps->p) >= n && memcmp (ps->p, literals[i].word, n) == 0)
        {
          ps->p += n;
          JailJson *v = node_new (literals[i].type);
          v->boolean = literals[i].boolean;
          return v;
        }
    }
  return fail (ps, "an unexpected character"), NULL;
}

static JailJson *parse_value (Parser *ps);

/* The elements or members after '[' or '{' (the cursor on it), up to the
 * closing bracket. */
static JailJson *
parse_container (Parser *ps)
{
  gboolean is_object = *ps->p == '{';
  char close = is_object ? '}' : ']';
  if (++ps->depth > JAIL_JSON_MAX_DEPTH)
    return fail (ps, "arrays and objects nested too deep"), NULL;
  ps->p++;
  g_autoptr (JailJson) v = is_object ? jail_json_object_new () : jail_json_array_new ();
  if (next_is (ps, close))
    {
      ps->p++, ps->depth--;
      return g_steal_pointer (&v);
    }
  for (;;)
    {
      g_autofree char *key = NULL;
      if (is_object)
        {
          if (!next_is (ps, '"'))
            return fail (ps, "a member without a string name"), NULL;
          const char *at = ps->p;
          if ((key = parse_string (ps)) == NULL)
            return NULL;
          if (find_member (v, key) != NULL)
            return ps->p = at, fail (ps, "a member named twice"), NULL;
          if (!next_is (ps, ':'))
            return fail (ps, "a member without ':'"), NULL;
          ps->p++;
        }
      JailJson *item = parse_value (ps);
      if (item == NULL)
        return NULL;
      if (is_object)
        set_member (v, key, item);
      else
        append (v, item);
      if (next_is (ps, ','))
        ps->p++;
      else if (next_is (ps, close))
        break;
      else
        return fail (ps, is_object ? "expected ',' or '}'" : "expected ',' or ']'"), NULL;
    }
  ps->p++, ps->depth--;
  return g_steal_pointer (&v);
}

static JailJson *
parse_value (Parser *ps)
{
  skip_space (ps);
  if (ps->p >= ps->end)
    return fail (ps, "the text ends where a value was expected"), NULL;
  char c = *ps->p;
  if (c == '{' || c == '[')
    return parse_container (ps);
  if (c == '"')
    {
      char *s = parse_string (ps);
      if (s == NULL)
        return NULL;
      JailJson *v = node_new (JAIL_JSON_STRING);
      v->string = s;
      return v;
    }
  if (c == '-' || g_ascii_isdigit (c))
    return parse_number (ps);
  return parse_literal (ps);
}

JailJson *
jail_json_parse (const char *text, gsize len, GError **error)
{
  Parser ps = { .start = text, .p = text, .end = text + len, .error = error };
  if (len > JAIL_JSON_MAX_SIZE)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "JSON: larger than %u bytes", JAIL_JSON_MAX_SIZE), NULL;
  const char *nul = memchr (text, '\0', len);
  if (nul != NULL)
    return ps.p = nul, fail (&ps, "a NUL byte"), NULL;
  const char *bad;
  if (!g_utf8_validate_len (text, len, &bad))
    return ps.p = bad, fail (&ps, "not UTF-8"), NULL;
  g_autoptr (JailJson) v = parse_value (&ps);
  if (v == NULL)
    return NULL;
  skip_space (&ps);
  if (ps.p != ps.end)
    return fail (&ps, "text after the document"), NULL;
  return g_steal_pointer (&v);
}

JailJson *
jail_json_parse_object (const char *text, gsize len, GError **error)
{
  g_autoptr (JailJson) v = jail_json_parse (text, len, error);
  if (v != NULL && v->type != JAIL_JSON_OBJECT)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID, "JSON: not an object"), NULL;
  return g_steal_pointer (&v);
}

/* ---- reading ---- */

JailJsonType
jail_json_get_type (const JailJson *value)
{
  return value->type;
}

const char *
jail_json_as_string (const JailJson *value)
{
  return value != NULL && value->type == JAIL_JSON_STRING ? value->string : NULL;
}

guint
jail_json_array_length (const JailJson *array)
{
  return array != NULL && array->type == JAIL_JSON_ARRAY ? array->elements->len : 0;
}

JailJson *
jail_json_array_index (const JailJson *array, guint i)
{
  g_return_val_if_fail (i < jail_json_array_length (array), NULL);
  return g_ptr_array_index (array->elements, i);
}

gboolean
jail_json_equal (const JailJson *a, const JailJson *b)
{
  if (a->type != b->type)
    return FALSE;
  switch (a->type)
    {
    case JAIL_JSON_NULL:
      return TRUE;
    case JAIL_JSON_BOOLEAN:
      return a->boolean == b->boolean;
    case JAIL_JSON_INT:
      return a->integer == b->integer;
    case JAIL_JSON_DOUBLE:
      return a->number == b->number;
    case JAIL_JSON_STRING:
      return strcmp (a->string, b->string) == 0;
    case JAIL_JSON_ARRAY:
      if (a->elements->len != b->elements->len)
        return FALSE;
      for (guint i = 0; i < a->elements->len; i++)
        if (!jail_json_equal (g_ptr_array_index (a->elements, i),
                              g_ptr_array_index (b->elements, i)))
          return FALSE;
      return TRUE;
    case JAIL_JSON_OBJECT:
      if (a->object.members->len != b->object.members->len)
        return FALSE;
      for (guint i = 0; i < a->object.members->len; i++)
        {
          const Member *m = g_ptr_array_index (a->object.members, i);
          const Member *other = find_member (b, m->key);
          if (other == NULL || !jail_json_equal (m->value, other->value))
            return FALSE;
        }
      return TRUE;
    }
  return FALSE;
}

JailJson *
jail_json_get_member (const JailJson *object, const char *key)
{
  Member *m = find_member (object, key);
  return m != NULL ? m->value : NULL;
}

const char *
jail_json_get_string (const JailJson *object, const char *key)
{
  return jail_json_as_string (jail_json_get_member (object, key));
}

gint64
jail_json_get_int (const JailJson *object, const char *key, gint64 fallback)
{
  JailJson *v = jail_json_get_member (object, key);
  return v != NULL && v->type == JAIL_JSON_INT ? v->integer : fallback;
}

JailJson *
jail_json_get_object (const JailJson *object, const char *key)
{
  JailJson *v = jail_json_get_member (object, key);
  return v != NULL && v->type == JAIL_JSON_OBJECT ? v : NULL;
}

JailJson *
jail_json_get_array (const JailJson *object, const char *key)
{
  JailJson *v = jail_json_get_member (object, key);
  return v != NULL && v->type == JAIL_JSON_ARRAY ? v : NULL;
}
