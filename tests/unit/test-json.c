/* common/json.c: the printed layout (json-glib's, which --print and
 * `jail list --json` keep), and the parser on malformed, hostile input.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "common/json.h"
#include "jail/jail.h"

/* The layout json-glib 1.6 printed for the same document (captured from
 * it): " : " between key and value, an empty array as [], an empty object
 * as "{" and "}" around its own level's indentation. */
static void
test_print_layout (void)
{
  g_autoptr (JailJson) o = jail_json_object_new ();
  jail_json_add_string (o, "name", "box");
  jail_json_add_string (o, "none", NULL);
  jail_json_add_object (o, "empty_object");
  jail_json_add_strv (o, "empty_array", NULL);
  JailJson *a = jail_json_add_array (o, "list");
  jail_json_append_int (a, G_MININT64);
  jail_json_append_object (a);
  JailJson *inner = jail_json_append_object (a);
  jail_json_add_bool (inner, "yes", TRUE);
  jail_json_add_bool (inner, "no", FALSE);
  jail_json_add_null (inner, "null");
  jail_json_add_int (o, "max", G_MAXINT64);
  const char *pretty = "{\n"
                       "  \"name\" : \"box\",\n"
                       "  \"none\" : null,\n"
                       "  \"empty_object\" : {  },\n"
                       "  \"empty_array\" : [],\n"
                       "  \"list\" : [\n"
                       "    -9223372036854775808,\n"
                       "    {    },\n"
                       "    {\n"
                       "      \"yes\" : true,\n"
                       "      \"no\" : false,\n"
                       "      \"null\" : null\n"
                       "    }\n"
                       "  ],\n"
                       "  \"max\" : 9223372036854775807\n"
                       "}\n";
  g_autofree char *text = jail_json_to_string (o, 2);
  g_assert_cmpstr (text, ==, pretty);
  g_autofree char *line = jail_json_to_string (o, 0);
  g_assert_cmpstr (line, ==,
                   "{\"name\":\"box\",\"none\":null,\"empty_object\":{},\"empty_array\":[],"
                   "\"list\":[-9223372036854775808,{},{\"yes\":true,\"no\":false,\"null\":null}],"
                   "\"max\":9223372036854775807}\n");
  g_autoptr (JailJson) empty = jail_json_object_new ();
  g_autofree char *empty_text = jail_json_to_string (empty, 2);
  g_assert_cmpstr (empty_text, ==, "{}\n");
}

/* A member added again keeps its place and takes the new value. */
static void
test_replace_member (void)
{
  g_autoptr (JailJson) o = jail_json_object_new ();
  jail_json_add_int (o, "a", 1);
  jail_json_add_int (o, "b", 2);
  jail_json_add_string (o, "a", "x");
  g_autofree char *text = jail_json_to_string (o, 0);
  g_assert_cmpstr (text, ==, "{\"a\":\"x\",\"b\":2}\n");
}

/* json-glib's escapes, byte for byte, except U+001F (raw there, not JSON). */
static void
test_print_escapes (void)
{
  char all[128];
  for (int i = 1; i < 128; i++)
    all[i - 1] = (char) i;
  all[127] = '\0';
  g_autoptr (JailJson) o = jail_json_object_new ();
  jail_json_add_string (o, "s", all);
  jail_json_add_string (o, "k\"\\\n", "\xc3\xa9\xf0\x9f\x98\x80");
  g_autofree char *text = jail_json_to_string (o, 0);
  g_assert_cmpstr (text, ==,
                   "{\"s\":\"\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b"
                   "\\f\\r\\u000e\\u000f\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017"
                   "\\u0018\\u0019\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f !\\\"#$%&'()*+,-./"
                   "0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\\\]^_`abcdefghijklmnopqrstuvwxyz"
                   "{|}~\\u007f\",\"k\\\"\\\\\\n\":\"\xc3\xa9\xf0\x9f\x98\x80\"}\n");
  /* What is printed parses back to the same document. */
  g_autoptr (GError) error = NULL;
  g_autoptr (JailJson) back = jail_json_parse (text, strlen (text), &error);
  g_assert_no_error (error);
  g_assert_true (jail_json_equal (o, back));
  g_assert_cmpstr (jail_json_get_string (back, "s"), ==, all);
}

