/* The sandbox's changes to the command's environment (src/sandbox/
 * environ.c): replaced in place, added in the room the monitor leaves,
 * and added by reallocation where there is none (jail enter's).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <glib.h>

#include "sandbox/sandbox.h"

static char *
joined (char **envp)
{
  return g_strjoinv (" ", envp);
}

static void
test_replaces_in_place (void)
{
  char *start[] = { "A=1", "PWD=/old", "B=2", NULL };
  SandboxCtx ctx = { .envp = sandbox_environ_with_room (g_memdup2 (start, sizeof start)),
                     .environ_room = SANDBOX_ENVIRON_ROOM };
  char **before = ctx.envp;
  sandbox_environ_put (&ctx, "PWD=/new");
  g_assert_true (ctx.envp == before);
  g_assert_cmpuint (ctx.environ_room, ==, SANDBOX_ENVIRON_ROOM);
  g_autofree char *all = joined (ctx.envp);
  g_assert_cmpstr (all, ==, "A=1 PWD=/new B=2");
  g_assert_cmpstr (g_environ_getenv (ctx.envp, "PWD"), ==, "/new");
  /* A name is matched whole: PW's entry does not replace PWD's, and is
   * added; B's is replaced. */
  sandbox_environ_put (&ctx, "PW=1");
  sandbox_environ_put (&ctx, "B=3");
  g_autofree char *more = joined (ctx.envp);
  g_assert_cmpstr (more, ==, "A=1 PWD=/new B=3 PW=1");
  g_assert_cmpuint (ctx.environ_room, ==, SANDBOX_ENVIRON_ROOM - 1);
  g_free (ctx.envp); /* the entries are literals: the array alone is ours */
}

static void
test_adds_in_the_room (void)
{
  char *start[] = { "OLDPWD=/x", NULL };
  SandboxCtx ctx = { .envp = sandbox_environ_with_room (g_memdup2 (start, sizeof start)),
                     .environ_room = SANDBOX_ENVIRON_ROOM };
  char **before = ctx.envp;
  sandbox_environ_put (&ctx, "LD_PRELOAD=/run/jail/lib.so");
  sandbox_environ_put (&ctx, "PWD=/home");
  g_assert_true (ctx.envp == before); /* no reallocation */
  g_assert_cmpuint (ctx.environ_room, ==, 0);
  g_autofree char *all = joined (ctx.envp);
  g_assert_cmpstr (all, ==, "OLDPWD=/x LD_PRELOAD=/run/jail/lib.so PWD=/home");
  g_assert_cmpstr (g_environ_getenv (ctx.envp, "PWD"), ==, "/home");
  /* Past the room: reallocated, still terminated. */
  sandbox_environ_put (&ctx, "C=3");
  g_autofree char *more = joined (ctx.envp);
  g_assert_cmpstr (more, ==, "OLDPWD=/x LD_PRELOAD=/run/jail/lib.so PWD=/home C=3");
  g_assert_null (ctx.envp[4]);
  g_free (ctx.envp);
}

static void
test_empty_environment (void)
{
  SandboxCtx ctx = { .envp = sandbox_environ_with_room (g_new0 (char *, 1)),
                     .environ_room = SANDBOX_ENVIRON_ROOM };
  g_assert_null (g_environ_getenv (ctx.envp, "HOME"));
  sandbox_environ_put (&ctx, "PWD=/");
  g_autofree char *all = joined (ctx.envp);
  g_assert_cmpstr (all, ==, "PWD=/");
  g_free (ctx.envp);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/environ/replaces-in-place", test_replaces_in_place);
  g_test_add_func ("/environ/adds-in-the-room", test_adds_in_the_room);
  g_test_add_func ("/environ/empty", test_empty_environment);
  return g_test_run ();
}
