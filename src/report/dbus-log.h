/* The D-Bus part of the denial report: xdg-dbus-proxy's --log output,
 * read by the monitor from the proxy's standard output, turned into
 * refusals attributed to the name the app called (dbus-log.c).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#include "jail/jail.h"
#include "report/report.h"

typedef struct JailDBusLog JailDBusLog;

/* The log of the proxy of `bus`: its refusals are granted by that bus's
 * options (--talk-name or --system-talk-name, --own-name or
 * --system-own-name).  With `echo`, every line also goes to stderr
 * (--log-dbus). */
JailDBusLog *jail_dbus_log_new (JailDBusBus bus, gboolean echo);
void jail_dbus_log_free (JailDBusLog *log);

/* Some bytes of the log, cut anywhere: complete lines are parsed, the
 * rest is kept for the next call (at most a line's worth: longer lines
 * are dropped whole). */
void jail_dbus_log_feed (JailDBusLog *log, const char *data, gsize len, JailReport *report);
