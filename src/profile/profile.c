/* The profile loader: GLib key-file syntax, parsed here (not with GKeyFile)
 * so that every value keeps its FILE:LINE for error messages.
 *
 * Syntax, as GKeyFile reads it: `# comment` lines, `[Section]` lines,
 * `Key=Value` lines; values may use the escapes \s \n \t \r \\ and, in
 * lists, items are separated by `;` (a literal ; is `\;`).
 *
 * Merge rules (includes first, then the file, then NAME.local, then the
 * next --profile): list keys add items, an item `!X` removes the earlier
 * items X (for Filesystems: X with any :ro/:rw/:create suffix); scalar and
 * boolean keys: the last one wins.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "jail/jail.h"
#include "profile/profile.h"

#define MAX_FILE_SIZE (1024 * 1024)
#define MAX_FILES 256
#define MAX_DEPTH 32

typedef enum {
  KEY_META,     /* read by the loader itself */
  KEY_LIST,     /* --option=ITEM for each item */
  KEY_SCALAR,   /* --option=VALUE */
  KEY_BOOL,     /* true: --option */
  KEY_BOOL_NOT, /* false: --option */
} KeyType;

typedef struct {
  const char *section;
  const char *key;
  KeyType type;
  const char *option; /* the command-line option it maps to */
} KeyDef;

/* Every key, in the order its options are applied.  [Environment] takes any
 * variable name and is handled apart (--setenv NAME VALUE, then Unset). */
static const KeyDef key_defs[] = {
  { "Profile", "Version", KEY_META, NULL },
  { "Profile", "Description", KEY_META, NULL },
  { "Profile", "Include", KEY_META, NULL },
  { "Profile", "DesktopIds", KEY_META, NULL },
  { "Profile", "Shared", KEY_LIST, "--share" },
  { "Share", "Shared", KEY_LIST, "--share" },
  { "Context", "FileArgs", KEY_SCALAR, "--file-args" },
  { "Context", "Home", KEY_SCALAR, "--home" },
  { "Filesystem", "Filesystems", KEY_LIST, "--filesystem" },
  { "Sockets", "Sockets", KEY_LIST, "--socket" },
  { "Devices", "Devices", KEY_LIST, "--device" },
  { "Network", "Mode", KEY_SCALAR, "--net" },
  { "Network", "Publish", KEY_LIST, "--publish" },
  { "Network", "Allow", KEY_LIST, "--net-allow" },
  { "Network", "Deny", KEY_LIST, "--net-deny" },
  { "Network", "AllowHostLoopback", KEY_BOOL, "--net-allow-host-loopback" },
  { "Network", "DNS", KEY_BOOL_NOT, "--net-no-dns" },
  { "DBus", "Talk", KEY_LIST, "--talk-name" },
  { "DBus", "Own", KEY_LIST, "--own-name" },
  { "DBus", "See", KEY_LIST, "--see-name" },
  { "DBus", "Call", KEY_LIST, "--call" },
  { "DBus", "Broadcast", KEY_LIST, "--broadcast" },
  { "SystemDBus", "Talk", KEY_LIST, "--system-talk-name" },
  { "SystemDBus", "Own", KEY_LIST, "--system-own-name" },
  { "SystemDBus", "See", KEY_LIST, "--system-see-name" },
  { "SystemDBus", "Call", KEY_LIST, "--system-call" },
  { "SystemDBus", "Broadcast", KEY_LIST, "--system-broadcast" },
  { "Limits", "Memory", KEY_SCALAR, "--memory" },
  { "Limits", "MemoryHigh", KEY_SCALAR, "--memory-high" },
  { "Limits", "Swap", KEY_SCALAR, "--swap" },
  { "Limits", "Pids", KEY_SCALAR, "--pids" },
  { "Limits", "CPU", KEY_SCALAR, "--cpu" },
  { "Limits", "CPUWeight", KEY_SCALAR, "--cpu-weight" },
  { "Limits", "IOWeight", KEY_SCALAR, "--io-weight" },
  { "Limits", "Mode", KEY_SCALAR, "--limits" },
  { "Seccomp", "Allow", KEY_LIST, "--seccomp-allow" },
  { "Seccomp", "Deny", KEY_LIST, "--seccomp-deny" },
  { "Seccomp", "AllowUserNamespaces", KEY_BOOL, "--allow-userns" },
  { "Seccomp", "AllowPtrace", KEY_BOOL, "--allow-ptrace" },
  { "Seccomp", "Mode", KEY_SCALAR, "--seccomp" },
  { "Environment", "Unset", KEY_LIST, "--unsetenv" },
};

