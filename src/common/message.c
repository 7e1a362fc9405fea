/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include "common/message.h"

/* Process-wide, as g_log_set_handler() is: a message belongs to the user of
 * the program, not to one spec. */
static JailMessageFunc message_func;
static gpointer message_data;

void
jail_set_message_func (JailMessageFunc func, gpointer user_data)
{
  message_func = func;
  message_data = user_data;
}

void
jail_message (JailMessageLevel level, const char *fmt, ...)
{
  if (message_func == NULL)
    return;
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *text = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  message_func (level, text, message_data);
}
