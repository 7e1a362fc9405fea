/* The denial report's bookkeeping (see report.h).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "report/report.h"
#include "jail/jail.h"

typedef struct {
  JailRefusal pub;
  char *what;
  char *option;
  char *value;
} Entry;

typedef struct {
  GPtrArray *entries;  /* Entry*, in the order first seen */
  GHashTable *by_what; /* what → Entry* */
  guint64 refusals;    /* every refusal, kept or not */
  guint64 dropped;     /* distinct entries past the cap */
} Kind;

struct JailReport {
  Kind kinds[JAIL_REFUSAL_N_KINDS];
};

/* Singular and plural names for the summary. */
static const char *const kind_names[JAIL_REFUSAL_N_KINDS][2] = {
  [JAIL_REFUSAL_SYSCALL] = { "syscall", "syscalls" },
  [JAIL_REFUSAL_DBUS] = { "D-Bus name", "D-Bus names" },
  [JAIL_REFUSAL_CONNECTION] = { "connection", "connections" },
  [JAIL_REFUSAL_PATH] = { "missing path that exists on the host",
                          "missing paths that exist on the host" },
};

static void
entry_free (gpointer data)
{
  Entry *e = data;
  g_free (e->what);
  g_free (e->option);
  g_free (e->value);
  g_free (e);
}

JailReport *
jail_report_new (void)
{
  JailReport *report = g_new0 (JailReport, 1);
  for (int k = 0; k < JAIL_REFUSAL_N_KINDS; k++)
    {
      report->kinds[k].entries = g_ptr_array_new_with_free_func (entry_free);
      report->kinds[k].by_what = g_hash_table_new (g_str_hash, g_str_equal);
    }
  return report;
}

void
jail_report_free (JailReport *report)
{
  if (report == NULL)
    return;
  for (int k = 0; k < JAIL_REFUSAL_N_KINDS; k++)
    {
      g_hash_table_unref (report->kinds[k].by_what);
      g_ptr_array_unref (report->kinds[k].entries);
    }
  g_free (report);
}

/* Text from the sandbox ends up on the user's terminal: no control
 * characters (an escape sequence could rewrite what the user sees). */
