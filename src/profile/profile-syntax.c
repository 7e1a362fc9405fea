/* Reading a profile: GLib key-file syntax, parsed here (not with GKeyFile)
 * so that every value keeps its FILE:LINE for error messages, and checked
 * against the known sections and keys.
 *
 * Syntax, as GKeyFile reads it: `# comment` lines, `[Section]` lines,
 * `Key=Value` lines; values may use the escapes \s \n \t \r \\ and, in
 * lists, items are separated by `;` (a literal ; is `\;`).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "jail/jail.h"
#include "profile/profile.h"

/* Every key, in the order its options are applied.  [Environment] takes any
 * variable name and is handled apart (--setenv NAME VALUE, then Unset). */
const JailProfileKey jail_profile_keys[] = {
  { "Profile", "Version", JAIL_PROFILE_KEY_META, NULL },
  { "Profile", "Description", JAIL_PROFILE_KEY_META, NULL },
  { "Profile", "Include", JAIL_PROFILE_KEY_META, NULL },
  { "Profile", "DesktopIds", JAIL_PROFILE_KEY_META, NULL },
  { "Profile", "Shared", JAIL_PROFILE_KEY_LIST, "--share" },
  { "Share", "Shared", JAIL_PROFILE_KEY_LIST, "--share" },
  { "Context", "FileArgs", JAIL_PROFILE_KEY_SCALAR, "--file-args" },
  { "Context", "Home", JAIL_PROFILE_KEY_SCALAR, "--home" },
  { "Filesystem", "Filesystems", JAIL_PROFILE_KEY_LIST, "--filesystem" },
  { "Sockets", "Sockets", JAIL_PROFILE_KEY_LIST, "--socket" },
  { "Devices", "Devices", JAIL_PROFILE_KEY_LIST, "--device" },
  { "Network", "Mode", JAIL_PROFILE_KEY_SCALAR, "--net" },
  { "Network", "Publish", JAIL_PROFILE_KEY_LIST, "--publish" },
  { "Network", "Allow", JAIL_PROFILE_KEY_LIST, "--net-allow" },
  { "Network", "Deny", JAIL_PROFILE_KEY_LIST, "--net-deny" },
  { "Network", "AllowHostLoopback", JAIL_PROFILE_KEY_BOOL, "--net-allow-host-loopback" },
  { "Network", "DNS", JAIL_PROFILE_KEY_BOOL_NOT, "--net-no-dns" },
  { "DBus", "Talk", JAIL_PROFILE_KEY_LIST, "--talk-name" },
  { "DBus", "Own", JAIL_PROFILE_KEY_LIST, "--own-name" },
  { "DBus", "See", JAIL_PROFILE_KEY_LIST, "--see-name" },
  { "DBus", "Call", JAIL_PROFILE_KEY_LIST, "--call" },
  { "DBus", "Broadcast", JAIL_PROFILE_KEY_LIST, "--broadcast" },
  { "SystemDBus", "Talk", JAIL_PROFILE_KEY_LIST, "--system-talk-name" },
  { "SystemDBus", "Own", JAIL_PROFILE_KEY_LIST, "--system-own-name" },
  { "SystemDBus", "See", JAIL_PROFILE_KEY_LIST, "--system-see-name" },
  { "SystemDBus", "Call", JAIL_PROFILE_KEY_LIST, "--system-call" },
  { "SystemDBus", "Broadcast", JAIL_PROFILE_KEY_LIST, "--system-broadcast" },
  { "Limits", "Memory", JAIL_PROFILE_KEY_SCALAR, "--memory" },
  { "Limits", "MemoryHigh", JAIL_PROFILE_KEY_SCALAR, "--memory-high" },
  { "Limits", "Swap", JAIL_PROFILE_KEY_SCALAR, "--swap" },
  { "Limits", "Pids", JAIL_PROFILE_KEY_SCALAR, "--pids" },
  { "Limits", "CPU", JAIL_PROFILE_KEY_SCALAR, "--cpu" },
  { "Limits", "CPUWeight", JAIL_PROFILE_KEY_SCALAR, "--cpu-weight" },
  { "Limits", "IOWeight", JAIL_PROFILE_KEY_SCALAR, "--io-weight" },
  { "Limits", "Mode", JAIL_PROFILE_KEY_SCALAR, "--limits" },
  { "Seccomp", "Allow", JAIL_PROFILE_KEY_LIST, "--seccomp-allow" },
  { "Seccomp", "Deny", JAIL_PROFILE_KEY_LIST, "--seccomp-deny" },
  { "Seccomp", "AllowUserNamespaces", JAIL_PROFILE_KEY_BOOL, "--allow-userns" },
  { "Seccomp", "AllowPtrace", JAIL_PROFILE_KEY_BOOL, "--allow-ptrace" },
  { "Seccomp", "Mode", JAIL_PROFILE_KEY_SCALAR, "--seccomp" },
  { "Environment", "Unset", JAIL_PROFILE_KEY_LIST, "--unsetenv" },
};

