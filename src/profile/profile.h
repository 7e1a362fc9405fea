/* Profiles: key files that say what an app may see and do.
 *
 * A profile is read into a list of command-line options (every key maps to
 * one option, see the key table in profile.c), each remembering the file and
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
