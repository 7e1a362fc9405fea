/* jail --learn: the denial report written as a draft profile, merged
 * into what an earlier run wrote (draft.c).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#include "report/report.h"

/* Where the draft goes without --learn=FILE: NAME.local in the user's
 * profile directory, NAME being the first --profile given by name, else
 * the command's basename.  NULL with an error when neither makes a
 * profile name. */
char *jail_draft_default_path (char *const *profiles, const char *command, GError **error);

typedef struct {
  guint added[JAIL_REFUSAL_N_KINDS]; /* grants new in the draft */
  guint known;                       /* grants it held already */
  guint ungrantable;                 /* refusals no key grants */
} JailDraftSummary;

/* Merge the report's grants into the draft at `path` (created with its
 * directory if missing; an existing one must be a key file: it is never
 * overwritten with less).  Each key gets a comment saying what was seen
 * and how often. */
gboolean jail_draft_write (const char *path, const JailReport *report,
                           JailDraftSummary *ret_summary, GError **error);