static const char *const sections[] = {
  "Profile", "Context", "Filesystem", "Sockets", "Devices", "Share", "Network",
  "DBus", "SystemDBus", "Environment", "Limits", "Seccomp",
};

const gsize jail_profile_n_keys = G_N_ELEMENTS (jail_profile_keys);

void
jail_profile_entry_free (gpointer data)
{
  JailProfileEntry *e = data;
  g_free (e->section);
  g_free (e->key);
  g_free (e->value);
  g_free (e);
}

/* "FILE:LINE: message" */
gboolean
jail_profile_fail_at (GError **error, const char *file, int line, const char *format, ...)
{
  va_list ap;
  va_start (ap, format);
  g_autofree char *msg = g_strdup_vprintf (format, ap);
  va_end (ap);
  if (line > 0)
    g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID, "%s:%d: %s", file, line, msg);
  else
    g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID, "%s: %s", file, msg);
  return FALSE;
}

/* Undo GKeyFile's escapes; with `split`, also cut the list at unescaped ';'. */
gboolean
jail_profile_unescape (const char *raw, gboolean split, GPtrArray *ret_items, const char *file,
                       int line, GError **error)
{
  GString *cur = g_string_new (NULL);
  for (const char *p = raw;; p++)
    {
      if (*p == '\0' || (split && *p == ';'))
        {
          if (!split || cur->len > 0)
            g_ptr_array_add (ret_items, g_strdup (cur->str));
          g_string_truncate (cur, 0);
          if (*p == '\0')
            break;
          continue;
        }
      if (*p != '\\')
        {
          g_string_append_c (cur, *p);
          continue;
        }
      p++;
      switch (*p)
        {
        case 's': g_string_append_c (cur, ' '); break;
        case 'n': g_string_append_c (cur, '\n'); break;
        case 't': g_string_append_c (cur, '\t'); break;
        case 'r': g_string_append_c (cur, '\r'); break;
        case '\\': g_string_append_c (cur, '\\'); break;
        case ';': g_string_append_c (cur, ';'); break;
        case '\0':
          g_string_free (cur, TRUE);
          return jail_profile_fail_at (error, file, line, "value ends with a lone backslash");
        default:
          g_string_free (cur, TRUE);
          return jail_profile_fail_at (error, file, line,
                                       "invalid escape '\\%c' (use \\s \\n \\t \\r \\\\ \\;)", *p);
        }
    }
  g_string_free (cur, TRUE);
  return TRUE;
}

const JailProfileKey *
jail_profile_find_key (const char *section, const char *key)
{
  for (gsize i = 0; i < G_N_ELEMENTS (jail_profile_keys); i++)
    if (strcmp (jail_profile_keys[i].section, section) == 0
        && strcmp (jail_profile_keys[i].key, key) == 0)
      return &jail_profile_keys[i];
  return NULL;
}

