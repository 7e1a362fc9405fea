/* Warnings and notices for the caller (see jail_set_message_func): the
 * library's only way to tell the user something that is not an error.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "jail/jail.h"

void jail_message (JailMessageLevel level, const char *fmt, ...) G_GNUC_PRINTF (2, 3);