static const char *const sections[] = {
  "Profile", "Context", "Filesystem", "Sockets", "Devices", "Share", "Network",
  "DBus", "SystemDBus", "Environment", "Limits", "Seccomp",
};

typedef struct {
  char *value;
  const char *file; /* interned */
  int line;
} Item;

typedef struct {
  const KeyDef *def; /* NULL: an [Environment] variable */
  char *env_name;
  GPtrArray *items; /* Item*; scalars keep only the last */
} Setting;

struct JailProfile {
  GHashTable *settings; /* merge key → Setting* */
  GPtrArray *env_order; /* Setting* of [Environment] variables, first seen first */
  GPtrArray *files;     /* char*: every file read */
  GPtrArray *stack;     /* char*: files being read (include cycles) */
  GPtrArray *ops;       /* JailProfileOp* */
  char *description;
};

/* One `Key=Value` line as read. */
typedef struct {
  char *section;
  char *key;
  char *value; /* raw, escapes still in */
  int line;
} Entry;

static void
item_free (gpointer data)
{
  Item *it = data;
  g_free (it->value);
  g_free (it);
}

static void
setting_free (gpointer data)
{
  Setting *s = data;
  g_free (s->env_name);
  g_ptr_array_unref (s->items);
  g_free (s);
}

static void
entry_free (gpointer data)
{
  Entry *e = data;
  g_free (e->section);
  g_free (e->key);
  g_free (e->value);
  g_free (e);
}

static void
op_free (gpointer data)
{
  JailProfileOp *op = data;
  g_free (op->option);
  for (int i = 0; i < 3; i++)
    g_free (op->args[i]);
  g_free (op->file);
  g_free (op);
}

JailProfile *
jail_profile_new (void)
{
  JailProfile *p = g_new0 (JailProfile, 1);
  p->settings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, setting_free);
  p->env_order = g_ptr_array_new ();
  p->files = g_ptr_array_new_with_free_func (g_free);
  p->stack = g_ptr_array_new_with_free_func (g_free);
  p->ops = g_ptr_array_new_with_free_func (op_free);
  return p;
}

void
jail_profile_free (JailProfile *p)
{
  if (p == NULL)
    return;
  g_ptr_array_unref (p->env_order);
  g_hash_table_unref (p->settings);
  g_ptr_array_unref (p->files);
  g_ptr_array_unref (p->stack);
  g_ptr_array_unref (p->ops);
  g_free (p->description);
  g_free (p);
}

const GPtrArray *
jail_profile_get_files (const JailProfile *p)
{
  return p->files;
}

const char *
jail_profile_get_description (const JailProfile *p)
{
  return p->description;
}

/* "FILE:LINE: message" */
G_GNUC_PRINTF (4, 5) static gboolean
fail_at (GError **error, const char *file, int line, const char *format, ...)
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

/* ---- search path ---- */

static void
add_dir (GPtrArray *dirs, char *dir)
{
  for (guint i = 0; i < dirs->len; i++)
    if (strcmp (dirs->pdata[i], dir) == 0)
      {
        g_free (dir);
        return;
      }
  g_ptr_array_add (dirs, dir);
}

