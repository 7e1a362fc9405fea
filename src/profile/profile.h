/* Profiles: key files that say what an app may see and do.
 *
 * A profile is read into a list of command-line options (every key maps to
 * one option, see the key table in profile-syntax.c), each remembering the file and
 * line it came from so that every error can say FILE:LINE.  Applying the
 * options is the command line's business (src/cli/options-profile.c).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

typedef struct {
  char *option;  /* "--filesystem" */
  char *args[3]; /* NULL-terminated: 0, 1 or 2 arguments */
  char *file;
  int line;
} JailProfileOp;

typedef struct JailProfile JailProfile;

JailProfile *jail_profile_new (void);
void jail_profile_free (JailProfile *profile);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JailProfile, jail_profile_free)

/* Read NAME (looked up on the search path, plus NAME.local) or a FILE (a
 * value with a slash), with its includes, merged on top of what `profile`
 * already holds. */
gboolean jail_profile_load (JailProfile *profile, const char *name_or_file, GError **error);

/* The same from text in memory (for the fuzzer); `file` names it in errors
 * and is the base of relative includes. */
gboolean jail_profile_load_data (JailProfile *profile, const char *file, const char *text,
                                 gsize len, GError **error);

/* The options, in application order (JailProfileOp*, owned by profile). */
GPtrArray *jail_profile_resolve (JailProfile *profile, GError **error);

/* Every file read, in order (char*). */
const GPtrArray *jail_profile_get_files (const JailProfile *profile);
const char *jail_profile_get_description (const JailProfile *profile);

/* The directories searched for profiles, first match wins. */
char **jail_profile_search_path (void);

/* Names found on the search path (sorted, first match wins), each with its
 * description: a NULL-terminated strv of "NAME\tDESCRIPTION". */
char **jail_profile_list (void);

/* [Profile] DesktopIds: the names of the profiles on the search path (first
 * match per name, sorted) whose own DesktopIds list `desktop_id` (e.g.
 * "org.gnome.Evince"); an empty strv when none does. */
char **jail_profile_for_desktop_id (const char *desktop_id);
/* The desktop ids profile NAME lists itself (not its includes'); NULL when
 * there is no such profile or it does not parse. */
char **jail_profile_desktop_ids (const char *name);

/* ${VAR} variables; with `tilde`, a leading ~ or ~/ is $HOME.  Unknown
 * variable: FALSE with an error. */
char *jail_profile_expand (const char *value, gboolean tilde, GError **error);
/* An xdg-user-dirs directory ("DOWNLOAD", "DOCUMENTS"…), read from
 * $XDG_CONFIG_HOME/user-dirs.dirs, with the usual defaults. */
char *jail_profile_user_dir (const char *which);

/* The real path of `path`, also when its last components do not exist yet. */
char *jail_profile_real_path (const char *path);

/* Why the directory `path`, which a variable resolved to, is not granted,
 * or NULL when it may be.  Such a grant never widens to the home, to / or
 * to a parent of the home: xdg-user-dirs-update itself writes "$HOME/"
 * for a missing ~/Desktop, and flatpak ignores that value as well.  With
 * `below_home` (the xdg-user-dirs), it must also lie below the home. */
const char *jail_profile_grant_refusal (const char *path, gboolean below_home);

/* The profile key for a command-line option that grants something: a list
 * key (--talk-name → [DBus] Talk) or a boolean one (--allow-ptrace →
 * [Seccomp] AllowPtrace=true).  FALSE when no such key maps to it. */
gboolean jail_profile_key_for_option (const char *option, const char **ret_section,
                                      const char **ret_key, gboolean *ret_is_list);

/* Levenshtein distance, for "did you mean" suggestions. */
gsize jail_profile_edit_distance (const char *a, const char *b);
/* The candidate nearest to `word` if it is close enough to be a typo of it
 * (profile keys and sections, command-line options), else NULL. */
const char *jail_profile_closest_word (const char *word, const char *const *candidates, gsize n);

/* ---- Between the loader's files: profile-syntax.c (reading one file),
 * profile-path.c (finding files), profile.c (includes and merging). ---- */

#define JAIL_PROFILE_MAX_FILE_SIZE (1024 * 1024)

typedef enum {
  JAIL_PROFILE_KEY_META,     /* read by the loader itself */
  JAIL_PROFILE_KEY_LIST,     /* --option=ITEM for each item */
  JAIL_PROFILE_KEY_SCALAR,   /* --option=VALUE */
  JAIL_PROFILE_KEY_BOOL,     /* true: --option */
  JAIL_PROFILE_KEY_BOOL_NOT, /* false: --option */
} JailProfileKeyType;

typedef struct {
  const char *section;
  const char *key;
  JailProfileKeyType type;
  const char *option; /* the command-line option it maps to */
} JailProfileKey;

/* The key table, in the order the options are applied (profile-syntax.c). */
extern const JailProfileKey jail_profile_keys[];
extern const gsize jail_profile_n_keys;
const JailProfileKey *jail_profile_find_key (const char *section, const char *key);

/* One `Key=Value` line as read. */
typedef struct {
  char *section;
  char *key;
  char *value; /* raw, escapes still in */
  int line;
} JailProfileEntry;
void jail_profile_entry_free (gpointer data);

/* The text of a file → its entries (JailProfileEntry*), checked against the
 * known sections and keys; FILE:LINE in every error. */
gboolean jail_profile_parse_text (const char *file, const char *text, gsize len,
                                  GPtrArray *entries, GError **error);
const JailProfileEntry *jail_profile_find_entry (GPtrArray *entries, const char *section,
                                                 const char *key);
/* Undo GKeyFile's escapes; with `split`, also cut the list at unescaped ';'. */
gboolean jail_profile_unescape (const char *raw, gboolean split, GPtrArray *ret_items,
                                const char *file, int line, GError **error);
gboolean jail_profile_parse_bool (const char *file, int line, const char *v, gboolean *ret,
                                  GError **error);
/* [Profile] DesktopIds: checked, and added to ret_ids when not NULL. */
gboolean jail_profile_read_desktop_ids (const char *file, const JailProfileEntry *e,
                                        GPtrArray *ret_ids, GError **error);
/* "FILE:LINE: message" (or "FILE: message" for line 0); returns FALSE. */
G_GNUC_PRINTF (4, 5) gboolean jail_profile_fail_at (GError **error, const char *file, int line,
                                                    const char *format, ...);

/* A profile name: letters, digits, . _ + -, not starting with '.'. */
gboolean jail_profile_valid_name (const char *name);
/* NAME + suffix in the first directory of the search path holding it. */
char *jail_profile_find_on_path (const char *name, const char *suffix);
