/* The draft profile of jail --learn.
 *
 * One key per grant kind, as a shipped profile writes it, each value
 * with a comment line above its key: what the app was refused, and how
 * often.  A second run merges into the same file: values already there
 * are kept (and counted as known), new ones appended, comments kept.
 * Nothing else of the file changes, so a user's edits survive.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "jail/jail.h"
#include "profile/draft.h"
#include "profile/profile.h"

#define DRAFT_HEADER \
  " A draft written by jail --learn: each key grants what the app was refused.\n" \
  " Review every one before you keep it; remove what the app does not need."

char *
jail_draft_default_path (char *const *profiles, const char *command, GError **error)
{
  g_autofree char *name = NULL;
  for (char *const *p = profiles; p != NULL && *p != NULL && name == NULL; p++)
    if (strchr (*p, '/') == NULL)
      name = g_strdup (*p);
  if (name == NULL && command != NULL)
    name = g_path_get_basename (command);
  /* The name the draft is loaded by later (--profile NAME). */
  if (name == NULL || !jail_profile_valid_name (name))
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID,
                        "--learn: no profile name for the draft (give --learn=FILE)"), NULL;
  g_autofree char *file = g_strconcat (name, ".local", NULL);
  return g_build_filename (g_get_user_config_dir (), "jail", "profiles", file, NULL);
}

static const char *
seen_text (JailRefusalKind kind)
{
  switch (kind)
    {
    case JAIL_REFUSAL_SYSCALL:
      return "syscall refused";
    case JAIL_REFUSAL_DBUS:
      return "refused by the D-Bus proxy";
    case JAIL_REFUSAL_CONNECTION:
      return "connections refused";
    case JAIL_REFUSAL_PATH:
      return "looked up, missing in the sandbox, exists on the host";
    case JAIL_REFUSAL_N_KINDS:
      break;
    }
  return "refused";
}

/* Add one comment line above the key unless it says the same already. */
static void
add_comment (GKeyFile *kf, const char *section, const char *key, const char *line)
{
  g_autofree char *old = g_key_file_get_comment (kf, section, key, NULL);
  if (old != NULL && strstr (old, line) != NULL)
    return;
  g_autofree char *text = old != NULL && old[0] != '\0'
                              ? g_strdup_printf ("%s\n%s", g_strchomp (old), line)
                              : g_strdup (line);
  g_key_file_set_comment (kf, section, key, text, NULL);
}

/* "~/Music/a.mp3:ro" → "xdg-music/a.mp3:ro", as a shipped profile says
 * it; NULL to keep the value. */
static char *
fs_value (const char *value)
{
  if (!g_str_has_prefix (value, "~/") || !g_str_has_suffix (value, ":ro"))
    return NULL;
  g_autofree char *path = g_strndup (value, strlen (value) - 3);
  g_autofree char *abs = g_build_filename (g_get_home_dir (), path + 2, NULL);
  g_autofree char *token = jail_cli_fs_token_for_path (abs);
  return token != NULL ? g_strconcat (token, ":ro", NULL) : NULL;
}

/* TRUE when the grant is new in the draft. */
static gboolean
merge_grant (GKeyFile *kf, JailRefusalKind kind, const JailRefusal *r)
{
  const char *section, *key;
  gboolean is_list;
  if (!jail_profile_key_for_option (r->option, &section, &key, &is_list))
    return FALSE;
  g_autofree char *line = g_strdup_printf (" %s: %s, %" G_GUINT64_FORMAT " time%s", r->what,
                                           seen_text (kind), r->count, r->count == 1 ? "" : "s");
  gboolean added = FALSE;
  g_autofree char *named = kind == JAIL_REFUSAL_PATH ? fs_value (r->value) : NULL;
  JailRefusal renamed = { .what = r->what, .option = r->option, .value = named, .count = r->count };
  if (named != NULL)
    r = &renamed;
  if (is_list && r->value != NULL)
    {
      gsize n = 0;
      g_auto (GStrv) values = g_key_file_get_string_list (kf, section, key, &n, NULL);
      if (values == NULL || !g_strv_contains ((const char *const *) values, r->value))
        {
          g_autoptr (GStrvBuilder) b = g_strv_builder_new ();
          if (values != NULL)
            g_strv_builder_addv (b, (const char **) values);
          g_strv_builder_add (b, r->value);
          g_auto (GStrv) all = g_strv_builder_end (b);
          g_key_file_set_string_list (kf, section, key, (const char *const *) all,
                                      g_strv_length (all));
          added = TRUE;
        }
    }
  else if (!is_list)
    {
      if (!g_key_file_get_boolean (kf, section, key, NULL))
        {
          g_key_file_set_boolean (kf, section, key, TRUE);
          added = TRUE;
        }
    }
  else
    return FALSE;
  if (added)
    add_comment (kf, section, key, line);
  return added;
}

static gboolean
load_existing (GKeyFile *kf, const char *path, GError **error)
{
  g_autoptr (GError) local = NULL;
  if (g_key_file_load_from_file (kf, path, G_KEY_FILE_KEEP_COMMENTS, &local))
    return TRUE;
  if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_key_file_set_comment (kf, NULL, NULL, DRAFT_HEADER, NULL);
      g_key_file_set_string (kf, "Profile", "Version", "1");
      return TRUE;
    }
  return g_set_error (error, JAIL_ERROR, JAIL_ERROR_INVALID, "--learn: %s: %s (nothing written)",
                      path, local->message), FALSE;
}

gboolean
jail_draft_write (const char *path, const JailReport *report, JailDraftSummary *ret_summary,
                  GError **error)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  JailDraftSummary sum = { 0 };
  if (!load_existing (kf, path, error))
    return FALSE;
  for (int kind = 0; kind < JAIL_REFUSAL_N_KINDS; kind++)
    for (guint i = 0; jail_report_entry (report, kind, i) != NULL; i++)
      {
        const JailRefusal *r = jail_report_entry (report, kind, i);
        if (r->option == NULL)
          sum.ungrantable++;
        else if (merge_grant (kf, kind, r))
          sum.added[kind]++;
        else
          sum.known++;
      }
  gboolean any_added = FALSE;
  for (int kind = 0; kind < JAIL_REFUSAL_N_KINDS; kind++)
    any_added |= sum.added[kind] > 0;
  g_autofree char *dir = g_path_get_dirname (path);
  gsize len;
  g_autofree char *data = g_key_file_to_data (kf, &len, NULL);
  g_autoptr (GError) local = NULL;
  if ((any_added || !g_file_test (path, G_FILE_TEST_EXISTS))
      && (g_mkdir_with_parents (dir, 0700) < 0
          || !g_file_set_contents_full (path, data, (gssize) len, G_FILE_SET_CONTENTS_CONSISTENT,
                                        0644, &local)))
    return g_set_error (error, JAIL_ERROR, JAIL_ERROR_SETUP, "--learn: write %s: %s", path,
                        local != NULL ? local->message : g_strerror (errno)), FALSE;
  *ret_summary = sum;
  return TRUE;
}
