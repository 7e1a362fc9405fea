/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "common/json-read.h"
#include "jail/jail.h"

#define MAX_DEPTH 32

typedef struct {
  const char *p;
  const char *start;
  const char *end;
} Reader;

static JailJson *parse_value (Reader *r, int depth, GError **error);

void
jail_json_free (JailJson *node)
{
  if (node == NULL)
    return;
  g_free (node->string);
  g_free (node->key);
  if (node->items != NULL)
    g_ptr_array_unref (node->items);
  g_free (node);
}

static gboolean
fail (Reader *r, const char *what, GError **error)
{
  g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID, "JSON: %s at byte %ld", what,
               (long) (r->p - r->start));
  return FALSE;
}

static void
skip_space (Reader *r)
{
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' || *r->p == '\t' || *r->p == '\r'))
    r->p++;
}

static gboolean
literal (Reader *r, const char *word)
{
  gsize n = strlen (word);
  if ((gsize) (r->end - r->p) < n || memcmp (r->p, word, n) != 0)
    return FALSE;
  r->p += n;
  return TRUE;
}

static int
hex4 (const char *s)
{
  int v = 0;
  for (int i = 0; i < 4; i++)
    {
      int d = g_ascii_xdigit_value (s[i]);
      if (d < 0)
        return -1;
      v = v * 16 + d;
    }
  return v;
}

static char *
parse_string (Reader *r, GError **error)
{
  g_autoptr (GString) out = g_string_new (NULL);
  r->p++; /* the opening quote */
  while (r->p < r->end && *r->p != '"')
    {
      unsigned char c = (unsigned char) *r->p++;
      if (c < 0x20)
        return fail (r, "control character in string", error), NULL;
      if (c != '\\')
        {
          g_string_append_c (out, (char) c);
          continue;
        }
      if (r->p >= r->end)
        break;
      char e = *r->p++;
      switch (e)
        {
        case '"': case '\\': case '/': g_string_append_c (out, e); break;
        case 'n': g_string_append_c (out, '\n'); break;
        case 't': g_string_append_c (out, '\t'); break;
        case 'r': g_string_append_c (out, '\r'); break;
        case 'b': g_string_append_c (out, '\b'); break;
        case 'f': g_string_append_c (out, '\f'); break;
        case 'u':
          {
            int v = r->end - r->p >= 4 ? hex4 (r->p) : -1;
            /* Surrogates are not needed for our own records: refuse them. */
            if (v <= 0 || (v >= 0xd800 && v <= 0xdfff))
              return fail (r, "bad \\u escape", error), NULL;
            r->p += 4;
            g_string_append_unichar (out, (gunichar) v);
          }
          break;
        default:
          return fail (r, "bad escape", error), NULL;
        }
    }
  if (r->p >= r->end)
    return fail (r, "unterminated string", error), NULL;
  r->p++;
  if (!g_utf8_validate (out->str, (gssize) out->len, NULL))
    return fail (r, "invalid UTF-8", error), NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
parse_number (Reader *r, JailJson *node, GError **error)
{
  char buf[64];
  gsize n = 0;
  while (r->p + n < r->end && n < sizeof buf - 1 && strchr ("+-0123456789.eE", r->p[n]) != NULL)
    n++;
  if (n == 0 || n == sizeof buf - 1)
    return fail (r, "bad number", error);
  memcpy (buf, r->p, n);
  buf[n] = '\0';
  char *endp;
  node->number = g_ascii_strtod (buf, &endp);
  if (*endp != '\0')
    return fail (r, "bad number", error);
  r->p += n;
  return TRUE;
}

static gboolean
parse_container (Reader *r, JailJson *node, int depth, GError **error)
{
  gboolean object = node->type == JAIL_JSON_OBJECT;
  char close = object ? '}' : ']';
  node->items = g_ptr_array_new_with_free_func ((GDestroyNotify) jail_json_free);
  r->p++;
  skip_space (r);
  if (r->p < r->end && *r->p == close)
    return r->p++, TRUE;
  for (;;)
    {
      g_autofree char *key = NULL;
      skip_space (r);
      if (object)
        {
          if (r->p >= r->end || *r->p != '"')
            return fail (r, "expected a key", error);
          if ((key = parse_string (r, error)) == NULL)
            return FALSE;
          skip_space (r);
          if (r->p >= r->end || *r->p != ':')
            return fail (r, "expected ':'", error);
          r->p++;
        }
      JailJson *item = parse_value (r, depth + 1, error);
      if (item == NULL)
        return FALSE;
      item->key = g_steal_pointer (&key);
      g_ptr_array_add (node->items, item);
      skip_space (r);
      if (r->p < r->end && *r->p == ',')
        {
          r->p++;
          continue;
        }
      if (r->p < r->end && *r->p == close)
        return r->p++, TRUE;
      return fail (r, "expected ',' or the end of a container", error);
    }
}

static JailJson *
parse_value (Reader *r, int depth, GError **error)
{
  g_autoptr (JailJson) node = g_new0 (JailJson, 1);
  if (depth > MAX_DEPTH)
    return fail (r, "nested too deeply", error), NULL;
  skip_space (r);
  if (r->p >= r->end)
    return fail (r, "unexpected end", error), NULL;
  switch (*r->p)
    {
    case '{':
      node->type = JAIL_JSON_OBJECT;
      if (!parse_container (r, node, depth, error))
        return NULL;
      break;
    case '[':
      node->type = JAIL_JSON_ARRAY;
      if (!parse_container (r, node, depth, error))
        return NULL;
      break;
    case '"':
      node->type = JAIL_JSON_STRING;
      if ((node->string = parse_string (r, error)) == NULL)
        return NULL;
      break;
    default:
      if (literal (r, "null"))
        node->type = JAIL_JSON_NULL;
      else if (literal (r, "true"))
        node->type = JAIL_JSON_BOOL, node->boolean = TRUE;
      else if (literal (r, "false"))
        node->type = JAIL_JSON_BOOL;
      else
        {
          node->type = JAIL_JSON_NUMBER;
          if (!parse_number (r, node, error))
            return NULL;
        }
    }
  return g_steal_pointer (&node);
}

JailJson *
jail_json_parse (const char *text, gsize len, GError **error)
{
  Reader r = { .p = text, .start = text, .end = text + len };
  g_autoptr (JailJson) node = parse_value (&r, 0, error);
  if (node == NULL)
    return NULL;
  skip_space (&r);
  if (r.p != r.end)
    return fail (&r, "trailing data", error), NULL;
  return g_steal_pointer (&node);
}

const JailJson *
jail_json_member (const JailJson *object, const char *key)
{
  if (object == NULL || object->type != JAIL_JSON_OBJECT)
    return NULL;
  for (guint i = 0; i < object->items->len; i++)
    {
      const JailJson *m = g_ptr_array_index (object->items, i);
      if (strcmp (m->key, key) == 0)
        return m;
    }
  return NULL;
}

const char *
jail_json_get_string (const JailJson *object, const char *key)
{
  const JailJson *m = jail_json_member (object, key);
  return m != NULL && m->type == JAIL_JSON_STRING ? m->string : NULL;
}

gint64
jail_json_get_int (const JailJson *object, const char *key, gint64 fallback)
{
  const JailJson *m = jail_json_member (object, key);
  if (m == NULL || m->type != JAIL_JSON_NUMBER || m->number < -9e15 || m->number > 9e15)
    return fallback;
  return (gint64) m->number;
}
