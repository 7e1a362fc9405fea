/* xdg-dbus-proxy --log, as the report reads it.  The proxy prints each
 * message the app sends as
 *
 *   C12: -> org.example.Name call org.example.Iface.Method at /path
 *
 * and, on the next line when its policy stopped it, *HIDDEN* (the name
 * is not visible to the app) or *DENIED* (visible, not to be talked to),
 * with " (ping)" when it answered the app with an error itself.  The
 * proxy handles one message at a time, so the verdict follows its call.
 * A call to the bus about a name (RequestName, GetNameOwner,
 * StartServiceByName…) the policy stops on its first argument says so
 * between the call and the verdict:
 *
 *   Filtering message due to arg0 org.example.Name, policy: 0 (required 3)
 *
 * where the required level is the proxy's: 1 see, 2 talk, 3 own.  That
 * refusal is the name's, not the bus's.
 *
 * The log does not say which bus a line is about: the monitor runs one
 * proxy per bus and reads each log with its own parser.
 *
 * The text is the app's (names, paths) through the proxy: lines are
 * bounded, names checked against the D-Bus rules before they are kept.
 * Calls to the bus itself (org.freedesktop.DBus) and to unique names
 * (":1.42") are not attributed: no --talk-name grants those.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "report/dbus-log.h"

/* A D-Bus name is at most 255 bytes; a log line carries two of them and
 * an object path: longer lines are not the proxy's format. */
#define LINE_MAX_BYTES 2048

/* xdg-dbus-proxy's policy levels (FlatpakPolicy), as its log prints them. */
#define PROXY_POLICY_OWN 3

struct JailDBusLog {
  JailDBusBus bus;
  gboolean echo;
  GString *partial;   /* an incomplete line from the last feed */
  gboolean skipping;  /* inside a line that was too long */
  char *last_dest;    /* the destination of the last call line */
  char *arg0_name;    /* the name a bus call was stopped on, since that call */
  gboolean arg0_own;  /* … for owning it (RequestName, ReleaseName) */
};

JailDBusLog *
jail_dbus_log_new (JailDBusBus bus, gboolean echo)
{
  JailDBusLog *log = g_new0 (JailDBusLog, 1);
  log->bus = bus;
  log->echo = echo;
  log->partial = g_string_new (NULL);
  return log;
}

void
jail_dbus_log_free (JailDBusLog *log)
{
  if (log == NULL)
    return;
  g_free (log->last_dest);
  g_free (log->arg0_name);
  g_string_free (log->partial, TRUE);
  g_free (log);
}

/* A well-known bus name (the D-Bus specification): two or more elements
 * of [A-Za-z0-9_-] separated by dots, none starting with a digit, at most
 * 255 bytes.  A trailing ".*" would be a rule, never a destination. */
static gboolean
is_well_known_name (const char *name, gsize len)
{
  if (len == 0 || len > 255)
    return FALSE;
  gboolean element_start = TRUE;
  guint dots = 0;
  for (gsize i = 0; i < len; i++)
    {
      char c = name[i];
      if (c == '.')
        {
          if (element_start)
            return FALSE;
          dots++;
          element_start = TRUE;
          continue;
        }
      if (!(g_ascii_isalnum (c) || c == '_' || c == '-') || (element_start && g_ascii_isdigit (c)))
        return FALSE;
      element_start = FALSE;
    }
  return dots > 0 && !element_start;
}

/* "C12: -> DEST call …": DEST, or NULL for any other line. */
static char *
call_destination (const char *line)
{
  if (line[0] != 'C' || !g_ascii_isdigit (line[1]))
    return NULL;
  const char *p = line + 1;
  while (g_ascii_isdigit (*p))
    p++;
  if (!g_str_has_prefix (p, ": -> "))
    return NULL;
  p += 5;
  const char *end = strchr (p, ' ');
  gsize len = end != NULL ? (gsize) (end - p) : strlen (p);
  if (!is_well_known_name (p, len) || (len == 20 && strncmp (p, "org.freedesktop.DBus", 20) == 0))
    return NULL;
  return g_strndup (p, len);
}

