/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include "common/signals.h"

void
jail_forwarded_signals (sigset_t *set)
{
  static const int forwarded[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT,
                                   SIGUSR1, SIGUSR2, SIGWINCH, SIGCONT };
  sigemptyset (set);
  for (unsigned i = 0; i < sizeof forwarded / sizeof forwarded[0]; i++)
    sigaddset (set, forwarded[i]);
}

bool
jail_signal_is_forwardable (const siginfo_t *info, bool new_session)
{
  return new_session || info->si_code <= 0;
}