static JailJson *
parse_ok (const char *text)
{
  g_autoptr (GError) error = NULL;
  JailJson *v = jail_json_parse (text, strlen (text), &error);
  g_assert_no_error (error);
  g_assert_nonnull (v);
  return v;
}

static void
test_parse_values (void)
{
  g_autoptr (JailJson) o = parse_ok (" \t\r\n{ \"a\" : [ 1 , -0, 2.5e3, true, false, null ],"
                                     "\"s\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\","
                                     "\"o\":{\"n\":{}}} \n");
  JailJson *a = jail_json_get_array (o, "a");
  g_assert_cmpuint (jail_json_array_length (a), ==, 6);
  g_assert_cmpint (jail_json_get_type (jail_json_array_index (a, 0)), ==, JAIL_JSON_INT);
  g_assert_cmpint (jail_json_get_type (jail_json_array_index (a, 2)), ==, JAIL_JSON_DOUBLE);
  g_assert_cmpint (jail_json_get_type (jail_json_array_index (a, 3)), ==, JAIL_JSON_BOOLEAN);
  g_assert_cmpint (jail_json_get_type (jail_json_array_index (a, 5)), ==, JAIL_JSON_NULL);
  /* A surrogate pair is one code point, written as UTF-8. */
  g_assert_cmpstr (jail_json_get_string (o, "s"), ==,
                   "\"\\/\b\f\n\r\t\xc3\xa9\xf0\x9f\x98\x80");
  g_assert_nonnull (jail_json_get_object (jail_json_get_object (o, "o"), "n"));

  /* Scalars at the top level are JSON (RFC 8259), not objects. */
  g_autoptr (JailJson) s = parse_ok ("\"x\"");
  g_assert_cmpstr (jail_json_as_string (s), ==, "x");
  g_autoptr (GError) error = NULL;
  g_assert_null (jail_json_parse_object ("[]", 2, &error));
  g_assert_error (error, JAIL_ERROR, JAIL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "JSON: not an object");
}

/* Integers within 64 bits are integers; beyond, numbers a lookup of an
 * integer does not take; beyond a double's range, an error. */
static void
test_parse_numbers (void)
{
  g_autoptr (JailJson) o = parse_ok ("{\"max\":9223372036854775807,\"min\":-9223372036854775808,"
                                     "\"over\":9223372036854775808,\"big\":1e308,"
                                     "\"long\":100000000000000000000000000000000000000000}");
  g_assert_cmpint (jail_json_get_int (o, "max", 0), ==, G_MAXINT64);
  g_assert_cmpint (jail_json_get_int (o, "min", 0), ==, G_MININT64);
  g_assert_cmpint (jail_json_get_int (o, "over", -1), ==, -1);
  g_assert_cmpint (jail_json_get_type (jail_json_get_member (o, "over")), ==, JAIL_JSON_DOUBLE);
  g_assert_cmpint (jail_json_get_int (o, "big", -1), ==, -1);
  g_assert_cmpint (jail_json_get_int (o, "long", -1), ==, -1);
  /* Printed, a number that is not an integer stays one. */
  g_autoptr (JailJson) d = parse_ok ("[5.0,-0.0,1e3,0.25,9223372036854775808]");
  g_autofree char *text = jail_json_to_string (d, 0);
  g_assert_cmpstr (text, ==, "[5.0,-0.0,1000.0,0.25,9.2233720368547758e+18]\n");
}

/* Lookups never fail: a missing member, one of another type, or a lookup
 * in no object at all give the fallback. */