char **
jail_profile_search_path (void)
{
  GPtrArray *dirs = g_ptr_array_new ();
  /* JAIL_PROFILE_PATH comes first: `meson devenv` points it at the source
   * tree's profiles, so an uninstalled build finds them. */
  const char *extra = g_getenv ("JAIL_PROFILE_PATH");
  g_auto (GStrv) extra_dirs = g_strsplit (extra != NULL ? extra : "", ":", -1);
  for (char **d = extra_dirs; *d != NULL; d++)
    if ((*d)[0] == '/')
      add_dir (dirs, g_strdup (*d));
  const char *home = g_getenv ("HOME");
  if (home == NULL || home[0] != '/')
    home = g_get_home_dir ();
  const char *config = g_getenv ("XDG_CONFIG_HOME");
  if (config != NULL && config[0] == '/')
    add_dir (dirs, g_build_filename (config, "jail", "profiles", NULL));
  else
    add_dir (dirs, g_build_filename (home, ".config", "jail", "profiles", NULL));

  const char *config_dirs = g_getenv ("XDG_CONFIG_DIRS");
  if (config_dirs == NULL || config_dirs[0] == '\0')
    config_dirs = "/etc/xdg";
  g_auto (GStrv) parts = g_strsplit (config_dirs, ":", -1);
  for (char **d = parts; *d != NULL; d++)
    if ((*d)[0] == '/')
      add_dir (dirs, g_build_filename (*d, "jail", "profiles", NULL));
  add_dir (dirs, g_strdup ("/etc/jail/profiles"));
  add_dir (dirs, g_build_filename (JAIL_DATADIR, "profiles", NULL));
  g_ptr_array_add (dirs, NULL);
  return (char **) g_ptr_array_free (dirs, FALSE);
}

static gboolean
valid_name (const char *name)
{
  if (name[0] == '\0' || name[0] == '.' || strlen (name) > 128)
    return FALSE;
  for (const char *c = name; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c) && strchr ("._+-", *c) == NULL)
      return FALSE;
  return TRUE;
}

static char *
find_on_path (const char *name, const char *suffix)
{
  g_auto (GStrv) dirs = jail_profile_search_path ();
  g_autofree char *base = g_strconcat (name, suffix, NULL);
  for (char **d = dirs; *d != NULL; d++)
    {
      g_autofree char *f = g_build_filename (*d, base, NULL);
      if (g_file_test (f, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&f);
    }
  return NULL;
}

/* ---- syntax ---- */

/* Undo GKeyFile's escapes; with `split`, also cut the list at unescaped ';'. */
static gboolean
unescape (const char *raw, gboolean split, GPtrArray *ret_items, const char *file, int line,
          GError **error)
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
          return fail_at (error, file, line, "value ends with a lone backslash");
        default:
          g_string_free (cur, TRUE);
          return fail_at (error, file, line, "invalid escape '\\%c' (use \\s \\n \\t \\r \\\\ \\;)",
                          *p);
        }
    }
  g_string_free (cur, TRUE);
  return TRUE;
}

static const KeyDef *
find_key (const char *section, const char *key)
{
  for (gsize i = 0; i < G_N_ELEMENTS (key_defs); i++)
    if (strcmp (key_defs[i].section, section) == 0 && strcmp (key_defs[i].key, key) == 0)
      return &key_defs[i];
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
check_key (const char *file, const Entry *e, GError **error)
{
  if (strcmp (e->section, "Environment") == 0)
    {
      if (!valid_env_name (e->key))
        return fail_at (error, file, e->line, "'%s' is not an environment variable name", e->key);
      return TRUE;
    }
  if (find_key (e->section, e->key) != NULL)
    return TRUE;
  const char *keys[G_N_ELEMENTS (key_defs)];
  gsize n = 0;
  for (gsize i = 0; i < G_N_ELEMENTS (key_defs); i++)
    if (strcmp (key_defs[i].section, e->section) == 0)
      keys[n++] = key_defs[i].key;
  const char *guess = jail_profile_closest_word (e->key, keys, n);
  if (guess != NULL)
    return fail_at (error, file, e->line, "unknown key '%s' in [%s] (did you mean '%s'?)", e->key,
                    e->section, guess);
  for (gsize i = 0; i < G_N_ELEMENTS (key_defs); i++)
    if (strcmp (key_defs[i].key, e->key) == 0)
      return fail_at (error, file, e->line, "unknown key '%s' in [%s] (it belongs in [%s])",
                      e->key, e->section, key_defs[i].section);
  return fail_at (error, file, e->line, "unknown key '%s' in [%s]", e->key, e->section);
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
static gboolean
parse_text (const char *file, const char *text, gsize len, GPtrArray *entries, GError **error)
{
  const char *nul = memchr (text, '\0', len);
  const char *bad = NULL;
  if (nul != NULL)
    return fail_at (error, file, line_of (text, nul), "contains a NUL byte: not a profile");
  if (!g_utf8_validate (text, (gssize) len, &bad))
    return fail_at (error, file, line_of (text, bad), "not valid UTF-8");

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
            return fail_at (error, file, lineno, "malformed section header '%s'", line);
          g_free (section);
          section = g_strndup (line + 1, n - 2);
          if (!known_section (section))
            {
              const char *guess = jail_profile_closest_word (section, (const char *const *) sections,
                                           G_N_ELEMENTS (sections));
              if (guess != NULL)
                return fail_at (error, file, lineno, "unknown section [%s] (did you mean [%s]?)",
                                section, guess);
              return fail_at (error, file, lineno, "unknown section [%s]", section);
            }
          continue;
        }
      char *eq = strchr (line, '=');
      if (eq == NULL)
        return fail_at (error, file, lineno, "expected [Section], Key=Value or # comment, got '%s'",
                        line);
      if (section == NULL)
        return fail_at (error, file, lineno, "key outside a section (start with [Profile])");
      char *kend = eq;
      while (kend > line && (kend[-1] == ' ' || kend[-1] == '\t'))
        kend--;
      char *value = eq + 1;
      while (*value == ' ' || *value == '\t')
        value++;
      Entry *e = g_new0 (Entry, 1);
      e->section = g_strdup (section);
      e->key = g_strndup (line, (gsize) (kend - line));
      e->value = g_strdup (value);
      e->line = lineno;
      g_ptr_array_add (entries, e);
      if (e->key[0] == '\0')
        return fail_at (error, file, lineno, "empty key name");
      if (!check_key (file, e, error))
        return FALSE;
      char *id = g_strconcat (e->section, "\n", e->key, NULL);
      gpointer prev = g_hash_table_lookup (seen, id);
      if (prev != NULL)
        {
          g_free (id);
          return fail_at (error, file, lineno, "[%s] %s is already set at line %d", e->section,
                          e->key, GPOINTER_TO_INT (prev));
        }
      g_hash_table_insert (seen, id, GINT_TO_POINTER (lineno));
    }
  return TRUE;
}

