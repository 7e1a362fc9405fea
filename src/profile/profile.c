/* Loading profiles: includes, NAME.local, and merging every file read into
 * one set of settings, resolved into command-line options
 * (profile-syntax.c reads each file, profile-path.c finds them).
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

#define MAX_FILES 256
#define MAX_DEPTH 32

typedef struct {
  char *value;
  const char *file; /* interned */
  int line;
} Item;

typedef struct {
  const JailProfileKey *def; /* NULL: an [Environment] variable */
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
same_item (const JailProfileKey *def, const char *a, const char *b)
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
get_setting (JailProfile *p, const JailProfileKey *def, const char *env_name)
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
merge_entry (JailProfile *p, const char *file, const JailProfileEntry *e, GError **error)
{
  const JailProfileKey *def = NULL;
  const char *env_name = NULL;
  if (strcmp (e->section, "Environment") == 0 && strcmp (e->key, "Unset") != 0)
    env_name = e->key;
  else
    def = jail_profile_find_key (e->section, e->key);
  g_assert (def != NULL || env_name != NULL);

  if (def != NULL && def->type == JAIL_PROFILE_KEY_META)
    {
      if (strcmp (e->key, "DesktopIds") == 0)
        return jail_profile_read_desktop_ids (file, e, NULL, error);
      if (strcmp (e->key, "Description") == 0)
        {
          g_autoptr (GPtrArray) v = g_ptr_array_new_with_free_func (g_free);
          if (!jail_profile_unescape (e->value, FALSE, v, file, e->line, error))
            return FALSE;
          g_free (p->description);
          p->description = g_strdup (v->pdata[0]);
        }
      return TRUE;
    }

  gboolean is_list = def != NULL && def->type == JAIL_PROFILE_KEY_LIST;
  gboolean tilde = def != NULL && def->option != NULL && strcmp (def->option, "--filesystem") == 0;
  g_autoptr (GPtrArray) raw = g_ptr_array_new_with_free_func (g_free);
  if (!jail_profile_unescape (e->value, is_list, raw, file, e->line, error))
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
        return jail_profile_fail_at (error, file, e->line, "%s", local->message);
      /* --filesystem expands its own variables (checked here all the
       * same): it refuses a variable that widens to the home. */
      if (tilde)
        g_free (value), value = g_strdup (text);
      if (remove)
        {
          if (value[0] == '\0')
            return jail_profile_fail_at (error, file, e->line,
                                         "'!' must be followed by the item to remove");
          for (guint k = s->items->len; k > 0; k--)
            if (same_item (def, ((Item *) s->items->pdata[k - 1])->value, value))
              g_ptr_array_remove_index (s->items, k - 1);
          continue;
        }
      if (is_list && value[0] == '\0')
        continue;
      if (def != NULL
          && (def->type == JAIL_PROFILE_KEY_BOOL || def->type == JAIL_PROFILE_KEY_BOOL_NOT))
        {
          gboolean b;
          if (!jail_profile_parse_bool (file, e->line, value, &b, error))
            return FALSE;
        }
      else if (!is_list && def != NULL && value[0] == '\0')
        return jail_profile_fail_at (error, file, e->line, "[%s] %s needs a value", e->section,
                                     e->key);
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
      if (!jail_profile_valid_name (inc))
        return jail_profile_fail_at (error, file, line, "'%s' is not a profile name", inc);
      name = inc;
      path = jail_profile_find_on_path (inc, ".profile");
      if (path == NULL)
        {
          /* A profile given as a file may include its neighbours. */
          g_autofree char *base = g_strconcat (inc, ".profile", NULL);
          g_autofree char *sibling = g_build_filename (dir, base, NULL);
          if (g_file_test (sibling, G_FILE_TEST_IS_REGULAR))
            path = g_steal_pointer (&sibling);
        }
      if (path == NULL)
        return jail_profile_fail_at (error, file, line,
                                     "included profile '%s' not found on the search path", inc);
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
        return jail_profile_fail_at (error, from, from_line, "cannot include %s: %s", path,
                                     g_strerror (e));
      return jail_profile_fail_at (error, path, 0, "cannot read profile: %s", g_strerror (e));
    }
  g_autofree char *file = real;
  for (guint i = 0; i < p->stack->len; i++)
    if (strcmp (p->stack->pdata[i], file) == 0)
      {
        GString *chain = g_string_new (NULL);
        for (guint k = i; k < p->stack->len; k++)
          g_string_append_printf (chain, "%s → ", (char *) p->stack->pdata[k]);
        g_string_append (chain, file);
        gboolean r = jail_profile_fail_at (error, from, from_line, "include cycle: %s", chain->str);
        g_string_free (chain, TRUE);
        return r;
      }
  for (guint i = 0; i < p->files->len; i++)
    if (strcmp (p->files->pdata[i], file) == 0)
      return TRUE; /* already applied (included twice): once is enough */
  if (p->files->len >= MAX_FILES || p->stack->len >= MAX_DEPTH)
    return jail_profile_fail_at (error, from, from_line,
                                 "too many profile files or includes too deep");

  g_autofree char *text = NULL;
  gsize len = 0;
  g_autoptr (GError) local = NULL;
  struct stat st;
  if (stat (file, &st) == 0 && !S_ISREG (st.st_mode))
    return jail_profile_fail_at (error, file, 0, "not a regular file");
  if (stat (file, &st) == 0 && st.st_size > JAIL_PROFILE_MAX_FILE_SIZE)
    return jail_profile_fail_at (error, file, 0, "larger than %d bytes: not a profile",
                                 JAIL_PROFILE_MAX_FILE_SIZE);
  if (!g_file_get_contents (file, &text, &len, &local))
    return jail_profile_fail_at (error, file, 0, "cannot read profile: %s", local->message);
  return load_text (p, file, text, len, name, error);
}

