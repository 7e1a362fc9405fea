/* The profile loader: every key, every error (with FILE:LINE), includes,
 * overrides, .local files, variables, the search path, suggestions, and the
 * command line around profiles.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include "cli/cli-private.h"
#include "profile/profile.h"
#include "spec/spec-access.h"
#include "json-assert.h"

static char *tmp;     /* a fresh directory per test */
static char *config;  /* $XDG_CONFIG_HOME/jail/profiles */
static char *sysdir;  /* first $XDG_CONFIG_DIRS entry/jail/profiles */
static char *sysdir2; /* second */

static void
setup (void)
{
  g_autoptr (GError) error = NULL;
  g_free (tmp);
  tmp = g_dir_make_tmp ("test-profile.XXXXXX", &error);
  g_assert_no_error (error);
  g_autofree char *home = g_build_filename (tmp, "home", NULL);
  g_autofree char *xdg = g_build_filename (tmp, "config", NULL);
  g_autofree char *etc1 = g_build_filename (tmp, "etc1", NULL);
  g_autofree char *etc2 = g_build_filename (tmp, "etc2", NULL);
  g_autofree char *dirs = g_strconcat (etc1, ":", etc2, NULL);
  g_setenv ("HOME", home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", xdg, TRUE);
  g_setenv ("XDG_CONFIG_DIRS", dirs, TRUE);
  g_setenv ("XDG_RUNTIME_DIR", "/run/user/4242", TRUE);
  g_unsetenv ("XDG_DATA_HOME");
  g_unsetenv ("XDG_CACHE_HOME");
  g_free (config);
  g_free (sysdir);
  g_free (sysdir2);
  config = g_build_filename (xdg, "jail", "profiles", NULL);
  sysdir = g_build_filename (etc1, "jail", "profiles", NULL);
  sysdir2 = g_build_filename (etc2, "jail", "profiles", NULL);
  g_assert_cmpint (g_mkdir_with_parents (config, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (sysdir, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (sysdir2, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (home, 0755), ==, 0);
}

static void
teardown (void)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmp);
  g_assert_cmpint (system (cmd), ==, 0);
}

static char *
write_file (const char *dir, const char *name, const char *text)
{
  char *path = g_build_filename (dir, name, NULL);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

/* Load `name` and render its options as "opt arg arg|opt arg|…". */
static char *
load_ops (const char *name, GError **error)
{
  g_autoptr (JailProfile) prof = jail_profile_new ();
  if (!jail_profile_load (prof, name, error))
    return NULL;
  GPtrArray *ops = jail_profile_resolve (prof, error);
  GString *out = g_string_new (NULL);
  for (guint i = 0; i < ops->len; i++)
    {
      const JailProfileOp *op = ops->pdata[i];
      g_string_append_printf (out, "%s%s", i == 0 ? "" : "|", op->option);
      for (int k = 0; op->args[k] != NULL; k++)
        g_string_append_printf (out, " %s", op->args[k]);
    }
  return g_string_free (out, FALSE);
}

static void
test_every_key (void)
{
  setup ();
  g_autofree char *f = write_file (config, "all.profile",
    "# every key\n"
    "[Profile]\n"
    "Version=1\n"
    "Description=All keys\n"
    "Shared=ipc\n"
    "[Share]\n"
    "Shared=network\n"
    "[Context]\n"
    "Home=persist\n"
    "[Filesystem]\n"
    "Filesystems=home:ro;/srv/a\\sb;\n"
    "[Sockets]\n"
    "Sockets=wayland;pulseaudio\n"
    "[Devices]\n"
    "Devices=dri\n"
    "[Network]\n"
    "Mode=slirp\n"
    "Publish=8080:80\n"
    "Allow=example.org\n"
    "Deny=10.0.0.0/8\n"
    "AllowHostLoopback=true\n"
    "DNS=false\n"
    "[DBus]\n"
    "Talk=org.a\n"
    "Own=org.b\n"
    "See=org.c\n"
    "Call=org.d=org.d.I.M@/p\n"
    "Broadcast=org.e=*\n"
    "[SystemDBus]\n"
    "Talk=org.f\n"
    "Own=org.g\n"
    "See=org.h\n"
    "Call=org.i=*\n"
    "Broadcast=org.j=*\n"
    "[Limits]\n"
    "Memory=1G\n"
    "MemoryHigh=800M\n"
    "Swap=0\n"
    "Pids=100\n"
    "CPU=50%\n"
    "CPUWeight=10\n"
    "IOWeight=20\n"
    "Mode=strict\n"
    "[Seccomp]\n"
    "Allow=ptrace\n"
    "Deny=mbind:EPERM\n"
    "AllowUserNamespaces=true\n"
    "AllowPtrace=false\n"
    "Mode=default\n"
    "[Environment]\n"
    "  FOO = a\\tb;c  \n"
    "Unset=BAR;BAZ\n");
  g_autoptr (GError) error = NULL;
  g_autofree char *ops = load_ops ("all", &error);
  g_assert_no_error (error);
  g_autofree char *expect = g_strdup_printf (
    "--share ipc|--share network|--home persist|--filesystem home:ro|--filesystem /srv/a b|--socket wayland|"
    "--socket pulseaudio|--device dri|--net slirp|--publish 8080:80|--net-allow example.org|"
    "--net-deny 10.0.0.0/8|--net-allow-host-loopback|--net-no-dns|--talk-name org.a|"
    "--own-name org.b|--see-name org.c|--call org.d=org.d.I.M@/p|--broadcast org.e=*|"
    "--system-talk-name org.f|--system-own-name org.g|--system-see-name org.h|"
    "--system-call org.i=*|--system-broadcast org.j=*|--memory 1G|--memory-high 800M|--swap 0|"
    "--pids 100|--cpu 50%%|--cpu-weight 10|--io-weight 20|--limits strict|--seccomp-allow ptrace|"
    "--seccomp-deny mbind:EPERM|--allow-userns|--seccomp default|--setenv FOO a\tb;c|"
    "--unsetenv BAR|--unsetenv BAZ");
  g_assert_cmpstr (ops, ==, expect);

  g_autoptr (JailProfile) prof = jail_profile_new ();
  g_assert_true (jail_profile_load (prof, f, NULL));
  g_assert_cmpstr (jail_profile_get_description (prof), ==, "All keys");
  teardown ();
}

static const struct {
  const char *text;
  const char *error; /* after "FILE:" */
} bad_profiles[] = {
  { "[Profile]\nDescription=x\n", "1: missing Version=1 in [Profile]" },
  { "[Profile]\nVersion=2\n", "2: unsupported Version '2'" },
  { "[Profile]\nVersion=1\n[Filesytem]\n", "3: unknown section [Filesytem] (did you mean [Filesystem]?)" },
  { "[Profile]\nVersion=1\n[Frobnicate]\n", "3: unknown section [Frobnicate]" },
  { "[Profile]\nVersion=1\n[Filesystem]\nFilesytems=home\n",
    "4: unknown key 'Filesytems' in [Filesystem] (did you mean 'Filesystems'?)" },
  { "[Profile]\nVersion=1\n[Sockets]\nTalk=org.a\n", "4: unknown key 'Talk' in [Sockets] (it belongs in [DBus])" },
  { "[Profile]\nVersion=1\n[Limits]\nWhatever=1\n", "4: unknown key 'Whatever' in [Limits]" },
  { "Version=1\n", "1: key outside a section" },
  { "[Profile\nVersion=1\n", "1: malformed section header" },
  { "[Profile]\nVersion=1\njunk\n", "3: expected [Section], Key=Value or # comment" },
  { "[Profile]\nVersion=1\n=x\n", "3: empty key name" },
  { "[Profile]\nVersion=1\n[Filesystem]\nFilesystems=/a\\q\n", "4: invalid escape '\\q'" },
  { "[Profile]\nVersion=1\n[Filesystem]\nFilesystems=/a\\\n", "4: value ends with a lone backslash" },
  { "[Profile]\nVersion=1\n[Seccomp]\nAllowPtrace=yes\n", "4: 'yes' is not true or false" },
  { "[Profile]\nVersion=1\n[Network]\nMode=\n", "4: [Network] Mode needs a value" },
  { "[Profile]\nVersion=1\n[Sockets]\nSockets=x11\n\nSockets=wayland\n",
    "6: [Sockets] Sockets is already set at line 4" },
  { "[Profile]\nVersion=1\n[Environment]\n1FOO=x\n", "4: '1FOO' is not an environment variable name" },
  { "[Profile]\nVersion=1\n[Filesystem]\nFilesystems=${NOPE}/x\n", "4: unknown variable ${NOPE}" },
  { "[Profile]\nVersion=1\n[Filesystem]\nFilesystems=${HOME/x\n", "4: unterminated variable" },
  { "[Profile]\nVersion=1\n[Filesystem]\nFilesystems=!\n", "4: '!' must be followed" },
  { "[Profile]\nVersion=1\nInclude=missing\n", "3: included profile 'missing' not found" },
  { "[Profile]\nVersion=1\nInclude=../x\n", "3: cannot include" },
  { "[Profile]\nVersion=1\nInclude=bad/name\n", "3: cannot include" },
  { "[Profile]\nVersion=1\nInclude=a b\n", "3: 'a b' is not a profile name" },
  { "[Profile]\nVersion=1\n# caf\xe9\n", "3: not valid UTF-8" },
};

static void
test_errors_have_file_and_line (void)
{
  setup ();
  for (gsize i = 0; i < G_N_ELEMENTS (bad_profiles); i++)
    {
      g_autofree char *f = write_file (config, "bad.profile", bad_profiles[i].text);
      g_autoptr (GError) error = NULL;
      g_autofree char *ops = load_ops ("bad", &error);
      g_assert_null (ops);
      g_assert_nonnull (error);
      g_autofree char *prefix = g_strdup_printf ("%s:%s", f, bad_profiles[i].error);
      if (!g_str_has_prefix (error->message, prefix))
        g_error ("case %zu: got '%s', want prefix '%s'", i, error->message, prefix);
    }
  /* A NUL byte: not a profile. */
  g_autofree char *f = g_build_filename (config, "nul.profile", NULL);
  g_assert_true (g_file_set_contents (f, "[Profile]\0Version=1\n", 20, NULL));
  g_autoptr (GError) error = NULL;
  g_assert_null (load_ops ("nul", &error));
  g_assert_nonnull (strstr (error->message, ".profile:1: contains a NUL byte"));
  g_clear_error (&error);
  /* Not found, bad names. */
  g_assert_null (load_ops ("nosuch", &error));
  g_assert_nonnull (strstr (error->message, "no profile 'nosuch'"));
  g_clear_error (&error);
  g_assert_null (load_ops ("../etc", &error));
  g_clear_error (&error);
  g_assert_null (load_ops (".hidden", &error));
  g_assert_nonnull (strstr (error->message, "not a profile name"));
  teardown ();
}

static void
test_include_cycle (void)
{
  setup ();
  g_autofree char *a = write_file (config, "a.profile", "[Profile]\nVersion=1\nInclude=b\n");
  g_autofree char *b = write_file (config, "b.profile", "[Profile]\nVersion=1\n\nInclude=a\n");
  g_autoptr (GError) error = NULL;
  g_assert_null (load_ops ("a", &error));
  g_autofree char *want = g_strdup_printf ("%s:4: include cycle: %s → %s → %s", b, a, b, a);
  g_assert_cmpstr (error->message, ==, want);
  g_clear_error (&error);
  /* Including oneself. */
  g_free (write_file (config, "self.profile", "[Profile]\nVersion=1\nInclude=self\n"));
  g_assert_null (load_ops ("self", &error));
  g_assert_nonnull (strstr (error->message, ":3: include cycle"));
  g_clear_error (&error);
  /* A diamond is no cycle: the shared base is read once. */
  g_free (write_file (config, "base.profile", "[Profile]\nVersion=1\n[Sockets]\nSockets=x11\n"));
  g_free (write_file (config, "l.profile", "[Profile]\nVersion=1\nInclude=base\n"));
  g_free (write_file (config, "r.profile", "[Profile]\nVersion=1\nInclude=base\n"));
  g_free (write_file (config, "top.profile", "[Profile]\nVersion=1\nInclude=l;r\n"));
  g_autofree char *ops = load_ops ("top", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ops, ==, "--socket x11");
  teardown ();
}

static void
test_merge_order (void)
{
  setup ();
  g_free (write_file (config, "base.profile",
              "[Profile]\nVersion=1\nDescription=base\n[Filesystem]\nFilesystems=home:ro;/srv\n"
              "[Network]\nMode=slirp\n[Seccomp]\nAllowUserNamespaces=true\n"
              "[Environment]\nA=base\nB=base\n[DBus]\nTalk=org.a;org.b\n"));
  g_free (write_file (config, "app.profile",
              "[Profile]\nVersion=1\nDescription=app\nInclude=base\n"
              "[Filesystem]\nFilesystems=!home;/opt\n[Network]\nMode=host\n"
              "[Seccomp]\nAllowUserNamespaces=false\n[Environment]\nB=app\n"
              "[DBus]\nTalk=!org.a;org.c\n"));
  g_autoptr (GError) error = NULL;
  g_autofree char *ops = load_ops ("app", &error);
  g_assert_no_error (error);
  /* Lists add and `!` removes (home:ro matches !home), scalars: later wins,
   * booleans too; variables keep their first place. */
  g_assert_cmpstr (ops, ==,
                   "--filesystem /srv|--filesystem /opt|--net host|--talk-name org.b|"
                   "--talk-name org.c|--setenv A base|--setenv B app");

  /* NAME.local on the search path goes on top; a later --profile on top of that. */
  g_free (write_file (sysdir, "app.local", "[Profile]\nVersion=1\n[Filesystem]\nFilesystems=!/opt;~/x:ro\n"));
  g_free (write_file (config, "extra.profile", "[Profile]\nVersion=1\n[Network]\nMode=none\n"));
  g_autoptr (JailProfile) prof = jail_profile_new ();
  g_assert_true (jail_profile_load (prof, "app", &error));
  g_assert_true (jail_profile_load (prof, "extra", &error));
  GPtrArray *list = jail_profile_resolve (prof, &error);
  g_assert_cmpuint (list->len, ==, 7);
  /* Kept as written: --filesystem expands it (and checks what it expands to). */
  g_assert_cmpstr (((JailProfileOp *) list->pdata[1])->args[0], ==, "~/x:ro");
  g_assert_cmpstr (((JailProfileOp *) list->pdata[2])->args[0], ==, "none");
  const GPtrArray *files = jail_profile_get_files (prof);
  g_assert_cmpuint (files->len, ==, 4);
  g_assert_true (g_str_has_suffix (files->pdata[0], "/base.profile"));
  g_assert_true (g_str_has_suffix (files->pdata[1], "/app.profile"));
  g_assert_true (g_str_has_suffix (files->pdata[2], "/app.local"));
  g_assert_true (g_str_has_suffix (files->pdata[3], "/extra.profile"));
  /* Each option says where it came from. */
  const JailProfileOp *op = list->pdata[1];
  g_assert_true (g_str_has_suffix (op->file, "etc1/jail/profiles/app.local"));
  g_assert_cmpint (op->line, ==, 4);
  g_assert_cmpstr (jail_profile_get_description (prof), ==, "app");
  teardown ();
}

static void
test_variables (void)
{
  setup ();
  g_autofree char *home = g_build_filename (tmp, "home", NULL);
  g_autoptr (GError) error = NULL;
  struct {
    const char *in;
    gboolean tilde;
    char *out;
  } cases[] = {
    { "~", TRUE, g_strdup (home) },
    { "~/a", TRUE, g_strdup_printf ("%s/a", home) },
    { "~/a", FALSE, g_strdup ("~/a") },
    { "a~", TRUE, g_strdup ("a~") },
    { "${HOME}/b", FALSE, g_strdup_printf ("%s/b", home) },
    { "/u/${UID}", FALSE, g_strdup_printf ("/u/%u", (unsigned) getuid ()) },
    { "${XDG_RUNTIME_DIR}", FALSE, g_strdup ("/run/user/4242") },
    { "${XDG_CONFIG_HOME}", FALSE, g_build_filename (tmp, "config", NULL) },
    { "${XDG_DATA_HOME}", FALSE, g_strdup_printf ("%s/.local/share", home) },
    { "${XDG_CACHE_HOME}", FALSE, g_strdup_printf ("%s/.cache", home) },
    { "${XDG_MUSIC_DIR}", FALSE, g_strdup_printf ("%s/Music", home) },
    { "$HOME", FALSE, g_strdup ("$HOME") },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *v = jail_profile_expand (cases[i].in, cases[i].tilde, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (v, ==, cases[i].out);
      g_free (cases[i].out);
    }
  g_assert_null (jail_profile_expand ("${XDG_FOO_DIR}", FALSE, &error));
  g_assert_nonnull (strstr (error->message, "unknown variable ${XDG_FOO_DIR}"));
  g_clear_error (&error);

  /* xdg-user-dirs: read from user-dirs.dirs, defaults when missing. */
  g_autofree char *dl = jail_profile_user_dir ("DOWNLOAD");
  g_autofree char *dl_default = g_strdup_printf ("%s/Downloads", home);
  g_assert_cmpstr (dl, ==, dl_default);
  g_autofree char *xdg = g_build_filename (tmp, "config", NULL);
  g_free (write_file (xdg, "user-dirs.dirs",
              "# written by xdg-user-dirs-update\nXDG_DOWNLOAD_DIR=\"$HOME/Téléchargements\"\n"
              "XDG_MUSIC_DIR=\"/srv/music\"\n"));
  g_autofree char *dl2 = jail_profile_expand ("${XDG_DOWNLOAD_DIR}", FALSE, &error);
  g_autofree char *want = g_strdup_printf ("%s/Téléchargements", home);
  g_assert_cmpstr (dl2, ==, want);
  g_autofree char *music = jail_profile_user_dir ("MUSIC");
  g_assert_cmpstr (music, ==, "/srv/music");
  g_assert_null (jail_profile_user_dir ("NOPE"));
  teardown ();
}

static void
test_search_path (void)
{
  setup ();
  g_auto (GStrv) dirs = jail_profile_search_path ();
  g_assert_cmpstr (dirs[0], ==, config);
  g_assert_cmpstr (dirs[1], ==, sysdir);
  g_assert_cmpstr (dirs[2], ==, sysdir2);
  g_assert_cmpstr (dirs[3], ==, "/etc/jail/profiles");
  g_assert_cmpstr (dirs[4], ==, JAIL_DATADIR "/profiles");

  /* First match wins. */
  g_free (write_file (sysdir2, "p.profile", "[Profile]\nVersion=1\nDescription=etc2\n[Sockets]\nSockets=c\n"));
  g_autoptr (GError) error = NULL;
  g_autofree char *o1 = load_ops ("p", &error);
  g_assert_cmpstr (o1, ==, "--socket c");
  g_free (write_file (sysdir, "p.profile", "[Profile]\nVersion=1\nDescription=etc1\n[Sockets]\nSockets=b\n"));
  g_autofree char *o2 = load_ops ("p", &error);
  g_assert_cmpstr (o2, ==, "--socket b");
  g_free (write_file (config, "p.profile", "[Profile]\nVersion=1\nDescription=mine\n[Sockets]\nSockets=a\n"));
  g_autofree char *o3 = load_ops ("p", &error);
  g_assert_cmpstr (o3, ==, "--socket a");
  g_assert_no_error (error);

  /* A value with a slash is a file; its includes are found on the search
   * path, then next to it. */
  g_autofree char *other = g_build_filename (tmp, "elsewhere", NULL);
  g_assert_cmpint (g_mkdir_with_parents (other, 0755), ==, 0);
  g_free (write_file (other, "sib.profile", "[Profile]\nVersion=1\n[Devices]\nDevices=dri\n"));
  g_autofree char *f = write_file (other, "f.profile", "[Profile]\nVersion=1\nInclude=sib;p\n");
  g_autofree char *o4 = load_ops (f, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (o4, ==, "--socket a|--device dri");

  teardown ();
}

static void
test_list (void)
{
  setup ();
  g_free (write_file (sysdir2, "p.profile", "[Profile]\nVersion=1\nDescription=etc2\n"));
  g_free (write_file (config, "p.profile", "[Profile]\nVersion=1\nDescription=mine\n"));
  g_free (write_file (sysdir2, "q.profile", "[Profile]\nVersion=1\nDescription=Q\\sprofile\n"));
  g_free (write_file (sysdir2, "broken.profile", "[Profile]\nVersion=1\nOops\n"));
  g_free (write_file (sysdir2, "not-a-profile.txt", "x"));
  g_auto (GStrv) list = jail_profile_list ();
  g_assert_true (g_str_has_prefix (list[0], "broken\t(error: "));
  g_assert_nonnull (strstr (list[0], ":3: expected"));
  g_assert_cmpstr (list[1], ==, "p\tmine");
  g_assert_cmpstr (list[2], ==, "q\tQ profile");
  teardown ();
}

static void
test_suggestions (void)
{
  g_assert_cmpuint (jail_profile_edit_distance ("Filesystems", "Filesystems"), ==, 0);
  g_assert_cmpuint (jail_profile_edit_distance ("Filesytems", "Filesystems"), ==, 1);
  g_assert_cmpuint (jail_profile_edit_distance ("socket", "Sockets"), ==, 1);
  g_assert_cmpuint (jail_profile_edit_distance ("", "abc"), ==, 3);
  g_assert_cmpuint (jail_profile_edit_distance ("kitten", "sitting"), ==, 3);
  /* Case typos are suggested too. */
  setup ();
  g_free (write_file (config, "t.profile", "[Profile]\nVersion=1\n[network]\nmode=host\n"));
  g_autoptr (GError) error = NULL;
  g_assert_null (load_ops ("t", &error));
  g_assert_nonnull (strstr (error->message, ":3: unknown section [network] (did you mean [Network]?)"));
  teardown ();
}

/* ---- the command line ---- */

static gboolean
parse (const char *const *args, JailCli *cli, GError **error)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_ptr_array_add (argv, (char *) "jail");
  for (const char *const *a = args; *a != NULL; a++)
    g_ptr_array_add (argv, (char *) *a);
  g_ptr_array_add (argv, NULL);
  return jail_cli_parse ((int) argv->len - 1, (char **) argv->pdata, cli, error);
}

static const char *
env_value (const JailSpec *spec, const char *name)
{
  const char *v = NULL;
  for (guint i = 0; i < jail_spec_get_n_env (spec); i++)
    {
      const JailEnvOp *op = jail_spec_get_env (spec, i);
      if (op->name != NULL && strcmp (op->name, name) == 0)
        v = op->kind == JAIL_ENV_SET ? op->value : NULL;
    }
  return v;
}

static const JailFsEntry *
find_fs (const JailSpec *spec, const char *dest, int *ret_index)
{
  for (guint i = jail_spec_get_n_fs (spec); i > 0; i--)
    {
      const JailFsEntry *e = jail_spec_get_fs (spec, i - 1);
      if (strcmp (e->dest, dest) == 0)
        {
          if (ret_index != NULL)
            *ret_index = (int) i - 1;
          return e;
        }
    }
  return NULL;
}

static void
test_cli_precedence (void)
{
  setup ();
  g_free (write_file (config, "p.profile",
              "[Profile]\nVersion=1\nShared=network\n[Filesystem]\nFilesystems=/srv:ro;/opt\n"
              "[Environment]\nA=profile\nB=profile\n"));
  JailCli cli;
  g_autoptr (GError) error = NULL;
  /* --setenv before --profile on the command line still wins: profiles
   * apply first, whatever their place. */
  const char *args[] = { "--setenv", "A", "cli", "--print", "--bind", "/opt", "/opt",
                         "--filesystem=/srv", "--nofilesystem", "/opt", "--unshare=network",
                         "--env=C=x=y", "--profile", "p", "--", "true", NULL };
  g_assert_true (parse (args, &cli, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (env_value (cli.spec, "A"), ==, "cli");
  g_assert_cmpstr (env_value (cli.spec, "B"), ==, "profile");
  g_assert_cmpstr (env_value (cli.spec, "C"), ==, "x=y");
  g_assert_true (jail_spec_get_namespaces (cli.spec) & JAIL_NS_NET);
  /* /srv: the profile's :ro grant, then the command line's rw one; /opt:
   * the profile's grant was dropped, the low-level --bind comes last. */
  int ro_index = -1, opt_index = -1;
  const JailFsEntry *srv = find_fs (cli.spec, "/srv", &ro_index);
  g_assert_nonnull (srv);
  g_assert_cmpint (srv->kind, ==, JAIL_FS_BIND);
  g_assert_cmpint (jail_spec_get_fs (cli.spec, ro_index - 1)->kind, ==, JAIL_FS_RO_BIND);
  const JailFsEntry *opt = find_fs (cli.spec, "/opt", &opt_index);
  g_assert_cmpint (opt->flags & JAIL_FS_FLAG_TRY, ==, 0);
  g_assert_cmpint (opt_index, >, ro_index);
  g_assert_cmpstr (jail_spec_get_profiles (cli.spec)[0], ==, "p");
  g_autofree char *json = jail_spec_to_json (cli.spec);
  assert_json_at (json, "$.profiles", "[ \"p\" ]");
  g_autofree char *file = g_strdup_printf ("[ \"%s/p.profile\" ]", config);
  assert_json_at (json, "$.profile_files", file);
  jail_cli_clear (&cli);
  teardown ();
}

static void
test_cli_errors (void)
{
  setup ();
  g_autofree char *f = write_file (config, "s.profile",
                                   "[Profile]\nVersion=1\n\n[Sockets]\nSockets=wayland\n");
  g_autofree char *g = write_file (config, "bad.profile",
                                   "[Profile]\nVersion=1\n[Filesystem]\nFilesystems=/proc/x\n");
  g_autofree char *h = write_file (config, "share.profile",
                                   "[Profile]\nVersion=1\n[Share]\nShared=pid\n");
  JailCli cli;
  struct {
    const char *args[6];
    char *error;
  } cases[] = {
    /* An option of another branch: reported at load time, with file:line
     * (this test is for builds without it: skipped once it exists). */
    { { "--profile", "s", "true" }, g_strdup_printf ("%s:5: option --socket not supported by this build", f) },
    { { "--profile", "bad", "true" }, g_strdup_printf ("%s:4: --filesystem /proc/x: /proc is the sandbox's own", g) },
    { { "--profile", "share", "true" }, g_strdup_printf ("%s:4: --share: 'pid' is not network or ipc", h) },
    { { "--filesystem", "nope", "true" }, g_strdup ("--filesystem nope: not a filesystem") },
    { { "--filesystem", "/x:rx", "true" }, g_strdup ("--filesystem /x:rx: unknown access 'rx'") },
    { { "--filesystem", "/a/../b", "true" }, g_strdup ("--filesystem /a/../b: '.' and '..'") },
    { { "--filesystem", "/", "true" }, g_strdup ("--filesystem /: the whole root") },
    { { "--filesystem", "host:create", "true" }, g_strdup ("--filesystem host:create: :create only") },
    { { "--nofilesystem", "home:ro", "true" }, g_strdup ("--nofilesystem home:ro: no :ro") },
    { { "--env", "NOEQUALS", "true" }, g_strdup ("--env: 'NOEQUALS' is not NAME=VALUE") },
    { { "--env", "=x", "true" }, g_strdup ("--env: '=x' is not NAME=VALUE") },
    { { "--profile", "nosuch", "true" }, g_strdup ("--profile: no profile 'nosuch'") },
    { { "--profile", "a/b", "true" }, g_strdup ("a/b: cannot read profile") },
  };
  gboolean have_socket = jail_cli_find_option ("--socket") != NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      if (!(i == 0 && have_socket))
        {
          g_assert_false (parse (cases[i].args, &cli, &error));
          if (!g_str_has_prefix (error->message, cases[i].error))
            g_error ("case %zu: got '%s', want prefix '%s'", i, error->message, cases[i].error);
        }
      g_free (cases[i].error);
    }
  /* jail_cli_apply_option: unknown option, wrong argument count. */
  g_autoptr (GError) error = NULL;
  JailCli c = { .action = JAIL_CLI_PRINT, .spec = jail_spec_new () };
  Parser p = { .cli = &c, .use_defaults = TRUE, .next_mode = JAIL_MODE_DEFAULT };
  const char *one[] = { "x", NULL };
  const char *two[] = { "A", "b", NULL };
  g_assert_false (jail_cli_apply_option (&p, "--no-such", one, &error));
  g_assert_cmpstr (error->message, ==, "option --no-such not supported by this build");
  g_clear_error (&error);
  g_assert_false (jail_cli_apply_option (&p, "--setenv", one, &error));
  g_assert_cmpstr (error->message, ==, "--setenv takes 2 arguments, not 1");
  g_clear_error (&error);
  g_assert_true (jail_cli_apply_option (&p, "--setenv", two, &error));
  g_assert_cmpstr (env_value (c.spec, "A"), ==, "b");
  jail_cli_profiles_clear (&p);
  jail_spec_free (c.spec);
  teardown ();
}

static void
test_filesystem_specs (void)
{
  setup ();
  g_autofree char *home = g_build_filename (tmp, "home", NULL);
  g_autofree char *cwd = g_get_current_dir ();
  JailCli cli;
  g_autoptr (GError) error = NULL;
  const char *args[] = { "--print", "--filesystem=home:ro", "--filesystem=xdg-download",
                         "--filesystem=xdg-config/app:create", "--filesystem=~/sub:rw",
                         "--filesystem=host-etc", "--filesystem=cwd", "--filesystem=xdg-cache",
                         "--filesystem=${XDG_RUNTIME_DIR}/x", "--", "true", NULL };
  g_assert_true (parse (args, &cli, &error));
  g_assert_no_error (error);
  struct {
    char *dest;
    JailFsKind kind;
  } want[] = {
    { g_strdup (home), JAIL_FS_RO_BIND },
    { g_strdup_printf ("%s/Downloads", home), JAIL_FS_BIND },
    { g_strdup_printf ("%s/config/app", tmp), JAIL_FS_BIND },
    { g_strdup_printf ("%s/sub", home), JAIL_FS_BIND },
    { g_strdup ("/etc"), JAIL_FS_RO_BIND }, /* the system is always read-only */
    { g_strdup (cwd), JAIL_FS_BIND },
    { g_strdup_printf ("%s/.cache", home), JAIL_FS_BIND },
    { g_strdup ("/run/user/4242/x"), JAIL_FS_BIND },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (want); i++)
    {
      const JailFsEntry *e = find_fs (cli.spec, want[i].dest, NULL);
      if (e == NULL)
        g_error ("no mount at %s", want[i].dest);
      g_assert_cmpint (e->kind, ==, want[i].kind);
      g_assert_cmpstr (e->source, ==, want[i].dest);
      g_free (want[i].dest);
    }
  /* --print does not create :create directories. */
  g_autofree char *app = g_strdup_printf ("%s/config/app", tmp);
  g_assert_false (g_file_test (app, G_FILE_TEST_EXISTS));
  jail_cli_clear (&cli);
  teardown ();
}

static void
test_profile_dirs_protected (void)
{
  setup ();
  JailCli cli;
  g_autoptr (GError) error = NULL;
  /* A grant inside a profile directory is refused. */
  g_autofree char *inside = g_strdup_printf ("--filesystem=%s", config);
  const char *a1[] = { "--print", inside, "--", "true", NULL };
  g_assert_false (parse (a1, &cli, &error));
  g_assert_nonnull (strstr (error->message, "write access to the profile directory"));
  g_clear_error (&error);
  const char *a2[] = { "--print", "--bind", sysdir, "/x", "--", "true", NULL };
  g_assert_false (parse (a2, &cli, &error));
  g_clear_error (&error);
  /* Read-only is fine. */
  g_autofree char *ro = g_strdup_printf ("--filesystem=%s:ro", config);
  const char *a3[] = { "--print", ro, "--", "true", NULL };
  g_assert_true (parse (a3, &cli, &error));
  jail_cli_clear (&cli);
  /* A grant covering one gets it bound read-only over it, last, and the
   * directories between pinned (bound onto themselves: no rename). */
  const char *a4[] = { "--print", "--bind", tmp, "/mnt", "--", "true", NULL };
  g_assert_true (parse (a4, &cli, &error));
  g_assert_no_error (error);
  g_autofree char *real_config = realpath (config, NULL);
  g_autofree char *real_tmp = realpath (tmp, NULL);
  const char *rel = real_config + strlen (real_tmp); /* /config/jail/profiles */
  g_autofree char *dest = g_strconcat ("/mnt", rel, NULL);
  g_autofree char *pin1 = g_strconcat ("/mnt", "/config", NULL);
  g_autofree char *pin2 = g_strconcat ("/mnt", "/config/jail", NULL);
  int i_ro = -1, i_pin1 = -1, i_pin2 = -1, i_grant = -1;
  const JailFsEntry *ro_e = find_fs (cli.spec, dest, &i_ro);
  g_assert_nonnull (ro_e);
  g_assert_cmpint (ro_e->kind, ==, JAIL_FS_RO_BIND);
  g_assert_cmpstr (ro_e->source, ==, real_config);
  g_assert_cmpint (find_fs (cli.spec, pin1, &i_pin1)->kind, ==, JAIL_FS_BIND);
  g_assert_cmpint (find_fs (cli.spec, pin2, &i_pin2)->kind, ==, JAIL_FS_BIND);
  g_assert_nonnull (find_fs (cli.spec, "/mnt", &i_grant));
  g_assert_cmpint (i_grant, <, i_pin1);
  g_assert_cmpint (i_pin1, <, i_pin2);
  g_assert_cmpint (i_pin2, <, i_ro);
  jail_cli_clear (&cli);

  /* A missing profile directory under a rw grant is created (empty) and
   * bound read-only, so the sandbox cannot create it with a profile in it. */
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", config);
  g_assert_cmpint (system (cmd), ==, 0);
  g_assert_true (parse (a4, &cli, &error));
  g_assert_true (g_file_test (config, G_FILE_TEST_IS_DIR));
  g_assert_cmpint (find_fs (cli.spec, dest, NULL)->kind, ==, JAIL_FS_RO_BIND);
  jail_cli_clear (&cli);

  /* A symbolic link on the way, in a writable grant: refused. */
  g_autofree char *link = g_build_filename (tmp, "link", NULL);
  g_autofree char *xdg = g_build_filename (tmp, "config", NULL);
  g_assert_cmpint (symlink (xdg, link), ==, 0);
  g_setenv ("XDG_CONFIG_HOME", link, TRUE);
  g_assert_false (parse (a4, &cli, &error));
  g_assert_nonnull (strstr (error->message, "a symbolic link on the way to the profile directory"));
  g_clear_error (&error);
  g_autofree char *ro_tmp = g_strdup_printf ("--filesystem=%s:ro", tmp);
  const char *a5[] = { "--print", ro_tmp, "--", "true", NULL };
  g_assert_true (parse (a5, &cli, &error));
  jail_cli_clear (&cli);
  teardown ();
}

/* DesktopIds: checked at load, listed per file (not inherited), and the
 * reverse lookup `jail desktop install` uses. */
static void
test_desktop_ids (void)
{
  setup ();
  g_free (write_file (config, "a.profile", "[Profile]\nVersion=1\nDesktopIds=org.x.A;shared;\n"));
  g_free (write_file (sysdir, "b.profile",
                      "[Profile]\nVersion=1\nInclude=a\nDesktopIds=shared\n"));
  g_free (write_file (sysdir, "c.profile", "[Profile]\nVersion=1\n"));
  g_autofree char *bad = write_file (config, "bad.profile",
                                     "[Profile]\nVersion=1\nDesktopIds=ok;-x\n");
  g_auto (GStrv) shared = jail_profile_for_desktop_id ("shared");
  g_autofree char *joined = g_strjoinv (",", shared);
  g_assert_cmpstr (joined, ==, "a,b");
  g_auto (GStrv) only_a = jail_profile_for_desktop_id ("org.x.A");
  g_autofree char *joined_a = g_strjoinv (",", only_a);
  g_assert_cmpstr (joined_a, ==, "a"); /* b includes a but is not org.x.A */
  g_auto (GStrv) none = jail_profile_for_desktop_id ("org.none");
  g_assert_cmpuint (g_strv_length (none), ==, 0);
  g_auto (GStrv) ids = jail_profile_desktop_ids ("a");
  g_autofree char *joined_ids = g_strjoinv (",", ids);
  g_assert_cmpstr (joined_ids, ==, "org.x.A,shared");
  g_assert_null (jail_profile_desktop_ids ("missing"));

  g_autoptr (GError) error = NULL;
  g_autofree char *ops = load_ops ("bad", &error);
  g_assert_null (ops);
  g_autofree char *msg = g_strdup_printf ("%s:3: '-x' is not a desktop file id (letters, digits, "
                                          ". _ - +, not starting with . or -)", bad);
  g_assert_cmpstr (error->message, ==, msg);
  teardown ();
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/profile/every-key", test_every_key);
  g_test_add_func ("/profile/desktop-ids", test_desktop_ids);
  g_test_add_func ("/profile/errors", test_errors_have_file_and_line);
  g_test_add_func ("/profile/include-cycle", test_include_cycle);
  g_test_add_func ("/profile/merge-order", test_merge_order);
  g_test_add_func ("/profile/variables", test_variables);
  g_test_add_func ("/profile/search-path", test_search_path);
  g_test_add_func ("/profile/list", test_list);
  g_test_add_func ("/profile/suggestions", test_suggestions);
  g_test_add_func ("/profile/cli-precedence", test_cli_precedence);
  g_test_add_func ("/profile/cli-errors", test_cli_errors);
  g_test_add_func ("/profile/filesystem-specs", test_filesystem_specs);
  g_test_add_func ("/profile/profile-dirs-protected", test_profile_dirs_protected);
  int r = g_test_run ();
  g_free (tmp);
  g_free (config);
  g_free (sysdir);
  g_free (sysdir2);
  return r;
}