static const Entry *
find_entry (GPtrArray *entries, const char *section, const char *key)
{
  for (guint i = 0; i < entries->len; i++)
    {
      const Entry *e = entries->pdata[i];
      if (strcmp (e->section, section) == 0 && strcmp (e->key, key) == 0)
        return e;
    }
  return NULL;
}

/* ---- merging ---- */

static const char *
strip_access (const char *item, gsize *ret_len)
{
  gsize n = strlen (item);
  const char *suffixes[] = { ":ro", ":rw", ":create" };
  for (gsize i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (g_str_has_suffix (item, suffixes[i]))
      {
        n -= strlen (suffixes[i]);
        break;
      }
  *ret_len = n;
  return item;
}

static gboolean
same_item (const KeyDef *def, const char *a, const char *b)
{
  if (def != NULL && def->option != NULL && strcmp (def->option, "--filesystem") == 0)
    {
      /* Kept as written (see merge_entry): "!~/x" removes "${HOME}/x". */
      g_autofree char *ea = jail_profile_expand (a, TRUE, NULL);
      g_autofree char *eb = jail_profile_expand (b, TRUE, NULL);
      gsize la, lb;
      if (ea == NULL || eb == NULL)
        return FALSE;
      strip_access (ea, &la);
      strip_access (eb, &lb);
      return la == lb && strncmp (ea, eb, la) == 0;
    }
  return strcmp (a, b) == 0;
}

static Setting *
get_setting (JailProfile *p, const KeyDef *def, const char *env_name)
{
  g_autofree char *id = def != NULL ? g_strconcat ("opt:", def->option, NULL)
                                    : g_strconcat ("env:", env_name, NULL);
  Setting *s = g_hash_table_lookup (p->settings, id);
  if (s == NULL)
    {
      s = g_new0 (Setting, 1);
      s->def = def;
      s->env_name = g_strdup (env_name);
      s->items = g_ptr_array_new_with_free_func (item_free);
      g_hash_table_insert (p->settings, g_steal_pointer (&id), s);
      if (def == NULL)
        g_ptr_array_add (p->env_order, s);
    }
  return s;
}

static gboolean
parse_bool (const char *file, int line, const char *v, gboolean *ret, GError **error)
{
  if (strcmp (v, "true") == 0 || strcmp (v, "1") == 0)
    *ret = TRUE;
  else if (strcmp (v, "false") == 0 || strcmp (v, "0") == 0)
    *ret = FALSE;
  else
    return fail_at (error, file, line, "'%s' is not true or false", v);
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
static gboolean
read_desktop_ids (const char *file, const Entry *e, GPtrArray *ret_ids, GError **error)
{
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  if (!unescape (e->value, TRUE, ids, file, e->line, error))
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = ids->pdata[i];
      if (!valid_desktop_id (id))
        return fail_at (error, file, e->line,
                        "'%s' is not a desktop file id (letters, digits, . _ - +, "
                        "not starting with . or -)", id);
      if (ret_ids != NULL)
        g_ptr_array_add (ret_ids, g_strdup (id));
    }
  return TRUE;
}

static gboolean
merge_entry (JailProfile *p, const char *file, const Entry *e, GError **error)
{
  const KeyDef *def = NULL;
  const char *env_name = NULL;
  if (strcmp (e->section, "Environment") == 0 && strcmp (e->key, "Unset") != 0)
    env_name = e->key;
  else
    def = find_key (e->section, e->key);
  g_assert (def != NULL || env_name != NULL);

  if (def != NULL && def->type == KEY_META)
    {
      if (strcmp (e->key, "DesktopIds") == 0)
        return read_desktop_ids (file, e, NULL, error);
      if (strcmp (e->key, "Description") == 0)
        {
          g_autoptr (GPtrArray) v = g_ptr_array_new_with_free_func (g_free);
          if (!unescape (e->value, FALSE, v, file, e->line, error))
            return FALSE;
          g_free (p->description);
          p->description = g_strdup (v->pdata[0]);
        }
      return TRUE;
    }

  gboolean is_list = def != NULL && def->type == KEY_LIST;
  gboolean tilde = def != NULL && def->option != NULL && strcmp (def->option, "--filesystem") == 0;
  g_autoptr (GPtrArray) raw = g_ptr_array_new_with_free_func (g_free);
  if (!unescape (e->value, is_list, raw, file, e->line, error))
    return FALSE;

  Setting *s = get_setting (p, def, env_name);
  for (guint i = 0; i < raw->len; i++)
    {
      const char *text = raw->pdata[i];
      gboolean remove = is_list && text[0] == '!';
      if (remove)
        text++;
      g_autoptr (GError) local = NULL;
      g_autofree char *value = jail_profile_expand (text, tilde, &local);
      if (value == NULL)
        return fail_at (error, file, e->line, "%s", local->message);
      /* --filesystem expands its own variables (checked here all the
       * same): it refuses a variable that widens to the home. */
      if (tilde)
        g_free (value), value = g_strdup (text);
      if (remove)
        {
          if (value[0] == '\0')
            return fail_at (error, file, e->line, "'!' must be followed by the item to remove");
          for (guint k = s->items->len; k > 0; k--)
            if (same_item (def, ((Item *) s->items->pdata[k - 1])->value, value))
              g_ptr_array_remove_index (s->items, k - 1);
          continue;
        }
      if (is_list && value[0] == '\0')
        continue;
      if (def != NULL && (def->type == KEY_BOOL || def->type == KEY_BOOL_NOT))
        {
          gboolean b;
          if (!parse_bool (file, e->line, value, &b, error))
            return FALSE;
        }
      else if (!is_list && def != NULL && value[0] == '\0')
        return fail_at (error, file, e->line, "[%s] %s needs a value", e->section, e->key);
      if (!is_list)
        g_ptr_array_set_size (s->items, 0);
      Item *it = g_new0 (Item, 1);
      it->value = g_steal_pointer (&value);
      it->file = g_intern_string (file);
      it->line = e->line;
      g_ptr_array_add (s->items, it);
    }
  return TRUE;
}

/* ---- loading ---- */

static gboolean load_file (JailProfile *p, const char *path, const char *name, const char *from,
                           int from_line, GError **error);
static gboolean load_text (JailProfile *p, const char *file, const char *text, gsize len,
                           const char *name, GError **error);

static gboolean
load_include (JailProfile *p, const char *file, const char *dir, const char *inc, int line,
              GError **error)
{
  g_autofree char *path = NULL;
  const char *name = NULL;
  if (strchr (inc, '/') != NULL)
    path = g_path_is_absolute (inc) ? g_strdup (inc) : g_build_filename (dir, inc, NULL);
  else
    {
      if (!valid_name (inc))
        return fail_at (error, file, line, "'%s' is not a profile name", inc);
      name = inc;
      path = find_on_path (inc, ".profile");
      if (path == NULL)
        {
          /* A profile given as a file may include its neighbours. */
          g_autofree char *base = g_strconcat (inc, ".profile", NULL);
          g_autofree char *sibling = g_build_filename (dir, base, NULL);
          if (g_file_test (sibling, G_FILE_TEST_IS_REGULAR))
            path = g_steal_pointer (&sibling);
        }
      if (path == NULL)
        return fail_at (error, file, line, "included profile '%s' not found on the search path",
                        inc);
    }
  return load_file (p, path, name, file, line, error);
}

static gboolean
load_file (JailProfile *p, const char *path, const char *name, const char *from, int from_line,
           GError **error)
{
  char *real = realpath (path, NULL);
  if (real == NULL)
    {
      int e = errno;
      if (from != NULL)
        return fail_at (error, from, from_line, "cannot include %s: %s", path, g_strerror (e));
      return fail_at (error, path, 0, "cannot read profile: %s", g_strerror (e));
    }
  g_autofree char *file = real;
  for (guint i = 0; i < p->stack->len; i++)
    if (strcmp (p->stack->pdata[i], file) == 0)
      {
        GString *chain = g_string_new (NULL);
        for (guint k = i; k < p->stack->len; k++)
          g_string_append_printf (chain, "%s → ", (char *) p->stack->pdata[k]);
        g_string_append (chain, file);
        gboolean r = fail_at (error, from, from_line, "include cycle: %s", chain->str);
        g_string_free (chain, TRUE);
        return r;
      }
  for (guint i = 0; i < p->files->len; i++)
    if (strcmp (p->files->pdata[i], file) == 0)
      return TRUE; /* already applied (included twice): once is enough */
  if (p->files->len >= MAX_FILES || p->stack->len >= MAX_DEPTH)
    return fail_at (error, from, from_line, "too many profile files or includes too deep");

  g_autofree char *text = NULL;
  gsize len = 0;
  g_autoptr (GError) local = NULL;
  struct stat st;
  if (stat (file, &st) == 0 && !S_ISREG (st.st_mode))
    return fail_at (error, file, 0, "not a regular file");
  if (stat (file, &st) == 0 && st.st_size > MAX_FILE_SIZE)
    return fail_at (error, file, 0, "larger than %d bytes: not a profile", MAX_FILE_SIZE);
  if (!g_file_get_contents (file, &text, &len, &local))
    return fail_at (error, file, 0, "cannot read profile: %s", local->message);
  return load_text (p, file, text, len, name, error);
}

static gboolean
load_text (JailProfile *p, const char *file, const char *text, gsize len, const char *name,
           GError **error)
{
  g_autoptr (GPtrArray) entries = g_ptr_array_new_with_free_func (entry_free);
  if (!parse_text (file, text, len, entries, error))
    return FALSE;

  const Entry *version = find_entry (entries, "Profile", "Version");
  if (version == NULL)
    return fail_at (error, file, 1, "missing Version=1 in [Profile]");
  if (strcmp (version->value, "1") != 0)
    return fail_at (error, file, version->line,
                    "unsupported Version '%s' (this jail reads Version=1)", version->value);

  g_ptr_array_add (p->stack, g_strdup (file));
  const Entry *include = find_entry (entries, "Profile", "Include");
  if (include != NULL)
    {
      g_autoptr (GPtrArray) incs = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *dir = g_path_get_dirname (file);
      if (!unescape (include->value, TRUE, incs, file, include->line, error))
        return FALSE;
      for (guint i = 0; i < incs->len; i++)
        if (!load_include (p, file, dir, incs->pdata[i], include->line, error))
          return FALSE;
    }
  g_ptr_array_set_size (p->stack, p->stack->len - 1);

  for (guint i = 0; i < entries->len; i++)
    if (!merge_entry (p, file, entries->pdata[i], error))
      return FALSE;
  g_ptr_array_add (p->files, g_strdup (file));

  if (name != NULL)
    {
      g_autofree char *local_file = find_on_path (name, ".local");
      if (local_file != NULL && !load_file (p, local_file, NULL, file, 0, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
jail_profile_load (JailProfile *p, const char *name_or_file, GError **error)
{
  if (strchr (name_or_file, '/') != NULL)
    return load_file (p, name_or_file, NULL, NULL, 0, error);
  if (!valid_name (name_or_file))
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "--profile: '%s' is not a profile name (letters, digits, . _ + -) "
                        "nor a file (a value with a slash)", name_or_file),
           FALSE;
  g_autofree char *path = find_on_path (name_or_file, ".profile");
  if (path == NULL)
    {
      g_auto (GStrv) dirs = jail_profile_search_path ();
      g_autofree char *list = g_strjoinv (", ", dirs);
      return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                          "--profile: no profile '%s' (searched %s; see jail --list-profiles; "
                          "an uninstalled build finds the source tree's through `meson devenv` "
                          "or JAIL_PROFILE_PATH)",
                          name_or_file, list),
             FALSE;
    }
  return load_file (p, path, name_or_file, NULL, 0, error);
}

gboolean
jail_profile_load_data (JailProfile *p, const char *file, const char *text, gsize len,
                        GError **error)
{
  if (len > MAX_FILE_SIZE)
    return fail_at (error, file, 0, "larger than %d bytes: not a profile", MAX_FILE_SIZE);
  return load_text (p, file, text, len, NULL, error);
}

static void
add_op (JailProfile *p, const char *option, const char *a0, const char *a1, const Item *it)
{
  JailProfileOp *op = g_new0 (JailProfileOp, 1);
  op->option = g_strdup (option);
  op->args[0] = g_strdup (a0);
  op->args[1] = a0 != NULL ? g_strdup (a1) : NULL;
  op->file = g_strdup (it->file);
  op->line = it->line;
  g_ptr_array_add (p->ops, op);
}

GPtrArray *
jail_profile_resolve (JailProfile *p, GError **error)
{
  (void) error;
  g_ptr_array_set_size (p->ops, 0);
  for (gsize i = 0; i < G_N_ELEMENTS (key_defs); i++)
    {
      const KeyDef *def = &key_defs[i];
      if (def->type == KEY_META || strcmp (def->section, "Environment") == 0)
        continue;
      if (i > 0 && def->option != NULL && key_defs[i - 1].option != NULL
          && strcmp (def->option, key_defs[i - 1].option) == 0)
        continue; /* [Profile] Shared and [Share] Shared are one setting */
      g_autofree char *id = g_strconcat ("opt:", def->option, NULL);
      Setting *s = g_hash_table_lookup (p->settings, id);
      if (s == NULL)
        continue;
      for (guint k = 0; k < s->items->len; k++)
        {
          const Item *it = s->items->pdata[k];
          gboolean b = strcmp (it->value, "true") == 0 || strcmp (it->value, "1") == 0;
          switch (def->type)
            {
            case KEY_LIST:
            case KEY_SCALAR:
              add_op (p, def->option, it->value, NULL, it);
              break;
            case KEY_BOOL:
              if (b)
                add_op (p, def->option, NULL, NULL, it);
              break;
            case KEY_BOOL_NOT:
              if (!b)
                add_op (p, def->option, NULL, NULL, it);
              break;
            case KEY_META:
              break;
            }
        }
    }
  /* [Environment]: variables in the order first seen, then Unset. */
  for (guint i = 0; i < p->env_order->len; i++)
    {
      Setting *s = p->env_order->pdata[i];
      if (s->items->len > 0)
        {
          const Item *it = s->items->pdata[s->items->len - 1];
          add_op (p, "--setenv", s->env_name, it->value, it);
        }
    }
  Setting *unset = g_hash_table_lookup (p->settings, "opt:--unsetenv");
  for (guint k = 0; unset != NULL && k < unset->items->len; k++)
    add_op (p, "--unsetenv", ((Item *) unset->items->pdata[k])->value, NULL,
            unset->items->pdata[k]);
  return p->ops;
}

/* ---- listing ---- */

static char *
quick_description (const char *path)
{
  g_autofree char *text = NULL;
  gsize len;
  if (!g_file_get_contents (path, &text, &len, NULL) || len > MAX_FILE_SIZE)
    return g_strdup ("(unreadable)");
  g_autoptr (GPtrArray) entries = g_ptr_array_new_with_free_func (entry_free);
  g_autoptr (GError) error = NULL;
  if (!parse_text (path, text, len, entries, &error))
    return g_strdup_printf ("(error: %s)", error->message);
  const Entry *d = find_entry (entries, "Profile", "Description");
  if (d == NULL)
    return g_strdup ("");
  g_autoptr (GPtrArray) v = g_ptr_array_new_with_free_func (g_free);
  if (!unescape (d->value, FALSE, v, path, d->line, NULL))
    return g_strdup ("");
  return g_strdup (v->pdata[0]);
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

char **
jail_profile_list (void)
{
  g_auto (GStrv) dirs = jail_profile_search_path ();
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GPtrArray) out = g_ptr_array_new ();
  for (char **d = dirs; *d != NULL; d++)
    {
      g_autoptr (GDir) dir = g_dir_open (*d, 0, NULL);
      const char *n;
      while (dir != NULL && (n = g_dir_read_name (dir)) != NULL)
        {
          if (!g_str_has_suffix (n, ".profile"))
            continue;
          g_autofree char *name = g_strndup (n, strlen (n) - strlen (".profile"));
          if (!valid_name (name) || g_hash_table_contains (seen, name))
            continue;
          g_autofree char *path = g_build_filename (*d, n, NULL);
          g_autofree char *desc = quick_description (path);
          g_ptr_array_add (out, g_strdup_printf ("%s\t%s", name, desc));
          g_hash_table_add (seen, g_steal_pointer (&name));
        }
    }
  g_ptr_array_sort (out, compare_names);
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&out), FALSE);
}

/* The desktop ids a profile file lists itself; NULL when it cannot be read
 * or parsed (--check-profile reports why). */
static GPtrArray *
file_desktop_ids (const char *path)
{
  g_autofree char *text = NULL;
  gsize len;
  if (!g_file_get_contents (path, &text, &len, NULL) || len > MAX_FILE_SIZE)
    return NULL;
  g_autoptr (GPtrArray) entries = g_ptr_array_new_with_free_func (entry_free);
  if (!parse_text (path, text, len, entries, NULL))
    return NULL;
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  const Entry *e = find_entry (entries, "Profile", "DesktopIds");
  if (e != NULL && !read_desktop_ids (path, e, ids, NULL))
    return NULL;
  return g_steal_pointer (&ids);
}

char **
jail_profile_for_desktop_id (const char *desktop_id)
{
  g_autoptr (GPtrArray) out = g_ptr_array_new ();
  g_auto (GStrv) list = jail_profile_list ();
  for (char **l = list; *l != NULL; l++)
    {
      g_autofree char *name = g_strndup (*l, strcspn (*l, "\t"));
      g_autofree char *path = find_on_path (name, ".profile");
      g_autoptr (GPtrArray) ids = path != NULL ? file_desktop_ids (path) : NULL;
      for (guint i = 0; ids != NULL && i < ids->len; i++)
        if (strcmp (ids->pdata[i], desktop_id) == 0)
          {
            g_ptr_array_add (out, g_steal_pointer (&name));
            break;
          }
    }
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&out), FALSE);
}

char **
jail_profile_desktop_ids (const char *name)
{
  g_autofree char *path = valid_name (name) ? find_on_path (name, ".profile") : NULL;
  g_autoptr (GPtrArray) ids = path != NULL ? file_desktop_ids (path) : NULL;
  if (ids == NULL)
    return NULL;
  g_ptr_array_add (ids, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&ids), FALSE);
}

/* The key that says what `option` says (the first in the table): for
 * --learn's draft, which writes options as keys. */
gboolean
jail_profile_key_for_option (const char *option, const char **ret_section, const char **ret_key,
                             gboolean *ret_is_list)
{
  for (gsize i = 0; i < G_N_ELEMENTS (key_defs); i++)
    if (key_defs[i].option != NULL && strcmp (key_defs[i].option, option) == 0
        && (key_defs[i].type == KEY_LIST || key_defs[i].type == KEY_BOOL))
      {
        *ret_section = key_defs[i].section;
        *ret_key = key_defs[i].key;
        *ret_is_list = key_defs[i].type == KEY_LIST;
        return TRUE;
      }
  return FALSE;
}