static gboolean
known_section (const char *section)
{
  for (gsize i = 0; i < G_N_ELEMENTS (sections); i++)
    if (strcmp (sections[i], section) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
valid_env_name (const char *name)
{
  if (!g_ascii_isalpha (name[0]) && name[0] != '_')
    return FALSE;
  for (const char *c = name; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c) && *c != '_')
      return FALSE;
  return TRUE;
}

static gboolean
check_key (const char *file, const JailProfileEntry *e, GError **error)
{
  if (strcmp (e->section, "Environment") == 0)
    {
      if (!valid_env_name (e->key))
        return jail_profile_fail_at (error, file, e->line,
                                     "'%s' is not an environment variable name", e->key);
      return TRUE;
    }
  if (jail_profile_find_key (e->section, e->key) != NULL)
    return TRUE;
  const char *keys[G_N_ELEMENTS (jail_profile_keys)];
  gsize n = 0;
  for (gsize i = 0; i < G_N_ELEMENTS (jail_profile_keys); i++)
    if (strcmp (jail_profile_keys[i].section, e->section) == 0)
      keys[n++] = jail_profile_keys[i].key;
  const char *guess = jail_profile_closest_word (e->key, keys, n);
  if (guess != NULL)
    return jail_profile_fail_at (error, file, e->line,
                                 "unknown key '%s' in [%s] (did you mean '%s'?)", e->key,
                                 e->section, guess);
  for (gsize i = 0; i < G_N_ELEMENTS (jail_profile_keys); i++)
    if (strcmp (jail_profile_keys[i].key, e->key) == 0)
      return jail_profile_fail_at (error, file, e->line,
                                   "unknown key '%s' in [%s] (it belongs in [%s])", e->key,
                                   e->section, jail_profile_keys[i].section);
  return jail_profile_fail_at (error, file, e->line, "unknown key '%s' in [%s]", e->key,
                               e->section);
}

static int
line_of (const char *text, const char *at)
{
  int line = 1;
  for (const char *c = text; c < at; c++)
    line += *c == '\n';
  return line;
}

/* The text of a file → its entries, checked against the known sections and
 * keys.  Duplicate keys in one file are an error (GKeyFile would silently
 * keep the last). */
gboolean
jail_profile_parse_text (const char *file, const char *text, gsize len, GPtrArray *entries,
                         GError **error)
{
  const char *nul = memchr (text, '\0', len);
  const char *bad = NULL;
  if (nul != NULL)
    return jail_profile_fail_at (error, file, line_of (text, nul),
                                 "contains a NUL byte: not a profile");
  if (!g_utf8_validate (text, (gssize) len, &bad))
    return jail_profile_fail_at (error, file, line_of (text, bad), "not valid UTF-8");

  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *copy = g_strndup (text, len); /* data from memory need not end in NUL */
  g_auto (GStrv) lines = g_strsplit (copy, "\n", -1);
  g_autofree char *section = NULL;
  int lineno = 0;
  for (char **l = lines; *l != NULL; l++)
    {
      lineno++;
      char *line = *l;
      while (*line == ' ' || *line == '\t')
        line++;
      gsize n = strlen (line);
      while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\t' || line[n - 1] == '\r'))
        line[--n] = '\0';
      if (n == 0 || line[0] == '#')
        continue;
      if (line[0] == '[')
        {
          if (line[n - 1] != ']' || n < 3 || strpbrk (line + 1, "[") != NULL
              || memchr (line + 1, ']', n - 2) != NULL)
            return jail_profile_fail_at (error, file, lineno, "malformed section header '%s'",
                                         line);
          g_free (section);
          section = g_strndup (line + 1, n - 2);
          if (!known_section (section))
            {
              const char *guess = jail_profile_closest_word (section, (const char *const *)sections,
                                                             G_N_ELEMENTS (sections));
              if (guess != NULL)
                return jail_profile_fail_at (error, file, lineno,
                                             "unknown section [%s] (did you mean [%s]?)", section,
                                             guess);
              return jail_profile_fail_at (error, file, lineno, "unknown section [%s]", section);
            }
          continue;
        }
      char *eq = strchr (line, '=');
      if (eq == NULL)
        return jail_profile_fail_at (error, file, lineno,
                                     "expected [Section], Key=Value or # comment, got '%s'", line);
      if (section == NULL)
        return jail_profile_fail_at (error, file, lineno,
                                     "key outside a section (start with [Profile])");
      char *kend = eq;
      while (kend > line && (kend[-1] == ' ' || kend[-1] == '\t'))
        kend--;
      char *value = eq + 1;
      while (*value == ' ' || *value == '\t')
        value++;
      JailProfileEntry *e = g_new0 (JailProfileEntry, 1);
      e->section = g_strdup (section);
      e->key = g_strndup (line, (gsize) (kend - line));
      e->value = g_strdup (value);
      e->line = lineno;
      g_ptr_array_add (entries, e);
      if (e->key[0] == '\0')
        return jail_profile_fail_at (error, file, lineno, "empty key name");
      if (!check_key (file, e, error))
        return FALSE;
      char *id = g_strconcat (e->section, "\n", e->key, NULL);
      gpointer prev = g_hash_table_lookup (seen, id);
      if (prev != NULL)
        {
          g_free (id);
          return jail_profile_fail_at (error, file, lineno, "[%s] %s is already set at line %d",
                                       e->section, e->key, GPOINTER_TO_INT (prev));
        }
      g_hash_table_insert (seen, id, GINT_TO_POINTER (lineno));
    }
  return TRUE;
}

const JailProfileEntry *
jail_profile_find_entry (GPtrArray *entries, const char *section, const char *key)
{
  for (guint i = 0; i < entries->len; i++)
    {
      const JailProfileEntry *e = entries->pdata[i];
      if (strcmp (e->section, section) == 0 && strcmp (e->key, key) == 0)
        return e;
    }
  return NULL;
}

gboolean
jail_profile_parse_bool (const char *file, int line, const char *v, gboolean *ret, GError **error)
{
  if (strcmp (v, "true") == 0 || strcmp (v, "1") == 0)
    *ret = TRUE;
  else if (strcmp (v, "false") == 0 || strcmp (v, "0") == 0)
    *ret = FALSE;
  else
    return jail_profile_fail_at (error, file, line, "'%s' is not true or false", v);
  return TRUE;
}

/* A desktop file id as the XDG menu spec makes it from a file name
 * (org.gnome.Evince, libreoffice-writer), without the file's ".desktop"
 * (org.telegram.desktop is the id of org.telegram.desktop.desktop). */
static gboolean
valid_desktop_id (const char *id)
{
  if (id[0] == '\0' || id[0] == '.' || id[0] == '-' || strlen (id) > 200)
    return FALSE;
  for (const char *c = id; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c) && strchr ("._-+", *c) == NULL)
      return FALSE;
  return TRUE;
}