/* "Filtering message due to arg0 NAME, policy: P (required R)": NAME,
 * with *ret_own for R = own; NULL for any other line. */
static char *
filtered_arg0 (const char *line, gboolean *ret_own)
{
  static const char prefix[] = "Filtering message due to arg0 ";
  if (!g_str_has_prefix (line, prefix))
    return NULL;
  /* The name is the app's: the line is taken whole, from its end, and the
   * name must be a bus name (no space, no comma) or nothing is kept. */
  const char *name = line + strlen (prefix);
  const char *end = g_strrstr (name, ", policy: ");
  if (end == NULL || !is_well_known_name (name, (gsize) (end - name)))
    return NULL;
  const char *p = end + strlen (", policy: ");
  if (!g_ascii_isdigit (p[0]) || !g_str_has_prefix (p + 1, " (required ")
      || !g_ascii_isdigit (p[12]) || strcmp (p + 13, ")") != 0)
    return NULL;
  *ret_own = p[12] - '0' >= PROXY_POLICY_OWN;
  return g_strndup (name, (gsize) (end - name));
}

/* The options that grant a name, per bus: to talk to it, to own it.  A
 * lookup (GetNameOwner, NameHasOwner: the proxy's "see") is granted by
 * the talk option, as the call that usually follows it: GLib's proxies
 * look the name up first, and one entry per name says it once. */
static const char *const grant_options[2][2] = {
  [JAIL_DBUS_SESSION] = { "--talk-name", "--own-name" },
  [JAIL_DBUS_SYSTEM] = { "--system-talk-name", "--system-own-name" },
};

static void
add_refusal (JailDBusLog *log, const char *name, gboolean own, JailReport *report)
{
  /* The entry says what was refused where: "org.example.Name",
   * "owning org.example.Name on the system bus". */
  g_autofree char *what = g_strdup_printf ("%s%s%s", own ? "owning " : "", name,
                                           log->bus == JAIL_DBUS_SYSTEM ? " on the system bus" : "");
  jail_report_add (report, JAIL_REFUSAL_DBUS, what, grant_options[log->bus][own], name);
}

static void
parse_line (JailDBusLog *log, const char *line, JailReport *report)
{
  if (log->echo)
    fprintf (stderr, "%s\n", line);
  if (g_str_has_prefix (line, "*HIDDEN*") || g_str_has_prefix (line, "*DENIED*"))
    {
      if (log->arg0_name != NULL)
        add_refusal (log, log->arg0_name, log->arg0_own, report);
      else if (log->last_dest != NULL)
        add_refusal (log, log->last_dest, FALSE, report);
      g_clear_pointer (&log->last_dest, g_free);
      g_clear_pointer (&log->arg0_name, g_free);
      return;
    }
  gboolean own = FALSE;
  char *arg0 = filtered_arg0 (line, &own);
  if (arg0 != NULL)
    {
      g_free (log->arg0_name);
      log->arg0_name = arg0;
      log->arg0_own = own;
      return;
    }
  g_free (log->last_dest);
  log->last_dest = call_destination (line);
  g_clear_pointer (&log->arg0_name, g_free);
}

void
jail_dbus_log_feed (JailDBusLog *log, const char *data, gsize len, JailReport *report)
{
  while (len > 0)
    {
      const char *nl = memchr (data, '\n', len);
      gsize take = nl != NULL ? (gsize) (nl - data) : len;
      if (!log->skipping)
        g_string_append_len (log->partial, data, (gssize) take);
      if (log->partial->len > LINE_MAX_BYTES)
        {
          g_string_truncate (log->partial, 0);
          log->skipping = TRUE;
          g_clear_pointer (&log->last_dest, g_free);
          g_clear_pointer (&log->arg0_name, g_free);
        }
      if (nl == NULL)
        return;
      if (!log->skipping && memchr (log->partial->str, '\0', log->partial->len) == NULL)
        parse_line (log, log->partial->str, report);
      g_string_truncate (log->partial, 0);
      log->skipping = FALSE;
      data += take + 1;
      len -= take + 1;
    }
}
