/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <sys/wait.h>

#include "common/exit-status.h"

int
jail_exit_code (int wait_status)
{
  if (WIFEXITED (wait_status))
    return WEXITSTATUS (wait_status);
  if (WIFSIGNALED (wait_status))
    return 128 + WTERMSIG (wait_status);
  return 125;
}
