/* The rule for following a symbolic link on a bind path, as the host sees
 * its owner and its directory (uid 1000/gid 1000 is the caller here).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sandbox/symlink-trust.h"

static void
test_rule (void)
{
  static const struct {
    uid_t link_uid;
    uid_t dir_uid;
    gid_t dir_gid;
    mode_t dir_mode;
    gboolean followed;
    const char *why;
  } cases[] = {
    { 0, 0, 0, 0755, TRUE, "root's link in a root directory (/etc, /lib64)" },
    { 1000, 1000, 1000, 0700, TRUE, "the caller's link in the caller's home" },
    { 1000, 1000, 1000, 0775, TRUE, "… group-writable by the caller's own group" },
    { 1000, 0, 0, 01777, TRUE, "the caller's link in sticky /tmp" },
    { 1001, 0, 0, 01777, FALSE, "another user's link in sticky /tmp" },
    { 1001, 1000, 1000, 0777, FALSE, "another user's link in a 0777 directory" },
    { 1000, 1000, 1000, 0777, FALSE, "the caller's link in a 0777 directory (others may replace it)" },
    { 1000, 1000, 100, 0775, FALSE, "… in a directory a shared group can write" },
    { 1000, 1001, 1001, 0555, FALSE, "… in a directory another user owns, whatever its mode" },
    { 1000, 1001, 1001, 01777, FALSE, "… in a sticky directory another user owns" },
    { 0, 1001, 1001, 0755, FALSE, "root's link in another user's directory" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      struct stat link = { .st_uid = cases[i].link_uid, .st_mode = S_IFLNK | 0777 };
      struct stat dir = { .st_uid = cases[i].dir_uid, .st_gid = cases[i].dir_gid,
                          .st_mode = S_IFDIR | cases[i].dir_mode };
      const char *refusal = jail_symlink_refusal (&link, &dir, 1000, 1000);
      if ((refusal == NULL) != cases[i].followed)
        g_error ("%s: expected %s, got %s", cases[i].why,
                 cases[i].followed ? "followed" : "refused", refusal ? refusal : "followed");
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/symlink-trust/rule", test_rule);
  return g_test_run ();
}