static gboolean
load_text (JailProfile *p, const char *file, const char *text, gsize len, const char *name,
           GError **error)
{
  g_autoptr (GPtrArray) entries = g_ptr_array_new_with_free_func (jail_profile_entry_free);
  if (!jail_profile_parse_text (file, text, len, entries, error))
    return FALSE;

  const JailProfileEntry *version = jail_profile_find_entry (entries, "Profile", "Version");
  if (version == NULL)
    return jail_profile_fail_at (error, file, 1, "missing Version=1 in [Profile]");
  if (strcmp (version->value, "1") != 0)
    return jail_profile_fail_at (error, file, version->line,
                                 "unsupported Version '%s' (this jail reads Version=1)",
                                 version->value);

  g_ptr_array_add (p->stack, g_strdup (file));
  const JailProfileEntry *include = jail_profile_find_entry (entries, "Profile", "Include");
  if (include != NULL)
    {
      g_autoptr (GPtrArray) incs = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *dir = g_path_get_dirname (file);
      if (!jail_profile_unescape (include->value, TRUE, incs, file, include->line, error))
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
      g_autofree char *local_file = jail_profile_find_on_path (name, ".local");
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
  if (!jail_profile_valid_name (name_or_file))
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "--profile: '%s' is not a profile name (letters, digits, . _ + -) "
                        "nor a file (a value with a slash)",
                        name_or_file),
           FALSE;
  g_autofree char *path = jail_profile_find_on_path (name_or_file, ".profile");
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
  if (len > JAIL_PROFILE_MAX_FILE_SIZE)
    return jail_profile_fail_at (error, file, 0, "larger than %d bytes: not a profile",
                                 JAIL_PROFILE_MAX_FILE_SIZE);
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
  for (gsize i = 0; i < jail_profile_n_keys; i++)
    {
      const JailProfileKey *def = &jail_profile_keys[i];
      if (def->type == JAIL_PROFILE_KEY_META || strcmp (def->section, "Environment") == 0)
        continue;
      if (i > 0 && def->option != NULL && jail_profile_keys[i - 1].option != NULL
          && strcmp (def->option, jail_profile_keys[i - 1].option) == 0)
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
            case JAIL_PROFILE_KEY_LIST:
            case JAIL_PROFILE_KEY_SCALAR:
              add_op (p, def->option, it->value, NULL, it);
              break;
            case JAIL_PROFILE_KEY_BOOL:
              if (b)
                add_op (p, def->option, NULL, NULL, it);
              break;
            case JAIL_PROFILE_KEY_BOOL_NOT:
              if (!b)
                add_op (p, def->option, NULL, NULL, it);
              break;
            case JAIL_PROFILE_KEY_META:
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
