/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <string.h>

#include "common/path.h"
#include "jail/jail.h"

static gboolean
has_dotdot_component (const char *path)
{
  const char *p = path;
  while (*p != '\0')
    {
      while (*p == '/')
        p++;
      const char *end = strchrnul (p, '/');
      if (end - p == 2 && p[0] == '.' && p[1] == '.')
        return TRUE;
      p = end;
    }
  return FALSE;
}

gboolean
jail_path_validate_dest (const char *path, const char *what, GError **error)
{
  if (path == NULL || path[0] == '\0')
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "%s: empty destination", what), FALSE;
  if (strlen (path) >= JAIL_PATH_MAX)
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "%s: destination is longer than %d bytes", what,
                        JAIL_PATH_MAX - 1), FALSE;
  if (path[0] != '/')
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "%s %s: destination must be an absolute path", what, path), FALSE;
  if (has_dotdot_component (path))
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "%s %s: destination must not contain '..'", what, path), FALSE;
  return TRUE;
}

char *
jail_path_normalize (const char *path)
{
  GString *out = g_string_sized_new (strlen (path) + 1);
  const char *p = path;

  while (*p != '\0')
    {
      while (*p == '/')
        p++;
      const char *end = strchrnul (p, '/');
      gsize len = (gsize) (end - p);
      if (len > 0 && !(len == 1 && p[0] == '.'))
        {
          g_string_append_c (out, '/');
          g_string_append_len (out, p, (gssize) len);
        }
      p = end;
    }
  if (out->len == 0)
    g_string_append_c (out, '/');
  return g_string_free (out, FALSE);
}

gboolean
jail_path_has_prefix (const char *path, const char *prefix)
{
  size_t n = strlen (prefix);
  if (strcmp (prefix, "/") == 0)
    return path[0] == '/';
  return strncmp (path, prefix, n) == 0 && (path[n] == '\0' || path[n] == '/');
}
