/* Every cgroup2 filesystem in the sandbox shows only the sandbox's own
 * subtree.
 *
 * In a systemd *user* manager every cgroup file of the user's units is owned
 * by the user, and the sandbox runs as that user: through a bind mount of
 * the host's /sys/fs/cgroup it could write "-memory" to its scope's
 * cgroup.subtree_control and so remove its own memory.max (shown by
 * tests/vm/limits-vm.sh).  The kernel (nsdelegate) guards only the root of
 * the sandbox's cgroup namespace.  So each cgroup2 mount the mount plan
 * brought in is covered by a fresh cgroup2 mount, which is rooted at that
 * namespace's root: the sandbox's own leaf.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "common/path.h"
#include "sandbox/sandbox.h"

/* mountinfo escapes blanks and backslashes as \ooo. */
static void
unescape_octal (char *s)
{
  char *out = s;
  for (char *in = s; *in != '\0'; out++)
    {
      if (in[0] == '\\' && in[1] >= '0' && in[1] <= '7' && in[2] >= '0' && in[2] <= '7'
          && in[3] >= '0' && in[3] <= '7')
        {
          *out = (char) (((in[1] - '0') << 6) | ((in[2] - '0') << 3) | (in[3] - '0'));
          in += 4;
        }
      else
        *out = *in++;
    }
  *out = '\0';
}

/* The mount point (field 5) of a mountinfo line whose type (first field
 * after " - ") is cgroup2; NULL otherwise.  *ret_rdonly: whether that
 * mount is read-only (field 6, the per-mount options). */
static char *
cgroup2_mount_point (char *line, bool *ret_rdonly)
{
  char *sep = strstr (line, " - ");
  if (sep == NULL || strncmp (sep + 3, "cgroup2 ", 8) != 0)
    return NULL;
  *sep = '\0';
  char *save = NULL, *field = strtok_r (line, " ", &save);
  for (int i = 1; field != NULL && i < 5; i++)
    field = strtok_r (NULL, " ", &save);
  char *options = field != NULL ? strtok_r (NULL, " ", &save) : NULL;
  if (field == NULL || options == NULL)
    return NULL;
  unescape_octal (field);
  *ret_rdonly = strcmp (options, "ro") == 0 || strncmp (options, "ro,", 3) == 0;
  return field;
}

/* On the host's side, before the clone: whether a bind of the plan can
 * bring a cgroup2 mount into the sandbox, that is, whether one of the
 * host's cgroup2 mounts is at, under or above a bind's source (binds are
 * recursive; nothing else of the plan brings the host's mounts).  When
 * none is, the sandbox need not read the whole mount table (~0.2 ms, the
 * host's mounts included) to find none.  true when it cannot be told: a
 * bind of an fd or of a path under /proc (no resolved source), or no
 * table to read. */
bool
jail_cgroup2_under_binds (const JailSpec *spec, char *const *sources)
{
  guint n = jail_spec_get_n_fs (spec);
  for (guint i = 0; i < n; i++)
    if (jail_fs_kind_is_bind (jail_spec_get_fs (spec, i)->kind) && sources[i] == NULL)
      return true;
  FILE *f = fopen ("/proc/self/mountinfo", "re");
  if (f == NULL)
    return true;
  char *line = NULL;
  size_t cap = 0;
  bool found = false;
  while (!found && getline (&line, &cap, f) > 0)
    {
      line[strcspn (line, "\n")] = '\0';
      bool rdonly;
      const char *point = cgroup2_mount_point (line, &rdonly);
      for (guint i = 0; point != NULL && !found && i < n; i++)
        found = sources[i] != NULL
                && (jail_path_has_prefix (point, sources[i]) || jail_path_has_prefix (sources[i], point));
    }
  free (line);
  fclose (f);
  return found;
}

typedef struct {
  char *point;
  bool rdonly; /* the covered mount was read-only */
} Covered;

static void
clear_covered (gpointer data)
{
  g_free (((Covered *) data)->point);
}

/* The fresh cgroup2 over `point`, read-only where the mount it covers was
 * (the host's /sys is bound read-only by default): covering must never
 * give the sandbox more than the plan did. */
static bool
cover_with_fresh (const char *point, bool rdonly)
{
  const unsigned long locked = MS_NOSUID | MS_NODEV | MS_NOEXEC;
  if (mount ("/cgroup2", point, NULL, MS_BIND, NULL) < 0)
    return false;
  if (rdonly && mount (NULL, point, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | locked, NULL) < 0)
    {
      umount2 (point, MNT_DETACH);
      return false;
    }
  return true;
}

void
sandbox_confine_cgroupfs (SandboxCtx *ctx)
{
  if (!(jail_spec_get_namespaces (ctx->spec) & JAIL_NS_CGROUP) || !ctx->cgroup2_in_binds)
    return;
  /* The host's procfs, still reachable during setup; "self" is us. */
  FILE *f = fopen ("/oldroot/proc/self/mountinfo", "re");
  if (f == NULL)
    sandbox_fail (ctx, "read mount table", "/oldroot/proc/self/mountinfo", errno);
  char *line = NULL;
  size_t cap = 0;
  GArray *points = g_array_new (FALSE, FALSE, sizeof (Covered));
  g_array_set_clear_func (points, clear_covered);
  while (getline (&line, &cap, f) > 0)
    {
      line[strcspn (line, "\n")] = '\0';
      Covered c = { NULL, false };
      char *point = cgroup2_mount_point (line, &c.rdonly);
      if (point != NULL && jail_path_has_prefix (point, "/newroot"))
        c.point = g_strdup (point), g_array_append_val (points, c);
    }
  free (line);
  fclose (f);
  /* The fresh cgroup2 is mounted on a directory of the scratch root, then
   * bound over each point: the kernel refuses a new mount of a superblock
   * on the root of a mount of that same superblock (EBUSY), not a bind. */
  gboolean fresh = FALSE;
  if (points->len > 0 && mkdir ("/cgroup2", 0700) == 0)
    fresh = mount ("cgroup2", "/cgroup2", "cgroup2", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) == 0;
  for (guint i = 0; i < points->len; i++)
    {
      const Covered *c = &g_array_index (points, Covered, i);
      const char *point = c->point;
      /* Where the kernel refuses cgroup2 from a user namespace (a cgroup
       * v1/hybrid host), hide the host's tree under an empty read-only
       * tmpfs rather than leave it reachable. */
      if (!(fresh && cover_with_fresh (point, c->rdonly))
          && mount ("tmpfs", point, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
                    "mode=0555") < 0)
        sandbox_fail (ctx, "hide the host's cgroup tree", point, errno);
    }
  if (fresh)
    umount2 ("/cgroup2", MNT_DETACH);
  g_array_unref (points);
}
