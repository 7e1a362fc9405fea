/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <sched.h>

#include "common/namespaces.h"

const JailNamespaceKind jail_namespaces[JAIL_N_NAMESPACES] = {
  { JAIL_NS_USER, CLONE_NEWUSER, "user" },     { JAIL_NS_IPC, CLONE_NEWIPC, "ipc" },
  { JAIL_NS_UTS, CLONE_NEWUTS, "uts" },        { JAIL_NS_NET, CLONE_NEWNET, "net" },
  { JAIL_NS_PID, CLONE_NEWPID, "pid" },        { JAIL_NS_CGROUP, CLONE_NEWCGROUP, "cgroup" },
  { JAIL_NS_MOUNT, CLONE_NEWNS, "mnt" },
};

int
jail_namespaces_clone_flags (guint namespaces)
{
  int flags = 0;
  for (gsize i = 0; i < G_N_ELEMENTS (jail_namespaces); i++)
    if (namespaces & jail_namespaces[i].ns)
      flags |= jail_namespaces[i].clone_flag;
  return flags;
}