static void
test_lookups (void)
{
  g_autoptr (JailJson) o = parse_ok ("{\"s\":1,\"i\":\"2\",\"a\":{},\"o\":[]}");
  g_assert_null (jail_json_get_string (o, "s"));
  g_assert_null (jail_json_get_string (o, "missing"));
  g_assert_cmpint (jail_json_get_int (o, "i", 7), ==, 7);
  g_assert_null (jail_json_get_array (o, "a"));
  g_assert_null (jail_json_get_object (o, "o"));
  g_assert_null (jail_json_get_string (NULL, "s"));
  g_assert_cmpint (jail_json_get_int (jail_json_get_array (o, "o"), "x", 3), ==, 3);
  g_assert_cmpuint (jail_json_array_length (o), ==, 0);
  g_assert_null (jail_json_as_string (NULL));
}

static void
assert_refused (const char *text, gsize len, const char *reason)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JailJson) v = jail_json_parse (text, len, &error);
  if (v != NULL)
    g_error ("accepted: %.*s", (int) MIN (len, 80), text);
  g_assert_error (error, JAIL_ERROR, JAIL_ERROR_INVALID);
  if (strstr (error->message, reason) == NULL)
    g_error ("%.*s: \"%s\", expected \"%s\"", (int) MIN (len, 80), text, error->message, reason);
}