/* [Profile] DesktopIds: checked, and added to ret_ids when not NULL.  They
 * belong to the file that lists them: a profile does not inherit the ids
 * of the profiles it includes (firefox-esr is not org.mozilla.firefox). */
gboolean
jail_profile_read_desktop_ids (const char *file, const JailProfileEntry *e, GPtrArray *ret_ids,
                               GError **error)
{
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  if (!jail_profile_unescape (e->value, TRUE, ids, file, e->line, error))
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = ids->pdata[i];
      if (!valid_desktop_id (id))
        return jail_profile_fail_at (error, file, e->line,
                                     "'%s' is not a desktop file id (letters, digits, . _ - +, "
                                     "not starting with . or -)",
                                     id);
      if (ret_ids != NULL)
        g_ptr_array_add (ret_ids, g_strdup (id));
    }
  return TRUE;
}

/* The key that says what `option` says (the first in the table): for
 * --learn's draft, which writes options as keys. */
gboolean
jail_profile_key_for_option (const char *option, const char **ret_section, const char **ret_key,
                             gboolean *ret_is_list)
{
  for (gsize i = 0; i < G_N_ELEMENTS (jail_profile_keys); i++)
    if (jail_profile_keys[i].option != NULL && strcmp (jail_profile_keys[i].option, option) == 0
        && (jail_profile_keys[i].type == JAIL_PROFILE_KEY_LIST
            || jail_profile_keys[i].type == JAIL_PROFILE_KEY_BOOL))
      {
        *ret_section = jail_profile_keys[i].section;
        *ret_key = jail_profile_keys[i].key;
        *ret_is_list = jail_profile_keys[i].type == JAIL_PROFILE_KEY_LIST;
        return TRUE;
      }
  return FALSE;
}