static gboolean
text_ok (const char *text)
{
  if (text == NULL)
    return TRUE;
  gsize n = strnlen (text, JAIL_REPORT_MAX_TEXT + 1);
  if (n == 0 || n > JAIL_REPORT_MAX_TEXT || !g_utf8_validate (text, (gssize) n, NULL))
    return FALSE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

gboolean
jail_report_add (JailReport *report, JailRefusalKind kind, const char *what, const char *option,
                 const char *value)
{
  if (kind >= JAIL_REFUSAL_N_KINDS || what == NULL || !text_ok (what) || !text_ok (option)
      || !text_ok (value))
    return FALSE;
  Kind *k = &report->kinds[kind];
  k->refusals++;
  Entry *e = g_hash_table_lookup (k->by_what, what);
  if (e != NULL)
    {
      e->pub.count++;
      return TRUE;
    }
  if (k->entries->len >= JAIL_REPORT_MAX_ENTRIES)
    {
      k->dropped++;
      return TRUE;
    }
  e = g_new0 (Entry, 1);
  e->what = g_strdup (what);
  e->option = g_strdup (option);
  e->value = g_strdup (value);
  e->pub = (JailRefusal) { .what = e->what, .option = e->option, .value = e->value, .count = 1 };
  g_ptr_array_add (k->entries, e);
  g_hash_table_insert (k->by_what, e->what, e);
  return TRUE;
}

gboolean
jail_report_is_empty (const JailReport *report)
{
  for (int k = 0; k < JAIL_REFUSAL_N_KINDS; k++)
    if (report->kinds[k].refusals > 0)
      return FALSE;
  return TRUE;
}

guint
jail_report_n_entries (const JailReport *report, JailRefusalKind kind)
{
  return report->kinds[kind].entries->len;
}

guint64
jail_report_n_refusals (const JailReport *report, JailRefusalKind kind)
{
  return report->kinds[kind].refusals;
}

const JailRefusal *
jail_report_entry (const JailReport *report, JailRefusalKind kind, guint i)
{
  const Kind *k = &report->kinds[kind];
  return i < k->entries->len ? &((Entry *) g_ptr_array_index (k->entries, i))->pub : NULL;
}

/* "3 syscalls (ptrace ×3, keyctl)" */
static void
append_kind_summary (GString *out, const Kind *k, JailRefusalKind kind)
{
  guint64 distinct = k->entries->len + k->dropped;
  g_string_append_printf (out, "%" G_GUINT64_FORMAT " %s (", distinct,
                          kind_names[kind][distinct == 1 ? 0 : 1]);
  for (guint i = 0; i < k->entries->len; i++)
    {
      const Entry *e = g_ptr_array_index (k->entries, i);
      g_string_append_printf (out, "%s%s", i > 0 ? ", " : "", e->what);
      if (e->pub.count > 1)
        g_string_append_printf (out, " ×%" G_GUINT64_FORMAT, e->pub.count);
    }
  if (k->dropped > 0)
    g_string_append_printf (out, ", and %" G_GUINT64_FORMAT " more", k->dropped);
  g_string_append_c (out, ')');
}

static char *
grant_text (const Entry *e)
{
  return e->value != NULL ? g_strdup_printf ("%s=%s", e->option, e->value) : g_strdup (e->option);
}

static void
free_gstring (gpointer data)
{
  g_string_free (data, TRUE);
}

/* One line per distinct grant, naming what it would have let through:
 * "  --allow-ptrace  (ptrace, process_vm_readv)", then one for what no
 * option grants. */
static void
append_grant_lines (GPtrArray *lines, const JailReport *report)
{
  g_autoptr (GPtrArray) grants = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) seen = g_ptr_array_new_with_free_func (free_gstring);
  g_autoptr (GString) ungranted = g_string_new (NULL);
  for (int kind = 0; kind < JAIL_REFUSAL_N_KINDS; kind++)
    {
      const Kind *k = &report->kinds[kind];
      for (guint i = 0; i < k->entries->len; i++)
        {
          const Entry *e = g_ptr_array_index (k->entries, i);
          if (e->option == NULL)
            {
              g_string_append_printf (ungranted, "%s%s", ungranted->len > 0 ? ", " : "", e->what);
              continue;
            }
          g_autofree char *grant = grant_text (e);
          guint at;
          if (g_ptr_array_find_with_equal_func (grants, grant, g_str_equal, &at))
            g_string_append_printf (g_ptr_array_index (seen, at), ", %s", e->what);
          else
            {
              g_ptr_array_add (grants, g_steal_pointer (&grant));
              g_ptr_array_add (seen, g_string_new (e->what));
            }
        }
    }
  for (guint i = 0; i < grants->len; i++)
    g_ptr_array_add (lines, g_strdup_printf ("  %s  (%s)", (char *) g_ptr_array_index (grants, i),
                                             ((GString *) g_ptr_array_index (seen, i))->str));
  if (ungranted->len > 0)
    g_ptr_array_add (lines, g_strdup_printf ("  no option grants %s: the default filter's "
                                             "hardening (jail(1), SECURITY)", ungranted->str));
}

GStrv
jail_report_lines (const JailReport *report)
{
  GPtrArray *lines = g_ptr_array_new ();
  if (!jail_report_is_empty (report))
    {
      GString *summary = g_string_new ("refused: ");
      gboolean first = TRUE;
      for (int kind = 0; kind < JAIL_REFUSAL_N_KINDS; kind++)
        {
          const Kind *k = &report->kinds[kind];
          if (k->refusals == 0)
            continue;
          if (!first)
            g_string_append (summary, ", ");
          append_kind_summary (summary, k, kind);
          first = FALSE;
        }
      g_ptr_array_add (lines, g_string_free (summary, FALSE));
      append_grant_lines (lines, report);
    }
  g_ptr_array_add (lines, NULL);
  return (GStrv) g_ptr_array_free (lines, FALSE);
}

gboolean
jail_report_should_print (int mode, int exit_status)
{
  switch (mode)
    {
    case JAIL_REPORT_ALWAYS:
      return TRUE;
    case JAIL_REPORT_NEVER:
      return FALSE;
    default:
      return exit_status != 0;
    }
}