static void
test_malformed (void)
{
  static const struct {
    const char *text, *reason;
  } cases[] = {
    /* truncated */
    { "", "the text ends where a value was expected at byte 0" },
    { "  ", "the text ends where a value was expected" },
    { "{", "a member without a string name at byte 1" },
    { "{\"a\"", "a member without ':'" },
    { "{\"a\":", "the text ends where a value was expected" },
    { "{\"a\":1", "expected ',' or '}'" },
    { "[1,2", "expected ',' or ']'" },
    { "[1,", "the text ends where a value was expected" },
    { "\"abc", "an unterminated string" },
    { "\"abc\\", "an unterminated string" },
    { "tru", "an unexpected character" },
    /* grammar */
    { "[1,]", "an unexpected character" },
    { "{,}", "a member without a string name" },
    { "{\"a\":1,}", "a member without a string name" },
    { "{\"a\" 1}", "a member without ':'" },
    { "{1:2}", "a member without a string name" },
    { "{'a':1}", "a member without a string name" },
    { "[01]", "expected ',' or ']'" },
    { "[-]", "a malformed number" },
    { "[1.]", "a malformed number" },
    { "[.5]", "an unexpected character" },
    { "[+1]", "an unexpected character" },
    { "[1e]", "a malformed number" },
    { "[0x10]", "expected ',' or ']'" },
    { "[True]", "an unexpected character" },
    { "[NaN]", "an unexpected character" },
    { "{\"a\":1,\"a\":2}", "a member named twice at byte 7" },
    /* huge numbers */
    { "[1e999]", "a number out of range" },
    { "[-1e400]", "a number out of range" },
    /* escapes */
    { "\"\\x\"", "an unknown escape at byte 2" },
    { "\"\\u12\"", "a \\u escape without four hex digits" },
    { "\"\\u12g4\"", "a \\u escape without four hex digits" },
    { "\"\\U0041\"", "an unknown escape" },
    { "\"\\u0000\"", "a NUL character in a string" },
    /* surrogates */
    { "\"\\ud800\"", "a high surrogate without its low one" },
    { "\"\\ud800\\u0041\"", "a high surrogate without its low one" },
    { "\"\\ud800\\ud800\"", "a high surrogate without its low one" },
    { "\"\\udc00\"", "a lone low surrogate" },
    { "\"\\ude00\\ud83d\"", "a lone low surrogate" },
    /* raw controls in a string */
    { "\"a\nb\"", "a control character in a string at byte 2" },
    { "\"a\tb\"", "a control character in a string" },
    { "\"\x1f\"", "a control character in a string" },
    /* not UTF-8: malformed, overlong, an encoded surrogate, a BOM */
    { "\"\xc3\x28\"", "not UTF-8 at byte 1" },
    { "\"\xc0\xaf\"", "not UTF-8" },
    { "\"\xed\xa0\x80\"", "not UTF-8" },
    { "\"\xf4\x90\x80\x80\"", "not UTF-8" },
    { "\xef\xbb\xbf{}", "an unexpected character at byte 0" },
    /* trailing garbage */
    { "{} x", "text after the document at byte 3" },
    { "{}{}", "text after the document" },
    { "1 2", "text after the document" },
    { "[1]]", "text after the document" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_refused (cases[i].text, strlen (cases[i].text), cases[i].reason);
  /* A NUL byte is refused wherever it is, not taken as the end. */
  assert_refused ("{}\0", 3, "a NUL byte at byte 2");
  assert_refused ("\"a\0b\"", 5, "a NUL byte at byte 2");
}

/* Nesting is bounded (a recursive parser would otherwise overflow its
 * stack on a few hundred KiB of '['), and so is the size. */
static void
test_limits (void)
{
  g_autofree char *open_ok = g_strnfill (JAIL_JSON_MAX_DEPTH, '[');
  g_autofree char *close_ok = g_strnfill (JAIL_JSON_MAX_DEPTH, ']');
  g_autofree char *deepest = g_strconcat (open_ok, close_ok, NULL);
  g_autoptr (JailJson) v = parse_ok (deepest);
  g_assert_nonnull (v);

  g_autofree char *too_deep = g_strconcat ("[", deepest, "]", NULL);
  assert_refused (too_deep, strlen (too_deep), "nested too deep");
  g_autofree char *objects = g_strnfill (200000, '{');
  for (gsize i = 0; i < 200000; i += 5)
    memcpy (objects + i, "{\"a\":", 5);
  assert_refused (objects, 200000, "nested too deep");
  g_autofree char *many = g_strnfill (200000, '[');
  assert_refused (many, 200000, "nested too deep");

  gsize big = JAIL_JSON_MAX_SIZE + 1;
  g_autofree char *large = g_malloc (big);
  memset (large, ' ', big);
  large[0] = '0';
  assert_refused (large, big, "larger than");
  /* Just within the limit, it is read. */
  g_autoptr (GError) error = NULL;
  g_autoptr (JailJson) fits = jail_json_parse (large, big - 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (jail_json_get_type (fits), ==, JAIL_JSON_INT);
}

/* Many members: a repeated name is found without comparing every pair. */
static void
test_many_members (void)
{
  g_autoptr (GString) s = g_string_new ("{");
  for (int i = 0; i < 50000; i++)
    g_string_append_printf (s, "%s\"k%d\":%d", i ? "," : "", i, i);
  g_string_append (s, "}");
  g_autoptr (GError) error = NULL;
  g_autoptr (JailJson) o = jail_json_parse (s->str, s->len, &error);
  g_assert_no_error (error);
  g_assert_cmpint (jail_json_get_int (o, "k49999", 0), ==, 49999);
  g_string_truncate (s, s->len - 1);
  g_string_append (s, ",\"k0\":1}");
  assert_refused (s->str, s->len, "a member named twice");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/json/print-layout", test_print_layout);
  g_test_add_func ("/json/replace-member", test_replace_member);
  g_test_add_func ("/json/print-escapes", test_print_escapes);
  g_test_add_func ("/json/parse-values", test_parse_values);
  g_test_add_func ("/json/parse-numbers", test_parse_numbers);
  g_test_add_func ("/json/lookups", test_lookups);
  g_test_add_func ("/json/malformed", test_malformed);
  g_test_add_func ("/json/limits", test_limits);
  g_test_add_func ("/json/many-members", test_many_members);
  return g_test_run ();
}
